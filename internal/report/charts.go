package report

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// chart is one SVG file and where the README shows it.
type chart struct {
	section string // the README subsection: the chart case
	title   string
	file    string // name in the charts directory
	svg     []byte
	// kind is what the chart shows (chartThroughput, ...): the page picks by it.
	kind string
	// toolchain is the configuration drawn; "" for a chart of several (chartVersions).
	toolchain string
}

// The kinds of chart.
const (
	// chartThroughput: per strategy against GOMAXPROCS, in ops/s (or keys/s, calls/s,
	// entries/s, as the workload's precise unit per item says); bars where the case
	// ran at one GOMAXPROCS only.
	chartThroughput = "throughput"
	// chartFootprint: the same for a workload whose unit is not a time (Memory's
	// B/entry), in that unit.
	chartFootprint = "footprint"
	// chartRelative: each strategy over the reference strategy per GOMAXPROCS, on a log
	// axis.
	chartRelative = "relative"
	// chartVersions: bars per strategy and toolchain at one GOMAXPROCS.
	chartVersions = "versions"
	// chartVersionsRelative: the same over the oldest toolchain's, on a log axis.
	chartVersionsRelative = "versions-relative"
	// chartLatency: the latency percentiles a workload reports, per strategy, on a log
	// axis (Grow's inserts: the resize stalls).
	chartLatency = "latency"
)

// series is one strategy (or one value of the chart case's series parameter) of a chart
// case in one file: its statistics and sample ids by GOMAXPROCS.
type series struct {
	name   string
	look   look
	points map[int]*stat
	ids    map[int]sampleID
}

// measure is what a chart draws of a case: the unit of the samples it reads, and how.
type measure struct {
	unit  string // in the raw file
	label string // drawn: "ops/s", "keys/s", "B/entry"
	what  string // the axis label's start: "throughput, "
	rate  bool   // unit is ns per item: draw 1e9 over it, items per second
}

// chartMeasure returns the measure of chart case cc in files: the workload's precise unit
// where it is not a time (Memory's B/entry); else a rate per item where the workload
// reports ns per item in a table (Grow's ns/key: keys/s; RapidGrow's ns/call: calls/s)
// and every file has it; else ops/s from ns/op.
func chartMeasure(cc bench.Placed, files []*rawFile) measure {
	if u := cc.Workload.PreciseUnit(); u != "ns/op" {
		return measure{unit: u, label: u}
	}
	for _, m := range cc.Workload.Metrics {
		noun, ok := strings.CutPrefix(m.Unit, "ns/")
		if !ok || !m.Table || noun == "op" || slices.ContainsFunc(files, func(f *rawFile) bool { return !f.hasUnit(cc.Workload.Name, m.Unit) }) {
			continue
		}
		return measure{unit: m.Unit, label: unitPlural(noun) + "/s", what: "throughput, ", rate: true}
	}
	return measure{unit: "ns/op", label: "ops/s", what: "throughput, ", rate: true}
}

func (f *rawFile) hasUnit(workload, unit string) bool {
	for id := range f.samples {
		if id.workload == workload && id.unit == unit {
			return true
		}
	}
	return false
}

// unitPlural is the plural of a unit's noun: keys, calls, entries.
func unitPlural(noun string) string {
	if s, ok := strings.CutSuffix(noun, "y"); ok && s != "" && !strings.ContainsAny(s[len(s)-1:], "aeiou") {
		return s + "ies"
	}
	return noun + "s"
}

// tcSeries is one toolchain's series of a chart case, from file f in measure m.
type tcSeries struct {
	tc *toolchain
	f  *rawFile
	m  measure
	ss []*series
}

// buildCharts draws, for every chart case and toolchain, its throughput (or footprint)
// against GOMAXPROCS, the strategies relative to the reference strategy and, where the
// workload reports latency percentiles, those; and, where two or more toolchains
// measured the case, bars per strategy and toolchain, absolute and relative to the
// oldest toolchain.
func buildCharts(ds *dataset) ([]chart, error) {
	var charts []chart
	for _, cc := range chartSituations(ds) {
		w := ds.byName[cc.Workload.Name]
		if w == nil {
			continue
		}
		// Per toolchain, the Go releases: the experiments' configurations show in the
		// bars per toolchain and in the README's attribution.
		for _, tc := range plainToolchains(ds) {
			f := tc.source[w.name]
			if f == nil {
				continue
			}
			m := chartMeasure(cc, []*rawFile{f})
			t := tcSeries{tc, f, m, chartSeries(w, f, cc, m.unit)}
			if len(t.ss) == 0 {
				continue
			}
			c, err := throughputChart(cc, t)
			if err != nil {
				return nil, err
			}
			charts = append(charts, c)
			for _, more := range []func(bench.Placed, *workload, tcSeries) (chart, bool, error){relativeChart, latencyChart} {
				c, ok, err := more(cc, w, t)
				if err != nil {
					return nil, err
				}
				if ok {
					charts = append(charts, c)
				}
			}
		}
		cs, err := versionsCharts(ds, cc, w)
		if err != nil {
			return nil, err
		}
		charts = append(charts, cs...)
	}
	return charts, nil
}

