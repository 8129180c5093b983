package bench

import "github.com/cmapbench/cmapbench/strategies"

// warm returns a map of strategy s in the steady state that a long-lived map of that
// strategy reaches under a workload, made the same way for every strategy:
//
//  1. every key is stored once;
//  2. one full Range visits every entry;
//  3. the keys that the workload's steady state leaves absent (absent(i) for keys[i]) are
//     deleted.
//
// Step 2 is what a long-lived map has had time for: go1.23's sync.Map serves Loads from a
// lock-free read-only map only after its dirty map has been promoted, which takes a Range
// or len(dirty) misses; a map filled with Store alone is measured on its mutex path. Step
// 3 comes after it, so that in go1.23's sync.Map a deleted key keeps its entry in the
// read-only map, as it does in a long-lived map whose keys were all once present.
func warm[K strategies.Key](s strategies.Strategy[K, int], keys []K, absent func(i int) bool) strategies.Map[K, int] {
	m := fill(s, keys)
	m.Range(func(K, int) bool { return true })
	if absent != nil {
		for i, k := range keys {
			if absent(i) {
				m.Delete(k)
			}
		}
	}
	return m
}

// steadyAbsent reports whether keys[i] is absent from the steady state of a workload whose
// writes are Stores and Deletes in equal numbers on the same key distribution: each key
// is present with probability 1/2 (whatever wrote it last), independently of how often it
// is drawn. Half the keys, chosen by a hash of i independent of the key itself, start
// absent, so the map's occupancy is stationary from the first operation on: every sample
// of every length sees the same share of hits.
func steadyAbsent(i int) bool { return keyOf(uint64(i)^0x5bd1e9955bd1e995)&1 == 1 }
