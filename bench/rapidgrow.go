package bench

import (
	"runtime"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// The RapidGrow mix, in percent of operations: the growth-with-churn mix used by
// published concurrent map benchmarks. Inserts outnumber deletes 16 to 1, so the map
// grows through every resize while reads, updates and deletes hit present keys.
const (
	rapidReads   = 5
	rapidInserts = 80
	rapidDeletes = 5
	rapidUpdates = 10
)

// rapidOps is the number of map operations in one RapidGrow op, shared out among the
// goroutines: the map ends with about three quarters as many entries (about 98,000).
const rapidOps = 1 << 17

var rapidGrowWorkload = &Workload{
	Name: "RapidGrow",
	Doc:  "grow a fresh map with 131,072 operations of the RapidGrow mix (5% read, 80% insert, 5% delete, 10% update), shared out among GOMAXPROCS goroutines, each on its own keys with its own fixed sequence: every op is the same work, ending at about 98,000 entries",
	Metrics: []Metric{
		{Unit: "ns/call", Doc: "per map operation", Table: true},
		{Unit: "exact-allocs/op", Doc: "allocations per op, not truncated to an integer", Table: true},
	},
	Situations: []Situation{
		{Title: "Growth with churn", Question: "a map grown by all goroutines with 80% inserts, 5% reads, 5% deletes and 10% updates", Uses: Chart | Profile},
	},
	PerStrategy: true,
	Goroutines:  func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		runRapidGrow(b, lookupStrategy[int](b, c.Strategy))
	},
}

// rapidKey is goroutine g's i'th key: distinct across goroutines, computed in a few
// instructions so the timed loop needs no key table.
func rapidKey(g, i uint64) int { return keyOf(g<<40 | i) }

// rapidShare is member i's share of rapidOps among procs goroutines.
func rapidShare(i, procs int) int {
	n := rapidOps / procs
	if i < rapidOps%procs {
		n++
	}
	return n
}

// runRapidGrow runs RapidGrow: every op starts from a fresh map, and every goroutine runs
// the same operations in every op, so that one op is the same work whatever b.N.
func runRapidGrow(b *testing.B, s strategies.Strategy[int, int]) {
	procs := runtime.GOMAXPROCS(0)
	type result struct {
		sum, live int
		_         [112]byte
	}
	res := make([]result, procs)
	m := s.New(0)
	loops := loopsFor(m)
	c := newCrew(procs, func(i int) {
		sum, live := loops.rapidLoop(m, uint64(i+1), rapidShare(i, procs))
		res[i].sum += sum
		res[i].live = live
	})
	defer c.stop()

	c.begin()
	measure(b, func() {
		for n := 0; n < b.N; n++ {
			m = s.New(0)
			c.op()
		}
	})
	c.end()

	want := 0
	for i := range res {
		keep(res[i].sum)
		want += res[i].live
	}
	if got := m.Len(); got != want {
		b.Fatalf("final Len = %d, want %d (inserts minus deletes)", got, want)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rapidOps, "ns/call")
}
