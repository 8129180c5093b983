package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/stats"
)

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
		n += s.runsOf(g)
	}
	return n
}

// runsOf is the number of samples one pass takes of group g, over the configurations:
// a configuration leaves out the strategies it cannot build.
func (s *sampler) runsOf(g *group) int {
	n := 0
	for i := range s.tcs {
		for _, c := range g.cases {
			if s.tcs[i].runs(c) {
				n++
			}
		}
	}
	return n
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
// until every one of its cells has the most samples allowed. The cells of a group are
// sampled together, so a cell whose samples were set aside can take its neighbours past
// that number.
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
						w.width, w.cell = width, s.tcs[i].Name+" "+c.strategy
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
			s.prog.total += s.runsOf(w.g)
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
