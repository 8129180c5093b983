package report

import (
	"sort"

	"github.com/cmapbench/cmapbench/bench"
)

// chartSeries collects the statistics of chart case cc in unit in file f, one series per
// strategy (or per value of cc.Series). Where several cases match, the first in case
// order is used.
func chartSeries(w *workload, f *rawFile, cc bench.Placed, unit string) []*series {
	if f == nil {
		return nil
	}
	type key struct {
		series string
		procs  int
	}
	chosen := map[key]sampleID{}
	byStrategy := strategyCompare()
	for id := range f.samples {
		if id.workload != w.name || id.unit != unit || !w.runs(id.vals, cc.Situation, id.procs) {
			continue
		}
		k := key{id.strategy, id.procs}
		if cc.Series != "" {
			k.series = w.get(id.vals, cc.Series)
		}
		old, ok := chosen[k]
		if !ok || w.pointLess(point{id.vals, id.procs}, point{old.vals, old.procs}) ||
			id.vals == old.vals && byStrategy(id.strategy, old.strategy) < 0 {
			chosen[k] = id
		}
	}
	byName := map[string]*series{}
	var names []string
	for k, id := range chosen {
		s := byName[k.series]
		if s == nil {
			s = &series{name: k.series, points: map[int]*stat{}, ids: map[int]sampleID{}}
			if s.name == "" {
				s.name = w.name
			}
			byName[k.series] = s
			names = append(names, k.series)
		}
		s.points[k.procs] = f.lookup(id)
		s.ids[k.procs] = id
	}
	sortSeriesNames(cc, names)
	var out []*series
	for i, n := range names {
		s := byName[n]
		s.look = lookOf(s.name, cc.Series == "", i) // a strategy keeps its look in every chart
		out = append(out, s)
	}
	return out
}

func sortSeriesNames(cc bench.Placed, names []string) {
	if cc.Series == "" {
		sortStrategies(names)
		return
	}
	sort.Slice(names, func(i, j int) bool { return valueLess(names[i], names[j]) })
}
