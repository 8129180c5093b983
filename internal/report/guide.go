package report

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/internal/stats"
	"github.com/cmapbench/cmapbench/strategies"
)

// contender is one strategy's samples (ns/op) in a guide scenario.
type contender struct {
	strategy string
	stat     *stat
	values   []float64 // the samples in file order
	passes   []int     // the pass of each sample; 0 where the file has no pass markers
}

// verdict is the guide's answer for one scenario and toolchain.
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
	for _, c := range cs {
		if c.strategy != strategies.Baseline() && c.stat != nil {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		return verdict{}, false
	}
	sort.SliceStable(pool, func(i, j int) bool {
		mi, mj := pool[i].stat.median(), pool[j].stat.median()
		if mi != mj {
			return mi < mj
		}
		return strategyLess(pool[i].strategy, pool[j].strategy)
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
	for id := range f.samples {
		if id.workload != w.name || id.unit != "ns/op" || id.strategy == strategies.Baseline() || !w.runs(id.vals, sc.Situation, id.procs) {
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

// guideRow is the guide's result for one scenario and toolchain.
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
	extra    *stat // the winner's scenario.extra unit in the same case
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

//go:embed templates/guide_intro.md
var guideIntroText string

var guideIntro = template.Must(template.New("guide").Funcs(template.FuncMap{"code": markdown.Code}).Parse(guideIntroText))

// footprint is the catalog's Footprint situation, where the guide takes each winner's
// B/entry from.
func footprint() bench.Placed {
	if fp := bench.Situations(bench.Footprint); len(fp) > 0 {
		return fp[0]
	}
	return bench.Placed{}
}

// writeGuide writes the strategy guide: the catalog's Guide situations, each answered
// per toolchain.
func writeGuide(b *strings.Builder, ds *dataset) {
	fp := ""
	if f := footprint(); f.Workload != nil {
		fp = f.Label()
	}
	execute(b, guideIntro, map[string]string{"Baseline": strategies.Baseline(), "Footprint": fp})
	situations := bench.Situations(bench.Guide)
	rowsBy := make([][]guideRow, len(situations))
	for i, sc := range situations {
		rowsBy[i] = guideRows(ds, sc)
	}
	writeGlance(b, ds, situations, rowsBy)
	for i, sc := range situations {
		writeSituation(b, sc, rowsBy[i])
	}
}

// renderGuide is the guide as make bench prints it at the end of a run: the table of
// winners and what each situation is.
func renderGuide(ds *dataset) string {
	// Only the situations of the workloads the run measured.
	situations := slices.DeleteFunc(bench.Situations(bench.Guide), func(sc bench.Placed) bool { return ds.byName[sc.Workload.Name] == nil })
	if len(situations) == 0 {
		return "Strategy guide: none of the workloads of this run answers a situation of the guide (" + guideWorkloads() + " do).\n"
	}
	var b strings.Builder
	b.WriteString("Strategy guide for this run (each case at the largest GOMAXPROCS measured; the full guide, with the paired comparisons, is in the report):\n\n")
	rowsBy := make([][]guideRow, len(situations))
	for i, sc := range situations {
		rowsBy[i] = guideRows(ds, sc)
	}
	writeGlance(&b, ds, situations, rowsBy)
	for _, sc := range situations {
		fmt.Fprintf(&b, "- %s: %s (%s)\n", sc.Title, sc.Question, markdown.Code(sc.Label()))
	}
	return b.String()
}

// guideWorkloads names the workloads of the guide's situations: "Grow, Range, Mix".
func guideWorkloads() string {
	var names []string
	for _, sc := range bench.Situations(bench.Guide) {
		if !slices.Contains(names, sc.Workload.Name) {
			names = append(names, sc.Workload.Name)
		}
	}
	return strings.Join(names, ", ")
}

// writeGlance writes the guide's table of winners, a row per situation and a column per
// toolchain.
func writeGlance(b *strings.Builder, ds *dataset, situations []bench.Placed, rowsBy [][]guideRow) {
	at := markdown.Table{Header: []string{"situation"}, NumFrom: 1 << 30}
	for _, tc := range ds.toolchains {
		partial := false
		for _, rows := range rowsBy {
			for _, r := range rows {
				partial = partial || r.tc == tc && r.file.partialNote() != ""
			}
		}
		if partial {
			at.Header = append(at.Header, tc.name+" (partial run)")
		} else {
			at.Header = append(at.Header, tc.name)
		}
	}
	for i, sc := range situations {
		cells := []string{sc.Title}
		for _, r := range rowsBy[i] {
			cells = append(cells, r.winnerText())
		}
		at.Add(cells...)
	}
	at.Write(b)
}

// writeSituation writes one situation's section: the case and, per toolchain, the
// winner, the runner-up and their paired comparison.
func writeSituation(b *strings.Builder, sc bench.Placed, rows []guideRow) {
	fmt.Fprintf(b, "### %s\n\n%s: %s.\n\n", sc.Title, capitalize(sc.Question), markdown.Code(sc.Label()))
	t := markdown.Table{Header: []string{"toolchain", "case", "GOMAXPROCS", "fastest", "ns/op", "runner-up", "ns/op",
		"gap (paired)", "paired comparison", "allocs/op", "B/entry", strategies.Baseline() + " ns/op (reference)"}, NumFrom: 1 << 30}
	if sc.Extra != "" {
		t.Header = append(t.Header, "fastest's "+sc.Extra)
	}
	for _, r := range rows {
		name := r.tc.name + r.file.partialNote()
		if !r.measured {
			t.Add(name, "not measured")
			continue
		}
		extra := "not measured"
		if r.extra != nil {
			extra = cell(sc.Extra, r.extra)
		}
		t.Add(append([]string{name, r.caseDesc, strconv.Itoa(r.pt.procs)}, append(r.comparisonCells(), extra)...)...)
	}
	t.Write(b)
}

// comparisonCells are a measured row's cells from the fastest to the reference.
func (r *guideRow) comparisonCells() []string {
	v := r.v
	runner, runnerNs, gap := "none", "", ""
	if v.runnerUp != nil {
		runner = v.runnerUp.strategy
		runnerNs = cell("ns/op", v.runnerUp.stat)
		gap = signedPct(v.ratio.Center - 1)
	}
	allocs, bEntry, ref := "not measured", "not measured", "not measured"
	if r.allocs != nil {
		allocs = sig4(r.allocs.median())
	}
	if r.bEntry != nil {
		bEntry = formatValue("B/entry", r.bEntry.median())
	}
	if r.ref != nil {
		ref = cell("ns/op", r.ref)
	}
	return []string{"**" + v.winner.strategy + "**", cell("ns/op", v.winner.stat), runner, runnerNs, gap,
		r.significanceText(), allocs, bEntry, ref}
}
