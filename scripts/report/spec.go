package main

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// What the report knows about the suite, as data: the workloads and their key metrics,
// the strategies' column order, the strategy guide's scenarios and the charts' cases.

// workloadSpec describes one of the suite's workloads.
type workloadSpec struct {
	name    string
	doc     string
	metrics []string // units that get a table of their own, besides ns/op
}

// workloadSpecs lists the workloads in the order make bench runs them; a workload found in
// the data but not here is shown after them, by name, with ns/op only.
var workloadSpecs = []workloadSpec{
	{"Grow", "one op fills a fresh map from empty to keys entries (GOMAXPROCS-readers writers, readers loaders); ns/key is ns/op per key, p99-ns the 99th percentile latency of a sampled Store", []string{"ns/key", "p99-ns"}},
	{"RapidGrow", "one op grows a fresh map with 131,072 operations (5% reads, 80% inserts, 5% deletes, 10% updates) shared out among GOMAXPROCS goroutines, each on its own keys; ns/call is per map operation", []string{"ns/call", "exact-allocs/op"}},
	{"Range", "one op is a Range over a warm map of keys entries that visits all of them (visit=all) or stops after 64 (visit=64), while writers goroutines store and delete other keys; writes/s is what the writers got done", []string{"ns/entry", "writes/s"}},
	{"Mix", "warm map of keys entries (in its steady state: half the keys present when the mix writes), GOMAXPROCS goroutines; each op is a Load (reads%) or a Store or a Delete, keys uniform or Zipfian", []string{"exact-allocs/op"}},
	{"Memory", "one goroutine fills a fresh map with keys entries; B/entry is the live heap the filled map holds, per entry", []string{"B/entry"}},
	{"Overhead", "the harness's cost on the Mix loop (Loads only, one goroutine): the same loop written by hand on a plain map (impl=direct), the unsafe strategy through the Mix driver (impl=unsafe), and the driver on a map that does nothing (impl=noop, the harness floor)", nil},
	{"Shards", "the sharded strategy at several shard counts (op=mix: Mix keys=1000 reads=90% uniform; op=grow: Grow keys=100000)", nil},
}

func specOf(name string) workloadSpec {
	for _, s := range workloadSpecs {
		if s.name == name {
			return s
		}
	}
	return workloadSpec{name: name}
}

// strategyOrder is the column order of the strategy tables; strategies not listed follow,
// by name.
var strategyOrder = []string{"rwmutex", "mutex", "syncmap", "sharded", "cmap", "xsync", "unsafe"}

// referenceStrategy is the single-goroutine baseline: a reference in the guide, never a
// contender (it is not safe for concurrent use).
const referenceStrategy = "unsafe"

// scenario is one line of the strategy guide: a question a user asks and the benchmark
// case that answers it.
type scenario struct {
	title    string
	question string
	workload string
	fixed    []string // key=value parameters the case must have
	// maximize, when set, names a parameter whose largest value present is taken (at the
	// largest GOMAXPROCS); "procs-1" counts as GOMAXPROCS-1. Values that count as 0 do not
	// qualify; when none does, fallback (key=value) is tried.
	maximize string
	fallback string
	// extra, when set, is a further unit of the winner's shown beside its ns/op (the
	// writers' writes/s under a Range: a Range that holds a lock starves them).
	extra string
}

// scenarios: every case is taken at the largest GOMAXPROCS measured.
var scenarios = []scenario{
	{
		title:    "Growth",
		question: "a map filled from empty by all goroutines, no capacity hint",
		workload: "Grow", fixed: []string{"keys=100000", "presize=false", "readers=0"},
	},
	{
		title:    "Iteration under writes",
		question: "full Ranges over 100,000 entries while other goroutines store and delete (ns/op favours a Range that locks the writers out: read the writes/s column beside it)",
		workload: "Range", fixed: []string{"keys=100000", "visit=all"},
		maximize: "writers", fallback: "writers=1", extra: "writes/s",
	},
	{
		title:    "Read-mostly",
		question: "a warm 1,000-key map, 90% Loads, uniform keys",
		workload: "Mix", fixed: []string{"keys=1000", "keytype=int", "dist=uniform", "reads=90%"},
	},
	{
		title:    "Write-heavy",
		question: "a warm 1,000-key map, 50% Loads and 50% Stores/Deletes, uniform keys",
		workload: "Mix", fixed: []string{"keys=1000", "keytype=int", "dist=uniform", "reads=50%"},
	},
	{
		title:    "Skewed keys",
		question: "a warm 1,000,000-key map, 90% Loads, Zipfian keys (a few hot keys)",
		workload: "Mix", fixed: []string{"keys=1000000", "keytype=int", "dist=zipf", "reads=90%"},
	},
}

