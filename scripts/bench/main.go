// Command bench runs the suite's benchmark matrix and summarises it with benchstat.
//
// It builds the bench package's test binary (per toolchain, with -go-versions), then
// samples every case in passes: each pass is one run of the test binary at one GOMAXPROCS
// value that runs every case once, the strategies of a case next to each other in an
// order shuffled per pass. The GOMAXPROCS values (and toolchains) take turns pass by pass.
// After the minimum number of passes it spends the rest of its time budget on extra
// passes of the cases whose confidence interval is still wider than the target, widest
// first. A canary probe beside every sample tells the machine's state; samples that
// moved memory between cores while the machine was in its slow state are set aside and
// taken again. One strategy runs twice under two names, an A/A control whose rate of
// significant differences says whether the run's comparisons can be trusted.
//
// The raw output streams into a new file under the results directory (never overwriting
// an earlier run; an interrupted run leaves a valid partial file); progress goes to
// standard error; at the end it prints and saves the precision reached, the control's
// result and a benchstat table per workload with the strategies as columns.
//
// Usage:
//
//	go run ./scripts/bench [-count 10] [-benchtime 50ms] [-budget 15m] [-precision 5]
//		[-cpu 1,2,4] [-strategies a,b] [-workloads A,B] [-control rwmutex] [-full]
//		[-go-versions "go1.23.12 go1.26.8"] [-seed N] [-out results]
package main

import (
	"github.com/cmapbench/cmapbench/internal/cli"
)

func main() { cli.Main("bench", run) }
