package main

import (
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/cmapbench/cmapbench/strategies"
)

// kept reports whether benchstat's projection spec keeps a result of strategy s in its
// tables: a fixed order @(list) also filters.
func kept(t *testing.T, spec, s string) bool {
	t.Helper()
	var parser benchproc.ProjectionParser
	filter, err := benchproc.NewFilter("*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.Parse(spec, filter); err != nil {
		t.Fatalf("parsing %q: %v", spec, err)
	}
	r := &benchfmt.Result{Name: benchfmt.Name("BenchmarkMix/strategy=" + s + "/keys=1000"), Iters: 1,
		Values: []benchfmt.Value{{Value: 1, Unit: "ns/op"}}}
	ok, err := filter.Apply(r)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestAddedStrategyReachesSummaries stands in a registry with one strategy more and checks
// that the benchstat tables keep its results, while the control copy stays out.
func TestAddedStrategyReachesSummaries(t *testing.T) {
	if kept(t, strategyColumns(strategies.Names(), nil), "extra") {
		t.Fatal("a strategy outside the order is kept: the test could not tell a missing one")
	}
	registry := append(strategies.Names(), "extra")
	spec := strategyColumns(registry, nil)
	for _, s := range registry {
		if !kept(t, spec, s) {
			t.Errorf("%s drops strategy %s from the tables", spec, s)
		}
	}
	if kept(t, spec, strategies.Base()+"-again") {
		t.Errorf("%s keeps the A/A control's copy in the tables", spec)
	}
	if spec := strategyColumns(registry, []string{"extra", "mutex"}); kept(t, spec, "xsync") || !kept(t, spec, "extra") {
		t.Errorf("%s: want only the chosen strategies", spec)
	}
}
