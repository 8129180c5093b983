package bench

import (
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var updateWorkload = &Workload{
	Name: "Update",
	Doc:  "one Update that adds 1 to the value of a key (a counter) on a warm map holding every key, keys drawn uniform or scrambled-Zipfian (theta 0.99), through the strategy's own atomic read-modify-write (the strategy table's Update column), from `parallelism` goroutines per P; after every timed loop the values must have grown by exactly the number of ops, or the benchmark fails",
	Metrics: []Metric{
		{Unit: "exact-allocs/op", Doc: "allocations per op, not truncated to an integer", Table: true},
	},
	Situations: []Situation{
		{Title: "Counters", Question: "counters in a warm 1,000-key map: every op adds 1 to a key's value, uniform keys", Params: []string{"keys=1000", "dist=uniform", "parallelism=1"}, Uses: Guide | Chart},
		{Title: "Counters, oversubscribed", Question: "counters in a warm 1,000-key map, uniform keys, from four goroutines per P, as in a server (a lock holder descheduled holds up every goroutine that needs the lock)", Params: []string{"keys=1000", "dist=uniform", "parallelism=4"}, Uses: Guide | Chart},
	},
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000"}, Full: []string{"1000000"}},
		{Key: "dist", Default: []string{distUniform}, Full: []string{distZipf}},
		{Key: "parallelism", Default: []string{"1", "4"}},
	},
	Goroutines: func(c Case, procs int) int { return procs * c.Int("parallelism") },
	LeftOut: func(s strategies.Info) string {
		if s.UpdateAtomic {
			return ""
		}
		return "its Update is not atomic (" + s.Update + "), so concurrent increments would be lost"
	},
	Run: func(b *testing.B, c Case) {
		spec := traceSpec{keys: c.Int("keys"), dist: c.Get("dist"), reads: 100}
		runUpdate(b, lookupStrategy[int](b, c.Strategy), spec, c.Int("parallelism"))
	},
}

// increment is Update's function: a counter's next value.
func increment(old int, _ bool) int { return old + 1 }

// runUpdate times Updates that add 1 to the values of the keys of spec's trace, on a warm
// map of strategy s holding every key, from par goroutines per P. After the timed loop it
// checks that the values sum to what they summed to before plus b.N: an Update that is
// not atomic loses increments.
func runUpdate(b *testing.B, s strategies.Strategy[int, int], spec traceSpec, par int) {
	tr := traceOf[int](spec)
	wc := warmCacheFor[int]()
	m := wc.get(b, func() strategies.Map[int, int] {
		m := warm(s, intKeys(spec.keys), nil)
		wc.state = sumValues(m)
		return m
	})
	loop := loopsFor(m).updateLoop
	var ids atomic.Uint64
	measure(b, func() {
		runParallel(b, par, func(pb *testing.PB) {
			loop(pb, m, tr, ids.Add(1))
		})
	})
	before := wc.state.(int)
	after := sumValues(m)
	wc.state = after
	if after != before+b.N {
		b.Fatalf("%d Updates added %d to the values' sum: %d increments lost", b.N, after-before, before+b.N-after)
	}
}

// sumValues returns the sum of m's values.
func sumValues(m strategies.Map[int, int]) int {
	sum := 0
	m.Range(func(_, v int) bool {
		sum += v
		return true
	})
	return sum
}
