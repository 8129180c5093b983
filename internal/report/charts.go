package report

import (
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg/draw"
)

// chart is one SVG file and where the README shows it.
type chart struct {
	section   string // the README subsection: the chart case
	title     string
	file      string // name in the charts directory
	svg       []byte
	kind      string // chartThroughput, ...
	toolchain string // the toolchain a per-toolchain chart draws
}

const chartThroughput = "throughput"

// Chart size. The SVGs reference the Liberation fonts gonum measures text with, without
// embedding them: no font data, timestamps or random ids end up in the files, so the
// same data gives the same bytes.
const (
	chartWidth  = 600
	chartHeight = 330
)

// series is one line (or set of bars) of a chart: a strategy, or a value of the chart
// case's series parameter.
type series struct {
	name   string
	color  color.Color
	shape  draw.GlyphDrawer
	points map[int]*stat // by GOMAXPROCS
}

// tcSeries is one toolchain's series of a chart case.
type tcSeries struct {
	tc *toolchain
	ss []*series
}

// chartUnit is what a chart of cc draws: the unit its workload is measured for (ns/op;
// B/entry for Memory).
func chartUnit(cc bench.Placed) string { return cc.Workload.PreciseUnit() }

// buildCharts draws, for every chart case, its unit against GOMAXPROCS per toolchain and,
// where two or more toolchains measured the case, bars per strategy and toolchain.
func buildCharts(ds *dataset) ([]chart, error) {
	var charts []chart
	for _, cc := range bench.Situations(bench.Chart) {
		w := ds.byName[cc.Workload.Name]
		if w == nil {
			continue
		}
		var all []tcSeries
		for _, tc := range ds.toolchains {
			f := tc.source[w.name]
			ss := chartSeries(w, f, cc)
			if len(ss) == 0 {
				continue
			}
			all = append(all, tcSeries{tc, ss})
			c, err := toolchainChart(ds, cc, tc, ss)
			if err != nil {
				return nil, err
			}
			charts = append(charts, c)
		}
		c, ok, err := versionsChart(ds, cc, all)
		if err != nil {
			return nil, err
		}
		if ok {
			charts = append(charts, c)
		}
	}
	return charts, nil
}

// toolchainChart draws chart case cc as one toolchain measured it: lines against
// GOMAXPROCS, or bars where it ran at one GOMAXPROCS only.
func toolchainChart(ds *dataset, cc bench.Placed, tc *toolchain, ss []*series) (chart, error) {
	f := tc.source[cc.Workload.Name]
	title := cc.Label() + ", " + tc.name + f.partialNote()
	var p *plot.Plot
	var err error
	if pr := procsOf(ss); len(pr) == 1 {
		// One GOMAXPROCS value (e.g. Overhead, which runs only at 1): bars, not a
		// line chart with a single column of points.
		title = fmt.Sprintf("%s, GOMAXPROCS=%d", title, pr[0])
		g := barGroup{name: tc.name + f.partialNote(), color: toolchainColor(ds, tc), values: map[string]*stat{}}
		var names []string
		for _, s := range ss {
			g.values[s.name] = s.points[pr[0]]
			names = append(names, s.name)
		}
		p, err = barChart(title, chartUnit(cc), names, []barGroup{g})
	} else {
		p, err = lineChart(title, chartUnit(cc), ss)
	}
	if err != nil {
		return chart{}, fmt.Errorf("chart %s: %w", title, err)
	}
	svg, err := render(p)
	if err != nil {
		return chart{}, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{cc.Label(), title, slug(cc.Workload.Name) + "-" + slug(tc.name) + ".svg", svg, chartThroughput, tc.name}, nil
}

// versionsChart draws bars per strategy and toolchain at the largest GOMAXPROCS that two
// or more toolchains measured; ok is false when there is no such GOMAXPROCS.
func versionsChart(ds *dataset, cc bench.Placed, all []tcSeries) (c chart, ok bool, err error) {
	count := map[int]int{}
	for _, a := range all {
		for _, pr := range procsOf(a.ss) {
			count[pr]++
		}
	}
	procs := 0
	for pr, n := range count {
		if n >= 2 && pr > procs {
			procs = pr
		}
	}
	if procs == 0 {
		return chart{}, false, nil
	}
	var names []string
	var groups []barGroup
	for _, a := range all {
		if !slices.Contains(procsOf(a.ss), procs) {
			continue
		}
		g := barGroup{name: a.tc.name + a.tc.source[cc.Workload.Name].partialNote(), color: toolchainColor(ds, a.tc), values: map[string]*stat{}}
		for _, s := range a.ss {
			if st := s.points[procs]; st != nil {
				g.values[s.name] = st
				if !slices.Contains(names, s.name) {
					names = append(names, s.name)
				}
			}
		}
		groups = append(groups, g)
	}
	if len(names) == 0 {
		return chart{}, false, nil
	}
	sortSeriesNames(cc, names)
	title := fmt.Sprintf("%s, GOMAXPROCS=%d, by toolchain", cc.Label(), procs)
	p, err := barChart(title, chartUnit(cc), names, groups)
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	svg, err := render(p)
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{cc.Label(), title, slug(cc.Workload.Name) + "-toolchains.svg", svg, "versions", ""}, true, nil
}

// chartSeries collects the medians of chart case cc in file f, one series per strategy
// (or per value of cc.Series). Where several cases match, the first in case order is used.
func chartSeries(w *workload, f *rawFile, cc bench.Placed) []*series {
	if f == nil {
		return nil
	}
	type key struct {
		series string
		procs  int
	}
	chosen := map[key]sampleID{}
	unit, byStrategy := chartUnit(cc), strategyCompare()
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
			s = &series{name: k.series, points: map[int]*stat{}}
			if s.name == "" {
				s.name = w.name
			}
			byName[k.series] = s
			names = append(names, k.series)
		}
		s.points[k.procs] = f.lookup(id)
	}
	sortSeriesNames(cc, names)
	var out []*series
	for i, n := range names {
		s := byName[n]
		idx := i
		if cc.Series == "" {
			order := strategyOrder()
			idx = rank(order, n) // a strategy keeps its colour in every chart
			if idx == len(order) {
				idx += i
			}
		}
		s.color = seriesColor(idx)
		s.shape = plotutil.Shape(idx)
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

// slug makes a file name part: lower case, [a-z0-9.-] only.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	return b.String()
}

// seriesColor is the colour of the idx'th series: gonum's soft colours, then its dark
// ones, so that the registry's strategies (more than the seven soft colours) all differ.
func seriesColor(idx int) color.Color {
	if n := len(plotutil.SoftColors); idx >= n {
		return plotutil.DarkColors[(idx-n)%len(plotutil.DarkColors)]
	}
	return plotutil.SoftColors[idx]
}
