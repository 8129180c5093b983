package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/internal/stats"
	toolchains "github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"golang.org/x/perf/benchmath"
)

// Attribution: which change between Go releases moved each strategy. Go 1.24 replaced
// two implementations at once, the built-in map and sync.Map, and a GOEXPERIMENT of
// go1.24 and go1.25 restores each old one alone. Within one release, the default
// against the experiment is that implementation's change alone; the experiment against
// the release before is everything else (compiler, runtime, GC) for a strategy built on
// it.

// experimentFor is the GOEXPERIMENT that restores what a strategy builds on
// (strategies.Info.BuildsOn).
var experimentFor = map[string]string{
	strategies.OnBuiltinMap: toolchains.NoSwissMap,
	strategies.OnSyncMap:    toolchains.NoSyncHashTrieMap,
}

// implName names what an experiment takes back, in column headers and verdicts.
var implName = map[string]string{toolchains.NoSwissMap: "the map", toolchains.NoSyncHashTrieMap: "sync.Map"}

// change is the ratio b/a of one case and strategy under two configurations.
type change struct {
	ok, sig bool
	ratio   float64
	text    string
}

// sameRun reports whether two files come from one run of make bench-matrix, whose
// passes interleave the configurations: their samples pair by pass.
func sameRun(a, b *rawFile) bool {
	return a.meta["date"] != "" && a.meta["date"] == b.meta["date"] && a.meta["shuffle-seed"] == b.meta["shuffle-seed"]
}

// compare measures the change from a to b of the samples id names: over samples paired
// by pass when both files come from one run and six passes or more have both (a median
// ratio with its 95% interval, as the guide compares strategies), else with the
// Mann-Whitney U test as benchstat does.
func compare(a, b *rawFile, id sampleID) change {
	sa, sb := a.lookup(id), b.lookup(id)
	if sa == nil || sb == nil {
		return change{}
	}
	if sameRun(a, b) {
		if r := passRatio(a, id, b, id); r.N >= stats.MinCI {
			c := change{ok: true, ratio: r.Center, text: signedPct(r.Center - 1), sig: r.Lo > 1 || r.Hi < 1}
			if !c.sig {
				c.text = "~ (" + c.text + ")"
			}
			return c
		}
	}
	p, sig := stats.Differ(sa.values, sb.values)
	c := benchmath.Comparison{P: p, N1: sa.N, N2: sb.N, Alpha: stats.Alpha}
	return change{ok: true, sig: sig, ratio: sb.median() / sa.median(), text: c.FormatDelta(sa.median(), sb.median())}
}

// passRatio summarises samples b of file fb over samples a of file fa, paired by pass
// (the two files are one, or come from one run: sameRun): the median of the per-pass
// ratios with its interval, as the guide compares strategies.
func passRatio(fa *rawFile, a sampleID, fb *rawFile, b sampleID) stats.Interval {
	return stats.Ratio(pair(&contender{values: fa.samples[a], passes: fa.passes[a]}, &contender{values: fb.samples[b], passes: fb.passes[b]}))
}

// step is a column of the attribution table: the change from one configuration to
// another; x names the experiment when the step is one implementation's change.
type step struct {
	header string
	from   *toolchain
	to     *toolchain
	x      string
}

// attributionSteps lists the steps of workload wl's table among the configurations that
// measured it: each release against the one before, and, for a release measured with an
// experiment too, the default against the experiment. first is the first step into a
// release with experiments (nil when none has them).
func attributionSteps(ds *dataset, wl string) (steps []step, first *step) {
	plain := slices.DeleteFunc(plainToolchains(ds), func(tc *toolchain) bool { return tc.source[wl] == nil })
	for i := 1; i < len(plain); i++ {
		a, b := plain[i-1], plain[i]
		release := step{header: short(a.name) + " → " + short(b.name), from: a, to: b}
		steps = append(steps, release)
		for _, x := range toolchains.Experiments() {
			if e := variant(ds, b, x, wl); e != nil {
				steps = append(steps, step{header: short(b.name) + ": " + implName[x], from: e, to: b, x: x})
				if first == nil {
					first = &release
				}
			}
		}
	}
	return steps, first
}

// short drops the "go" of a toolchain name in column headers.
func short(name string) string { return strings.TrimPrefix(name, "go") }

// movedBy says which change moved strategy s from first.from to first.to: its
// implementation's (the default against the experiment restoring it) and everything
// else (the experiment against the release before), the significant ones, largest first.
func movedBy(ds *dataset, s string, first *step, wl string, id sampleID) string {
	total := compare(first.from.source[wl], first.to.source[wl], id)
	if !total.ok {
		return ""
	}
	type part struct {
		what string
		c    change
	}
	var parts []part
	info, _ := strategies.Describe(s)
	if x := experimentFor[info.BuildsOn]; x != "" {
		if e := variant(ds, first.to, x, wl); e != nil {
			parts = append(parts, part{implName[x], compare(e.source[wl], first.to.source[wl], id)})
			parts = append(parts, part{"everything else", compare(first.from.source[wl], e.source[wl], id)})
		}
	}
	if len(parts) == 0 {
		parts = append(parts, part{"everything else", total})
	}
	parts = slices.DeleteFunc(parts, func(p part) bool { return !p.c.ok || !p.c.sig })
	if len(parts) == 0 {
		return "nothing significant"
	}
	sort.SliceStable(parts, func(i, j int) bool {
		return math.Abs(math.Log(parts[i].c.ratio)) > math.Abs(math.Log(parts[j].c.ratio))
	})
	var out []string
	for _, p := range parts {
		out = append(out, p.what+" ("+signedPct(p.c.ratio-1)+")")
	}
	return strings.Join(out, ", then ")
}