// chartSituations are the catalog's chart cases and the user's own situations in the data
// (a custom mix, a replayed trace).
func chartSituations(ds *dataset) []bench.Placed {
	out := bench.Situations(bench.Chart)
	for _, sc := range guideSituations(ds) {
		if cw := catalogWorkload(sc.Workload.Name); cw != nil && cw.Open != nil {
			out = append(out, sc)
		}
	}
	return out
}

// chartBase starts the file names of chart case cc's charts: its title, which the
// catalog keeps unique.
func chartBase(cc bench.Placed) string {
	return strings.Join(strings.FieldsFunc(slug(cc.Title), func(r rune) bool { return r == '_' || r == '-' }), "-")
}

// throughputChart draws chart case cc as one toolchain measured it: lines against
// GOMAXPROCS, or bars where it ran at one GOMAXPROCS only.
func throughputChart(cc bench.Placed, t tcSeries) (chart, error) {
	title := cc.Label() + ", " + t.tc.name + t.f.partialNote()
	kind := chartThroughput
	if !t.m.rate {
		kind = chartFootprint
	}
	p := newPlot(title)
	if pr := procsOf(t.ss); len(pr) == 1 {
		// One GOMAXPROCS value (e.g. Overhead, which runs only at 1): bars, not a
		// line chart with a single column of points.
		p.Title.Text = fmt.Sprintf("%s, GOMAXPROCS=%d", title, pr[0])
		seriesBars(p, t.m, t.ss, pr[0])
	} else if err := procsLines(p, t.m, t.ss); err != nil {
		return chart{}, fmt.Errorf("chart %s: %w", title, err)
	}
	svg, err := render(p, chartWidth, chartHeight)
	if err != nil {
		return chart{}, fmt.Errorf("chart %s: %w", title, err)
	}
	return chart{section: cc.Label(), title: p.Title.Text, file: chartBase(cc) + "-" + slug(t.tc.name) + ".svg", svg: svg, kind: kind, toolchain: t.tc.name}, nil
}

// procsLines draws each series against GOMAXPROCS in measure m, on a linear axis from 0.
func procsLines(p *plot.Plot, m measure, ss []*series) error {
	procs := procsOf(ss)
	var ls []line
	var all []value
	for _, s := range ss {
		l := line{name: s.name, look: s.look}
		for _, pr := range procs {
			if st := s.points[pr]; st != nil {
				l.xs = append(l.xs, float64(pr))
				l.vs = append(l.vs, valueOf(st, m.rate))
			}
		}
		ls = append(ls, l)
		all = append(all, l.vs...)
	}
	div := linearAxis(&p.Y, m.what, m.label, all)
	for i := range ls {
		ls[i].vs = scaled(ls[i].vs, div)
	}
	procsAxis(p, procs)
	return addLines(p, ls, procsStep(procs))
}

// procsAxis marks the x axis at each GOMAXPROCS measured.
func procsAxis(p *plot.Plot, procs []int) {
	p.X.Label.Text = "GOMAXPROCS"
	var ticks []plot.Tick
	for _, pr := range procs {
		ticks = append(ticks, plot.Tick{Value: float64(pr), Label: strconv.Itoa(pr)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = float64(procs[0])-0.25, float64(procs[len(procs)-1])+0.25
}

// procsStep is the sideways shift between the lines of a chart against GOMAXPROCS.
func procsStep(procs []int) float64 {
	step := 0.25
	for i := 1; i < len(procs); i++ {
		step = min(step, float64(procs[i]-procs[i-1]))
	}
	return step * 0.1
}

// seriesBars draws one bar per series at GOMAXPROCS procs, in the series' colours.
func seriesBars(p *plot.Plot, m measure, ss []*series, procs int) {
	var names []string
	var vs []value
	for _, s := range ss {
		names = append(names, s.name)
		vs = append(vs, valueOf(s.points[procs], m.rate))
	}
	div := linearAxis(&p.Y, m.what, m.label, vs)
	b := &bars{width: vg.Points(float64(chartWidth-100) / float64(len(ss)) * 0.6)}
	for i, v := range scaled(vs, div) {
		b.items = append(b.items, bar{at: float64(i), v: v, color: ss[i].look.color})
	}
	p.Add(b)
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(ss))-0.5
}

// procsOf lists the GOMAXPROCS values the series have, ascending.
func procsOf(ss []*series) []int {
	var procs []int
	for _, s := range ss {
		for pr := range s.points {
			if !slices.Contains(procs, pr) {
				procs = append(procs, pr)
			}
		}
	}
	sort.Ints(procs)
	return procs
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
