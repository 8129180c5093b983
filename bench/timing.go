package bench

import (
	"math"
	"runtime"
	"testing"
	"time"
)

// measure runs loop as the benchmark's timed region, under RunTimed. Before it, it
// collects the garbage of the setup, so that no collection of it runs on the clock, notes
// the allocation count and resets the timer; after it, it stops the timer and reports
// exact-allocs/op: allocations per op as a fraction. go test's allocs/op is the same count
// truncated to an integer, which shows a strategy that allocates once every few ops as
// allocating nothing.
func measure(b *testing.B, loop func()) {
	b.ReportAllocs()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs
	b.ResetTimer()
	RunTimed(loop)
	b.StopTimer()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(b.N), "exact-allocs/op")
}

// runParallel is b.RunParallel on par goroutines per P (b.SetParallelism), with each
// goroutine's body run as timed work; call it inside measure's loop.
func runParallel(b *testing.B, par int, body func(pb *testing.PB)) {
	b.SetParallelism(par)
	b.RunParallel(func(pb *testing.PB) {
		RunTimed(func() { body(pb) })
	})
}

// canaryTrips is the number of round trips in one batch of the canary probe.
const canaryTrips = 200

// ProbeCanary measures the state of the machine: the time, in ns, for one cache line to
// go from one core to another and back, best of three batches. On the 2-core virtual
// machines this suite is developed on, it reads either about 60-100 ns or 350-430 ns,
// switching within seconds, and benchmarks that write shared memory from two Ps run about
// twice as slow in the second state. It returns 0 on a machine with one CPU.
//
// The probe runs two goroutines on two Ps (raising GOMAXPROCS to 2 for the probe when it
// is 1), outside any timed region.
func ProbeCanary() float64 {
	if runtime.NumCPU() < 2 {
		return 0
	}
	if prev := runtime.GOMAXPROCS(0); prev < 2 {
		runtime.GOMAXPROCS(2)
		defer runtime.GOMAXPROCS(prev)
	}
	var line paddedCounter // odd: the prober's turn is over; even: the partner answered
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			v := line.Load()
			if v < 0 {
				return
			}
			if v&1 == 1 {
				line.Store(v + 1)
			}
		}
	}()
	best := math.Inf(1)
	var next int64
	for batch := 0; batch < 4; batch++ { // the first batch waits for the partner to start
		t0 := time.Now()
		for i := 0; i < canaryTrips; i++ {
			next++
			line.Store(next)
			next++
			for line.Load() != next {
			}
		}
		if batch > 0 {
			best = min(best, float64(time.Since(t0).Nanoseconds())/canaryTrips)
		}
	}
	line.Store(-1)
	<-done
	return best
}
