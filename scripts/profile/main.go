// Command profile records CPU, allocation and mutex profiles of every strategy on a few
// representative benchmark cases and summarises where each spends its time.
//
// It builds the bench package's test binary once with the go command on PATH (so
// GOTOOLCHAIN applies), or once per toolchain of -go-versions (exact versions fetched
// through GOTOOLCHAIN, as for scripts/bench: go1.23.12, go1.25.0:noswissmap), runs it
// once per case and strategy with exactly one sub-benchmark selected and the three
// profilers on, stores the profiles under OUT/GOVERSION/CASE/STRATEGY.{cpu,alloc,mutex}.pprof
// with the run's command and result in STRATEGY.bench.txt, and writes
// OUT/GOVERSION/summary.md: per case, the share of CPU time each strategy spends in map
// code, growth, locking, atomics, allocation and GC, scheduling and the harness, its top
// functions, allocation sites and mutex contention. GOVERSION is the toolchain's name
// (go1.26.8, go1.25.0-noswissmap). An existing OUT/GOVERSION is never overwritten: the
// run goes to OUT/GOVERSION-2, -3...
//
// Usage:
//
//	go run ./scripts/profile [-go-versions list] [-cpu N] [-benchtime 1s] [-strategies a,b] [-workloads Grow,Mix] [-out results/profiles]
//	go run ./scripts/profile -summarize DIR
package main

import (
	"github.com/cmapbench/cmapbench/internal/cli"
)

func main() { cli.Main("profile", run) }
