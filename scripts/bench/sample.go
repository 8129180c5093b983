package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/stats"
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

// sampler runs the passes of one run.
type sampler struct {
	cfg    *config
	tcs    []toolchain
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
func (tc *toolchain) cellsOf(g *group) []*cell {
	if tc.cells == nil {
		tc.cells = map[cellKey]*cell{}
	}
	var cs []*cell
	for _, c := range g.cases {
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
		for _, g := range s.groups[p] {
			n += len(g.cases)
		}
	}
	return n * len(s.tcs)
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

// thin leaves GOMAXPROCS values out of a default -cpu list when the minimum passes would
// not fit the budget: after the first round's passes at the smallest and largest values,
// it estimates the others from their number of cases, and drops middle values (keeping the
// smallest and largest, and the rest spread out) until the minimum passes take at most
// 85% of the budget. A -cpu list given explicitly is never thinned.
func (s *sampler) thin() {
	if len(s.cpus) <= 2 {
		return
	}
	lo, hi := s.cpus[0], s.cpus[len(s.cpus)-1]
	perRun := float64(s.passTime[lo]+s.passTime[hi]) / float64(s.runsAt(lo)+s.runsAt(hi))
	est := func(cpus []int) time.Duration {
		var t time.Duration
		for _, p := range cpus {
			t += time.Duration(perRun * float64(s.runsAt(p)))
		}
		return t * time.Duration(s.cfg.count)
	}
	budget := time.Duration(0.85 * float64(s.deadline.Sub(s.start)))
	if s.cfg.cpuGiven {
		if e := est(s.cpus); e > budget {
			fmt.Fprintf(s.stderr, "note: the minimum passes will take about %s, more than 85%% of the budget; -cpu was given, so no GOMAXPROCS value is left out\n", e.Round(time.Second))
		}
		return
	}
	for len(s.cpus) > 2 && est(s.cpus) > budget {
		// Drop the middle value whose neighbours are closest (in log scale).
		best, bestGap := 1, math.Inf(1)
		for i := 1; i < len(s.cpus)-1; i++ {
			if gap := math.Log(float64(s.cpus[i+1]) / float64(s.cpus[i-1])); gap < bestGap {
				best, bestGap = i, gap
			}
		}
		s.thinned = append(s.thinned, s.cpus[best])
		s.cpus = slices.Delete(s.cpus, best, best+1)
	}
	if len(s.thinned) > 0 {
		s.prog.total = s.cfg.count * s.runsPerRound()
		fmt.Fprintf(s.stderr, "GOMAXPROCS %s left out: the minimum passes at every value would not fit the budget (set BUDGET, or CPU to choose)\n", joinInts(s.thinned))
	}
}

// runsAt is the number of samples one pass at GOMAXPROCS p takes, over the configurations.
func (s *sampler) runsAt(p int) int {
	n := 0
	for _, g := range s.groups[p] {
		n += len(g.cases)
	}
	return n * len(s.tcs)
}

// wide is a group that has not reached the target precision.
type wide struct {
	g     *group
	width float64 // the widest interval among its cells, over the configurations; +Inf: too few samples
	cell  string  // which cell
	n     int     // the fewest samples among its cells
	cost  time.Duration
}

// wideGroups returns the groups that need more samples, widest first: a cell with fewer
// than the minimum samples (some were set aside), or an interval wider than the target,
// unless one of its cells has the most samples allowed.
func (s *sampler) wideGroups() []wide {
	var ws []wide
	for _, p := range s.cpus {
		for _, g := range s.groups[p] {
			w := wide{g: g, n: math.MaxInt}
			for i := range s.tcs {
				for _, c := range s.tcs[i].cellsOf(g) {
					width := math.Inf(1)
					if len(c.ns) >= s.cfg.count {
						width = c.interval().Width() // +Inf below stats.MinCI samples
					}
					if width > w.width || w.cell == "" {
						w.width, w.cell = width, s.tcs[i].name+" "+c.strategy
					}
					w.n = min(w.n, len(c.ns))
					w.cost += c.cost
				}
			}
			if w.width > s.cfg.precision && w.n < s.cfg.maxCount {
				ws = append(ws, w)
			}
		}
	}
	slices.SortStableFunc(ws, func(a, b wide) int { return cmp.Compare(b.width, a.width) })
	return ws
}

// passOverhead is what starting one pass costs beyond its samples: the process, the
// canary's goroutines, testing's setup.
const passOverhead = 500 * time.Millisecond

// extraPasses spends the rest of the budget on the groups still wider than the target,
// widest first, one sample each per extra round.
func (s *sampler) extraPasses(ctx context.Context) error {
	for {
		ws := s.wideGroups()
		if len(ws) == 0 {
			s.stopped = fmt.Sprintf("every case is within ±%g%% (or has its %d samples)", s.cfg.precision*100, s.cfg.maxCount)
			return nil
		}
		left := time.Until(s.deadline)
		var chosen []wide
		var cost time.Duration
		procs := map[int]bool{}
		for _, w := range ws {
			c := w.cost
			if !procs[w.g.procs] {
				c += passOverhead * time.Duration(len(s.tcs))
			}
			if cost+c > left {
				continue
			}
			chosen = append(chosen, w)
			cost += c
			procs[w.g.procs] = true
		}
		if len(chosen) == 0 {
			s.stopped = fmt.Sprintf("the budget ended with %d cases wider than ±%g%%", len(ws), s.cfg.precision*100)
			return nil
		}
		s.extra++
		top := ws[0]
		why := fmt.Sprintf("widest: %s %s at ±%s", top.g, top.cell, pctString(top.width))
		switch {
		case math.IsInf(top.width, 1) && top.n < s.cfg.count:
			why = fmt.Sprintf("%s has a cell with %d of the minimum %d samples", top.g, top.n, s.cfg.count)
		case math.IsInf(top.width, 1):
			why = fmt.Sprintf("%s has a cell with %d samples; an interval needs %d", top.g, top.n, stats.MinCI)
		}
		fmt.Fprintf(s.stderr, "extra round %d: %d cases wider than ±%g%% (%s); this round takes %d of them, about %s; %s of the budget left\n",
			s.extra, len(ws), s.cfg.precision*100, why, len(chosen), cost.Round(time.Second), left.Round(time.Second))
		s.prog.phase = fmt.Sprintf("extra round %d", s.extra)
		s.prog.total, s.prog.done = 0, 0
		for _, w := range chosen {
			s.prog.total += len(w.g.cases) * len(s.tcs)
		}
		before := s.samples()
		for _, p := range s.cpus {
			var gs []*group
			for _, w := range chosen {
				if w.g.procs == p {
					gs = append(gs, w.g)
				}
			}
			if len(gs) == 0 {
				continue
			}
			if err := s.slot(ctx, rawfile.Pass{Procs: p, Kind: "extra"}, gs); err != nil {
				return err
			}
		}
		if s.samples() == before {
			s.stopped = fmt.Sprintf("extra round %d added no sample (see the failures)", s.extra)
			return nil
		}
	}
}

// samples counts the samples kept and set aside so far.
func (s *sampler) samples() int {
	n := 0
	for i := range s.tcs {
		for _, c := range s.tcs[i].cells {
			n += len(c.ns) + c.setAside
		}
	}
	return n
}

// pctString renders a relative width as benchstat does: 5% or ∞.
func pctString(w float64) string {
	if math.IsInf(w, 1) {
		return "∞"
	}
	return fmt.Sprintf("%.0f%%", w*100)
}
