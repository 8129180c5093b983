package report

import (
	"fmt"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
)

// crossToolchains lists the toolchains that have any results.
func crossToolchains(ds *dataset) []*toolchain {
	var out []*toolchain
	for _, tc := range ds.toolchains {
		if len(tc.source) > 0 {
			out = append(out, tc)
		}
	}
	return out
}

func writeCrossVersion(b *strings.Builder, ds *dataset) {
	if len(crossToolchains(ds)) < 2 {
		return
	}
	b.WriteString("## Across Go versions\n\n" + crossVersionNote + "\n\n")
	b.WriteString("Per workload and strategy, ns/op under each toolchain; after the comma, the change from the first " +
		"column's toolchain (the oldest that has the workload), measured as the README's attribution measures it: " +
		"paired by pass between toolchains of one run (`~` when the interval of the median ratio includes no change), " +
		"else, and where fewer than six passes sampled both, with the Mann-Whitney U test (`~` when p > 0.05).\n\n")
	for _, w := range ds.workloads {
		var tcs []*toolchain
		for _, tc := range ds.toolchains {
			if tc.source[w.name] != nil {
				tcs = append(tcs, tc)
			}
		}
		if len(tcs) < 2 {
			continue
		}
		fmt.Fprintf(b, "### %s\n\n", w.name)
		set := map[string]bool{}
		for _, tc := range tcs {
			for _, s := range strategiesIn(tc.source[w.name], w.name) {
				set[s] = true
			}
		}
		var strats []string
		for s := range set {
			strats = append(strats, s)
		}
		sortStrategies(strats)
		for _, s := range strats {
			pset := map[point]bool{}
			for _, tc := range tcs {
				f := tc.source[w.name]
				for id := range f.samples {
					if id.workload == w.name && id.strategy == s && id.unit == "ns/op" {
						pset[point{id.vals, id.procs}] = true
					}
				}
			}
			if len(pset) == 0 {
				continue
			}
			var ps []point
			for p := range pset {
				ps = append(ps, p)
			}
			w.sortPoints(ps)
			title := w.name + ", " + s
			if s == "" {
				title = w.name
			}
			fmt.Fprintf(b, "#### %s: ns/op\n\n", title)
			t := markdown.Table{Header: caseHeader(w), NumFrom: len(w.params)}
			for _, tc := range tcs {
				t.Header = append(t.Header, tc.name+tc.source[w.name].partialNote())
			}
			base := tcs[0].source[w.name]
			for _, p := range ps {
				row := caseCells(w, p)
				id := sampleID{w.name, s, p.vals, p.procs, "ns/op"}
				bs := base.lookup(id)
				for i, tc := range tcs {
					st := tc.source[w.name].lookup(id)
					c := cell("ns/op", st)
					if i > 0 && st != nil && bs != nil {
						c += ", " + compare(base, tc.source[w.name], id).text
					}
					row = append(row, c)
				}
				t.Add(row...)
			}
			t.Write(b)
		}
	}
}
