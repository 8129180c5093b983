package main

import (
	"testing"

	"github.com/google/pprof/profile"

	"github.com/cmapbench/cmapbench/bench"
)

// Stacks as the suite's profiles show them, leaf first; the function names of the suite
// are examples: only the labels and timedEntry decide.
var (
	mapStore    = []string{"runtime.mapassign_fast64", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Store"}
	underTimed  = append(append([]string{}, mapStore...), benchPkg+"growInsertMutex", benchPkg+"(*crew).helper", benchPkg+"newCrew.func1", timedEntry)
	inParallel  = append(append([]string{}, mapStore...), benchPkg+"mixLoopMutexInt", benchPkg+"runParallel.func1.1", timedEntry, benchPkg+"runParallel.func1", "testing.(*B).RunParallel.func1")
	inBenchmark = append(append([]string{}, mapStore...), benchPkg+"warm[go.shape.int]", benchPkg+"runMix[go.shape.int]", "testing.(*B).runN", "testing.(*B).run1.func1")
	gcWorker    = []string{"runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker"}
	forcedGC    = []string{"runtime.sweepone", "runtime.GC", "testing.(*B).runN"}
	profiler    = []string{"compress/flate.(*compressor).deflate", "runtime/pprof.profileWriter"}
	initMain    = []string{"regexp/syntax.(*compiler).inst", "runtime.doInit1", "runtime.main"}
	idleP       = []string{"runtime.futex", "runtime.notesleep", "runtime.stopm", "runtime.findRunnable", "runtime.schedule"}
)

func TestCPUSetup(t *testing.T) {
	for _, tc := range []struct {
		name  string
		label string // "" for none
		stack []string
		setup bool
	}{
		{"timed", bench.LabelTimed, underTimed, false},
		{"timed on a goroutine of testing", bench.LabelTimed, inParallel, false},
		{"setup after a timed region", bench.LabelSetup, inBenchmark, true},
		{"setup, whatever the stack", bench.LabelSetup, underTimed, true},
		{"before the first timed region", "", inBenchmark, true},
		{"testing's forced GC", "", forcedGC, true},
		{"the profiler", "", profiler, true},
		{"package initialisation", "", initMain, true},
		{"a GC worker", "", gcWorker, false},
		{"an idle P", "", idleP, false},
		{"another label value", "other", gcWorker, false},
	} {
		s := &profile.Sample{}
		if tc.label != "" {
			s.Label = map[string][]string{bench.LabelKey: {tc.label}}
		}
		if got := cpuSetup(s, tc.stack); got != tc.setup {
			t.Errorf("%s: cpuSetup(%s=%q, %q) = %v, want %v", tc.name, bench.LabelKey, tc.label, tc.stack, got, tc.setup)
		}
	}
}

func TestAllocAndContentionSetup(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		stack                  []string
		allocSetup, contention bool
	}{
		{"under RunTimed", underTimed, false, false},
		{"under RunTimed on a goroutine of testing", inParallel, false, false},
		{"on the benchmark goroutine, not timed", inBenchmark, true, true},
		{"the profiler", profiler, true, true},
		{"package initialisation", initMain, true, true},
		{"a runtime lock in the scheduler", idleP, true, false},
		{"empty", nil, true, false},
	} {
		if got := allocSetup(tc.stack); got != tc.allocSetup {
			t.Errorf("%s: allocSetup(%q) = %v, want %v", tc.name, tc.stack, got, tc.allocSetup)
		}
		if got := contentionSetup(tc.stack); got != tc.contention {
			t.Errorf("%s: contentionSetup(%q) = %v, want %v", tc.name, tc.stack, got, tc.contention)
		}
	}
}

// TestTimedEntry checks that timedEntry names bench.RunTimed as it appears in profiles:
// a frame of the bench package, not a wrapper.
func TestTimedEntry(t *testing.T) {
	if want := benchPkg + "RunTimed"; timedEntry != want {
		t.Errorf("timedEntry = %q, want %q", timedEntry, want)
	}
}
