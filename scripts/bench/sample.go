package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/stats"
	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// group is one case of a workload at one GOMAXPROCS with all its strategies: the unit the
// sampler schedules. Its strategies run next to each other in every pass, in an order
// shuffled per pass, so that their samples are taken under the same conditions.
type group struct {
	workload *bench.Workload
	key      string // the case's parameters: keys=1000/presize=false (for a workload without strategies, "")
	procs    int
	cases    []bench.Case
}

func (g *group) String() string {
	s := g.workload.Name
	if g.key != "" {
		s += "/" + g.key
	}
	return s + procsSuffix(g.procs)
}

// cellKey names one case at one GOMAXPROCS: its benchmark name without the -N suffix.
type cellKey struct {
	name  string // BenchmarkGrow/strategy=xsync/keys=1000/presize=false/readers=0
	procs int
}

// cell is what one configuration has measured of one case at one GOMAXPROCS.
type cell struct {
	name     string // as go test prints it, with the -N suffix
	group    *group
	strategy string
	ns       []float64 // ns/op of the samples kept
	precise  []float64 // their values in the workload's precise unit, when it is not ns/op
	passes   []int     // their passes
	setAside int       // samples set aside (slow state)
	cost     time.Duration
}

// interval is the cell's interval in its workload's precise unit.
func (c *cell) interval() stats.Interval {
	if c.group.workload.PreciseUnit() != "ns/op" {
		return stats.Median(c.precise)
	}
	return stats.Median(c.ns)
}

// caseName is the benchmark name of a case, without the -N suffix.
func caseName(c bench.Case) string {
	name := "Benchmark" + c.Workload.Name
	if n := c.Name(); n != "" {
		name += "/" + n
	}
	return name
}

// procsSuffix is testing's suffix for a benchmark run at GOMAXPROCS p.
func procsSuffix(p int) string {
	if p == 1 {
		return ""
	}
	return fmt.Sprintf("-%d", p)
}

// toolchainRun is one configuration of a run, a toolchain (the go on PATH, or an exact
// toolchain fetched through GOTOOLCHAIN, optionally with a GOEXPERIMENT), with its test
// binary, its files and its samples.
type toolchainRun struct {
	*toolchain.Toolchain
	bin      string // the compiled test binary
	pkg      bench.Package
	file     *os.File
	path     string // the raw result file
	header   string // the raw file's first lines (config lines)
	slowFile *os.File
	slowPath string // the file of samples set aside, once there is one
	failures []string
	cells    map[cellKey]*cell
}

// sampler runs the passes of one run.
type sampler struct {
	cfg    *config
	tcs    []toolchainRun
	groups map[int][]*group // per GOMAXPROCS, in matrix order
	cpus   []int            // the GOMAXPROCS values sampled

	start, deadline time.Time
	stderr          io.Writer
	prog            *progress
	canary          canary

	pass     int // the last pass slot started
	minimum  int // minimum passes run per configuration and GOMAXPROCS
	extra    int // extra rounds run
	thinned  []int
	stopped  string // why the extra passes stopped
	passTime map[int]time.Duration
}

