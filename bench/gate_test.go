package bench

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// TestGateExcludes checks that a strategy the correctness gate excludes is never
// measured: no workload has a case for it by default or when it is named, and naming it
// (or its control copy) on the test binary's -strategies is an error that says which
// check it fails.
func TestGateExcludes(t *testing.T) {
	for _, info := range strategies.Infos() {
		f, excluded := info.Excluded()
		for _, name := range []string{info.Name, info.Name + ControlSuffix} {
			err := CheckStrategy(name)
			if excluded != (err != nil) || excluded && (!errors.Is(err, strategies.ErrExcluded) || !strings.Contains(err.Error(), string(f.Check))) {
				t.Errorf("CheckStrategy(%s) = %v; excluded %v", name, err, excluded)
			}
		}
		for _, w := range Workloads() {
			if !w.PerStrategy {
				continue
			}
			named := len(w.Cases([]string{info.Name}, []int{1}, true)) > 0
			if excluded && named {
				t.Errorf("%s has cases for %s, which the gate excludes", w.Name, info.Name)
			}
			for _, c := range w.Cases(nil, []int{1}, true) {
				if c.Strategy == info.Name && excluded {
					t.Errorf("%s's default cases include %s, which the gate excludes", w.Name, c.Name())
				}
			}
		}
	}
}
