package bench

import "testing"

// The overhead comparison's workload: the Mix case keys=1000/keytype=int/dist=uniform/reads=100%.
var overheadSpec = traceSpec{keys: 1000, dist: distUniform, reads: 100}

var overheadWorkload = &Workload{
	Name: "Overhead",
	Doc: "the harness's cost: impl=direct is a hand-written loop of Loads on a plain map, impl=adapter the " +
		"unsafe strategy through the Mix driver; same keys, same trace, one goroutine",
	Params:     []Param{{Key: "impl", Default: []string{"direct", "adapter"}}},
	UsesUnsafe: true,
	Goroutines: func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		if c.Get("impl") == "adapter" {
			runMix(b, lookupStrategy[int](b, "unsafe"), overheadSpec)
			return
		}
		runDirect(b, overheadSpec)
	},
}

func runDirect(b *testing.B, spec traceSpec) {
	keys := intKeys(spec.keys)
	tr := trace(spec)
	m := make(map[int]int)
	for i, k := range keys {
		m[k] = i
	}
	mask := uint64(len(tr) - 1)
	i := uint64(1) * 0x9e3779b97f4a7c15 // the offset mixLoop gives its first goroutine
	sum := 0
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		e := tr[i&mask]
		i++
		sum += m[keys[e>>opBits]]
	}
	keep(sum)
}
