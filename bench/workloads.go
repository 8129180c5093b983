package bench

import (
	"errors"
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
	// Implied, when set, is the value that a result whose name lacks this parameter's
	// segment ran: results recorded before the workload had the parameter. Situations
	// match such results as this value.
	Implied string
}

// Workload is a benchmark family: BenchmarkNAME with one sub-benchmark per strategy (when
// PerStrategy) and per combination of Params.
type Workload struct {
	Name string
	// Doc says what one op does (Markdown), for the README, the report and the summaries.
	Doc string
	// Metrics are the units the workload reports besides ns/op.
	Metrics []Metric
	// Situations are the cases that stand for what users ask about: the guide, the
	// charts and the profiles take their cases from them.
	Situations  []Situation
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
	// slices, not the map. Workloads that oversubscribe on purpose (parallelism=4: four
	// goroutines per P, as a server calls a shared map) leave it unset.
	Fits func(c Case, procs int) bool
	// Restrict keeps some combinations of default values out of the default matrix (to
	// keep it within make bench's budget); the full matrix runs them.
	Restrict []Restriction
	// LeftOut, when set, returns why the workload does not run a strategy, or "" when it
	// does: a workload of concurrent read-modify-writes needs an atomic Update.
	LeftOut func(s strategies.Info) string
	// Run runs one sub-benchmark.
	Run func(b *testing.B, c Case)
	// Open, when set, makes the workload one whose parameter values the user gives
	// (make bench MIX=..., TRACE=...) instead of a matrix: it returns the situation the
	// guide answers for the case whose values get returns.
	Open func(get func(key string) string) Situation
	// Precise names the unit whose confidence interval the runner's precision target
	// applies to, when it is not ns/op: Memory's ns/op is the time of one fill, measured
	// once per sample and as noisy as the garbage collector, while what it is for is
	// B/entry.
	Precise string
}

// Restriction limits the default matrix: a case whose parameter When names has that
// value (key=value) is in the default matrix only where every parameter Only names has
// that value too.
type Restriction struct {
	When string
	Only []string
}

// inDefault reports whether case c, made of default values, is in the default matrix.
func (w *Workload) inDefault(c Case) bool {
	has := func(kv string) bool {
		k, v, _ := strings.Cut(kv, "=")
		return c.Get(k) == v
	}
	for _, r := range w.Restrict {
		if has(r.When) && slices.ContainsFunc(r.Only, func(kv string) bool { return !has(kv) }) {
			return false
		}
	}
	return true
}

// PreciseUnit returns the unit the runner's precision target applies to.
func (w *Workload) PreciseUnit() string {
	if w.Precise != "" {
		return w.Precise
	}
	return "ns/op"
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
	return []*Workload{growWorkload, rapidGrowWorkload, rangeWorkload, mixWorkload, updateWorkload, loadOrStoreWorkload, memoryWorkload, overheadWorkload, shardsWorkload, customMixWorkload, replayWorkload}
}

// DefaultWorkloads names the workloads make bench runs when none are named.
var DefaultWorkloads = []string{"Grow", "RapidGrow", "Range", "Mix", "Update", "LoadOrStore", "Memory", "Overhead"}

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

// ControlSuffix names the A/A control: strategy NAME+ControlSuffix is strategy NAME,
// measured a second time under another name. The runner puts both in every pass, in an
// order shuffled like the others; since they are the same map, the share of cases in
// which they differ significantly is the share of false alarms the run's sampling gives.
const ControlSuffix = "-again"

// LeavesOut returns why w does not run strategy name (a registered one or a control
// copy), or "" when it does or the name is unknown.
func (w *Workload) LeavesOut(name string) string {
	if !w.PerStrategy || w.LeftOut == nil {
		return ""
	}
	info, err := describe(name)
	if err != nil {
		return ""
	}
	return w.LeftOut(info)
}

