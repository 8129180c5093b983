package main

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// chart is one SVG file and where the README shows it.
type chart struct {
	section string // the README subsection: the chart case
	title   string
	file    string // name in the charts directory
	svg     []byte
}

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

// buildCharts draws, for every chart case, ns/op against GOMAXPROCS per toolchain and,
// where two or more toolchains measured the case, bars per strategy and toolchain.
func buildCharts(ds *dataset) ([]chart, error) {
	var charts []chart
	for _, cc := range chartCases {
		w := ds.byName[cc.workload]
		if w == nil {
			continue
		}
		section := label(cc.workload, cc.fixed)
		type tcSeries struct {
			tc *toolchain
			ss []*series
		}
		var all []tcSeries
		for _, tc := range ds.toolchains {
			f := tc.source[w.name]
			ss := chartSeries(w, f, cc)
			if len(ss) == 0 {
				continue
			}
			all = append(all, tcSeries{tc, ss})
			title := section + ", " + tc.name + f.partialNote()
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
				p, err = barChart(title, names, []barGroup{g})
			} else {
				p, err = lineChart(title, ss)
			}
			if err != nil {
				return nil, fmt.Errorf("chart %s: %w", title, err)
			}
			svg, err := render(p)
			if err != nil {
				return nil, fmt.Errorf("chart %s: %w", title, err)
			}
			charts = append(charts, chart{section, title, slug(w.name) + "-" + slug(tc.name) + ".svg", svg})
		}
		if len(all) < 2 {
			continue
		}
		// Bars at the largest GOMAXPROCS that two or more toolchains measured.
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
			continue
		}
		var names []string
		var groups []barGroup
		seen := map[string]bool{}
		for _, a := range all {
			if !containsInt(procsOf(a.ss), procs) {
				continue
			}
			g := barGroup{name: a.tc.name + a.tc.source[w.name].partialNote(), color: toolchainColor(ds, a.tc), values: map[string]*stat{}}
			for _, s := range a.ss {
				if st := s.points[procs]; st != nil {
					g.values[s.name] = st
					if !seen[s.name] {
						seen[s.name] = true
						names = append(names, s.name)
					}
				}
			}
			groups = append(groups, g)
		}
		if len(names) == 0 {
			continue
		}
		sortSeriesNames(cc, names)
		title := fmt.Sprintf("%s, GOMAXPROCS=%d, by toolchain", section, procs)
		p, err := barChart(title, names, groups)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", title, err)
		}
		svg, err := render(p)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", title, err)
		}
		charts = append(charts, chart{section, title, slug(w.name) + "-toolchains.svg", svg})
	}
	return charts, nil
}

// chartSeries collects the medians of chart case cc in file f, one series per strategy
// (or per value of cc.series). Where several cases match, the first in case order is used.
func chartSeries(w *workload, f *rawFile, cc chartCase) []*series {
	if f == nil {
		return nil
	}
	type key struct {
		series string
		procs  int
	}
	chosen := map[key]sampleID{}
	for id := range f.samples {
		if id.workload != w.name || id.unit != "ns/op" || !w.matches(id.vals, cc.fixed) {
			continue
		}
		k := key{id.strategy, id.procs}
		if cc.series != "" {
			k.series = w.get(id.vals, cc.series)
		}
		old, ok := chosen[k]
		if !ok || w.pointLess(point{id.vals, id.procs}, point{old.vals, old.procs}) ||
			id.vals == old.vals && strategyLess(id.strategy, old.strategy) {
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
		if cc.series == "" {
			idx = indexOr(strategyOrder, n) // a strategy keeps its colour in every chart
			if idx == len(strategyOrder) {
				idx += i
			}
		}
		s.color = plotutil.Color(idx)
		s.shape = plotutil.Shape(idx)
		out = append(out, s)
	}
	return out
}

func sortSeriesNames(cc chartCase, names []string) {
	if cc.series == "" {
		sortStrategies(names)
		return
	}
	sort.Slice(names, func(i, j int) bool { return valueLess(names[i], names[j]) })
}

// timeScale picks the unit for a chart's y axis from its largest value in ns.
func timeScale(max float64) (float64, string) {
	switch {
	case max >= 1e6:
		return 1e6, "ms"
	case max >= 1e3:
		return 1e3, "µs"
	}
	return 1, "ns"
}

func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.Y.Min = 0
	p.Legend.Padding = vg.Points(3)
	p.Add(plotter.NewGrid())
	return p
}

