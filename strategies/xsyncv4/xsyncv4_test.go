package xsyncv4

import (
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// The checks every strategy of the root module's registry passes (package strategies'
// tests), run on xsyncv4 with the same scenarios and sizes from package maptest.

func TestRegistryLists(t *testing.T) {
	s := Strategy[int, int]()
	if s.Nested == "" || s.MinGo == "" || s.Module == "" {
		t.Errorf("the registry's xsyncv4 entry does not say where and for which Go it is built: %+v", s.Info)
	}
	if _, err := strategies.Lookup[int, int](s.Name); err == nil {
		t.Errorf("the root module's registry constructs %s, which only this module can", s.Name)
	}
}

func TestConformance(t *testing.T) {
	r := maptest.ConformAll(
		func(capacity int) strategies.Map[int, int] { return New[int, int](capacity) },
		func(capacity int) strategies.Map[string, int] { return New[string, int](capacity) })
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestZeroAllocs(t *testing.T) {
	for _, p := range maptest.Allocs(New[int, int](0), Strategy[int, int]().WriteAllocates) {
		t.Error(p)
	}
}

func TestStressGrow(t *testing.T) {
	r := maptest.Grow(New[int, int](0), maptest.StressGrow)
	if err := r.Err(); err != nil {
		t.Error(err)
	}
	if r.Ranges < int64(maptest.StressGrow.Rangers) {
		t.Errorf("%d Ranges made, want one per ranger at least", r.Ranges)
	}
}

func TestRangeUnderWrites(t *testing.T) {
	r := maptest.RangeSemantics(func() strategies.Map[int, int] { return New[int, int](0) }, maptest.StressRange)
	if err := r.Err(); err != nil {
		t.Error(err)
	}
	if r.Ranges != maptest.StressRange.Ranges {
		t.Errorf("measured %d Ranges under writes in %d rounds, want %d", r.Ranges, r.Rounds, maptest.StressRange.Ranges)
	}
}

func TestStressUpdate(t *testing.T) {
	if !Strategy[int, int]().UpdateAtomic {
		t.Skip("Update is not atomic")
	}
	for round := range maptest.StressUpdateRounds {
		if err := maptest.Updates(New[int, int](0), maptest.StressUpdate).Err(); err != nil {
			t.Fatalf("round %d of %d: %v", round+1, maptest.StressUpdateRounds, err)
		}
	}
}
