package bench

import (
	"context"
	"runtime/pprof"
)

// Profile labels tell a benchmark's setup from its timed region in a CPU profile: every
// goroutine that runs timed work carries LabelKey=LabelTimed while it does (see RunTimed),
// and the benchmark goroutine carries LabelKey=LabelSetup from the start of each
// sub-benchmark (see labelSetup) and after its timed region, until the next one starts.
const (
	LabelKey   = "cmapbench"
	LabelSetup = "setup"
	LabelTimed = "timed"
)

var (
	setupLabels = pprof.WithLabels(context.Background(), pprof.Labels(LabelKey, LabelSetup))
	timedLabels = pprof.WithLabels(context.Background(), pprof.Labels(LabelKey, LabelTimed))
)

// RunTimed runs f as timed work: with the label LabelKey=LabelTimed on the calling
// goroutine while f runs, and LabelKey=LabelSetup after it. Every piece of timed work runs
// under RunTimed: the benchmark goroutine's timed region (measure), and the whole body of
// each goroutine that runs timed work, started as go RunTimed(...) (the crew's helpers,
// Range's writers, RunParallel's goroutines). So RunTimed's frame is below every timed
// stack, where the profiles that carry no labels (allocations, mutex contention) show it:
// the profile command names it by the function value, as
// runtime.FuncForPC(reflect.ValueOf(RunTimed).Pointer()).Name().
//
// Labels are set once per call, outside the loop of ops that f runs; a goroutine started
// inside f inherits them.
func RunTimed(f func()) {
	pprof.SetGoroutineLabels(timedLabels)
	defer pprof.SetGoroutineLabels(setupLabels)
	f()
}

// labelSetup labels the calling goroutine's work as setup: Run calls it before each
// sub-benchmark, so that its setup before the first timed region is labelled too.
func labelSetup() { pprof.SetGoroutineLabels(setupLabels) }