// toolchainColor gives each toolchain one colour in every bar chart.
func toolchainColor(ds *dataset, tc *toolchain) color.Color {
	for i, t := range ds.toolchains {
		if t == tc {
			return plotutil.Color(i)
		}
	}
	return plotutil.Color(len(ds.toolchains))
}

func containsInt(list []int, n int) bool {
	for _, v := range list {
		if v == n {
			return true
		}
	}
	return false
}

// procsOf lists the GOMAXPROCS values the series have, ascending.
func procsOf(ss []*series) []int {
	var procs []int
	seen := map[int]bool{}
	for _, s := range ss {
		for pr := range s.points {
			if !seen[pr] {
				seen[pr] = true
				procs = append(procs, pr)
			}
		}
	}
	sort.Ints(procs)
	return procs
}

// interval returns the bounds of st's 95% confidence interval; ok is false when it has
// none (fewer than 6 samples).
func interval(st *stat) (lo, hi float64, ok bool) {
	lo, hi = st.summary.Lo, st.summary.Hi
	return lo, hi, !math.IsInf(lo, 0) && !math.IsInf(hi, 0)
}

// yMax returns the top of a chart's y axis: above every median and every interval, but
// not so far above the largest median that one wide interval flattens every bar.
func yMax(stats []*stat) float64 {
	top, medians := 0.0, 0.0
	for _, st := range stats {
		medians = math.Max(medians, st.median())
		if _, hi, ok := interval(st); ok {
			top = math.Max(top, hi)
		}
	}
	return math.Max(medians, math.Min(top, 1.5*medians)) * 1.08
}

// medianWithInterval is a series' medians with their intervals, for plotter.YErrorBars.
type medianWithInterval struct {
	plotter.XYs
	plotter.YErrors
}

