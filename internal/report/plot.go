package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

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
	lo, hi = st.Lo, st.Hi
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

// yAxis labels p's y axis for the medians and intervals of stats, in unit scaled as the
// tables scale it, and returns the divisor from unit to the scaled one and the axis's top
// in it (to set after adding the plotters, which widen the axis to their data).
func yAxis(p *plot.Plot, unit string, stats []*stat) (div, top float64) {
	top = yMax(stats)
	div, name := scaleOf(unit, top)
	p.Y.Label.Text = unit + ", median and 95% interval (" + name + ")"
	return div, top / div
}

// medianWithInterval is a series' medians with their intervals, for plotter.YErrorBars.
type medianWithInterval struct {
	plotter.XYs
	plotter.YErrors
}

// collect returns the stats of every item's map, for the y axis that spans them all.
func collect[T any, K comparable](items []T, stats func(T) map[K]*stat) []*stat {
	var all []*stat
	for _, it := range items {
		for _, st := range stats(it) {
			all = append(all, st)
		}
	}
	return all
}

func lineChart(title, unit string, ss []*series) (*plot.Plot, error) {
	p := newPlot(title)
	procs := procsOf(ss)
	div, top := yAxis(p, unit, collect(ss, func(s *series) map[int]*stat { return s.points }))
	p.X.Label.Text = "GOMAXPROCS"
	var ticks []plot.Tick
	for _, pr := range procs {
		ticks = append(ticks, plot.Tick{Value: float64(pr), Label: strconv.Itoa(pr)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	// Each series is shifted sideways by a small step, so that series with equal values
	// (the maps of one B/entry in Memory) do not hide each other's markers and intervals.
	step := 0.25
	for i := 1; i < len(procs); i++ {
		step = min(step, float64(procs[i]-procs[i-1]))
	}
	step *= 0.04
	for i, s := range ss {
		dx := (float64(i) - float64(len(ss)-1)/2) * step
		var xys plotter.XYs
		for _, pr := range procs {
			if st := s.points[pr]; st != nil {
				xys = append(xys, plotter.XY{X: float64(pr) + dx, Y: st.median() / div})
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
					iv.XYs = append(iv.XYs, plotter.XY{X: float64(pr) + dx, Y: m / div})
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
	p.Y.Max = top
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

func barChart(title, unit string, names []string, groups []barGroup) (*plot.Plot, error) {
	p := newPlot(title)
	div, top := yAxis(p, unit, collect(groups, func(g barGroup) map[string]*stat { return g.values }))
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
	p.Y.Max = top
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
