package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"gonum.org/v1/plot"
)

// latencyUnits are the latency percentiles workload w reports (Grow's p50-ns, p99-ns,
// p99.9-ns), in its order.
func latencyUnits(w *bench.Workload) []string {
	var units []string
	for _, m := range w.Metrics {
		if strings.HasPrefix(m.Unit, "p") && strings.HasSuffix(m.Unit, "-ns") {
			units = append(units, m.Unit)
		}
	}
	return units
}

// latencyChart draws, for a chart case whose workload reports latency percentiles (Grow:
// single inserts, one in 64 timed), each strategy's percentiles side by side at the
// largest GOMAXPROCS measured (the one the guide answers at), on a log axis: the median
// insert against the tail, where a resize stalls an insert. ok is false when the workload
// reports none or the file has none.
func latencyChart(cc bench.Placed, w *workload, t tcSeries) (chart, bool, error) {
	units := latencyUnits(cc.Workload)
	if len(units) == 0 || cc.Series != "" {
		return chart{}, false, nil
	}
	per := make([][]*series, len(units))
	procs := 0
	for i, u := range units {
		per[i] = chartSeries(w, t.f, cc, u)
		procs = max(procs, slicesMax(procsOf(per[i])))
	}
	var ls []line
	var all []value
	for _, s := range per[0] { // every strategy reports every percentile
		l := line{name: s.name, look: s.look}
		for i := range units {
			for _, o := range per[i] {
				if st := o.points[procs]; o.name == s.name && st != nil && st.median() > 0 {
					l.xs, l.vs = append(l.xs, float64(i)), append(l.vs, valueOf(st, false))
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
	title := fmt.Sprintf("%s, %s%s, GOMAXPROCS=%d: latency", cc.Label(), t.tc.name, t.f.partialNote(), procs)
	p := newPlot(title)
	p.Y.Label.Text = "latency (median, 95% CI" + ciNote(all) + ")"
	timeLogAxis(&p.Y, all)
	var ticks []plot.Tick
	for i, u := range units {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: strings.TrimSuffix(u, "-ns")})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Label.Text = "percentile of single " + latencyNoun(cc.Workload)
	p.X.Min, p.X.Max = -0.4, float64(len(units))-0.6
	if err := addLines(p, ls, 0.3/float64(len(ls)+1)); err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	svg, err := render(p, chartWidth, chartHeight)
	if err != nil {
		return chart{}, false, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{section: cc.Label(), title: title, file: chartBase(cc) + "-latency-" + slug(t.tc.name) + ".svg", svg: svg, kind: chartLatency, toolchain: t.tc.name}, true, nil
}

// latencyNoun says what a latency sample of w times, from its metric's doc: "inserts"
// for Grow.
func latencyNoun(w *bench.Workload) string {
	for _, m := range w.Metrics {
		if rest, ok := strings.CutPrefix(m.Doc, "median latency of single "); ok {
			noun, _, _ := strings.Cut(rest, ",")
			return noun
		}
	}
	return "ops"
}

func slicesMax(s []int) int {
	m := 0
	for _, v := range s {
		m = max(m, v)
	}
	return m
}

// timeLogAxis makes ax a log axis in ns that holds every median and interval (an
// interval reaching more than ten times beyond its median runs off the chart), marked
// at 1, 2 and 5 times the powers of ten in the unit that suits each mark: 500 ns, 1 µs.
func timeLogAxis(ax *plot.Axis, vs []value) {
	lo, hi := math.Inf(1), 0.0
	for _, v := range vs {
		lo, hi = math.Min(lo, v.mid), math.Max(hi, v.mid)
		if v.iv && v.lo > 0 {
			lo, hi = math.Min(lo, math.Max(v.lo, v.mid/10)), math.Max(hi, math.Min(v.hi, v.mid*10))
		}
	}
	logAxis(ax, lo/1.3, hi*1.3, timeTicks{})
}

// timeTicks marks a log axis in ns at 1, 2 and 5 times the powers of ten (at the powers
// alone over more than three decades), labelled in the unit the tables use for each.
type timeTicks struct{}

func (timeTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	factors := []float64{1, 2, 5}
	if hi/lo > 1e3 {
		factors = factors[:1] // more than three decades: the powers of ten alone
	}
	for k := math.Floor(math.Log10(lo)); k <= math.Ceil(math.Log10(hi)); k++ {
		for _, f := range factors {
			v := f * math.Pow10(int(k))
			if v < lo || v > hi {
				continue
			}
			div, name := scaleOf("ns", v)
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v/div, 'f', -1, 64) + " " + name})
		}
	}
	return ticks
}