func lineChart(title string, ss []*series) (*plot.Plot, error) {
	p := newPlot(title)
	procs := procsOf(ss)
	var all []*stat
	for _, s := range ss {
		for _, st := range s.points {
			all = append(all, st)
		}
	}
	top := yMax(all)
	div, unit := timeScale(top)
	p.X.Label.Text = "GOMAXPROCS"
	p.Y.Label.Text = "ns/op, median and 95% interval (" + unit + ")"
	var ticks []plot.Tick
	for _, pr := range procs {
		ticks = append(ticks, plot.Tick{Value: float64(pr), Label: strconv.Itoa(pr)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	for _, s := range ss {
		var xys plotter.XYs
		for _, pr := range procs {
			if st := s.points[pr]; st != nil {
				xys = append(xys, plotter.XY{X: float64(pr), Y: st.median() / div})
			}
		}
		l, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = s.color, vg.Points(1.5)
		pts.Color, pts.Shape, pts.Radius = s.color, s.shape, vg.Points(3)
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
		var iv medianWithInterval
		for _, pr := range procs {
			if st := s.points[pr]; st != nil {
				if lo, hi, ok := interval(st); ok {
					m := st.median()
					iv.XYs = append(iv.XYs, plotter.XY{X: float64(pr), Y: m / div})
					iv.YErrors = append(iv.YErrors, struct{ Low, High float64 }{(m - lo) / div, (hi - m) / div})
				}
			}
		}
		if len(iv.XYs) > 0 {
			eb, err := plotter.NewYErrorBars(iv)
			if err != nil {
				return nil, err
			}
			eb.LineStyle.Color, eb.LineStyle.Width, eb.CapWidth = s.color, vg.Points(1), vg.Points(6)
			p.Add(eb)
		}
	}
	p.X.Min, p.X.Max = float64(procs[0])-0.25, float64(procs[len(procs)-1])+0.25
	p.Y.Max = top / div
	return p, nil
}

// barGroup is one toolchain's bars.
type barGroup struct {
	name   string
	color  color.Color
	values map[string]*stat // by series name; missing: no bar
}

// barIntervals draws the 95% intervals of one group's bars, over the bars: the centre of
// bar i is where plotter.BarChart puts it.
type barIntervals struct {
	bars   *plotter.BarChart
	lo, hi []float64 // NaN: no interval
}

func (b *barIntervals) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}
	cw := b.bars.Width / 4
	for i := range b.lo {
		if math.IsNaN(b.lo[i]) {
			continue
		}
		x := trX(b.bars.XMin+float64(i)) + b.bars.Offset
		lo, hi := trY(b.lo[i]), trY(b.hi[i])
		for _, line := range [][]vg.Point{{{X: x, Y: lo}, {X: x, Y: hi}}, {{X: x - cw, Y: lo}, {X: x + cw, Y: lo}}, {{X: x - cw, Y: hi}, {X: x + cw, Y: hi}}} {
			c.StrokeLines(sty, c.ClipLinesY(line)...)
		}
	}
}

func barChart(title string, names []string, groups []barGroup) (*plot.Plot, error) {
	p := newPlot(title)
	var all []*stat
	for _, g := range groups {
		for _, st := range g.values {
			all = append(all, st)
		}
	}
	top := yMax(all)
	div, unit := timeScale(top)
	p.Y.Label.Text = "ns/op, median and 95% interval (" + unit + ")"
	width := vg.Points(float64(chartWidth-180) / float64(len(names)) * 0.8 / float64(len(groups)))
	for i, g := range groups {
		vals := make(plotter.Values, len(names))
		iv := &barIntervals{lo: make([]float64, len(names)), hi: make([]float64, len(names))}
		for j, n := range names {
			iv.lo[j], iv.hi[j] = math.NaN(), math.NaN()
			st := g.values[n]
			if st == nil {
				continue
			}
			vals[j] = st.median() / div
			if lo, hi, ok := interval(st); ok {
				iv.lo[j], iv.hi[j] = lo/div, hi/div
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		bars.Color = g.color
		bars.LineStyle.Width = 0
		bars.Offset = vg.Length(float64(i)-float64(len(groups)-1)/2) * width
		iv.bars = bars
		p.Add(bars, iv)
		p.Legend.Add(g.name, bars)
	}
	p.NominalX(names...)
	p.Y.Max = top / div
	return p, nil
}

// render draws p with its legend to the right of the plot area, as SVG.
func render(p *plot.Plot) ([]byte, error) {
	return renderTo(p, vgsvg.New(vg.Points(chartWidth), vg.Points(chartHeight)))
}

// renderTo draws p on c (chartWidth by chartHeight points) and returns what c writes.
func renderTo(p *plot.Plot, c vg.CanvasWriterTo) ([]byte, error) {
	dc := draw.New(c)
	dc.SetColor(color.White) // the legend's strip too: readable on a dark page
	dc.Fill(dc.Rectangle.Path())
	saved := p.Legend
	defer func() { p.Legend = saved }()
	leg := saved // drawn beside the plot area, not inside it
	leg.Left, leg.Top = true, true
	p.Legend = plot.NewLegend()
	// The SVGs name their fonts without embedding them, and a viewer without Liberation
	// substitutes a wider one: leave the legend a third more room than gonum measures.
	lw := leg.Rectangle(dc).Size().X*4/3 + vg.Points(16)
	p.Draw(draw.Crop(dc, 0, -lw, 0, -vg.Points(4)))
	leg.YOffs = -(p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding + vg.Points(4))
	leg.Draw(draw.Crop(dc, vg.Points(chartWidth)-lw+vg.Points(8), 0, 0, 0))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("writing chart: %w", err)
	}
	return buf.Bytes(), nil
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
