package report

import (
	"go/version"
	"image/color"
	"strconv"
	"strings"

	toolchains "github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The charts' colours are the Okabe-Ito palette (Okabe and Ito, "Color Universal
// Design", 2008): eight colours that stay apart for the common forms of colour
// blindness. Its yellow is too light for lines on white; grey stands in for it.
var (
	okabeBlack     = color.RGBA{0x00, 0x00, 0x00, 0xff}
	okabeOrange    = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	okabeSky       = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	okabeGreen     = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	okabeBlue      = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	okabeVermilion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	okabePurple    = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
	chartGrey      = color.RGBA{0x88, 0x88, 0x88, 0xff}
)

// look is how one strategy (or one value of a chart's series parameter) is drawn: its
// colour and its marker, so that a strategy reads the same in print and to a reader who
// cannot tell its colour apart.
type look struct {
	color color.Color
	shape draw.GlyphDrawer
}

// strategyPalette is the looks of the measured strategies (strategies.Measured) other
// than the reference and the baseline, in registry order: the registry's order fixes each
// strategy's look, the same in every chart. The reference strategy (strategies.Base,
// rwmutex: the relative charts' 1×) is black; the single-goroutine baseline (unsafe) grey.
var strategyPalette = []look{
	{okabeVermilion, draw.SquareGlyph{}},
	{okabeBlue, draw.TriangleGlyph{}},
	{okabeGreen, draw.BoxGlyph{}},
	{okabePurple, draw.PyramidGlyph{}},
	{okabeOrange, draw.RingGlyph{}},
	{okabeSky, draw.CrossGlyph{}},
	{okabeBlue, draw.CircleGlyph{}},
	{okabeGreen, draw.RingGlyph{}},
}

var (
	referenceLook = look{okabeBlack, draw.CircleGlyph{}}
	baselineLook  = look{chartGrey, diamondGlyph{}}
)

// diamondGlyph is a filled diamond: gonum has none, and its plus sign, the one glyph
// left, vanishes into an interval's vertical line.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.3
	c.SetColor(sty.Color)
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}

// strategyLooks gives every strategy the correctness gate lets through its look in every
// chart, declared once: strategyPalette in registry order. An excluded strategy has none
// (its samples are left out as the files are read). A test checks that no two share one.
func strategyLooks() map[string]look {
	looks := map[string]look{}
	i := 0
	for _, name := range strategies.Measured() {
		switch name {
		case strategies.Base():
			looks[name] = referenceLook
		case strategies.Baseline():
			looks[name] = baselineLook
		default:
			looks[name] = strategyPalette[i%len(strategyPalette)]
			i++
		}
	}
	return looks
}

// fallbackLooks are for series that are not strategies (a chart's series parameter: the
// shard counts, the harness variants) and for a strategy the table does not know yet: by
// index in the chart.
var fallbackLooks = []look{
	{okabeBlue, draw.CircleGlyph{}},
	{okabeVermilion, draw.SquareGlyph{}},
	{okabeGreen, draw.TriangleGlyph{}},
	{okabeOrange, draw.RingGlyph{}},
	{okabePurple, draw.BoxGlyph{}},
	{okabeSky, draw.PyramidGlyph{}},
	{okabeBlack, draw.CrossGlyph{}},
	{chartGrey, diamondGlyph{}},
}

// lookOf returns the look of the idx'th series of a chart, called name: a strategy's own
// look when strategy is set and the table has one.
func lookOf(name string, strategy bool, idx int) look {
	if l, ok := strategyLooks()[name]; ok && strategy {
		return l
	}
	return fallbackLooks[idx%len(fallbackLooks)]
}

// toolchainHues give each Go minor version a hue, from go1.23 on, cycling: every chart
// shows go1.24.13 in the same colour, whatever other toolchains the data has. Next
// versions get hues apart (blue, orange, green, purple, sky blue), not two oranges.
var toolchainHues = []color.RGBA{okabeBlue, okabeOrange, okabeGreen, okabePurple, okabeSky, okabeVermilion}

// variantTints lighten a configuration that turns a Go experiment off (its name's suffix)
// towards white, so that it sits beside its Go version's colour as a lighter shade. An
// unknown suffix gets otherTint.
var variantTints = map[string]float64{toolchains.NoSwissMap: 0.45, toolchains.NoSyncHashTrieMap: 0.7}

const otherTint = 0.55

// toolchainColor is the colour of a toolchain configuration in every chart: its Go minor
// version's hue, lighter for a variant (go1.24.13-noswissmap); grey for a name that is
// not a Go version.
func toolchainColor(name string) color.Color {
	v, x := toolchains.SplitName(name)
	minorText, ok := strings.CutPrefix(version.Lang(v), "go1.") // go1.24rc1: go1.24
	minor, err := strconv.Atoi(minorText)
	if !ok || err != nil {
		return chartGrey
	}
	n := len(toolchainHues)
	hue := toolchainHues[((minor-23)%n+n)%n]
	if x == "" {
		return hue
	}
	t, ok := variantTints[x]
	if !ok {
		t = otherTint
	}
	return tint(hue, t)
}

// toolchainEdge is the outline of a toolchain configuration's bars: its Go version's hue
// for a variant, whose lighter fill would fade into the white page; none for the version
// itself.
func toolchainEdge(name string) color.Color {
	v, x := toolchains.SplitName(name)
	if x == "" {
		return nil
	}
	return toolchainColor(v)
}

// tint mixes c with white: t of white.
func tint(c color.RGBA, t float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*t + 0.5) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}