// memoryCase is where the guide takes each winner's B/entry from (at the smallest
// GOMAXPROCS measured: the workload is single-goroutine).
var memoryCase = struct {
	workload string
	fixed    []string
}{"Memory", []string{"keys=1000000", "keytype=int"}}

// chartCase is the representative case of a workload that gets charts.
type chartCase struct {
	workload string
	fixed    []string
	series   string // the parameter that tells the lines apart: "" for the strategy
}

var chartCases = []chartCase{
	{workload: "Grow", fixed: []string{"keys=100000", "presize=false", "readers=0"}},
	{workload: "RapidGrow"},
	{workload: "Range", fixed: []string{"keys=100000", "writers=0", "visit=all"}},
	{workload: "Mix", fixed: []string{"keys=1000", "keytype=int", "dist=uniform", "reads=90%"}},
	{workload: "Memory", fixed: []string{"keys=1000000", "keytype=int"}},
	{workload: "Overhead", fixed: []string{"keys=1000"}, series: "impl"},
	{workload: "Shards", fixed: []string{"op=mix"}, series: "shards"},
}

// crossVersionNote goes above the cross-version tables.
const crossVersionNote = "Differences between Go versions mix the map implementation with GC, allocator and compiler changes (Go 1.26's Green Tea GC, for one): they are the whole toolchain's, not the map's alone."

// Orders.

func indexOr(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return len(list)
}

func workloadLess(a, b string) bool {
	var names []string
	for _, s := range workloadSpecs {
		names = append(names, s.name)
	}
	ia, ib := indexOr(names, a), indexOr(names, b)
	if ia != ib {
		return ia < ib
	}
	return a < b
}

func strategyLess(a, b string) bool {
	ia, ib := indexOr(strategyOrder, a), indexOr(strategyOrder, b)
	if ia != ib {
		return ia < ib
	}
	return a < b
}

func sortStrategies(s []string) {
	sort.Slice(s, func(i, j int) bool { return strategyLess(s[i], s[j]) })
}

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

var goVersionRE = regexp.MustCompile(`^go(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:beta|rc)\d+)?(.*)$`)

// versionLess orders toolchain names as Go versions: go1.23.12 < go1.25.0 <
// go1.25.0-noswissmap < go1.26.8; names that are not Go versions come last, by name.
func versionLess(a, b string) bool {
	ma, mb := goVersionRE.FindStringSubmatch(a), goVersionRE.FindStringSubmatch(b)
	if (ma == nil) != (mb == nil) {
		return ma != nil
	}
	if ma == nil {
		return a < b
	}
	for i := 1; i <= 3; i++ {
		na, _ := strconv.Atoi(ma[i])
		nb, _ := strconv.Atoi(mb[i])
		if na != nb {
			return na < nb
		}
	}
	// A pre-release comes before its release; beta before rc.
	if ma[4] != mb[4] {
		if ma[4] == "" || mb[4] == "" {
			return ma[4] != ""
		}
		return valueLess(ma[4], mb[4])
	}
	if ma[5] != mb[5] {
		return ma[5] < mb[5]
	}
	return a < b
}

// Cases.

// values splits a case's joined parameter values.
func (w *workload) values(vals string) []string {
	if len(w.params) == 0 {
		return nil
	}
	return strings.Split(vals, "\x00")
}

// get returns the value of parameter key in a case, "" when absent.
func (w *workload) get(vals, key string) string {
	i := indexOr(w.params, key)
	v := w.values(vals)
	if i >= len(v) {
		return ""
	}
	return v[i]
}

// matches reports whether a case has every key=value in fixed.
func (w *workload) matches(vals string, fixed []string) bool {
	for _, kv := range fixed {
		k, v, _ := strings.Cut(kv, "=")
		if !contains(w.params, k) || w.get(vals, k) != v {
			return false
		}
	}
	return true
}

// describe renders a case's parameters as "keys=1000 presize=false".
func (w *workload) describe(vals string) string {
	var parts []string
	for i, v := range w.values(vals) {
		parts = append(parts, w.params[i]+"="+v)
	}
	return strings.Join(parts, " ")
}

// point is one case of a workload at one GOMAXPROCS.
type point struct {
	vals  string
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

// label is how a scenario or chart case is written: "Grow keys=100000 presize=false".
func label(wl string, fixed []string) string {
	return strings.TrimSpace(wl + " " + strings.Join(fixed, " "))
}
