package strategies_test

import (
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// TestStressGrow grows every concurrent strategy from empty with several writers while
// readers load keys already published as inserted and rangers iterate. Run it under
// -race (make test does): the race detector checks the strategies' synchronisation, the
// test checks that no inserted key is ever missing, no value is ever torn or wrong, a
// LoadOrStore of a new key stores it, and a Range visits each key at most once and every
// key stored before it began.
//
// A strategy the gate already excludes is skipped: what this test finds in it varies
// from run to run, so it cannot be asserted without flaking. The safety matrix runs the
// same scenario on it, under -race, and keeps the evidence.
func TestStressGrow(t *testing.T) {
	for _, s := range strategies.All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run("strategy="+s.Name, func(t *testing.T) {
			skipExcluded(t, s.Info)
			t.Parallel()
			r := maptest.Grow(s.New(0), maptest.StressGrow)
			if err := r.Err(); err != nil {
				t.Error(err)
			}
			if r.Ranges < int64(maptest.StressGrow.Rangers) {
				t.Errorf("%d Ranges made, want one per ranger at least", r.Ranges)
			}
		})
	}
}

// TestRangeUnderWrites checks, for every concurrent strategy, that while writers store and
// delete other keys, a Range visits every key present for the whole iteration exactly
// once, and any other key at most once. A strategy the gate excludes is skipped, as in
// TestStressGrow.
func TestRangeUnderWrites(t *testing.T) {
	for _, s := range strategies.All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run("strategy="+s.Name, func(t *testing.T) {
			skipExcluded(t, s.Info)
			t.Parallel()
			r := maptest.RangeSemantics(func() strategies.Map[int, int] { return s.New(0) }, maptest.StressRange)
			if err := r.Err(); err != nil {
				t.Error(err)
			}
			if r.Ranges != maptest.StressRange.Ranges {
				t.Errorf("measured %d Ranges under writes in %d rounds, want %d", r.Ranges, r.Rounds, maptest.StressRange.Ranges)
			}
		})
	}
}

// skipExcluded skips the test of a strategy the gate excludes, saying why.
func skipExcluded(t *testing.T, info strategies.Info) {
	t.Helper()
	if f, excluded := info.Excluded(); excluded {
		t.Skipf("%s is excluded (fails %s): its failures here vary from run to run; make safety runs this scenario on it and keeps the evidence", info.Name, f.Check)
	}
}

// TestStressUpdate adds to shared counters from several goroutines at once with every
// concurrent strategy's Update, on maptest.StressUpdateRounds fresh maps. Run it under
// -race (make test does): the race detector checks the read-modify-write's
// synchronisation, the test that no increment is lost, no counter is wrong and no
// goroutine sees a counter go back. A strategy whose Update is not atomic is skipped, with
// the reason, and so is a strategy the gate excludes, as in TestStressGrow.
func TestStressUpdate(t *testing.T) {
	for _, s := range strategies.All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run("strategy="+s.Name, func(t *testing.T) {
			if !s.UpdateAtomic {
				t.Skipf("Update is not atomic: %s", s.Update)
			}
			skipExcluded(t, s.Info)
			t.Parallel()
			want := int64(maptest.StressUpdate.Goroutines * maptest.StressUpdate.Updates)
			for round := range maptest.StressUpdateRounds {
				r := maptest.Updates(s.New(0), maptest.StressUpdate)
				if err := r.Err(); err != nil {
					t.Fatalf("round %d of %d: %v", round+1, maptest.StressUpdateRounds, err)
				}
				if r.Want != want || r.Sum != want {
					t.Fatalf("round %d: counters sum to %d of %d Updates, want %d", round+1, r.Sum, r.Want, want)
				}
			}
		})
	}
}
