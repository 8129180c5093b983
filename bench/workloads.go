package bench

import (
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// Param is one dimension of a workload's matrix: the key of a key=value name segment,
// the values the default matrix runs and the extra values only the full matrix runs.
type Param struct {
	Key     string
	Default []string
	Full    []string
}

// Workload is a benchmark family: BenchmarkNAME with one sub-benchmark per strategy (when
// PerStrategy) and per combination of Params.
type Workload struct {
	Name        string
	Doc         string
	PerStrategy bool
	Params      []Param
	// UsesUnsafe marks a workload that is not per strategy but drives the unsafe
	// strategy itself: it runs only where one goroutine touches the map.
	UsesUnsafe bool
	// Redundant, when set, reports a case that at every GOMAXPROCS value in procs runs
	// exactly what another case runs (writers=procs-1 at 2 CPUs is writers=1).
	Redundant func(c Case, procs []int) bool
	// Goroutines returns how many goroutines touch one map in case c at GOMAXPROCS procs.
	Goroutines func(c Case, procs int) int
	// Fits, when set, reports whether case c can run at GOMAXPROCS procs without more
	// busy goroutines than Ps: an oversubscribed case measures the scheduler's 10ms time
	// slices, not the map.
	Fits func(c Case, procs int) bool
	// Run runs one sub-benchmark.
	Run func(b *testing.B, c Case)
}

// Case is one sub-benchmark: a strategy (when the workload is per strategy) and a value
// for each of the workload's Params.
type Case struct {
	Workload *Workload
	Strategy string
	Values   []string
}

// Name returns the sub-benchmark name: key=value segments joined by '/', strategy first.
func (c Case) Name() string {
	var segs []string
	if c.Workload.PerStrategy {
		segs = append(segs, "strategy="+c.Strategy)
	}
	for i, p := range c.Workload.Params {
		segs = append(segs, p.Key+"="+c.Values[i])
	}
	return strings.Join(segs, "/")
}

// Get returns the value of parameter key.
func (c Case) Get(key string) string {
	for i, p := range c.Workload.Params {
		if p.Key == key {
			return c.Values[i]
		}
	}
	panic(fmt.Sprintf("bench: workload %s has no parameter %q", c.Workload.Name, key))
}

// Int returns the value of parameter key as an int; a trailing '%' is dropped.
func (c Case) Int(key string) int {
	v, err := strconv.Atoi(strings.TrimSuffix(c.Get(key), "%"))
	if err != nil {
		panic(fmt.Sprintf("bench: %s: parameter %s: %v", c.Name(), key, err))
	}
	return v
}

// Bool returns the value of parameter key as a bool.
func (c Case) Bool(key string) bool { return c.Get(key) == "true" }

// Workloads returns the registered workloads in the order make bench runs them.
func Workloads() []*Workload {
	return []*Workload{growWorkload, rapidGrowWorkload, rangeWorkload, mixWorkload, memoryWorkload, overheadWorkload, shardsWorkload}
}

// DefaultWorkloads names the workloads make bench runs when none are named.
var DefaultWorkloads = []string{"Grow", "RapidGrow", "Range", "Mix", "Memory", "Overhead"}

// Lookup returns the workload called name; for an unknown name the error lists the valid ones.
func Lookup(name string) (*Workload, error) {
	var names []string
	for _, w := range Workloads() {
		if w.Name == name {
			return w, nil
		}
		names = append(names, w.Name)
	}
	return nil, fmt.Errorf("unknown workload %q (valid: %s)", name, strings.Join(names, ", "))
}

// Cases returns the sub-benchmarks of w for the given strategies (all when nil), in run
// order, leaving out those where the unsafe strategy would be touched by more than one
// goroutine, or that do not fit, at any of the GOMAXPROCS values in procs.
func (w *Workload) Cases(strats []string, procs []int, full bool) []Case {
	if strats == nil {
		strats = strategies.Names()
	}
	if !w.PerStrategy {
		strats = []string{""}
	}
	var cases []Case
	for _, s := range strats {
		concurrent := !w.UsesUnsafe
		if w.PerStrategy {
			info, err := strategies.Lookup[int, int](s)
			if err != nil {
				panic(err)
			}
			concurrent = info.Concurrent
		}
		values := [][]string{{}}
		for _, p := range w.Params {
			vs := p.Default
			if full {
				vs = append(slices.Clip(vs), p.Full...)
			}
			var next [][]string
			for _, prefix := range values {
				for _, v := range vs {
					next = append(next, append(slices.Clip(prefix), v))
				}
			}
			values = next
		}
		for _, v := range values {
			c := Case{Workload: w, Strategy: s, Values: v}
			if w.Redundant != nil && w.Redundant(c, procs) {
				continue
			}
			if !concurrent && slices.ContainsFunc(procs, func(p int) bool { return w.Goroutines(c, p) > 1 }) {
				continue
			}
			if w.Fits != nil && slices.ContainsFunc(procs, func(p int) bool { return !w.Fits(c, p) }) {
				continue
			}
			cases = append(cases, c)
		}
	}
	return cases
}

// Flags of the test binary (see TestMain): make bench FULL=1 runs every parameter value
// instead of the default matrix; STRATEGIES=a,b runs only the named strategies.
var (
	fullMatrix     bool
	strategyFilter string
)

// selectedStrategies returns the strategies named by -strategies, or nil for all.
func selectedStrategies() ([]string, error) {
	var names []string
	for _, name := range strings.FieldsFunc(strategyFilter, func(r rune) bool { return r == ',' || r == ' ' }) {
		if _, err := strategies.Lookup[int, int](name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// Run runs workload name as sub-benchmarks of b, one per case.
func Run(b *testing.B, name string) {
	w, err := Lookup(name)
	if err != nil {
		b.Fatal(err)
	}
	strats, err := selectedStrategies()
	if err != nil {
		b.Fatal(err)
	}
	cases := w.Cases(strats, procsList(), fullMatrix)
	if len(cases) == 0 {
		b.Skipf("%s has no case for -cpu %v: it drives the unsafe strategy, which runs only where one goroutine touches the map", name, procsList())
	}
	for _, c := range cases {
		b.Run(c.Name(), func(b *testing.B) { w.Run(b, c) })
		// Drop the sub-benchmark's warm map, so that the next one's GC does not trace it.
		warmMaps.ints.m, warmMaps.strings.m = nil, nil
	}
}

// procsList returns the GOMAXPROCS values this test binary runs benchmarks at: the -cpu
// list, or the current GOMAXPROCS. testing runs the cpu list inside each sub-benchmark,
// after the sub-benchmarks have been chosen, so a case that is unsafe for the unsafe
// strategy at any listed value is left out for all of them.
func procsList() []int {
	f := flag.Lookup("test.cpu")
	if f == nil || f.Value.String() == "" {
		return []int{runtime.GOMAXPROCS(0)}
	}
	var procs []int
	for _, s := range strings.Split(f.Value.String(), ",") {
		if p, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && p > 0 {
			procs = append(procs, p)
		}
	}
	if len(procs) == 0 {
		return []int{runtime.GOMAXPROCS(0)}
	}
	return procs
}

// sink keeps loaded values alive: each goroutine adds its local sum once, after its
// timed loop, so the compiler cannot drop the loads.
var sink atomic.Int64

func keep(sum int) { sink.Add(int64(sum)) }

func lookupStrategy[K strategies.Key](b *testing.B, name string) strategies.Strategy[K, int] {
	s, err := strategies.Lookup[K, int](name)
	if err != nil {
		b.Fatal(err)
	}
	return s
}
