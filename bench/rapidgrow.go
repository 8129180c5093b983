package bench

import (
	"sync/atomic"
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

var rapidGrowWorkload = &Workload{
	Name: "RapidGrow",
	Doc: "starting empty, each goroutine runs the RapidGrow mix (5% read, 80% insert, 5% delete, 10% update) " +
		"on its own keys; one op is one operation",
	PerStrategy: true,
	Goroutines:  func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		runRapidGrow(b, lookupStrategy[int](b, c.Strategy))
	},
}

// rapidKey is goroutine g's i'th key: distinct across goroutines, computed in a few
// instructions so the timed loop needs no key table that would bound its length.
func rapidKey(g, i uint64) int { return keyOf(g<<40 | i) }

func runRapidGrow(b *testing.B, s strategies.Strategy[int, int]) {
	m := s.New(0)
	var ids, live atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		g := uint64(ids.Add(1))
		r := newRNG(g)
		// Goroutine g's present keys are rapidKey(g, i) for lo <= i < hi: deletes take
		// the oldest, inserts add the next, reads and updates pick one at random.
		var lo, hi uint64
		sum := 0
		for pb.Next() {
			x := r.next()
			op := (x >> 32) % 100
			if hi == lo || (op >= rapidReads && op < rapidReads+rapidInserts) {
				m.Store(rapidKey(g, hi), int(hi))
				hi++
				continue
			}
			switch {
			case op < rapidReads:
				v, _ := m.Load(rapidKey(g, lo+r.below(hi-lo)))
				sum += v
			case op < rapidReads+rapidInserts+rapidDeletes:
				m.Delete(rapidKey(g, lo))
				lo++
			default:
				m.Store(rapidKey(g, lo+r.below(hi-lo)), int(x))
			}
		}
		keep(sum)
		live.Add(int64(hi - lo))
	})
	b.StopTimer()
	if got, want := m.Len(), int(live.Load()); got != want {
		b.Fatalf("final Len = %d, want %d (inserts minus deletes)", got, want)
	}
}
