package bench

import (
	"runtime"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var growWorkload = &Workload{
	Name: "Grow",
	Doc:  "fill a fresh map from empty to `keys` entries: GOMAXPROCS−`readers` goroutines insert disjoint key ranges while `readers` goroutines load keys already inserted (the read-during-resize case)",
	Metrics: []Metric{
		{Unit: "ns/key", Doc: "ns/op per key", Table: true},
		{Unit: "p50-ns", Doc: "median latency of single inserts, one in 64 timed"},
		{Unit: "p99-ns", Doc: "99th percentile of the same: resize stalls show in the tail", Table: true},
		{Unit: "p99.9-ns", Doc: "99.9th percentile of the same"},
	},
	Situations: []Situation{
		{Title: "Growth", Question: "a map filled from empty by all goroutines, no capacity hint", Params: []string{"keys=100000", "presize=false", "readers=0"}, Uses: Guide | Chart | Profile},
	},
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000", "100000"}, Full: []string{"1000000"}},
		{Key: "presize", Default: []string{"false", "true"}},
		{Key: "readers", Default: []string{"0", "1"}},
	},
	Goroutines: func(c Case, procs int) int { return procs },
	Fits:       func(c Case, procs int) bool { return procs > c.Int("readers") },
	Run: func(b *testing.B, c Case) {
		runGrow(b, lookupStrategy[int](b, c.Strategy), intKeys(c.Int("keys")), c.Bool("presize"), c.Int("readers"))
	},
}

// growWriter is one inserting goroutine's state, on its own cache lines.
type growWriter struct {
	keys []int
	hist histogram
	_    [64]byte
}

// growReader is one loading goroutine's state, on its own cache lines.
type growReader struct {
	rng    rng
	sum    int
	misses int
	_      [104]byte
}

// runGrow fills a fresh map per op with GOMAXPROCS-readers writers and readers readers:
// one goroutine per P, so that no goroutine waits for a time slice. The goroutines are a
// crew: the helpers spin between ops instead of being woken for each.
func runGrow(b *testing.B, s strategies.Strategy[int, int], keys []int, presize bool, readers int) {
	procs := runtime.GOMAXPROCS(0)
	writers := procs - readers
	if writers < 1 {
		b.Fatalf("readers=%d needs GOMAXPROCS > %d", readers, readers)
	}
	hint := 0
	if presize {
		hint = len(keys)
	}
	ws := make([]growWriter, writers)
	for i := range ws {
		ws[i].keys = keys[i*len(keys)/writers : (i+1)*len(keys)/writers]
	}
	rs := make([]growReader, readers)
	for i := range rs {
		rs[i].rng = newRNG(uint64(i + 1))
	}
	progress := make([]paddedCounter, writers) // writer i has stored ws[i].keys[:progress[i]]
	var left paddedCounter                     // writers still inserting in this op
	m := s.New(hint)
	loops := loopsFor(m)
	c := newCrew(procs, func(i int) {
		if i < writers {
			loops.growInsert(m, ws[i].keys, &ws[i].hist, &progress[i])
			left.Add(-1)
			return
		}
		r := &rs[i-writers]
		sum, misses := loops.growRead(m, ws, progress, &left, &r.rng)
		r.sum += sum
		r.misses += misses
	})
	defer c.stop()

	c.begin()
	measure(b, func() {
		for n := 0; n < b.N; n++ {
			m = s.New(hint)
			for i := range progress {
				progress[i].Store(0)
			}
			left.Store(int64(writers))
			c.op()
		}
	})
	c.end()

	if got := m.Len(); got != len(keys) {
		b.Fatalf("final Len = %d, want %d", got, len(keys))
	}
	var h histogram
	for i := range ws {
		h.merge(&ws[i].hist)
	}
	for i := range rs {
		keep(rs[i].sum)
		if rs[i].misses > 0 {
			b.Fatalf("reader %d missed %d keys that writers had already stored", i, rs[i].misses)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(keys)), "ns/key")
	b.ReportMetric(h.quantile(0.50), "p50-ns")
	b.ReportMetric(h.quantile(0.99), "p99-ns")
	b.ReportMetric(h.quantile(0.999), "p99.9-ns")
}
