// Command bench runs the suite's benchmark matrix and summarises it with benchstat.
//
// It builds the bench package's test binary with the go command on PATH, runs it once per
// GOMAXPROCS value of the -cpu list, streams the raw output into a new file under the
// results directory (never overwriting an earlier run; an interrupted run leaves a valid
// partial file), shows progress on standard error, and finally prints and saves a
// benchstat table per workload with the strategies as columns.
//
// Usage:
//
//	go run ./scripts/bench [-count 6] [-benchtime 100ms] [-cpu 1,2,4] [-strategies a,b] [-workloads A,B] [-full] [-out results]
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
