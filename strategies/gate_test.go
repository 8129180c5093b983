package strategies_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// declared returns the failure of check that info declares, if any.
func declared(info strategies.Info, check strategies.Check) (strategies.Failure, bool) {
	for _, f := range info.Fails {
		if f.Check == check {
			return f, true
		}
	}
	return strategies.Failure{}, false
}

// TestConformance runs the conformance check (maptest.ConformAll: int and string keys,
// with and without a capacity hint) on every strategy, and holds the registry to it: a
// strategy that declares no conformance failure must pass every case, and one that
// declares a failure must still fail, its first failing case with the evidence declared.
// The check is deterministic, so either way a change in the library shows here.
func TestConformance(t *testing.T) {
	for _, s := range strategies.All[int, int]() {
		t.Run("strategy="+s.Name, func(t *testing.T) {
			t.Parallel()
			ss, err := strategies.Lookup[string, int](s.Name)
			if err != nil {
				t.Fatal(err)
			}
			r := maptest.ConformAll(s.New, ss.New)
			f, fails := declared(s.Info, strategies.Conformance)
			switch {
			case !fails:
				for _, msg := range r.Failed {
					t.Error(msg)
				}
			case r.Err() == nil:
				t.Errorf("passes every case, though the registry declares that it fails %s (%s): remove the declaration", f.Check, f.Evidence)
			case r.Failed[0] != f.Evidence:
				t.Errorf("fails %s with other evidence than the registry declares:\n got %s\nwant %s", f.Check, r.Failed[0], f.Evidence)
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
