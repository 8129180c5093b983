package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// value is one point as a chart draws it, in the chart's unit: a median and its 95%
// interval.
type value struct {
	mid, lo, hi float64
	iv          bool // the interval is finite (six samples or more)
}

// valueOf is st as drawn: its median and interval, or, with rate set, 1e9 over them (a
// time in ns per unit made a rate per second: the interval's ends swap).
func valueOf(st *stat, rate bool) value {
	lo, hi := st.Lo, st.Hi
	v := value{mid: st.median(), lo: lo, hi: hi, iv: !math.IsInf(lo, 0) && !math.IsInf(hi, 0)}
	if rate {
		v.mid = 1e9 / v.mid
		v.lo, v.hi = 1e9/hi, 1e9/lo
		v.iv = v.iv && lo > 0
	}
	return v
}

func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.Legend.Padding = vg.Points(3)
	p.Y.Label.TextStyle.Font.Size = vg.Points(11)
	p.X.Label.TextStyle.Font.Size = vg.Points(11)
	p.Add(plotter.NewGrid())
	return p
}

// line is one line of a line chart: a strategy, or a value of the chart case's series
// parameter, at ascending x.
type line struct {
	name string
	look look
	xs   []float64
	vs   []value
}

// addLines draws ls on p with their intervals and legend entries, each line shifted
// sideways by step from the next so that equal values do not hide each other's markers
// and intervals (the maps of one B/entry in Memory).
func addLines(p *plot.Plot, ls []line, step float64) error {
	for i, l := range ls {
		dx := (float64(i) - float64(len(ls)-1)/2) * step
		var xys plotter.XYs
		iv := &intervals{color: l.look.color}
		for j, v := range l.vs {
			xys = append(xys, plotter.XY{X: l.xs[j] + dx, Y: v.mid})
			if v.iv {
				iv.at = append(iv.at, l.xs[j]+dx)
				iv.lo, iv.hi = append(iv.lo, v.lo), append(iv.hi, v.hi)
			}
		}
		ln, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("line %s: %w", l.name, err)
		}
		ln.Color, ln.Width = l.look.color, vg.Points(1.5)
		pts.Color, pts.Shape, pts.Radius = l.look.color, l.look.shape, vg.Points(3.5)
		p.Add(ln, iv, pts)
		p.Legend.Add(l.name, ln, pts)
	}
	return nil
}

// intervals draws 95% intervals with caps, at data positions at along the category
// axis (x; y when horizontal) from lo to hi, clipped to the data area.
type intervals struct {
	color      color.Color
	horizontal bool
	at, lo, hi []float64
	offset     vg.Length // added to each position on the canvas
	cap        vg.Length // half the cap's width; 3 points when zero
}

func (iv *intervals) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := draw.LineStyle{Color: iv.color, Width: vg.Points(1)}
	cw := iv.cap
	if cw == 0 {
		cw = vg.Points(3)
	}
	for i := range iv.at {
		var segs [][]vg.Point
		if iv.horizontal {
			y, lo, hi := trY(iv.at[i])+iv.offset, trX(iv.lo[i]), trX(iv.hi[i])
			segs = [][]vg.Point{{{X: lo, Y: y}, {X: hi, Y: y}}, {{X: lo, Y: y - cw}, {X: lo, Y: y + cw}}, {{X: hi, Y: y - cw}, {X: hi, Y: y + cw}}}
		} else {
			x, lo, hi := trX(iv.at[i])+iv.offset, trY(iv.lo[i]), trY(iv.hi[i])
			segs = [][]vg.Point{{{X: x, Y: lo}, {X: x, Y: hi}}, {{X: x - cw, Y: lo}, {X: x + cw, Y: lo}}, {{X: x - cw, Y: hi}, {X: x + cw, Y: hi}}}
		}
		for j, s := range segs {
			if j > 0 && !c.Contains(s[0]) && !c.Contains(s[1]) {
				continue // a cap beyond the axis's end: the interval runs off the chart
			}
			c.StrokeLines(sty, c.ClipLinesXY(s)...)
		}
	}
}

