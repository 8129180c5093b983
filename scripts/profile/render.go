package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
)

// How many entries the summary lists.
const (
	topFlat     = 10
	topAlloc    = 5
	topMutex    = 3
	highlightAt = 10.0 // a category share, in percent, worth naming in a case's highlights
)

// renderCase writes one case's section.
func renderCase(b *strings.Builder, c *caseRuns) {
	title, why := caseInfo(c.dir)
	fmt.Fprintf(b, "## %s\n\n", title)
	if why != "" {
		b.WriteString(strings.ToUpper(why[:1]) + why[1:] + ". ")
	}
	if name := benchName(c); name != "" {
		fmt.Fprintf(b, "%s, profiles in %s.\n\n", markdown.Code(name), markdown.Code(c.dir+"/"))
	} else {
		fmt.Fprintf(b, "Profiles in %s.\n\n", markdown.Code(c.dir+"/"))
	}
	renderCPUTable(b, c)
	renderOtherMetrics(b, c)
	renderHighlights(b, c)
	renderFlat(b, c)
	renderAllocs(b, c)
	renderMutex(b, c)
	for _, r := range c.runs {
		for _, pr := range r.problems {
			fmt.Fprintf(b, "**Problem** (%s): %s\n\n", markdown.Code(r.strategy), pr)
		}
	}
}

// benchName returns the case's sub-benchmark name with the strategy as S and without
// the -N GOMAXPROCS suffix, from the first result.
func benchName(c *caseRuns) string {
	for _, r := range c.runs {
		if r.bench != nil {
			return r.bench.caseName(r.strategy)
		}
	}
	return ""
}

// renderCPUTable writes the case's table: the run's result, its CPU time and the
// category shares, one row per strategy.
func renderCPUTable(b *strings.Builder, c *caseRuns) {
	header := []string{"strategy", "ns/op", "B/op", "allocs/op", "wall s", "CPU s", "setup"}
	for _, cat := range Categories {
		header = append(header, cat.Name)
	}
	t := markdown.Table{Header: append(header, catOther), NumFrom: 1}
	for _, r := range c.runs {
		row := []string{markdown.Code(r.strategy), r.bench.metric("ns/op"), r.bench.metric("B/op"), r.bench.metric("allocs/op")}
		if r.cpu == nil {
			for len(row) < len(t.Header) {
				row = append(row, "–")
			}
		} else {
			all := r.cpu.total + r.cpu.setup
			row = append(row, seconds(r.cpu.wall), seconds(all), pct(r.cpu.setup, all))
			for _, v := range r.cpu.byCat {
				row = append(row, pct(v, r.cpu.total))
			}
		}
		t.Add(row...)
	}
	t.Write(b)
}

// renderOtherMetrics writes the workload's own metrics (ns/key, p99-ns, writes/s...).
func renderOtherMetrics(b *strings.Builder, c *caseRuns) {
	var extra []string
	for _, r := range c.runs {
		if r.bench == nil {
			continue
		}
		var ms []string
		for _, unit := range r.bench.units {
			if unit != "ns/op" && unit != "B/op" && unit != "allocs/op" {
				ms = append(ms, r.bench.metrics[unit]+" "+unit)
			}
		}
		if len(ms) > 0 {
			extra = append(extra, markdown.Code(r.strategy)+" "+strings.Join(ms, ", "))
		}
	}
	if len(extra) > 0 {
		fmt.Fprintf(b, "Other metrics of the run: %s.\n\n", strings.Join(extra, "; "))
	}
}

// renderHighlights names the strategy that spends most in each category that is not
// the work itself, where that share is large.
func renderHighlights(b *strings.Builder, c *caseRuns) {
	var hl []string
	for i, cat := range Categories {
		if cat.Name == catMap || cat.Name == catHarness {
			continue
		}
		best, bestShare := "", 0.0
		for _, r := range c.runs {
			if r.cpu == nil {
				continue
			}
			if s := share(r.cpu.byCat[i], r.cpu.total); s > bestShare {
				best, bestShare = r.strategy, s
			}
		}
		if bestShare >= highlightAt {
			hl = append(hl, cat.Name+" "+markdown.Code(best)+" "+strconv.FormatFloat(bestShare, 'f', 1, 64)+"%")
		}
	}
	if len(hl) > 0 {
		fmt.Fprintf(b, "Largest shares outside the map's own work: %s.\n\n", strings.Join(hl, "; "))
	}
}

// topItems renders the n largest entries of m as shares of whole: "40.0% `name`".
func topItems(m map[string]int64, n int, whole int64) []string {
	var items []string
	for _, t := range top(m, n) {
		items = append(items, pct(t.value, whole)+" "+markdown.Code(t.name))
	}
	return items
}

// renderFlat writes each strategy's top functions by flat CPU.
func renderFlat(b *strings.Builder, c *caseRuns) {
	fmt.Fprintf(b, "<details><summary>Top %d functions by flat CPU (the leaf frame), share of CPU s</summary>\n\n", topFlat)
	for _, r := range c.runs {
		if r.cpu != nil {
			fmt.Fprintf(b, "- %s: %s\n", markdown.Code(r.strategy), joinOrNone(topItems(r.cpu.flat, topFlat, r.cpu.total)))
		}
	}
	b.WriteString("\n</details>\n\n")
}

// renderAllocs writes each strategy's top allocation sites.
func renderAllocs(b *strings.Builder, c *caseRuns) {
	fmt.Fprintf(b, "Allocation sites, by alloc_space outside setup (top %d):\n\n", topAlloc)
	for _, r := range c.runs {
		if r.alloc == nil {
			continue
		}
		items := topItems(r.alloc.sites, topAlloc, r.alloc.total)
		if len(items) == 0 {
			fmt.Fprintf(b, "- %s: no allocation sampled\n", markdown.Code(r.strategy))
			continue
		}
		fmt.Fprintf(b, "- %s: %s: %s\n", markdown.Code(r.strategy), megabytes(r.alloc.total), strings.Join(items, " · "))
	}
	b.WriteString("\n")
}

// renderMutex writes each strategy's mutex contention and the frames that released it.
func renderMutex(b *strings.Builder, c *caseRuns) {
	fmt.Fprintf(b, "Mutex contention, total delay outside setup (top %d frames by delay):\n\n", topMutex)
	var none []string
	for _, r := range c.runs {
		if r.mutex == nil {
			continue
		}
		if r.mutex.delay == 0 {
			none = append(none, markdown.Code(r.strategy))
			continue
		}
		fmt.Fprintf(b, "- %s: %s in %d contentions: %s\n", markdown.Code(r.strategy), duration(r.mutex.delay), r.mutex.contentions,
			strings.Join(topItems(r.mutex.frames, topMutex, r.mutex.delay), " · "))
	}
	if len(none) > 0 {
		fmt.Fprintf(b, "- no contention recorded: %s\n", strings.Join(none, ", "))
	}
	b.WriteString("\n")
}
