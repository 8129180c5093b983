package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
)

// repCase is one representative case of a workload: the parameter values to profile,
// with fallbacks for -cpu values where that case does not exist.
type repCase struct {
	// Workload is the bench workload's name; -workloads selects by it.
	Workload string
	// Why says what the case shows, for the summary.
	Why string
	// Choices are parameter values, tried in order: the first for which at least one
	// strategy has a case at the chosen -cpu is profiled. Every parameter of the
	// workload is named, so that each strategy has at most one matching case.
	Choices []map[string]string
}

// representative is the table of cases make profile records, in order.
var representative = []repCase{
	{
		Workload: "Grow",
		Why:      "filling a map from empty: the resizes",
		Choices:  []map[string]string{{"keys": "100000", "presize": "false", "readers": "0"}},
	},
	{
		Workload: "RapidGrow",
		Why:      "growth with churn: 80% inserts, 5% reads, 5% deletes, 10% updates",
		Choices:  []map[string]string{{}},
	},
	{
		Workload: "Range",
		Why:      "a full Range while the other Ps write (no writer at one P)",
		// writers=procs-1 is left out where it equals writers=1 (two Ps) and
		// writers=1 does not fit at one P.
		Choices: []map[string]string{
			{"keys": "100000", "writers": "procs-1", "visit": "all"},
			{"keys": "100000", "writers": "1", "visit": "all"},
			{"keys": "100000", "writers": "0", "visit": "all"},
		},
	},
	{
		Workload: "Mix",
		Why:      "a small, hot map: 90% Loads, 10% Stores and Deletes",
		Choices:  []map[string]string{{"keys": "1000", "keytype": "int", "dist": "uniform", "reads": "90%"}},
	},
	{
		Workload: "Mix",
		Why:      "a large map with skewed (Zipfian) keys: 90% Loads, cache misses",
		Choices:  []map[string]string{{"keys": "1000000", "keytype": "int", "dist": "zipf", "reads": "90%"}},
	},
}

// workloadNames returns the distinct workload names of the table, in order.
func workloadNames() []string {
	var names []string
	for _, r := range representative {
		if !slices.Contains(names, r.Workload) {
			names = append(names, r.Workload)
		}
	}
	return names
}

// profileCase is a representative case resolved for one -cpu value: the chosen parameter
// values and the strategies that have the case.
type profileCase struct {
	rep        repCase
	workload   *bench.Workload
	params     []string // key=value, in the workload's parameter order
	cases      []bench.Case
	strategies []string
}

// resolve picks, for rep at GOMAXPROCS procs, the first choice that exists for at
// least one of strats (all when nil), and the cases that match it, one per strategy.
func resolve(rep repCase, strats []string, procs int) (*profileCase, error) {
	w, err := bench.Lookup(rep.Workload)
	if err != nil {
		return nil, fmt.Errorf("representative case: %w", err)
	}
	all := w.Cases(strats, []int{procs}, true)
	for _, choice := range rep.Choices {
		if len(choice) != len(w.Params) {
			return nil, fmt.Errorf("representative %s case %v names %d parameters; the workload has %d", w.Name, choice, len(choice), len(w.Params))
		}
		pc := &profileCase{rep: rep, workload: w}
		for _, p := range w.Params {
			v, ok := choice[p.Key]
			if !ok {
				return nil, fmt.Errorf("representative %s case %v lacks parameter %s", w.Name, choice, p.Key)
			}
			pc.params = append(pc.params, p.Key+"="+v)
		}
		for _, c := range all {
			if matches(c, choice) {
				if slices.Contains(pc.strategies, c.Strategy) {
					return nil, fmt.Errorf("representative %s case %v matches two cases of strategy %s", w.Name, choice, c.Strategy)
				}
				pc.cases = append(pc.cases, c)
				pc.strategies = append(pc.strategies, c.Strategy)
			}
		}
		if len(pc.cases) > 0 {
			return pc, nil
		}
	}
	return nil, nil
}

func matches(c bench.Case, choice map[string]string) bool {
	for i, p := range c.Workload.Params {
		if choice[p.Key] != c.Values[i] {
			return false
		}
	}
	return true
}

// title is the case's heading: "Grow keys=100000 presize=false readers=0".
func (pc *profileCase) title() string {
	return strings.Join(append([]string{pc.workload.Name}, pc.params...), " ")
}

// dirName is the case's directory: "Grow-keys=100000-presize=false-readers=0".
func (pc *profileCase) dirName() string {
	return caseDirName(pc.workload.Name, pc.params)
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

// tableEntry is one choice of the representative table, as the summary names it.
type tableEntry struct {
	dir, title, why string
}

// tableEntries returns every choice of the table, in table order: the order in which
// the summary lists cases.
func tableEntries() []tableEntry {
	var entries []tableEntry
	for _, r := range representative {
		w, err := bench.Lookup(r.Workload)
		if err != nil {
			continue
		}
		for _, choice := range r.Choices {
			var params []string
			for _, p := range w.Params {
				params = append(params, p.Key+"="+choice[p.Key])
			}
			pc := &profileCase{rep: r, workload: w, params: params}
			entries = append(entries, tableEntry{dir: pc.dirName(), title: pc.title(), why: r.Why})
		}
	}
	return entries
}

// caseInfo returns the title and note of a case directory; a directory not in the
// table is its own title.
func caseInfo(dir string) (title, why string) {
	for _, e := range tableEntries() {
		if e.dir == dir {
			return e.title, e.why
		}
	}
	return dir, ""
}

// caseRank orders case directories as the table does; others come last.
func caseRank(dir string) int {
	for i, e := range tableEntries() {
		if e.dir == dir {
			return i
		}
	}
	return len(representative) * 10
}
