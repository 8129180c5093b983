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
		{Key: "reads", Default: []string{"100%", "90%", "50%"}, Full: []string{"99%", "75%"}},
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
// growing b.N, so a million-entry map is filled once per sample, not once per call.
// testing starts every sample (each -count and -cpu repetition) with a b.N == 1 call,
// and that call builds a fresh map: samples stay independent.
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

func runMix[K int | string](b *testing.B, s strategies.Strategy[K, int], spec traceSpec) {
	keys := keysFor[K](spec.keys)
	tr := trace(spec)
	m := warmCacheFor[K]().get(b, func() strategies.Map[K, int] {
		m := s.New(0)
		for i, k := range keys {
			m.Store(k, i)
		}
		return m
	})
	var ids atomic.Uint64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		mixLoop(pb, m, keys, tr, ids.Add(1))
	})
}

// mixLoop is one goroutine's timed loop: it walks the trace from its own offset.
func mixLoop[K comparable](pb *testing.PB, m strategies.Map[K, int], keys []K, tr []uint32, g uint64) {
	mask := uint64(len(tr) - 1)
	i := g * 0x9e3779b97f4a7c15 // a different offset for every goroutine
	sum := 0
	for pb.Next() {
		e := tr[i&mask]
		i++
		k := keys[e>>opBits]
		switch e & (1<<opBits - 1) {
		case opLoad:
			v, _ := m.Load(k)
			sum += v
		case opStore:
			m.Store(k, int(i))
		default:
			m.Delete(k)
		}
	}
	keep(sum)
}