// attributionSituations are the cases the attribution tables cover: the guide's and the
// charts' situations, once each, whose workload two or more configurations measured.
func attributionSituations(ds *dataset) []bench.Placed {
	var out []bench.Placed
	seen := map[string]bool{}
	for _, sc := range append(guideSituations(ds), bench.Situations(bench.Chart)...) {
		n := 0
		for _, tc := range ds.toolchains {
			if tc.source[sc.Workload.Name] != nil {
				n++
			}
		}
		if n >= 2 && !seen[sc.Label()] {
			seen[sc.Label()] = true
			out = append(out, sc)
		}
	}
	return out
}

// writeAttribution writes, per situation, each strategy's change at every step, and
// which change moved it into the first release with experiments.
func writeAttribution(b *strings.Builder, ds *dataset, heading, title string) {
	situations := attributionSituations(ds)
	if len(situations) == 0 {
		return
	}
	fmt.Fprintf(b, "%s %s\n\n", heading, title)
	b.WriteString(attributionNote + " " + movedNote + "\n\n" + crossVersionNote + "\n\n")
	for _, sc := range situations {
		writeAttributionTable(b, ds, sc, heading+"#")
	}
}

const attributionNote = "The change of each strategy's median between configurations of one host, in the situation's own case and unit: " +
	"a release against the one before (`1.24.13 → 1.25.14`), and a release against itself with a GOEXPERIMENT that restores " +
	"the implementation Go 1.24 replaced (`1.24.13: the map` is the default against `GOEXPERIMENT=noswissmap`, " +
	"`1.24.13: sync.Map` against `GOEXPERIMENT=nosynchashtriemap`): that implementation's change alone. " +
	"Configurations of one run are compared on samples paired by pass (median ratio, 95% interval); `~` marks a change " +
	"whose interval includes no change. Files of different runs, or cases with fewer than six passes that both " +
	"configurations sampled, are compared with the Mann-Whitney U test instead (`~`: p > 0.05)."

const movedNote = "The last column says which change moved each strategy into the first release measured with the " +
	"experiments: for a strategy built on the map or on sync.Map, that implementation's change and everything else " +
	"(the release with the old implementation against the release before), the significant ones, largest first; " +
	"for a map of its own, everything else is the whole change. The sync.Map of Go 1.23 keeps its entries in a built-in map: " +
	"under nosynchashtriemap it runs on the new map, so for `syncmap` everything else includes what the new map does for the old sync.Map."

// writeAttributionTable writes one situation's table.
func writeAttributionTable(b *strings.Builder, ds *dataset, sc bench.Placed, heading string) {
	wl := sc.Workload.Name
	steps, first := attributionSteps(ds, wl)
	if len(steps) == 0 {
		return
	}
	unit := sc.Workload.PreciseUnit()
	base := steps[0].from
	pt, ok := resolve(ds, base.source[wl], sc)
	if !ok {
		for _, s := range steps {
			if pt, ok = resolve(ds, s.to.source[wl], sc); ok {
				break
			}
		}
	}
	if !ok {
		return
	}
	var strats []string
	for _, tc := range ds.toolchains {
		for _, s := range strategiesIn(tc.source[wl], wl) {
			if !slices.Contains(strats, s) {
				strats = append(strats, s)
			}
		}
	}
	sortStrategies(strats)
	fmt.Fprintf(b, "%s %s\n\n%s at GOMAXPROCS=%d, %s.\n\n", heading, sc.Title, markdown.Code(sc.Label()), pt.procs, unit)
	t := markdown.Table{Header: []string{"strategy", base.name}, NumFrom: 1}
	for _, s := range steps {
		t.Header = append(t.Header, s.header)
	}
	if first != nil {
		t.Header = append(t.Header, "what moved it")
	}
	for _, s := range strats {
		id := sampleID{wl, s, pt.vals, pt.procs, unit}
		row := []string{s, cell(unit, base.source[wl].lookup(id))}
		any := false
		for _, st := range steps {
			c := compare(st.from.source[wl], st.to.source[wl], id)
			row = append(row, c.text)
			any = any || c.ok
		}
		if !any {
			continue
		}
		if first != nil {
			row = append(row, movedBy(ds, s, first, wl, id))
		}
		t.Add(row...)
	}
	t.Write(b)
}
