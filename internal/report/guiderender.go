package report

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/strategies"
	"golang.org/x/perf/benchproc"
)

// The guide as Markdown: the report's section and what make bench prints.

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

// writeGuideIntro writes the guide's explanation.
func writeGuideIntro(b *strings.Builder) {
	fp := ""
	if f := footprint(); f.Workload != nil {
		fp = f.Label()
	}
	execute(b, guideIntro, map[string]string{"Baseline": strategies.Baseline(), "Footprint": fp})
}

// guideData answers every situation of the guide for each of ds's toolchains: rows[i]
// answers situations[i]. It is computed once per dataset (the README, the guide's page
// and the hosts' comparison all read it); callers must not modify what it returns.
func guideData(ds *dataset) (situations []bench.Placed, rows [][]guideRow) {
	if ds.guide == nil {
		situations := guideSituations(ds)
		ds.guide = &guideAnswers{situations, guideRowsFor(ds, situations)}
	}
	return ds.guide.situations, ds.guide.rows
}

// guideAnswers are a dataset's situations of the guide and their rows.
type guideAnswers struct {
	situations []bench.Placed
	rows       [][]guideRow
}

// guideRowsFor answers each situation for each of ds's toolchains.
func guideRowsFor(ds *dataset, situations []bench.Placed) [][]guideRow {
	rows := make([][]guideRow, len(situations))
	for i, sc := range situations {
		rows[i] = guideRows(ds, sc)
	}
	return rows
}

// writeGuideDetails writes the guide with every configuration: the table of winners and,
// per situation, the paired comparison of winner and runner-up.
func writeGuideDetails(b *strings.Builder, ds *dataset, heading string) {
	writeGuideIntro(b)
	situations, rowsBy := guideData(ds)
	writeGlance(b, ds, situations, rowsBy, nil)
	b.WriteString(notRanked(false))
	b.WriteString(notBuilt(ds))
	for i, sc := range situations {
		writeSituation(b, sc, rowsBy[i], heading)
	}
}

// renderGuide is the guide as make bench prints it at the end of a run: the table of
// winners and what each situation is.
func renderGuide(ds *dataset) string {
	// Only the situations of the workloads the run measured.
	situations := slices.DeleteFunc(guideSituations(ds), func(sc bench.Placed) bool { return ds.byName[sc.Workload.Name] == nil })
	if len(situations) == 0 {
		return "Strategy guide: none of the workloads of this run answers a situation of the guide (" + guideWorkloads() + " do).\n"
	}
	var b strings.Builder
	b.WriteString("Strategy guide for this run (each case at the largest GOMAXPROCS measured; the full guide, with the paired comparisons, is in the report):\n\n")
	writeGlance(&b, ds, situations, guideRowsFor(ds, situations), nil)
	b.WriteString(notRanked(false))
	b.WriteString(notBuilt(ds))
	for _, sc := range situations {
		fmt.Fprintf(&b, "- %s: %s (%s)\n", sc.Title, sc.Question, markdown.Code(sc.Label()))
	}
	return b.String()
}

// guideSituations returns the catalog's Guide situations and, for each open workload
// the data has (a custom mix, a replayed trace), one situation per case measured: the
// user's own.
func guideSituations(ds *dataset) []bench.Placed {
	out := bench.Situations(bench.Guide)
	for _, w := range ds.workloads {
		cw := catalogWorkload(w.name)
		if cw == nil || cw.Open == nil {
			continue
		}
		seen := map[benchproc.Key]bool{}
		var pts []point
		for _, tc := range ds.toolchains {
			f := tc.source[w.name]
			if f == nil {
				continue
			}
			for id := range f.samples {
				if id.workload == w.name && id.unit == "ns/op" && !seen[id.vals] {
					seen[id.vals] = true
					pts = append(pts, point{vals: id.vals})
				}
			}
		}
		w.sortPoints(pts)
		for _, p := range pts {
			sc := cw.OpenSituation(func(k string) string { return w.get(p.vals, k) })
			if len(pts) > 1 {
				// Two custom mixes, say: the title tells them apart.
				sc.Title += " (" + w.describe(p.vals) + ")"
			}
			out = append(out, sc)
		}
	}
	return out
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
// toolchain of tcs (nil: all of ds's).
func writeGlance(b *strings.Builder, ds *dataset, situations []bench.Placed, rowsBy [][]guideRow, tcs []*toolchain) {
	if tcs == nil {
		tcs = ds.toolchains
	}
	at := markdown.Table{Header: []string{"situation"}, NumFrom: 1 << 30}
	for _, tc := range tcs {
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
			if slices.Contains(tcs, r.tc) {
				cells = append(cells, r.winnerText())
			}
		}
		at.Add(cells...)
	}
	at.Write(b)
}

// writeSituation writes one situation's section: the case and, per toolchain, the
// winner, the runner-up and their paired comparison.
func writeSituation(b *strings.Builder, sc bench.Placed, rows []guideRow, heading string) {
	fmt.Fprintf(b, "%s %s\n\n%s: %s.\n\n", heading, sc.Title, capitalize(sc.Question), markdown.Code(sc.Label()))
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
		cells := append([]string{name, r.caseDesc, strconv.Itoa(r.pt.procs)}, r.comparisonCells()...)
		if sc.Extra != "" {
			extra := "not measured"
			if r.extra != nil {
				extra = cell(sc.Extra, r.extra)
			}
			cells = append(cells, extra)
		}
		t.Add(cells...)
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
