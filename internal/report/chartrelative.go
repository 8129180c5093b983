package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// relativeChart draws each strategy of chart case cc over the reference strategy
// (strategies.Base, rwmutex) per GOMAXPROCS, on a log axis: throughput relative to the
// reference's (2× is twice as fast), or the footprint relative to its (0.5× is half the
// memory). ok is false for a case drawn by series parameter rather than by strategy, or
// one where the reference or every other strategy is missing.
func relativeChart(cc bench.Placed, _ *workload, t tcSeries) (chart, bool, error) {
	base := strategies.Base()
	var ref *series
	for _, s := range t.ss {
		if s.name == base {
			ref = s
		}
	}
	if cc.Series != "" || ref == nil {
		return chart{}, false, nil
	}
	var ls []line
	var all []value
	for _, s := range t.ss {
		if s == ref {
			continue
		}
		l := line{name: s.name, look: s.look}
		for _, pr := range procsOf([]*series{s}) {
			if rid, ok := ref.ids[pr]; ok {
				if v, ok := pairedRatio(t.f, rid, s.ids[pr], t.m.rate); ok {
					l.xs, l.vs = append(l.xs, float64(pr)), append(l.vs, v)
				}
			}
		}
		if len(l.xs) > 0 {
			all = append(all, l.vs...)
			l.vs = logged(l.vs)
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		return chart{}, false, nil
	}
	title := cc.Label() + ", " + t.tc.name + t.f.partialNote() + ", relative to " + base
	p := newPlot(title)
	what := "throughput"
	if !t.m.rate {
		what = t.m.label
	}
	p.Y.Label.Text = what + " over " + base + "'s (paired, 95% CI" + ciNote(all) + ")"
	ratioAxis(&p.Y, all)
	procs := procsOf(t.ss)
	procsAxis(p, procs)
	one, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: 0}, {X: p.X.Max, Y: 0}}) // log 1
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	one.Color, one.Width, one.Dashes = ref.look.color, vg.Points(1.2), []vg.Length{vg.Points(5), vg.Points(3)}
	p.Add(one)
	p.Legend.Add(base+" = 1×", one)
	if err := addLines(p, ls, procsStep(procs)); err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	svg, err := render(p, chartWidth, chartHeight)
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{section: cc.Label(), title: title, file: chartBase(cc) + "-relative-" + slug(t.tc.name) + ".svg", svg: svg, kind: chartRelative, toolchain: t.tc.name}, true, nil
}

// pairedRatio returns strategy s's value over the reference's in file f, from their
// samples paired by pass (guide.go's pair, as the guide compares its winner with the
// runner-up): the median of the per-pass ratios with its 95% interval (stats.Ratio),
// not the ratio of the two medians or of their intervals' ends. A pass's conditions
// weigh on both samples of a pair alike and cancel out. With rate set the samples are ns
// per item and the ratio is the reference's over s's: s's rate over the reference's.
// ok is false when no pair has a non-zero sample.
func pairedRatio(f *rawFile, ref, s sampleID, rate bool) (value, bool) {
	return pairedAcross(f, ref, f, s, rate)
}

// pairedAcross is pairedRatio for samples s of file fs over samples ref of file fref,
// which must come from one run (sameRun), whose pass numbers they share.
func pairedAcross(fref *rawFile, ref sampleID, fs *rawFile, s sampleID, rate bool) (value, bool) {
	r := passRatio(fref, ref, fs, s) // s over ref
	if rate {
		r = passRatio(fs, s, fref, ref)
	}
	if r.N == 0 || math.IsNaN(r.Center) || r.Center <= 0 {
		return value{}, false
	}
	return value{mid: r.Center, lo: r.Lo, hi: r.Hi, iv: !math.IsInf(r.Lo, 0) && !math.IsInf(r.Hi, 0) && r.Lo > 0}, true
}

// ratioAxis makes ax a log axis of ratios around 1 that holds every median and interval
// (drawn as logAxis draws it; an interval reaching more than four times beyond its median runs off the chart), at
// least from 0.8× to 1.25×.
func ratioAxis(ax *plot.Axis, vs []value) {
	lo, hi := 1.0, 1.0
	for _, v := range vs {
		lo, hi = math.Min(lo, v.mid), math.Max(hi, v.mid)
		if v.iv {
			lo, hi = math.Min(lo, math.Max(v.lo, v.mid/4)), math.Max(hi, math.Min(v.hi, v.mid*4))
		}
	}
	logAxis(ax, math.Min(lo/1.12, 0.8), math.Max(hi*1.12, 1.25), ratioTicks{})
}

// ratioTicks marks a log axis of ratios at the powers of two (0.25×, 0.5×, 1×, 2×, 4×)
// and, where the axis spans too little for three of them, at 1.5 times them too (0.75×,
// 1.5×, 3×), then at 1.25 and 1.75 times them (0.875×, 1.25×).
type ratioTicks struct{}

func (ratioTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for _, factors := range [][]float64{{1}, {1, 1.5}, {1, 1.25, 1.5, 1.75}} {
		ticks = ticks[:0]
		for k := math.Floor(math.Log2(lo)) - 1; k <= math.Ceil(math.Log2(hi)); k++ {
			for _, f := range factors {
				if v := f * math.Exp2(k); v >= lo && v <= hi {
					ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64) + "×"})
				}
			}
		}
		if len(ticks) >= 3 {
			break
		}
	}
	return ticks
}
