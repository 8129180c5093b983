package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/golden"
	"github.com/cmapbench/cmapbench/strategies"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

const chartsGoldenDir = "testdata/charts"

// testdataCharts loads testdata/results, one host's, and builds its charts.
func testdataCharts(t *testing.T) []chart {
	t.Helper()
	dss, err := loadDatasets(nil, filepath.Join("testdata", "results"), io.Discard)
	if err != nil || len(dss) != 1 {
		t.Fatalf("loading testdata/results: %d hosts, %v", len(dss), err)
	}
	charts, err := buildCharts(dss[0])
	if err != nil {
		t.Fatal(err)
	}
	return charts
}

// TestChartsGolden builds the charts of testdata/results and compares every SVG with its
// golden file in testdata/charts (NAME.golden.svg); a chart that changes, appears or
// disappears fails the test. go test -update rewrites the golden files and removes those
// of charts no longer drawn.
func TestChartsGolden(t *testing.T) {
	charts := testdataCharts(t)
	if *update {
		if err := os.MkdirAll(chartsGoldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	drawn := map[string]bool{}
	for _, c := range charts {
		name := strings.TrimSuffix(c.file, ".svg") + ".golden.svg"
		if drawn[name] {
			t.Errorf("two charts are written to %s", c.file)
		}
		drawn[name] = true
		golden.Check(t, filepath.Join(chartsGoldenDir, name), c.svg, *update)
	}
	entries, err := os.ReadDir(chartsGoldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".golden.svg") || drawn[e.Name()] {
			continue
		}
		if *update {
			if err := os.Remove(filepath.Join(chartsGoldenDir, e.Name())); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s: no chart is drawn for it any more (go test -update removes it)", e.Name())
	}
}

// TestChartKinds checks that every chart has a kind, and that each chart case has one
// throughput (or footprint) chart per toolchain that measured it, so that the page can
// pick one per situation.
func TestChartKinds(t *testing.T) {
	charts := testdataCharts(t)
	main := map[string]int{}
	kinds := map[string]int{}
	for _, c := range charts {
		kinds[c.kind]++
		switch c.kind {
		case chartThroughput, chartFootprint:
			main[c.section+" "+c.toolchain]++
		case chartRelative, chartLatency:
		case chartVersions, chartVersionsRelative:
			if c.toolchain != "" {
				t.Errorf("%s: a versions chart names toolchain %s", c.file, c.toolchain)
			}
			continue
		default:
			t.Errorf("%s: kind %q", c.file, c.kind)
		}
		if c.toolchain == "" {
			t.Errorf("%s (%s): no toolchain", c.file, c.kind)
		}
	}
	for k, n := range main {
		if n != 1 {
			t.Errorf("%s: %d throughput or footprint charts", k, n)
		}
	}
	for _, k := range []string{chartThroughput, chartFootprint, chartRelative, chartVersions, chartVersionsRelative, chartLatency} {
		if kinds[k] == 0 {
			t.Errorf("no %s chart drawn from testdata/results", k)
		}
	}
}

// TestStrategyLooks checks that every strategy the gate lets through has a look of its
// own: no two share their colour and marker, and the reference and the baseline stand
// apart.
func TestStrategyLooks(t *testing.T) {
	looks := strategyLooks()
	seen := map[string]string{}
	for _, name := range strategies.Measured() {
		l, ok := looks[name]
		if !ok {
			t.Errorf("strategy %s has no look", name)
			continue
		}
		key := fmt.Sprintf("%v %T", l.color, l.shape)
		if other, dup := seen[key]; dup {
			t.Errorf("strategies %s and %s share a look (%s)", other, name, key)
		}
		seen[key] = name
		if got := lookOf(name, true, 99); got != l {
			t.Errorf("lookOf(%s) = %v, want %v", name, got, l)
		}
	}
	if looks[strategies.Base()] != referenceLook {
		t.Errorf("the reference strategy %s is not drawn in the reference look", strategies.Base())
	}
}

// TestToolchainColors checks that a configuration's colour depends on its name alone,
// that next Go versions differ, and that a variant differs from its Go version.
func TestToolchainColors(t *testing.T) {
	names := []string{"go1.23.12", "go1.24.13", "go1.24.13-noswissmap", "go1.24.13-nosynchashtriemap", "go1.25.14", "go1.26.8", "go1.27rc1"}
	var colors []string
	for _, n := range names {
		c := fmt.Sprint(toolchainColor(n))
		if slices.Contains(colors, c) {
			t.Errorf("%s has the colour of another configuration: %s", n, c)
		}
		colors = append(colors, c)
	}
	if toolchainColor("go1.24.0") != toolchainColor("go1.24.13") {
		t.Error("two releases of one Go version differ in colour")
	}
	if toolchainColor("unknown") != chartGrey {
		t.Error("a name that is not a Go version is not grey")
	}
}

// TestLegendFits checks that a legend of many long entries, drawn beside the plot, lies
// inside the canvas: the canvas grows for it, leaving room for a wider substitute font.
func TestLegendFits(t *testing.T) {
	p := newPlot("a title")
	var ls []line
	for i := range 30 {
		ls = append(ls, line{name: fmt.Sprintf("go1.%d.13-nosynchashtriemap (partial run)", i), look: lookOf("", false, i), xs: []float64{1, 2}, vs: []value{{mid: 1}, {mid: 2}}})
	}
	if err := addLines(p, ls, 0.01); err != nil {
		t.Fatal(err)
	}
	size := p.Legend.Rectangle(draw.Canvas{}).Size()
	svg, err := render(p, chartWidth, chartHeight)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`).FindSubmatch(svg)
	if m == nil {
		t.Fatalf("no canvas size in the SVG")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	if w < (size.X*4/3 + vg.Points(minDataWidth)).Points() {
		t.Errorf("canvas width %g pt: the legend, %g pt wide, leaves less than %d pt to the plot", w, size.X.Points(), minDataWidth)
	}
	if h < size.Y.Points()+20 {
		t.Errorf("canvas height %g pt: the legend is %g pt tall", h, size.Y.Points())
	}
}
