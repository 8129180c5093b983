package bench

import (
	"slices"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var mixWorkload = &Workload{
	Name: "Mix",
	Doc:  "one Load (`reads`%) or else a Store or a Delete (evenly split) on a warm map, keys drawn uniform or scrambled-Zipfian (theta 0.99), from `parallelism` goroutines per P (4: more goroutines than Ps, as a server calls a shared map; a lock holder descheduled in mid-operation holds up the others)",
	Metrics: []Metric{
		{Unit: "exact-allocs/op", Doc: "allocations per op, not truncated to an integer", Table: true},
	},
	Situations: []Situation{
		{Title: "Read-mostly", Question: "a warm 1,000-key map, 90% Loads, uniform keys", Params: []string{"keys=1000", "keytype=int", "dist=uniform", "reads=90%"}, Uses: Guide | Chart | Profile},
		{Title: "Write-heavy", Question: "a warm 1,000-key map, 50% Loads and 50% Stores/Deletes, uniform keys", Params: []string{"keys=1000", "keytype=int", "dist=uniform", "reads=50%"}, Uses: Guide | Chart},
		{Title: "Skewed keys", Question: "a warm 1,000,000-key map, 90% Loads, Zipfian keys (a few hot keys)", Params: []string{"keys=1000000", "keytype=int", "dist=zipf", "reads=90%"}, Uses: Guide | Chart | Profile},
		{Title: "Oversubscribed", Question: "a warm 1,000-key map, 90% Loads, uniform keys, from four goroutines per P, as in a server (a lock holder descheduled holds up every goroutine that needs the lock)", Params: []string{"keys=1000", "keytype=int", "dist=uniform", "reads=90%", "parallelism=4"}, Uses: Guide | Chart},
		{Title: "String keys", Question: "a warm 1,000-key map, 90% Loads, uniform 17-byte string keys (hashing and comparing a string instead of an int)", Params: []string{"keys=1000", "keytype=string", "dist=uniform", "reads=90%"}, Uses: Guide | Chart},
	},
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000", "1000000"}},
		{Key: "keytype", Default: []string{keyInt, keyString}},
		{Key: "dist", Default: []string{distUniform, distZipf}},
		{Key: "reads", Default: []string{"90%", "50%"}, Full: []string{"100%", "99%", "75%"}},
		{Key: "parallelism", Default: []string{"1", "4"}, Implied: "1"},
	},
	Restrict: []Restriction{
		{When: "keytype=" + keyString, Only: []string{"keys=1000", "dist=" + distUniform, "reads=90%", "parallelism=1"}},
		{When: "parallelism=4", Only: []string{"keys=1000", "keytype=" + keyInt, "dist=" + distUniform}},
	},
	Goroutines: func(c Case, procs int) int { return procs * c.Int("parallelism") },
	Run:        runMixCase,
}

// runMixCase runs a case of Mix, or of a custom mix, whose theta sets the Zipf skew.
func runMixCase(b *testing.B, c Case) {
	spec := traceSpec{keys: c.Int("keys"), dist: c.Get("dist"), reads: c.Int("reads")}
	if spec.dist == distZipf && slices.ContainsFunc(c.Workload.Params, func(p Param) bool { return p.Key == "theta" }) {
		t, err := strconv.ParseFloat(c.Get("theta"), 64)
		if err != nil {
			b.Fatalf("%s: theta: %v", c.Name(), err)
		}
		spec.theta = t
	}
	if c.Get("keytype") == keyString {
		runMix(b, lookupStrategy[string](b, c.Strategy), spec, c.Int("parallelism"))
	} else {
		runMix(b, lookupStrategy[int](b, c.Strategy), spec, c.Int("parallelism"))
	}
}

// warmCache keeps one sub-benchmark's warm map between the calls testing makes with
// growing b.N, so a million-entry map is made once per sample, not once per call.
// testing starts every sample (each -count and -cpu repetition) with a b.N == 1 call,
// and that call makes a fresh map: samples stay independent.
type warmCache[K comparable] struct {
	m strategies.Map[K, int]
	// state is what a workload keeps beside its warm map from one call to the next, made
	// with the map: Update's sum of the values, LoadOrStore's cache fill.
	state any
}

func (w *warmCache[K]) get(b *testing.B, build func() strategies.Map[K, int]) strategies.Map[K, int] {
	if w.m == nil || b.N == 1 {
		w.m, w.state = nil, nil
		w.m = build()
	}
	return w.m
}

// warmMaps holds the warm map of the sub-benchmark running now; Run clears it between
// sub-benchmarks so that at most one large map is alive at a time.
var warmMaps struct {
	ints    warmCache[int]
	strings warmCache[string]
}

func warmCacheFor[K int | string]() *warmCache[K] {
	var c any
	switch any(*new(K)).(type) {
	case int:
		c = &warmMaps.ints
	case string:
		c = &warmMaps.strings
	}
	return c.(*warmCache[K])
}

// mixAbsent returns which keys the steady state of spec's mix leaves absent: none when
// it only reads, else half of them (see steadyAbsent).
func mixAbsent(spec traceSpec) func(int) bool {
	if spec.reads >= 100 {
		return nil
	}
	return steadyAbsent
}

// runMix times spec's mix on a warm map of strategy s, from par goroutines per P.
func runMix[K int | string](b *testing.B, s strategies.Strategy[K, int], spec traceSpec, par int) {
	tr := traceOf[K](spec)
	m := warmCacheFor[K]().get(b, func() strategies.Map[K, int] {
		return warm(s, keysFor[K](spec.keys), mixAbsent(spec))
	})
	loop := loopsFor(m).mixLoop
	var ids atomic.Uint64
	measure(b, func() {
		runParallel(b, par, func(pb *testing.PB) {
			loop(pb, m, tr, ids.Add(1))
		})
	})
}