// bars draws bars from zero along the value axis (y; x when horizontal), each at its
// category's data position plus a canvas offset, with its interval in black.
type bars struct {
	horizontal bool
	width      vg.Length
	items      []bar
}

type bar struct {
	at     float64
	offset vg.Length
	v      value
	color  color.Color
	edge   color.Color // the outline's colour; none when nil
}

func (b *bars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	iv := &intervals{color: color.Black, horizontal: b.horizontal, cap: min(b.width/3, vg.Points(4))}
	for _, it := range b.items {
		var rect []vg.Point
		if b.horizontal {
			y, x0, x1 := trY(it.at)+it.offset, trX(0), trX(it.v.mid)
			rect = []vg.Point{{X: x0, Y: y - b.width/2}, {X: x1, Y: y - b.width/2}, {X: x1, Y: y + b.width/2}, {X: x0, Y: y + b.width/2}}
		} else {
			x, y0, y1 := trX(it.at)+it.offset, trY(0), trY(it.v.mid)
			rect = []vg.Point{{X: x - b.width/2, Y: y0}, {X: x + b.width/2, Y: y0}, {X: x + b.width/2, Y: y1}, {X: x - b.width/2, Y: y1}}
		}
		c.FillPolygon(it.color, c.ClipPolygonXY(rect))
		if it.edge != nil {
			c.StrokeLines(draw.LineStyle{Color: it.edge, Width: vg.Points(0.75)}, c.ClipLinesXY(append(rect, rect[0]))...)
		}
		if it.v.iv {
			iv.at, iv.lo, iv.hi = []float64{it.at}, []float64{it.v.lo}, []float64{it.v.hi}
			iv.offset = it.offset
			iv.Plot(c, plt)
		}
	}
}

// swatch is a legend entry's filled square: a bar group's colour and outline.
type swatch struct{ color, edge color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	rect := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	c.FillPolygon(s.color, rect)
	if s.edge != nil {
		c.StrokeLines(draw.LineStyle{Color: s.edge, Width: vg.Points(0.75)}, append(rect, rect[0]))
	}
}

// linearAxis sets a value axis from zero to above every median and interval (but not so
// far above the largest median that one wide interval flattens the rest), scaled as the
// tables scale unit, and labels it; it returns the divisor from unit to the scaled one.
func linearAxis(ax *plot.Axis, what, unit string, vs []value) float64 {
	top, medians := 0.0, 0.0
	for _, v := range vs {
		medians = math.Max(medians, v.mid)
		if v.iv {
			top = math.Max(top, v.hi)
		}
	}
	top = math.Max(medians, math.Min(top, 1.5*medians)) * 1.08
	if top <= 0 {
		top = 1
	}
	div, name := scaledUnit(unit, top)
	ax.Label.Text = what + name + " (median, 95% CI" + ciNote(vs) + ")"
	ax.Min, ax.Max = 0, top/div
	ax.Tick.Marker = plainTicks{}
	return div
}

// ciNote is what an axis label adds when some of vs have no interval: fewer than six
// samples (or pairs) give none.
func ciNote(vs []value) string {
	for _, v := range vs {
		if !v.iv {
			return "; none: n<6"
		}
	}
	return ""
}

// plainTicks are gonum's default ticks with plain labels: 25, not 25.00.
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 6, 64)
		}
	}
	return ticks
}

// scaledUnit returns what a value of unit near v is divided by to be shown, and the unit
// then: "µs" for ns/op, "KiB/entry" for B/entry, "M ops/s" for ops/s.
func scaledUnit(unit string, v float64) (float64, string) {
	div, name := scaleOf(unit, v)
	switch {
	case isTimeUnit(unit):
		return div, name
	case strings.HasPrefix(unit, "B/"):
		return div, name + unit[1:]
	case name == "":
		return div, unit
	}
	return div, name + " " + unit
}

