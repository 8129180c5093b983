package report

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/stats"
	"github.com/cmapbench/cmapbench/strategies"
)

// contender is one strategy's samples (ns/op) in a guide situation.
type contender struct {
	strategy string
	stat     *stat
	values   []float64 // the samples in file order
	passes   []int     // the pass of each sample; 0 where the file has no pass markers
}

// verdict is the guide's answer for one situation and toolchain.
type verdict struct {
	winner, runnerUp *contender // runnerUp is nil when only one strategy was measured
	// ratio is runner-up/winner over samples paired by pass: both ran in the same pass,
	// next to each other, so the pass's conditions cancel out.
	ratio stats.Interval
}

// tie reports whether the paired ratio's interval includes 1: the data cannot say which
// of the two is faster.
func (v verdict) tie() bool { return v.runnerUp != nil && !(v.ratio.Lo > 1) }

// bound is the largest difference between the two that the paired ratio's interval
// allows: a tie "within ± bound".
func (v verdict) bound() float64 { return v.ratio.Width() }

// pair returns the samples of a and b taken in the same pass. Files without pass
// markers pair samples by their order.
func pair(a, b *contender) []stats.Pair {
	var pairs []stats.Pair
	if slices.Contains(a.passes, 0) || slices.Contains(b.passes, 0) {
		for i := range min(len(a.values), len(b.values)) {
			pairs = append(pairs, stats.Pair{A: a.values[i], B: b.values[i]})
		}
		return pairs
	}
	byPass := map[int]float64{}
	for i, p := range a.passes {
		byPass[p] = a.values[i]
	}
	for i, p := range b.passes {
		if v, ok := byPass[p]; ok {
			pairs = append(pairs, stats.Pair{A: v, B: b.values[i]})
		}
	}
	return pairs
}

