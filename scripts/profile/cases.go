package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
)

// The cases make profile records are the catalog's Profile situations
// (bench.Situations(bench.Profile)), in catalog order.

// workloadNames returns the distinct workloads of the profiled situations, in order.
func workloadNames() []string {
	var names []string
	for _, sc := range bench.Situations(bench.Profile) {
		if !slices.Contains(names, sc.Workload.Name) {
			names = append(names, sc.Workload.Name)
		}
	}
	return names
}

// profileCase is a situation resolved for one -cpu value: the cases that run it, one per
// strategy.
type profileCase struct {
	situation  bench.Placed
	workload   *bench.Workload
	params     []string // key=value of the case that runs it, in the workload's parameter order
	cases      []bench.Case
	strategies []string
}

// resolve returns the cases of strats (all when nil) that run situation sc at
// GOMAXPROCS procs, one per strategy; nil when there is none.
func resolve(sc bench.Placed, strats []string, procs int) (*profileCase, error) {
	w := sc.Workload
	pc := &profileCase{situation: sc, workload: w}
	for _, c := range w.Cases(strats, []int{procs}, true) {
		if !sc.RunsCase(c, procs) {
			continue
		}
		if slices.Contains(pc.strategies, c.Strategy) {
			return nil, fmt.Errorf("profiled situation %s: two cases of strategy %s run it at -cpu %d", sc.Label(), c.Strategy, procs)
		}
		pc.cases = append(pc.cases, c)
		pc.strategies = append(pc.strategies, c.Strategy)
	}
	if len(pc.cases) == 0 {
		return nil, nil
	}
	for i, p := range w.Params {
		pc.params = append(pc.params, p.Key+"="+pc.cases[0].Values[i])
	}
	return pc, nil
}

// title is the case's heading: "Grow keys=100000 presize=false readers=0".
func (pc *profileCase) title() string {
	return strings.Join(append([]string{pc.workload.Name}, pc.params...), " ")
}

// dirName is the situation's directory: "Grow-keys=100000-presize=false-readers=0",
// the same at every -cpu.
func (pc *profileCase) dirName() string {
	return caseDirName(pc.workload.Name, pc.situation.Params)
}

func caseDirName(workload string, params []string) string {
	return safeName(strings.Join(append([]string{workload}, params...), "-"))
}

// safeName keeps letters, digits, '.', '_', '-' and '=' in a file name: '%' becomes
// "pct", anything else '_'.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-', r == '=':
			b.WriteRune(r)
		case r == '%':
			b.WriteString("pct")
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// benchPattern is the -test.bench pattern that selects exactly case c: every level
// anchored and quoted, since values hold regexp metacharacters ("reads=90%" is harmless,
// but "writers=procs-1" and future values may not be).
func benchPattern(c bench.Case) string {
	segs := []string{"^Benchmark" + regexp.QuoteMeta(c.Workload.Name) + "$"}
	for _, s := range strings.Split(c.Name(), "/") {
		if s == "" {
			continue
		}
		segs = append(segs, "^"+regexp.QuoteMeta(s)+"$")
	}
	return strings.Join(segs, "/")
}

// caseInfo returns the title and note of a case directory: the situation's label and
// question; a directory of no profiled situation is its own title.
func caseInfo(dir string) (title, why string) {
	for _, sc := range bench.Situations(bench.Profile) {
		if caseDirName(sc.Workload.Name, sc.Params) == dir {
			return sc.Label(), sc.Question
		}
	}
	return dir, ""
}

// caseRank orders case directories as the catalog orders the situations; others come last.
func caseRank(dir string) int {
	scs := bench.Situations(bench.Profile)
	for i, sc := range scs {
		if caseDirName(sc.Workload.Name, sc.Params) == dir {
			return i
		}
	}
	return len(scs)
}
