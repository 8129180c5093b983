package report

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
	"golang.org/x/perf/benchproc"
)

// What the report knows about the suite comes from the catalog (packages bench and
// strategies): the workloads' order, docs and metrics, the strategies' order and
// baseline, the guide's situations and the charts' cases. This file holds the orders the
// report derives from it.

// crossVersionNote goes above the cross-version tables.
const crossVersionNote = "Differences between Go versions mix the map implementation with GC, allocator and compiler changes (Go 1.26's Green Tea GC, for one): they are the whole toolchain's, not the map's alone."

// strategyOrder returns the display order of strategies: the registry's. A variable so
// that a test can stand in a registry with a strategy more.
var strategyOrder = strategies.Names

// catalogWorkload returns the catalog's workload called name, or nil for a workload
// found in the data that the catalog does not know.
func catalogWorkload(name string) *bench.Workload {
	w, err := bench.Lookup(name)
	if err != nil {
		return nil
	}
	return w
}

// tableMetrics returns the units the report tables for workload name: ns/op, then the
// catalog's metrics of it that have a table.
func tableMetrics(name string) []string {
	if w := catalogWorkload(name); w != nil {
		return w.TableMetrics()
	}
	return []string{"ns/op"}
}

// rank returns s's index in list, or len(list) when it is not there.
func rank(list []string, s string) int {
	if i := slices.Index(list, s); i >= 0 {
		return i
	}
	return len(list)
}

// byRank returns a comparison that orders names as list does; names not in it follow,
// by name.
func byRank(list []string) func(a, b string) int {
	return func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(list, a), rank(list, b)), strings.Compare(a, b))
	}
}

// workloadOrder is the catalog's order of the workloads' names.
func workloadOrder() []string {
	var names []string
	for _, w := range bench.Workloads() {
		names = append(names, w.Name)
	}
	return names
}

// strategyCompare returns the comparison that orders strategies as the registry does.
func strategyCompare() func(a, b string) int { return byRank(strategyOrder()) }

func sortStrategies(s []string) { slices.SortFunc(s, strategyCompare()) }

// valueLess orders parameter values: numbers (a trailing % allowed) ascending, before
// anything else, which goes by name.
func valueLess(a, b string) bool {
	fa, errA := strconv.ParseFloat(strings.TrimSuffix(a, "%"), 64)
	fb, errB := strconv.ParseFloat(strings.TrimSuffix(b, "%"), 64)
	switch {
	case errA == nil && errB == nil && fa != fb:
		return fa < fb
	case (errA == nil) != (errB == nil):
		return errA == nil
	}
	return a < b
}

// Cases.

// values returns a case's parameter values, in parameter order.
func (w *workload) values(vals benchproc.Key) []string {
	var v []string
	for _, f := range w.fields {
		v = append(v, vals.Get(f))
	}
	return v
}

// get returns the value of parameter key in a case, "" when absent.
func (w *workload) get(vals benchproc.Key, key string) string {
	if i := rank(w.params, key); i < len(w.fields) {
		return vals.Get(w.fields[i])
	}
	return ""
}

// runs reports whether a case, measured at GOMAXPROCS procs, runs situation sc there.
func (w *workload) runs(vals benchproc.Key, sc *bench.Situation, procs int) bool {
	return sc.Runs(func(k string) string { return w.get(vals, k) }, procs)
}

// describe renders a case's parameters as "keys=1000 presize=false".
func (w *workload) describe(vals benchproc.Key) string {
	var parts []string
	for i, v := range w.values(vals) {
		parts = append(parts, w.params[i]+"="+v)
	}
	return strings.Join(parts, " ")
}

// point is one case of a workload at one GOMAXPROCS.
type point struct {
	vals  benchproc.Key
	procs int
}

// pointLess orders cases by their parameter values, in parameter order, then GOMAXPROCS.
func (w *workload) pointLess(a, b point) bool {
	if a.vals != b.vals {
		va, vb := w.values(a.vals), w.values(b.vals)
		for i := range va {
			if i < len(vb) && va[i] != vb[i] {
				return valueLess(va[i], vb[i])
			}
		}
	}
	return a.procs < b.procs
}

func (w *workload) sortPoints(ps []point) {
	sort.Slice(ps, func(i, j int) bool { return w.pointLess(ps[i], ps[j]) })
}
