package strategies_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// conformAttempts bounds the runs of the conformance check that must give a declared
// failure's evidence once. The check's own sequences are fixed, but a library may work in
// goroutines of its own (hashmap resizes in a background goroutine), and which fault a
// run meets first then depends on when that goroutine runs: on a loaded machine, 3 runs in
// 200 of hashmap's first case met another fault first. The failure must still be there,
// and its declared evidence still reproducible.
const conformAttempts = 3

// TestConformance runs the conformance check (maptest.ConformAll: int and string keys,
// with and without a capacity hint) on every strategy, and holds the registry to it: a
// strategy that declares no conformance failure must pass every case, and one that
// declares a failure must still fail, its first failing case with the evidence declared
// (in one of conformAttempts runs). Either way a change in the library shows here.
func TestConformance(t *testing.T) {
	for _, s := range strategies.All[int, int]() {
		t.Run("strategy="+s.Name, func(t *testing.T) {
			t.Parallel()
			ss, err := strategies.Lookup[string, int](s.Name)
			if err != nil {
				t.Fatal(err)
			}
			r := maptest.ConformAll(s.New, ss.New)
			f, fails := s.Failure(strategies.Conformance)
			for run := 1; fails && run < conformAttempts && r.Err() != nil && r.Failed[0] != f.Evidence; run++ {
				t.Logf("run %d met another fault first: %s", run, r.Failed[0])
				r = maptest.ConformAll(s.New, ss.New)
			}
			switch {
			case !fails:
				for _, msg := range r.Failed {
					t.Error(msg)
				}
			case r.Err() == nil:
				t.Errorf("passes every case, though the registry declares that it fails %s (%s): remove the declaration", f.Check, f.Evidence)
			case r.Failed[0] != f.Evidence:
				t.Errorf("fails %s with other evidence than the registry declares, in %d runs:\n got %s\nwant %s", f.Check, conformAttempts, r.Failed[0], f.Evidence)
			default:
				t.Logf("fails %s as the registry declares, in %d of %d cases: %v", f.Check, len(r.Failed), r.Cases, r.Err())
			}
		})
	}
	t.Run("strategy=sharded/shards=1", func(t *testing.T) {
		err := maptest.Conform(func() strategies.Map[int, int] { return strategies.NewSharded[int, int](1, 0) }, maptest.IntKey)
		if err != nil {
			t.Error(err)
		}
	})
}

// TestGateVerdict checks what the registry's verdict gives the rest of the suite: the
// measured strategies are those no check excludes, and the error for an excluded one
// says which check it fails and why.
func TestGateVerdict(t *testing.T) {
	var measured []string
	for _, info := range strategies.Infos() {
		f, excluded := info.Excluded()
		err := info.Gate()
		if !excluded {
			measured = append(measured, info.Name)
			if err != nil || info.Verdict() != "passes" {
				t.Errorf("%s: Gate() = %v, Verdict() = %q; want nil and passes", info.Name, err, info.Verdict())
			}
			continue
		}
		if f != info.Fails[0] || info.Verdict() != "excluded: fails "+string(f.Check) {
			t.Errorf("%s: Excluded() = %+v, Verdict() = %q; want its first failure", info.Name, f, info.Verdict())
		}
		if !errors.Is(err, strategies.ErrExcluded) || !strings.Contains(err.Error(), info.Name) ||
			!strings.Contains(err.Error(), string(f.Check)) || !strings.Contains(err.Error(), f.Evidence) ||
			!strings.Contains(err.Error(), f.Cause) || !strings.Contains(err.Error(), f.Upstream) {
			t.Errorf("%s: Gate() = %v; want ErrExcluded with the name, check, evidence, cause and upstream report", info.Name, err)
		}
	}
	if got := strategies.Measured(); strings.Join(got, ",") != strings.Join(measured, ",") {
		t.Errorf("Measured() = %v, want %v", got, measured)
	}
}
