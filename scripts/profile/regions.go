package main

import (
	"reflect"
	"runtime"
	"slices"

	"github.com/google/pprof/profile"

	"github.com/cmapbench/cmapbench/bench"
)

// A profiled run holds more than the timed region: generating keys and traces, building
// warm maps, testing's forced GCs, the profiler writing its output. The summary leaves
// that setup out of every share; what the bench package tells it decides what is setup,
// never the names of the bench package's private functions.
//
// CPU samples carry the profile label bench.LabelKey: bench.LabelTimed on every goroutine
// while it runs timed work, bench.LabelSetup on the benchmark goroutine after its timed
// region. Allocation and mutex profiles carry no labels (the runtime records a stack and
// nothing else for them): there the frame of bench.RunTimed, under which every piece of
// timed work runs, named by the function value itself, marks the timed region. An
// allocation counts only under that frame: the runtime's own goroutines allocate little,
// and mostly as the program starts. A CPU sample without the label, or a contention
// without the frame, is setup when it ran on a goroutine of package testing (the
// benchmark goroutine before its first timed region, testing's forced GCs and name
// matching), in the profiler or in the program's main goroutine (outsidePrefixes), and
// otherwise counts: the runtime's own work beside the benchmark, such as GC workers, idle
// Ps and the scheduler's locks, serves the timed region.

// timedEntry is the name profiles give bench.RunTimed's frame.
var timedEntry = funcName(bench.RunTimed)

// outsidePrefixes are function-name prefixes, of public packages, of the goroutines that
// run outside the benchmark's timed work: testing's, the profiler's writer, and the
// program's main goroutine (package initialisation; testing's main loop).
var outsidePrefixes = []string{"testing.", "runtime/pprof.", "runtime.main"}

// funcName returns the name that profiles give the function f.
func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}

// labelOf returns the value of a CPU sample's label bench.LabelKey, or "".
func labelOf(s *profile.Sample) string {
	if v := s.Label[bench.LabelKey]; len(v) == 1 {
		return v[0]
	}
	return ""
}

// cpuSetup reports whether a CPU sample with the given stack (leaf first) was taken in
// setup.
func cpuSetup(s *profile.Sample, stack []string) bool {
	switch labelOf(s) {
	case bench.LabelTimed:
		return false
	case bench.LabelSetup:
		return true
	}
	return outside(stack)
}

// allocSetup reports whether an allocation with the given stack (leaf first) was made
// outside the timed region.
func allocSetup(stack []string) bool {
	return !slices.Contains(stack, timedEntry)
}

// contentionSetup reports whether a contention with the given stack (leaf first, from
// the Unlock that released it) happened in setup.
func contentionSetup(stack []string) bool {
	return !slices.Contains(stack, timedEntry) && outside(stack)
}

// outside reports whether a stack without a label or timed frame ran outside the
// benchmark's timed work.
func outside(stack []string) bool {
	return slices.ContainsFunc(stack, func(name string) bool { return hasAnyPrefix(name, outsidePrefixes) })
}
