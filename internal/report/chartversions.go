package report

import (
	"fmt"
	"image/color"
	"slices"

	"github.com/cmapbench/cmapbench/bench"
	"gonum.org/v1/plot/vg"
)

// versionsChart draws chart case cc as every toolchain measured it, at the largest
// GOMAXPROCS that two or more toolchains measured: horizontal bars, a group per strategy
// (the registry's order, top down) with a bar per toolchain (oldest on top), each in its
// toolchain's colour with its interval. The measure is the one every toolchain's file has
// (keys/s only where all report ns/key). ok is false when no two toolchains measured the
// case at one GOMAXPROCS.
func versionsChart(ds *dataset, cc bench.Placed, w *workload) (c chart, ok bool, err error) {
	var files []*rawFile
	var tcs []*toolchain
	for _, tc := range ds.toolchains {
		if f := tc.source[w.name]; f != nil {
			files, tcs = append(files, f), append(tcs, tc)
		}
	}
	m := chartMeasure(cc, files)
	var all []tcSeries
	count := map[int]int{}
	for i, f := range files {
		t := tcSeries{tcs[i], f, m, chartSeries(w, f, cc, m.unit)}
		for _, pr := range procsOf(t.ss) {
			count[pr]++
		}
		all = append(all, t)
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
	names, groups := versionGroups(all, procs)
	sortSeriesNames(cc, names)
	title := fmt.Sprintf("%s, GOMAXPROCS=%d, by toolchain", cc.Label(), procs)
	svg, err := groupedBars(title, m, names, groups)
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{section: cc.Label(), title: title, file: slug(cc.Workload.Name) + "-toolchains.svg", svg: svg, kind: chartVersions}, true, nil
}

// barGroup is one toolchain's bars: a value per series name.
type barGroup struct {
	name        string
	color, edge color.Color
	values      map[string]value
}

// versionGroups returns the series names measured at procs and a bar group per toolchain
// that measured it.
func versionGroups(all []tcSeries, procs int) ([]string, []barGroup) {
	var names []string
	var groups []barGroup
	for _, t := range all {
		g := barGroup{name: t.tc.name + t.f.partialNote(), color: toolchainColor(t.tc.name), edge: toolchainEdge(t.tc.name), values: map[string]value{}}
		for _, s := range t.ss {
			if st := s.points[procs]; st != nil {
				g.values[s.name] = valueOf(st, t.m.rate)
				if !slices.Contains(names, s.name) {
					names = append(names, s.name)
				}
			}
		}
		if len(g.values) > 0 {
			groups = append(groups, g)
		}
	}
	return names, groups
}

// groupedBars draws horizontal bars, a group per name from the top, a bar per group
// within it, and returns the SVG. The canvas grows with the bars: 9 toolchains by 8
// strategies stay readable.
func groupedBars(title string, m measure, names []string, groups []barGroup) ([]byte, error) {
	p := newPlot(title)
	var vs []value
	for _, g := range groups {
		for _, v := range g.values {
			vs = append(vs, v)
		}
	}
	div := linearAxis(&p.X, m.what, m.label, vs)
	barW := vg.Points(12)
	if len(groups) > 3 {
		barW = vg.Points(8)
	}
	// A group's band holds its bars and a gap of two bars; the axes and title take
	// about 80 points.
	band := barW * vg.Length(len(groups)+2)
	height := max(vg.Points(chartHeight), band*vg.Length(len(names))+vg.Points(80))
	b := &bars{horizontal: true, width: barW}
	for gi, g := range groups {
		off := (vg.Length(len(groups)-1)/2 - vg.Length(gi)) * barW
		for j, n := range names {
			if v, ok := g.values[n]; ok {
				b.items = append(b.items, bar{at: float64(len(names) - 1 - j), offset: off, v: scaled([]value{v}, div)[0], color: g.color, edge: g.edge})
			}
		}
		p.Legend.Add(g.name, swatch{g.color, g.edge})
	}
	p.Add(b)
	rev := slices.Clone(names)
	slices.Reverse(rev)
	p.NominalY(rev...)
	p.Y.Padding = vg.Points(6) // between the names and the bars
	p.Y.Min, p.Y.Max = -0.5, float64(len(names))-0.5
	return render(p, chartWidth, height)
}
