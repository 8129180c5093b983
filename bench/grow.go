package bench

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

var growWorkload = &Workload{
	Name: "Grow",
	Doc: "one op fills a fresh map from empty to keys entries: GOMAXPROCS-readers goroutines insert disjoint " +
		"ranges while readers goroutines load keys already inserted; reports ns/key and p50/p99/p99.9 insert latency",
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

// paddedCounter is an atomic counter alone on its cache lines.
type paddedCounter struct {
	atomic.Int64
	_ [120]byte
}

// growWriter is one inserting goroutine's state, on its own cache lines.
type growWriter struct {
	keys []int
	hist histogram
	_    [64]byte
}

// runGrow fills a map with GOMAXPROCS-readers writers and readers readers: one goroutine
// per P, so that no goroutine waits for a time slice.
func runGrow(b *testing.B, s strategies.Strategy[int, int], keys []int, presize bool, readers int) {
	writers := runtime.GOMAXPROCS(0) - readers
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
	progress := make([]paddedCounter, writers) // writer i has stored ws[i].keys[:progress[i]]
	var (
		m                   strategies.Map[int, int]
		writersWG, readerWG sync.WaitGroup
		stop                atomic.Bool // tells readers that this op's writers are done
		misses              atomic.Int64
	)
	insert := func(w int) {
		wr := &ws[w]
		p := &progress[w]
		for i, k := range wr.keys {
			if i%latencyEvery == 0 {
				t0 := time.Now()
				m.Store(k, i)
				wr.hist.record(int64(time.Since(t0)))
				p.Store(int64(i + 1))
				continue
			}
			m.Store(k, i)
		}
		p.Store(int64(len(wr.keys)))
	}
	read := func(r int) {
		g := newRNG(uint64(r + 1))
		sum, miss := 0, 0
		for !stop.Load() {
			w := g.below(uint64(writers))
			n := progress[w].Load()
			if n == 0 {
				continue
			}
			v, ok := m.Load(ws[w].keys[g.below(uint64(n))])
			if !ok {
				miss++
			}
			sum += v
		}
		keep(sum)
		misses.Add(int64(miss))
	}
	// Helpers live for the whole benchmark and are started per op through channels, so
	// that allocs/op counts the map's allocations, not goroutine starts. Writer 0 is the
	// benchmark goroutine itself.
	writerStart := make([]chan struct{}, writers)
	readerStart := make([]chan struct{}, readers)
	for i := 1; i < writers; i++ {
		writerStart[i] = make(chan struct{})
		go func() {
			for range writerStart[i] {
				insert(i)
				writersWG.Done()
			}
		}()
	}
	for r := range readerStart {
		readerStart[r] = make(chan struct{})
		go func() {
			for range readerStart[r] {
				read(r)
				readerWG.Done()
			}
		}()
	}
	defer func() {
		for _, c := range append(writerStart[1:], readerStart...) {
			close(c)
		}
	}()

	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		m = s.New(hint)
		for i := range progress {
			progress[i].Store(0)
		}
		stop.Store(false)
		readerWG.Add(readers)
		for _, c := range readerStart {
			c <- struct{}{}
		}
		writersWG.Add(writers - 1)
		for _, c := range writerStart[1:] {
			c <- struct{}{}
		}
		insert(0)
		writersWG.Wait()
		stop.Store(true)
		readerWG.Wait()
	}
	b.StopTimer()

	if got := m.Len(); got != len(keys) {
		b.Fatalf("final Len = %d, want %d", got, len(keys))
	}
	if x := misses.Load(); x > 0 {
		b.Fatalf("readers missed %d keys that writers had already stored", x)
	}
	var h histogram
	for i := range ws {
		h.merge(&ws[i].hist)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(keys)), "ns/key")
	b.ReportMetric(h.quantile(0.50), "p50-ns")
	b.ReportMetric(h.quantile(0.99), "p99-ns")
	b.ReportMetric(h.quantile(0.999), "p99.9-ns")
}