func newSampler(cfg *config) (*sampler, error) {
	s := &sampler{cfg: cfg, groups: map[int][]*group{}, cpus: slices.Clone(cfg.cpus), passTime: map[int]time.Duration{}}
	total := 0
	for _, p := range cfg.cpus {
		for _, w := range cfg.workloads {
			byKey := map[string]*group{}
			for _, c := range w.Cases(cfg.strategyNames(), []int{p}, cfg.full) {
				key := ""
				if w.PerStrategy {
					key = strings.TrimPrefix(strings.TrimPrefix(c.Name(), "strategy="+c.Strategy), "/")
				}
				g := byKey[key]
				if g == nil {
					g = &group{workload: w, key: key, procs: p}
					byKey[key] = g
					s.groups[p] = append(s.groups[p], g)
				}
				g.cases = append(g.cases, c)
				total++
			}
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("nothing to run: no case of the chosen workloads fits the chosen strategies and -cpu values")
	}
	return s, nil
}

// cellsOf returns tc's cells of group g, creating them.
func (tc *toolchainRun) cellsOf(g *group) []*cell {
	if tc.cells == nil {
		tc.cells = map[cellKey]*cell{}
	}
	var cs []*cell
	for _, c := range g.cases {
		if !tc.runs(c) {
			continue
		}
		k := cellKey{caseName(c), g.procs}
		ce := tc.cells[k]
		if ce == nil {
			ce = &cell{name: k.name + procsSuffix(g.procs), group: g, strategy: c.Strategy}
			tc.cells[k] = ce
		}
		cs = append(cs, ce)
	}
	return cs
}

// sample runs the minimum passes, then extra passes until every case reaches the
// target precision, the budget is spent or the cases still wide have the most samples
// allowed.
func (s *sampler) sample(ctx context.Context) error {
	s.canary.calibrate()
	for i := range s.tcs {
		for _, gs := range s.groups {
			for _, g := range gs {
				s.tcs[i].cellsOf(g)
			}
		}
	}
	s.prog = newProgress(s.stderr, s.start)
	s.prog.total = s.cfg.count * s.runsPerRound()
	fmt.Fprintf(s.stderr, "%d minimum passes of %d runs each (GOMAXPROCS %s), then extra passes until every case is within ±%g%% or the budget ends (%s)\n",
		s.cfg.count, s.runsPerRound(), joinInts(s.cpus), s.cfg.precision*100, s.deadline.Add(summaryReserve).Sub(s.start).Round(time.Second))

	for round := 1; round <= s.cfg.count; round++ {
		order := s.roundOrder(round)
		for i := 0; i < len(order); i++ {
			if round == 1 && i == 2 {
				// The smallest and largest values have run once: fit the rest to the budget.
				s.thin()
				if order = s.roundOrder(round); i >= len(order) {
					break
				}
			}
			s.prog.phase = fmt.Sprintf("round %d/%d", round, s.cfg.count)
			if err := s.slot(ctx, rawfile.Pass{Procs: order[i], Kind: "min"}, s.groups[order[i]]); err != nil {
				return err
			}
		}
		s.minimum = round
	}
	return s.extraPasses(ctx)
}

// runsPerRound is the number of samples one round of minimum passes takes.
func (s *sampler) runsPerRound() int {
	n := 0
	for _, p := range s.cpus {
		n += s.runsAt(p)
	}
	return n
}

// roundOrder returns the order of the GOMAXPROCS values in a round: in the first, the
// smallest and the largest first (the others' cost is estimated from theirs); after it,
// rotated round by round, so that no value always runs first.
func (s *sampler) roundOrder(round int) []int {
	cpus := slices.Clone(s.cpus)
	if round == 1 {
		if len(cpus) > 2 {
			cpus = append([]int{cpus[0], cpus[len(cpus)-1]}, cpus[1:len(cpus)-1]...)
		}
		return cpus
	}
	k := (round - 1) % len(cpus)
	return append(cpus[k:], cpus[:k]...)
}

// slot runs one pass slot: a pass at GOMAXPROCS p over groups with every configuration
// in turn (rotated with the slot number).
func (s *sampler) slot(ctx context.Context, pass rawfile.Pass, groups []*group) error {
	s.pass++
	pass.N = s.pass
	t0 := time.Now()
	for k := range s.tcs {
		tc := &s.tcs[(k+s.pass)%len(s.tcs)]
		if err := s.runPass(ctx, tc, pass, groups); err != nil {
			tc.failures = append(tc.failures, fmt.Sprintf("pass %d (GOMAXPROCS %d): %v", pass.N, pass.Procs, err))
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	if pass.Kind == "min" {
		s.passTime[pass.Procs] = time.Since(t0)
	}
	return nil
}