// Cases returns the sub-benchmarks of w for the given strategies (when nil, the
// registered ones the correctness gate lets through: strategies.Measured), in matrix
// order, leaving out the strategies w leaves out (LeavesOut) and the cases where the
// unsafe strategy would be touched by more than one goroutine, or that do not fit, at
// any of the GOMAXPROCS values in procs. A strategy the gate excludes has no case, even
// when named.
func (w *Workload) Cases(strats []string, procs []int, full bool) []Case {
	if strats == nil {
		strats = strategies.Measured()
	}
	if !w.PerStrategy {
		strats = []string{""}
	}
	var cases []Case
	for _, s := range strats {
		concurrent := !w.UsesUnsafe
		if w.PerStrategy {
			info, err := describe(s)
			if err == nil {
				err = info.Gate()
			}
			if errors.Is(err, strategies.ErrExcluded) {
				continue
			}
			if err != nil {
				panic(err)
			}
			if w.LeftOut != nil && w.LeftOut(info) != "" {
				continue
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
			if !full && !w.inDefault(c) {
				continue
			}
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

// Flags of the test binary (see TestMain).
var (
	// fullMatrix: make bench FULL=1 runs every parameter value, not the default matrix.
	fullMatrix bool
	// strategyFilter: STRATEGIES=a,b runs only the named strategies.
	strategyFilter string
	// planFile names a plan: the sub-benchmarks to run, in order (see readPlan).
	planFile string
	// canary: probe the machine's state around every sample (see ProbeCanary).
	canary bool
	// mixSpec: the custom mix that CustomMix runs (make bench MIX=...; see ParseMix).
	mixSpec string
	// tracePath: the trace that Replay replays (make bench TRACE=...; see Replay).
	tracePath string
)

// selectedStrategies returns the strategies named by -strategies, or nil for all.
func selectedStrategies() ([]string, error) {
	var names []string
	for _, name := range strings.FieldsFunc(strategyFilter, func(r rune) bool { return r == ',' || r == ' ' }) {
		if err := CheckStrategy(name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// Run runs workload name as sub-benchmarks of b, one per case: the cases of the matrix
// (default or full, for the strategies of -strategies), or those the -plan file lists.
func Run(b *testing.B, name string) {
	w, err := userWorkload(name)
	if errors.Is(err, ErrNoTrace) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	var cases []Case
	if planFile != "" {
		plan, err := readPlan(planFile)
		if err != nil {
			b.Fatal(err)
		}
		if cases, err = w.planned(plan[name], procsList()); err != nil {
			b.Fatal(err)
		}
		if len(cases) == 0 {
			b.Skip("not in the plan")
		}
	} else {
		strats, err := selectedStrategies()
		if err != nil {
			b.Fatal(err)
		}
		if strats != nil && !w.PerStrategy {
			b.Skipf("%s is not run per strategy: it measures none of -strategies", name)
		}
		// A strategy named on the command line that the workload leaves out is said so.
		var leftOut []string
		for _, s := range strats {
			if why := w.LeavesOut(s); why != "" {
				leftOut = append(leftOut, fmt.Sprintf("%s leaves out %s: %s", name, s, why))
			}
		}
		if strats == nil {
			strats = Available()
		}
		cases = w.Cases(strats, procsList(), fullMatrix)
		switch {
		case len(cases) == 0 && len(leftOut) > 0:
			b.Skip(strings.Join(leftOut, "; "))
		case len(cases) == 0:
			b.Skipf("%s has no case for -cpu %v: it drives the unsafe strategy, which runs only where one goroutine touches the map", name, procsList())
		}
		for _, l := range leftOut {
			b.Log(l)
		}
	}
	for _, c := range cases {
		b.Run(c.Name(), func(b *testing.B) {
			labelSetup()
			var before float64
			if canary {
				before = ProbeCanary()
			}
			w.Run(b, c)
			if canary {
				b.StopTimer()
				if ns := max(before, ProbeCanary()); ns > 0 {
					b.ReportMetric(ns, "canary-ns")
				}
			}
		})
		// Drop the sub-benchmark's warm map, so that the next one's GC does not trace it.
		warmMaps.ints, warmMaps.strings = warmCache[int]{}, warmCache[string]{}
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
	s, err := strategyFor[K](name)
	if err != nil {
		b.Fatal(err)
	}
	return s
}
