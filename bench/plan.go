package bench

import (
	"fmt"
	"os"
	"strings"
)

// Plans: the runner hands the test binary the sub-benchmarks of one pass, in the order it
// shuffled them, as a plan file (-plan).

// readPlan reads a plan file: one sub-benchmark per line, as its name without the
// Benchmark prefix and the -N suffix (Grow/strategy=xsync/keys=1000/presize=false/readers=0),
// in the order to run them. It returns the names per workload.
func readPlan(path string) (map[string][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	plan := map[string][]string{}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		w, name, ok := strings.Cut(line, "/")
		if !ok {
			w, name = line, ""
		}
		if _, err := Lookup(w); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		plan[w] = append(plan[w], name)
	}
	return plan, nil
}

// FormatPlan renders cases as a plan file, in the given order.
func FormatPlan(cases []Case) []byte {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.Workload.Name)
		if n := c.Name(); n != "" {
			b.WriteString("/" + n)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// planned returns the cases of w that the plan lists, in its order. Every one must be a
// case of w, for a registered strategy the gate lets through or a control copy, that can
// run at every GOMAXPROCS value in procs.
func (w *Workload) planned(names []string, procs []int) ([]Case, error) {
	var strats []string
	for _, n := range Available() {
		strats = append(strats, n, n+ControlSuffix)
	}
	byName := map[string]Case{}
	for _, c := range w.Cases(strats, procs, true) {
		byName[c.Name()] = c
	}
	var cases []Case
	for _, n := range names {
		c, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("plan: %s/%s is not a case of %s that runs at -cpu %v", w.Name, n, w.Name, procs)
		}
		cases = append(cases, c)
	}
	return cases, nil
}
