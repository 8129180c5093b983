package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
)

// aaText states a file's A/A control result.
func aaText(f *rawFile) string {
	if f.aa.Cases == 0 {
		return "no A/A control in this file"
	}
	verdict := "sound"
	if f.aa.Failed() {
		verdict = "**failed**"
	}
	return fmt.Sprintf("%s and its copy differ significantly in %d of %d cases (%.1f%%): %s", markdown.Code(firstNonEmpty(f.meta["control"], "the control")),
		f.aa.Differ, f.aa.Cases, 100*f.aa.Rate(), verdict)
}

// pageWidths returns the relative widths of the intervals of every cell the workload
// tables show, and of their ns/op cells alone.
func pageWidths(ds *dataset) (all, nsop []float64) {
	for _, tc := range ds.toolchains {
		for _, w := range ds.workloads {
			f := tc.source[w.name]
			if f == nil {
				continue
			}
			units := tableMetrics(w.name)
			for id := range f.samples {
				if id.workload != w.name || !slices.Contains(units, id.unit) {
					continue
				}
				width := f.lookup(id).Width()
				all = append(all, width)
				if id.unit == "ns/op" {
					nsop = append(nsop, width)
				}
			}
		}
	}
	slices.Sort(all)
	slices.Sort(nsop)
	return all, nsop
}

func medianOf(sorted []float64) string {
	if len(sorted) == 0 {
		return "none"
	}
	m := sorted[len(sorted)/2]
	if math.IsInf(m, 1) {
		return "±∞"
	}
	return "±" + pct(m)
}

// preciseUnit is the unit whose interval the runner's precision target applies to in
// workload wl: ns/op, or what the workload declares (Memory: B/entry).
func preciseUnit(wl string) string {
	if w := catalogWorkload(wl); w != nil {
		return w.PreciseUnit()
	}
	return "ns/op"
}

// withinTarget counts f's cells in the unit its workload's precision target applies to,
// and those whose interval is within target.
func (f *rawFile) withinTarget(target float64) (within, cells int) {
	units := map[string]string{} // workload → its precise unit
	for id := range f.samples {
		u, ok := units[id.workload]
		if !ok {
			u = preciseUnit(id.workload)
			units[id.workload] = u
		}
		if id.unit == u {
			cells++
			if f.lookup(id).Width() <= target {
				within++
			}
		}
	}
	return within, cells
}

func writePrecision(b *strings.Builder, ds *dataset) {
	b.WriteString("## Precision\n\n")
	all, nsop := pageWidths(ds)
	fmt.Fprintf(b, "The median interval of the %d cells in the workload tables is %s (of the %d ns/op cells: %s). "+
		"A cell's interval is the 95%% confidence interval of its median, as a share of the median.\n\n", len(all), medianOf(all), len(nsop), medianOf(nsop))
	b.WriteString("How each raw file was sampled: `make bench` takes at least `count` samples of every case, one per pass, " +
		"the strategies of a case next to each other in an order shuffled per pass, then spends the rest of its " +
		"`budget` on extra passes of the cases still wider than its `precision` target. Samples taken at more than " +
		"one P while a canary probe showed the machine's slow state are set aside (in a `.slow-state.txt` file " +
		"beside the raw file) and taken again. The A/A control measures one strategy twice under two names: " +
		"the share of cases in which the two copies differ significantly is the share of false alarms the run " +
		"gives, about 5% when sound; above 10% its comparisons are not to be trusted.\n\n")
	t := markdown.Table{Header: []string{"file", "count", "precision target", "cells within it", "samples set aside", "A/A control"}, NumFrom: 1 << 30}
	for _, tc := range ds.toolchains {
		for _, f := range tc.files {
			target := math.NaN()
			if v, err := strconv.ParseFloat(strings.TrimSuffix(f.meta["precision"], "%"), 64); err == nil {
				target = v / 100
			}
			targetText, withinText := "none", "n/a"
			if !math.IsNaN(target) {
				within, cells := f.withinTarget(target)
				targetText = "±" + f.meta["precision"]
				withinText = fmt.Sprintf("%d of %d", within, cells)
			}
			t.Add(markdown.Link(f.name, ds.link(f))+f.partialNote(), firstNonEmpty(f.meta["count"], "unknown"), targetText, withinText,
				strconv.Itoa(f.setAside), aaText(f))
		}
	}
	t.Write(b)
}
