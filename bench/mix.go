package bench

import (
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var mixWorkload = &Workload{
	Name: "Mix",
	Doc: "warm map of keys entries; each op is a Load (reads%) or else a Store or a Delete (evenly split), " +
		"keys drawn uniform or scrambled-Zipfian (theta 0.99); GOMAXPROCS goroutines",
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000", "1000000"}},
		{Key: "keytype", Default: []string{keyInt}, Full: []string{keyString}},
		{Key: "dist", Default: []string{distUniform, distZipf}},
		{Key: "reads", Default: []string{"90%", "50%"}, Full: []string{"100%", "99%", "75%"}},
	},
	Goroutines: func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		spec := traceSpec{keys: c.Int("keys"), dist: c.Get("dist"), reads: c.Int("reads")}
		if c.Get("keytype") == keyString {
			runMix(b, lookupStrategy[string](b, c.Strategy), spec)
		} else {
			runMix(b, lookupStrategy[int](b, c.Strategy), spec)
		}
	},
}

// warmCache keeps one sub-benchmark's warm map between the calls testing makes with
// growing b.N, so a million-entry map is made once per sample, not once per call.
// testing starts every sample (each -count and -cpu repetition) with a b.N == 1 call,
// and that call makes a fresh map: samples stay independent.
type warmCache[K comparable] struct {
	m strategies.Map[K, int]
}

func (w *warmCache[K]) get(b *testing.B, build func() strategies.Map[K, int]) strategies.Map[K, int] {
	if w.m == nil || b.N == 1 {
		w.m = nil
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

func runMix[K int | string](b *testing.B, s strategies.Strategy[K, int], spec traceSpec) {
	tr := traceOf[K](spec)
	m := warmCacheFor[K]().get(b, func() strategies.Map[K, int] {
		return warm(s, keysFor[K](spec.keys), mixAbsent(spec))
	})
	loop := loopsFor(m).mixLoop
	var ids atomic.Uint64
	measure(b, func() {
		runParallel(b, func(pb *testing.PB) {
			loop(pb, m, tr, ids.Add(1))
		})
	})
}
