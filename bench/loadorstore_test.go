package bench

import (
	"math"
	"slices"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// A LoadOrStore op is one LoadOrStore, plus one Delete for a miss that stored: at one P,
// every miss stores, hits% of the ops find their key, and the cache keeps its size.
func TestLoadOrStoreIsSteady(t *testing.T) {
	const keys, hits = 1000, 90
	s, made := recording()
	res := benchmark(t, "20000x", 1, func(b *testing.B) { runLoadOrStore(b, s, keys, hits) })
	r := (*made)[0]
	start := slices.Index(r.log, "Range") + 1 + ownLag + herdLag // after the warm-up and the fill's first keys
	ops := countOps(r.log[start:])
	if ops["LoadOrStore"] != 20001 || len(ops) != 2 {
		t.Fatalf("operations after the warm-up: %v; want 20001 LoadOrStores and Deletes", ops)
	}
	stores := res.Extra["stores/op"]
	if math.Abs(float64(ops["Delete"])-stores*20000) > 1 {
		t.Errorf("%d Deletes; want one per store, %v per op of the last round", ops["Delete"], stores)
	}
	if math.Abs(stores-(100-hits)/100.0) > 0.02 {
		t.Errorf("stores/op = %v at one P, want about %v", stores, (100-hits)/100.0)
	}
	if want := keys + ownLag + herdLag; r.Len() != want {
		t.Errorf("the cache holds %d entries, want %d", r.Len(), want)
	}
}

// At two Ps the cache keeps its size too (the benchmark checks it), and the herd's
// races show as fewer stores than misses.
func TestLoadOrStoreHerd(t *testing.T) {
	s, err := strategies.Lookup[int, int]("xsync")
	if err != nil {
		t.Fatal(err)
	}
	res := benchmark(t, "200000x", 2, func(b *testing.B) { runLoadOrStore(b, s, 1000, 90) })
	if st := res.Extra["stores/op"]; st <= 0.04 || st > 0.11 {
		t.Errorf("stores/op = %v at two Ps, want between 0.05 (own misses) and 0.1", st)
	}
}
