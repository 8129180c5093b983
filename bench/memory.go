package bench

import (
	"runtime"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var memoryWorkload = &Workload{
	Name: "Memory",
	Doc:  "fill a fresh map with `keys` entries from one goroutine",
	Metrics: []Metric{
		{Unit: "B/entry", Doc: "live heap held by the filled map after a GC, per entry (its precision target applies to B/entry, not to the fill's time)", Table: true},
	},
	Situations: []Situation{
		{Title: "Footprint", Question: "the live heap a map of 1,000,000 int entries holds, per entry", Params: []string{"keys=1000000", "keytype=int"}, Uses: Chart | Footprint},
	},
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000000"}},
		{Key: "keytype", Default: []string{keyInt}, Full: []string{keyString}},
	},
	Goroutines: func(c Case, procs int) int { return 1 },
	Precise:    "B/entry",
	Run: func(b *testing.B, c Case) {
		if c.Get("keytype") == keyString {
			runMemory(b, lookupStrategy[string](b, c.Strategy), keysFor[string](c.Int("keys")))
		} else {
			runMemory(b, lookupStrategy[int](b, c.Strategy), keysFor[int](c.Int("keys")))
		}
	},
}

func runMemory[K int | string](b *testing.B, s strategies.Strategy[K, int], keys []K) {
	var bytes uint64
	var before, after runtime.MemStats
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		var m strategies.Map[K, int]
		RunTimed(func() { m = fill(s, keys) })
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		if got := m.Len(); got != len(keys) {
			b.Fatalf("final Len = %d, want %d", got, len(keys))
		}
		runtime.KeepAlive(m)
		if after.HeapAlloc > before.HeapAlloc {
			bytes += after.HeapAlloc - before.HeapAlloc
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(bytes)/float64(b.N)/float64(len(keys)), "B/entry")
}

// fill returns a new map of strategy s holding keys[i] -> i: Memory's timed op, and the
// first step of a warm map.
func fill[K strategies.Key](s strategies.Strategy[K, int], keys []K) strategies.Map[K, int] {
	m := s.New(0)
	for i, k := range keys {
		m.Store(k, i)
	}
	return m
}