// scaled divides every value by div.
func scaled(vs []value, div float64) []value {
	out := make([]value, len(vs))
	for i, v := range vs {
		out[i] = value{v.mid / div, v.lo / div, v.hi / div, v.iv}
	}
	return out
}

// A log axis is drawn as the logarithms of the values on a linear axis, marked with the
// values: gonum's LogScale centres the axis's label on the middle of the data range,
// which on a log axis lies near its top, and shrinks the plot to make room for it.

// logged is vs on a log axis: their logarithms; an interval reaching zero is dropped.
func logged(vs []value) []value {
	out := make([]value, len(vs))
	for i, v := range vs {
		out[i] = value{mid: math.Log(v.mid), iv: v.iv && v.lo > 0}
		if out[i].iv {
			out[i].lo, out[i].hi = math.Log(v.lo), math.Log(v.hi)
		}
	}
	return out
}

// logAxis makes ax a log axis from lo to hi, marked by ticks (which take and give values,
// not logarithms).
func logAxis(ax *plot.Axis, lo, hi float64, ticks plot.Ticker) {
	ax.Min, ax.Max = math.Log(lo), math.Log(hi)
	ax.Tick.Marker = logTicks{ticks}
}

// logTicks places the ticks of values on a log axis.
type logTicks struct{ values plot.Ticker }

func (t logTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := t.values.Ticks(math.Exp(lo), math.Exp(hi))
	for i := range ticks {
		ticks[i].Value = math.Log(ticks[i].Value)
	}
	return ticks
}

// Chart size: the least; a chart grows for its legend or its bars. The SVGs reference
// the Liberation fonts gonum measures text with, without embedding them: no font data,
// timestamps or random ids end up in the files, so the same data gives the same bytes.
const (
	chartWidth  = 600
	chartHeight = 330
	// minDataWidth is the least width left to the plot beside the legend.
	minDataWidth = 480
)

// render draws p on a canvas of at least width by height points, as SVG, with its
// legend to the right of the plot area. The SVGs name their fonts without embedding them,
// and a viewer without Liberation substitutes a wider one (DejaVu, a third wider): the
// canvas widens and grows taller, and the plot moves right, by that third, so that the
// legend, the title, the y axis's label and its tick labels fit whole.
func render(p *plot.Plot, width, height vg.Length) ([]byte, error) {
	leg := p.Legend // drawn beside the plot area, not inside it
	leg.Left, leg.Top = true, true
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = leg }()
	size := leg.Rectangle(draw.Canvas{}).Size()
	lw := size.X*4/3 + vg.Points(16)
	title := p.Title.TextStyle.Rectangle(p.Title.Text).Size()
	titleH := title.Y + p.Title.Padding + vg.Points(4)
	width = max(width, lw+max(vg.Points(minDataWidth), title.X*4/3+vg.Points(24))) // the title is centred on the plot
	height = max(height, size.Y*8/7+titleH+vg.Points(12), p.Y.Label.TextStyle.Width(p.Y.Label.Text)*4/3+titleH+vg.Points(48))
	left := vg.Length(0)
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		left = max(left, p.Y.Tick.Label.Width(t.Label)/3)
	}
	width, height = vg.Length(math.Ceil(float64(width))), vg.Length(math.Ceil(float64(height))) // whole points
	c := vgsvg.New(width, height)
	dc := draw.New(c)
	dc.SetColor(color.White) // the legend's strip too: readable on a dark page
	dc.Fill(dc.Rectangle.Path())
	p.Draw(draw.Crop(dc, left, -lw, 0, -vg.Points(4)))
	leg.YOffs = -titleH
	leg.Draw(draw.Crop(dc, width-lw+vg.Points(8), 0, 0, 0))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("writing chart: %w", err)
	}
	return buf.Bytes(), nil
}
