// Package bench holds the suite's workloads and the driver that runs any workload on any
// strategy.
//
// A workload is data: a name, a one-line description, the parameters its sub-benchmarks
// vary (each a key=value segment of the sub-benchmark name, so that benchstat can pivot on
// it), how many goroutines touch one map, and a run function. The Benchmark functions in
// bench_test.go are one line each: they hand their workload to Run, which walks the
// parameter matrix and the strategy registry.
//
// Rules every run function follows: keys and operation traces are prepared before the
// timer starts; each goroutine has its own cheap generator or its own offset into a
// shared read-only trace, so the timed loop takes no shared lock and draws from no shared
// RNG; loaded values are summed into a sink so that no work can be eliminated; growth
// benchmarks check the final Len; the unsafe strategy runs only where exactly one
// goroutine touches the map; timed work runs under RunTimed (every goroutine that does
// timed work is started as go RunTimed(...)), so that profiles tell it from setup.
package bench
