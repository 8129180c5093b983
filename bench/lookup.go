package bench

import (
	"fmt"
	"strings"

	"github.com/cmapbench/cmapbench/strategies"
)

// strategyFor returns the strategy called name: a registered one that the correctness
// gate lets through, or the control copy of one. For an unknown name the error lists the
// valid ones; for a strategy the gate excludes it says which check it fails and why.
func strategyFor[K strategies.Key](name string) (strategies.Strategy[K, int], error) {
	base, control := strings.CutSuffix(name, ControlSuffix)
	s, err := strategies.Lookup[K, int](base)
	if n, ok := nestedStrategy[K](base); ok {
		s, err = n, nil
	}
	if err == nil {
		err = s.Gate()
	}
	if err != nil {
		if control {
			err = fmt.Errorf("control %q: %w", name, err)
		}
		return s, err
	}
	s.Name = name
	return s, nil
}

// CheckStrategy reports whether name is a strategy the workloads can run: a registered
// one that the gate lets through, or the control copy of one (NAME+ControlSuffix). A
// Nested strategy counts: the runner builds its nested module's benchmarks.
func CheckStrategy(name string) error {
	info, err := describe(name)
	if err == nil {
		err = info.Gate()
	}
	return err
}

// describe returns the Info of strategy name, or of the strategy name is the control copy of.
func describe(name string) (strategies.Info, error) {
	base, control := strings.CutSuffix(name, ControlSuffix)
	info, err := strategies.Describe(base)
	if err != nil && control {
		err = fmt.Errorf("control %q: %w", name, err)
	}
	return info, err
}
