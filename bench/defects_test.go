package bench

import (
	"flag"
	"math"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// These tests check that every op of a workload does the same, fixed amount of work,
// whatever b.N, and that its map starts in a steady state. They drive the workloads'
// run functions through testing.Benchmark with a recording map.

// recorder is a map (a mutex map inside) that records what is done to it.
type recorder struct {
	strategies.Map[int, int]
	mu     sync.Mutex
	log    []string // operation kinds, in order, while logging
	ranges []int    // per Range call: how many entries it visited
	stores int
}

func (r *recorder) note(op string) {
	r.mu.Lock()
	r.log = append(r.log, op)
	r.mu.Unlock()
}

func (r *recorder) Store(k, v int) {
	r.note("Store")
	r.Map.Store(k, v)
}

func (r *recorder) Delete(k int) {
	r.note("Delete")
	r.Map.Delete(k)
}

func (r *recorder) Update(k int, f func(int, bool) int) int {
	r.note("Update")
	return r.Map.Update(k, f)
}

func (r *recorder) LoadOrStore(k, v int) (int, bool) {
	r.note("LoadOrStore")
	return r.Map.LoadOrStore(k, v)
}

func (r *recorder) Load(k int) (int, bool) {
	r.note("Load")
	return r.Map.Load(k)
}

func (r *recorder) Range(f func(k, v int) bool) {
	r.note("Range")
	n := 0
	r.Map.Range(func(k, v int) bool {
		n++
		return f(k, v)
	})
	r.mu.Lock()
	r.ranges = append(r.ranges, n)
	r.mu.Unlock()
}

// recording returns a strategy whose maps are recorders, and the maps it has made.
func recording() (strategies.Strategy[int, int], *[]*recorder) {
	var mu sync.Mutex
	made := new([]*recorder)
	s := strategies.Strategy[int, int]{
		Info: strategies.Info{Name: "recorder", Concurrent: true},
		New: func(capacity int) strategies.Map[int, int] {
			r := &recorder{Map: strategies.NewMutex[int, int](capacity)}
			mu.Lock()
			*made = append(*made, r)
			mu.Unlock()
			return r
		},
	}
	return s, made
}

// benchmark runs f as testing.Benchmark does, with -test.benchtime set to benchtime
// (e.g. "5x": one call with b.N == 1, then one with b.N == 5) and GOMAXPROCS to procs.
func benchmark(t *testing.T, benchtime string, procs int, f func(b *testing.B)) testing.BenchmarkResult {
	t.Helper()
	if procs > runtime.NumCPU() {
		t.Skipf("needs %d CPUs", procs)
	}
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	if err := bt.Value.Set(benchtime); err != nil {
		t.Fatal(err)
	}
	defer bt.Value.Set(old)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	var failed bool
	r := testing.Benchmark(func(b *testing.B) {
		f(b)
		failed = failed || b.Failed()
	})
	if failed || r.N == 0 {
		t.Fatalf("the benchmark failed")
	}
	return r
}

// A warm Mix map has been through one full Range after it was filled, before any op
// (go1.23's sync.Map serves Loads without its mutex only after that), and holds the share
// of keys its mix's steady state holds.
func TestMixWarmMapIsSteady(t *testing.T) {
	for _, reads := range []int{100, 90} {
		s, made := recording()
		spec := traceSpec{keys: 1000, dist: distUniform, reads: reads}
		benchmark(t, "1x", 1, func(b *testing.B) { runMix(b, s, spec, 1) })
		r := (*made)[0]
		if len(r.log) < spec.keys+1 || slices.ContainsFunc(r.log[:spec.keys], func(op string) bool { return op != "Store" }) {
			t.Fatalf("reads=%d: the warm map was not filled with Stores first", reads)
		}
		if r.log[spec.keys] != "Range" || len(r.ranges) == 0 || r.ranges[0] != spec.keys {
			t.Fatalf("reads=%d: after filling, the next operation was %s, not a full Range", reads, r.log[spec.keys])
		}
		deletes := 0
		for _, op := range r.log[spec.keys+1:] {
			if op != "Delete" {
				break
			}
			deletes++
		}
		want := 0
		if reads < 100 {
			want = spec.keys / 2
		}
		if math.Abs(float64(deletes-want)) > 0.1*float64(spec.keys) {
			t.Errorf("reads=%d: warm-up deleted %d keys of %d, want about %d", reads, deletes, spec.keys, want)
		}
	}
}

// Under a mix of Stores and Deletes, the share of present keys does not drift: the warm
// map starts where the mix keeps it.
func TestMixOccupancyIsStationary(t *testing.T) {
	for _, dist := range []string{distUniform, distZipf} {
		spec := traceSpec{keys: 10000, dist: dist, reads: 50}
		m := warm(strategies.Strategy[int, int]{New: func(c int) strategies.Map[int, int] { return strategies.NewUnsafe[int, int](c) }},
			intKeys(spec.keys), mixAbsent(spec))
		start := float64(m.Len()) / float64(spec.keys)
		tr := traceOf[int](spec)
		for round := 0; round < 4; round++ {
			for _, e := range tr {
				switch e.op {
				case opStore:
					m.Store(e.key, 1)
				case opDelete:
					m.Delete(e.key)
				}
			}
			if now := float64(m.Len()) / float64(spec.keys); math.Abs(now-start) > 0.05 {
				t.Fatalf("dist=%s: %.0f%% of the keys present at the start, %.0f%% after %d trace rounds", dist, 100*start, 100*now, round+1)
			}
		}
	}
}

// A Range with visit=64 visits exactly 64 entries in every op, whatever order the map
// iterates in.
func TestRangeVisitsFixedCount(t *testing.T) {
	s, made := recording()
	benchmark(t, "50x", 1, func(b *testing.B) { runRange(b, s, 1000, 0, 64) })
	for _, r := range *made {
		for i, n := range r.ranges[1:] { // ranges[0] is the warm-up's
			if n != 64 {
				t.Fatalf("Range %d visited %d entries, want 64", i+1, n)
			}
		}
	}
}

// writes/s counts the writers' writes exactly over the timed interval, not in blocks.
func TestRangeCountsEveryWrite(t *testing.T) {
	multiples := 0
	const runs = 5
	for run := 0; run < runs; run++ {
		s, made := recording()
		r := benchmark(t, "50x", 2, func(b *testing.B) { runRange(b, s, 1000, 1, 64) })
		last := (*made)[len(*made)-1]
		visited := 0
		for _, n := range last.ranges[1:] {
			visited += n
		}
		// ns/entry and writes/s share one elapsed time: their product gives the count.
		w := r.Extra["writes/s"] * r.Extra["ns/entry"] * float64(visited) / 1e9
		if math.Abs(w-math.Round(w)) > 1e-3 {
			t.Fatalf("writes in the timed interval: %v is not a whole number", w)
		}
		if int64(math.Round(w))%64 == 0 {
			multiples++
		}
	}
	if multiples == runs {
		t.Errorf("all %d runs counted a multiple of 64 writes: writes are counted in blocks", runs)
	}
}

// One RapidGrow op is the same work whatever b.N: every op's map ends the same size.
func TestRapidGrowOpIsFixed(t *testing.T) {
	for _, procs := range []int{1, 2} {
		var sizes []int
		for _, bt := range []string{"1x", "4x"} {
			s, made := recording()
			benchmark(t, bt, procs, func(b *testing.B) { runRapidGrow(b, s) })
			for _, r := range *made {
				if n := r.Len(); n > 0 {
					sizes = append(sizes, n)
				}
			}
		}
		if len(sizes) < 2 || slices.Min(sizes) != slices.Max(sizes) {
			t.Errorf("GOMAXPROCS %d: RapidGrow maps ended with %v entries, want one size for every op", procs, sizes)
		}
	}
}

// schedulingEvents returns how many times goroutines have been scheduled to run after
// waiting, so far (runtime/metrics /sched/latencies:seconds).
func schedulingEvents() uint64 {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	var n uint64
	for _, c := range s[0].Value.Float64Histogram().Counts {
		n += c
	}
	return n
}

// A Grow op at 2 Ps does not wake a parked goroutine: the helper is spinning when the op
// starts. The test needs both Ps to itself: on a busy machine the spinning goroutines are
// descheduled, which counts as scheduling too, and it is skipped.
func TestGrowDoesNotWakeGoroutinesPerOp(t *testing.T) {
	const ops = 2000
	s, err := strategies.Lookup[int, int]("mutex")
	if err != nil {
		t.Fatal(err)
	}
	var events uint64
	r := benchmark(t, "2000x", 2, func(b *testing.B) {
		before := schedulingEvents()
		runGrow(b, s, intKeys(256), true, 0)
		events = schedulingEvents() - before
	})
	if ns := r.NsPerOp(); ns > 100_000 {
		t.Skipf("an op of 256 inserts took %d ns: the two Ps were not free", ns)
	}
	// runtime/metrics samples one scheduling in 8; waking the helper in every op would
	// show about ops/4 (the helper, and the benchmark goroutine waiting for it).
	if events > ops/16 {
		t.Errorf("%d ops scheduled goroutines %d times (sampled): a goroutine is woken in every op", ops, events)
	}
}
