package maptest

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

// The sizes of the scenarios the strategies' tests run, declared once: package
// strategies runs them on the registry's strategies and a nested module on its own.

// StressGrow sizes the grow scenario of the stress test: small enough to finish quickly
// under -race, large enough that every strategy's table grows several times while readers
// and rangers run. A Range holds the lock-based maps' locks throughout; the pause lets
// writers make progress between Ranges instead of queueing behind them.
var StressGrow = GrowConfig{Writers: 4, Keys: 4000, Readers: 2, Rangers: 2, Pause: time.Millisecond, Verify: true}

// StressRange sizes the scenario of the Range test: stable keys present for the whole
// test, writers that grow the map with new keys, delete others, and store and delete keys
// of their own over and over.
var StressRange = RangeConfig{Writers: 3, Ranges: 40, Stable: 2000, Victims: 500, NewKeys: 4000, Churn: 500}

// Allocs checks the zero-allocation claims the README makes on m, a new map of a
// strategy: on a warm map with int keys, Load (hit and miss), Range and Len allocate
// nothing; Store and Update of a present key and a Delete then Store allocate nothing when
// writeAllocates (Info.WriteAllocates) is false, and Store and Update do allocate when it
// is true. It returns what differs from the claims, sorted.
func Allocs(m strategies.Map[int, int], writeAllocates bool) []string {
	for i := 0; i < 1000; i++ {
		m.Store(i*7919, i)
	}
	k := 500 * 7919
	var sink int
	// The callbacks are made once: a closure passed through an interface escapes, and
	// making it inside the measured function would count its allocation.
	visit := func(_, v int) bool { sink += v; return true }
	first := func(_, v int) bool { sink += v; return false }
	inc := func(old int, _ bool) int { return old + 1 }
	checks := map[string]func(){
		"Load":             func() { v, _ := m.Load(k); sink += v },
		"Load miss":        func() { v, _ := m.Load(-1); sink += v },
		"Range":            func() { m.Range(visit) },
		"Range early exit": func() { m.Range(first) },
		"Len":              func() { sink += m.Len() },
	}
	writes := map[string]func(){
		"Store present key":  func() { m.Store(k, 3) },
		"Update present key": func() { sink += m.Update(k, inc) },
	}
	var problems []string
	if !writeAllocates {
		maps.Copy(checks, writes)
		checks["Delete+Store"] = func() { m.Delete(k); m.Store(k, 5) }
	} else {
		for name, f := range writes {
			if n := testing.AllocsPerRun(100, f); n == 0 {
				problems = append(problems, name+" allocates nothing: the registry's WriteAllocates is wrong")
			}
		}
	}
	for name, f := range checks {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			problems = append(problems, fmt.Sprintf("%s: %v allocs per run, want 0", name, n))
		}
	}
	_ = sink
	slices.Sort(problems)
	return problems
}
