package bench

import (
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// overheadReads is the Overhead workload's mix: Loads only, uniform int keys.
const overheadReads = 100

var overheadWorkload = &Workload{
	Name: "Overhead",
	Doc:  "the Mix loop (Loads only, uniform int keys, one goroutine) three ways: `impl=direct` the same loop written by hand on a plain map; `impl=unsafe` the `unsafe` strategy through the Mix driver; `impl=noop` the driver on a map that does nothing (the harness floor)",
	Situations: []Situation{
		{Title: "Harness overhead", Question: "what the driver costs on the Mix loop, against the same loop written by hand", Params: []string{"keys=1000"}, Series: "impl", Uses: Chart},
	},
	Params: []Param{
		{Key: "keys", Default: []string{"1000", "1000000"}},
		{Key: "impl", Default: []string{"direct", "unsafe", "noop"}},
	},
	UsesUnsafe: true,
	Goroutines: func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		spec := traceSpec{keys: c.Int("keys"), dist: distUniform, reads: overheadReads}
		switch c.Get("impl") {
		case "direct":
			runDirect(b, spec)
		case "noop":
			runMix(b, strategies.Floor[int, int](), spec, 1)
		default:
			runMix(b, lookupStrategy[int](b, "unsafe"), spec, 1)
		}
	},
}

// runDirect is runMix by hand on a plain map: the same trace, the same warm-up, the same
// RunParallel loop and decoding, with the map operations written out.
func runDirect(b *testing.B, spec traceSpec) {
	tr := traceOf[int](spec)
	keys := intKeys(spec.keys)
	m := make(map[int]int)
	for i, k := range keys {
		m[k] = i
	}
	for range m {
	}
	var ids atomic.Uint64
	measure(b, func() {
		runParallel(b, 1, func(pb *testing.PB) {
			directLoop(pb, m, tr, ids.Add(1))
		})
	})
}

// directLoop is mixLoop written for a plain map.
func directLoop(pb *testing.PB, m map[int]int, tr []entry[int], g uint64) {
	mask := uint64(len(tr) - 1)
	i := g * 0x9e3779b97f4a7c15
	sum, misses := 0, 0
	for pb.Next() {
		e := &tr[i&mask]
		i++
		switch e.op {
		case opLoad:
			if v, ok := m[e.key]; ok {
				sum += v
			} else {
				misses++
			}
		case opStore:
			m[e.key] = int(i)
		default:
			delete(m, e.key)
		}
	}
	keep(sum + misses)
}