// decide picks the fastest concurrent strategy by median and compares it with the
// runner-up, paired by pass. The reference strategy (unsafe) never competes. Equal
// medians go to the strategy that comes first in the registry. ok is false when no
// concurrent strategy was measured.
func decide(cs []contender) (v verdict, ok bool) {
	var pool []contender
	baseline := strategies.Baseline()
	for _, c := range cs {
		if c.strategy != baseline && c.stat != nil {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		return verdict{}, false
	}
	byStrategy := strategyCompare()
	sort.SliceStable(pool, func(i, j int) bool {
		mi, mj := pool[i].stat.median(), pool[j].stat.median()
		if mi != mj {
			return mi < mj
		}
		return byStrategy(pool[i].strategy, pool[j].strategy) < 0
	})
	v.winner = &pool[0]
	if len(pool) > 1 {
		v.runnerUp = &pool[1]
		v.ratio = stats.Ratio(pair(v.winner, v.runnerUp))
	}
	return v, true
}

// resolve finds the case that answers situation sc in file f: the case that runs it at
// the largest GOMAXPROCS measured (by a concurrent strategy, in ns/op).
func resolve(ds *dataset, f *rawFile, sc bench.Placed) (point, bool) {
	w := ds.byName[sc.Workload.Name]
	if w == nil || f == nil {
		return point{}, false
	}
	var cands []point
	seen := map[point]bool{}
	baseline := strategies.Baseline()
	for id := range f.samples {
		if id.workload != w.name || id.unit != "ns/op" || id.strategy == baseline || !w.runs(id.vals, sc.Situation, id.procs) {
			continue
		}
		p := point{id.vals, id.procs}
		if !seen[p] {
			seen[p] = true
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		return point{}, false
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.procs != b.procs {
			return a.procs > b.procs
		}
		return w.pointLess(a, b)
	})
	return cands[0], true
}

// guideRow is the guide's result for one situation and toolchain.
type guideRow struct {
	tc       *toolchain
	file     *rawFile
	measured bool
	pt       point
	caseDesc string
	v        verdict
	allocs   *stat // the winner's allocs/op in the same case
	bEntry   *stat // the winner's B/entry in the Memory workload
	ref      *stat // unsafe's ns/op in the same case, if measured
	extra    *stat // the winner's situation's Extra unit in the same case
}

func guideRows(ds *dataset, sc bench.Placed) []guideRow {
	var rows []guideRow
	wl := sc.Workload.Name
	for _, tc := range ds.toolchains {
		f := tc.source[wl]
		row := guideRow{tc: tc, file: f}
		pt, ok := resolve(ds, f, sc)
		if ok {
			w := ds.byName[wl]
			row.pt = pt
			row.caseDesc = w.describe(pt.vals)
			var cs []contender
			for _, s := range strategiesIn(f, wl) {
				id := sampleID{wl, s, pt.vals, pt.procs, "ns/op"}
				if st := f.lookup(id); st != nil {
					cs = append(cs, contender{s, st, f.samples[id], f.passes[id]})
				}
			}
			row.v, row.measured = decide(cs)
			row.ref = f.lookup(sampleID{wl, strategies.Baseline(), pt.vals, pt.procs, "ns/op"})
			if row.measured {
				row.allocs = f.lookup(sampleID{wl, row.v.winner.strategy, pt.vals, pt.procs, "exact-allocs/op"})
				if sc.Extra != "" {
					row.extra = f.lookup(sampleID{wl, row.v.winner.strategy, pt.vals, pt.procs, sc.Extra})
				}
				row.bEntry = memoryOf(ds, tc, row.v.winner.strategy)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// memoryOf returns strategy's B/entry in the catalog's Footprint situation at the
// smallest GOMAXPROCS measured.
func memoryOf(ds *dataset, tc *toolchain, strategy string) *stat {
	fp := footprint()
	if fp.Workload == nil {
		return nil
	}
	w := ds.byName[fp.Workload.Name]
	f := tc.source[fp.Workload.Name]
	if w == nil || f == nil {
		return nil
	}
	var best *sampleID
	for id := range f.samples {
		if id.workload != w.name || id.strategy != strategy || id.unit != "B/entry" || !w.runs(id.vals, fp.Situation, id.procs) {
			continue
		}
		id := id
		if best == nil || id.procs < best.procs || id.procs == best.procs && w.pointLess(point{id.vals, id.procs}, point{best.vals, best.procs}) {
			best = &id
		}
	}
	if best == nil {
		return nil
	}
	return f.lookup(*best)
}

// strategiesIn lists the strategies measured in workload wl of file f, in column order.
func strategiesIn(f *rawFile, wl string) []string {
	if f == nil {
		return nil
	}
	set := map[string]bool{}
	for id := range f.samples {
		if id.workload == wl {
			set[id.strategy] = true
		}
	}
	var out []string
	for s := range set {
		out = append(out, s)
	}
	sortStrategies(out)
	return out
}

// winnerText is the guide's short answer: "xsync (next: syncmap, +23.4%)" or
// "tie within ±3.1%: mutex ~ rwmutex".
func (r guideRow) winnerText() string {
	if !r.measured {
		return "not measured"
	}
	v := r.v
	switch {
	case v.runnerUp == nil:
		return v.winner.strategy + " (only one measured)"
	case v.tie():
		return tieText(v) + ": " + v.winner.strategy + " ~ " + v.runnerUp.strategy
	}
	return v.winner.strategy + " (next: " + v.runnerUp.strategy + ", " + signedPct(v.ratio.Center-1) + ")"
}

func tieText(v verdict) string {
	if b := v.bound(); !math.IsInf(b, 1) {
		return "tie within ±" + pct(b)
	}
	return "tie (too few paired samples to bound it)"
}

// significanceText explains the paired comparison between the winner and the runner-up.
func (r guideRow) significanceText() string {
	v := r.v
	if !r.measured || v.runnerUp == nil {
		return "n/a"
	}
	iv := "no interval"
	if w := v.ratio.Width(); !math.IsInf(w, 1) {
		iv = fmt.Sprintf("[%.3f, %.3f]", v.ratio.Lo, v.ratio.Hi)
	}
	s := fmt.Sprintf("%s/%s = %.3f %s over %d paired passes: ", v.runnerUp.strategy, v.winner.strategy, v.ratio.Center, iv, v.ratio.N)
	if v.tie() {
		return s + tieText(v)
	}
	return s + v.winner.strategy + " is faster"
}

func signedPct(ratio float64) string {
	s := pct(ratio)
	if ratio >= 0 {
		s = "+" + s
	}
	return s
}
