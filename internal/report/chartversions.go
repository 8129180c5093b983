package report

import (
	"fmt"
	"image/color"
	"slices"

	"github.com/cmapbench/cmapbench/bench"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// versionsCharts draws chart case cc as every toolchain measured it, at the largest
// GOMAXPROCS that two or more toolchains measured: horizontal bars, a group per strategy
// (the registry's order, top down) with a bar per toolchain (oldest on top), each in its
// toolchain's colour with its interval; then the same relative to the oldest toolchain,
// on a log axis. The measure is the one every toolchain's file has (keys/s only where all
// report ns/key). It draws nothing when no two toolchains measured the case at one
// GOMAXPROCS.
func versionsCharts(ds *dataset, cc bench.Placed, w *workload) ([]chart, error) {
	var all []tcSeries
	var files []*rawFile
	for _, tc := range ds.toolchains {
		if f := tc.source[w.name]; f != nil {
			all, files = append(all, tcSeries{tc: tc, f: f}), append(files, f)
		}
	}
	m := chartMeasure(cc, files)
	count := map[int]int{}
	for i := range all {
		all[i].m, all[i].ss = m, chartSeries(w, all[i].f, cc, m.unit)
		for _, pr := range procsOf(all[i].ss) {
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
		return nil, nil
	}
	names, groups := versionGroups(all, procs)
	sortSeriesNames(cc, names)
	title := fmt.Sprintf("%s, GOMAXPROCS=%d, by toolchain", cc.Label(), procs)
	p := newPlot(title)
	var vs []value
	for _, g := range groups {
		for _, v := range g.values {
			vs = append(vs, v)
		}
	}
	div := linearAxis(&p.X, m.what, m.label, vs)
	for _, g := range groups {
		for n, v := range g.values {
			g.values[n] = scaled([]value{v}, div)[0]
		}
	}
	svg, err := groupedBars(p, names, groups)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", title, err)
	}
	charts := []chart{{section: cc.Label(), title: title, file: chartBase(cc) + "-toolchains.svg", svg: svg, kind: chartVersions}}
	rel, ok, err := versionsRelative(cc, m, procs, names, groups)
	if err != nil || !ok {
		return charts, err
	}
	return append(charts, rel), nil
}

// versionsRelative draws each toolchain's bars of versionsCharts over the oldest
// toolchain's, on a log axis, as bars from 1×: 2× is twice the throughput (or footprint)
// of the oldest toolchain. Toolchains measured in one run of make bench-matrix ran side
// by side in every pass: their ratio is paired by pass, as the guide pairs strategies,
// where six passes or more sampled both (an interval needs them). Toolchains of
// different runs ran apart, so no pairing applies: the interval is then the ratio of
// the intervals' ends, [lo/ref's hi, hi/ref's lo], wider than a paired one would be. A strategy the oldest toolchain did not measure has no row. ok is false when
// no strategy has a ratio.
func versionsRelative(cc bench.Placed, m measure, procs int, names []string, groups []barGroup) (chart, bool, error) {
	ref := groups[0]
	paired, unpaired := 0, 0
	var rows []string
	var rel []barGroup
	var all []value
	for _, g := range groups[1:] {
		r := barGroup{name: g.name, tc: g.tc, color: g.color, edge: g.edge, values: map[string]value{}}
		for n, v := range g.values {
			b, ok := ref.values[n]
			if !ok || b.mid <= 0 || v.mid <= 0 {
				continue
			}
			q := value{mid: v.mid / b.mid, iv: v.iv && b.iv && b.lo > 0}
			if q.iv {
				q.lo, q.hi = v.lo/b.hi, v.hi/b.lo
			}
			if pq, ok := pairedAcross(ref.f, ref.ids[n], g.f, g.ids[n], m.rate); ok && pq.iv && sameRun(ref.f, g.f) {
				q = pq
				paired++
			} else {
				unpaired++
			}
			r.values[n] = q
			all = append(all, q)
		}
		rel = append(rel, r)
	}
	for _, n := range names {
		if _, ok := ref.values[n]; ok {
			rows = append(rows, n)
		}
	}
	if len(all) == 0 {
		return chart{}, false, nil
	}
	title := fmt.Sprintf("%s, GOMAXPROCS=%d, relative to %s", cc.Label(), procs, ref.tc)
	p := newPlot(title)
	what := "throughput"
	if !m.rate {
		what = m.label
	}
	how := "ends' ratios"
	switch {
	case unpaired == 0:
		how = "paired by pass"
	case paired > 0:
		how = "paired by pass where six passes sampled both, else ends' ratios"
	}
	p.X.Label.Text = what + " over " + ref.tc + "'s (95% CI: " + how + ciNote(all) + ")"
	ratioAxis(&p.X, all)
	for _, g := range rel {
		for n, v := range g.values {
			g.values[n] = logged([]value{v})[0]
		}
	}
	one, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(rows)) - 0.5}}) // log 1
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	one.Color, one.Width, one.Dashes = ref.color, vg.Points(1.2), []vg.Length{vg.Points(5), vg.Points(3)}
	p.Add(one)
	p.Legend.Add(ref.name+" = 1×", one)
	svg, err := groupedBars(p, rows, rel)
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{section: cc.Label(), title: title, file: chartBase(cc) + "-toolchains-relative.svg", svg: svg, kind: chartVersionsRelative}, true, nil
}

// barGroup is one toolchain's bars: a value per series name.
type barGroup struct {
	name        string // the toolchain's, with a partial run's note
	tc          string // the toolchain's
	color, edge color.Color
	values      map[string]value
	f           *rawFile            // the file the values come from
	ids         map[string]sampleID // per series name, the samples of its value
}

// versionGroups returns the series names measured at procs and a bar group per toolchain
// that measured it.
func versionGroups(all []tcSeries, procs int) ([]string, []barGroup) {
	var names []string
	var groups []barGroup
	for _, t := range all {
		g := barGroup{name: t.tc.name + t.f.partialNote(), tc: t.tc.name, color: toolchainColor(t.tc.name), edge: toolchainEdge(t.tc.name),
			values: map[string]value{}, f: t.f, ids: map[string]sampleID{}}
		for _, s := range t.ss {
			if st := s.points[procs]; st != nil {
				g.values[s.name] = valueOf(st, t.m.rate)
				g.ids[s.name] = s.ids[procs]
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

// groupedBars draws horizontal bars on p, whose value axis (x) is set, from its zero: a
// group per name from the top, a bar per group within it; and returns the SVG. The
// canvas grows with the bars: 9 toolchains by 8 strategies stay readable.
func groupedBars(p *plot.Plot, names []string, groups []barGroup) ([]byte, error) {
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
				b.items = append(b.items, bar{at: float64(len(names) - 1 - j), offset: off, v: v, color: g.color, edge: g.edge})
			}
		}
		p.Legend.Add(g.name, swatch{g.color, g.edge})
	}
	p.Add(b)
	rev := slices.Clone(names)
	slices.Reverse(rev)
	p.NominalY(rev...)
	// Between the names and the bars: room for a substitute font a third wider.
	p.Y.Padding = vg.Points(4)
	for _, n := range names {
		p.Y.Padding = max(p.Y.Padding, p.Y.Tick.Label.Width(n)/3+vg.Points(4))
	}
	p.Y.Min, p.Y.Max = -0.5, float64(len(names))-0.5
	return render(p, chartWidth, height)
}
