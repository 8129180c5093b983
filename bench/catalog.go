package bench

import (
	"slices"
	"strconv"
	"strings"
)

// Metric is a unit a workload reports besides ns/op.
type Metric struct {
	Unit string
	// Doc says what the unit measures, for the README's workload table.
	Doc string
	// Table: the report gives the unit a table of its own, beside ns/op.
	Table bool
}

// Use says what a Situation is for: a set of the flags below.
type Use uint8

const (
	// Guide: the strategy guide answers the situation's question with it, at the largest
	// GOMAXPROCS measured.
	Guide Use = 1 << iota
	// Chart: the report charts it against GOMAXPROCS.
	Chart
	// Profile: make profile records CPU, allocation and mutex profiles of it.
	Profile
	// Footprint: the guide takes each strategy's B/entry from it, at the smallest
	// GOMAXPROCS measured.
	Footprint
)

// Situation is a case of a workload that stands for something users ask about. The
// guide, the charts and the profiles all take their cases from the workloads'
// Situations, so that each is declared once.
type Situation struct {
	// Title names the situation: the guide's and the profile summary's heading.
	Title string
	// Question says what the case measures, for someone choosing a map.
	Question string
	// Params fix the case: key=value for every parameter of the workload except Series
	// and, optionally, one with an Implied value, which then has that value. A value may
	// be ProcsMinusOne, which stands for GOMAXPROCS-1 at each GOMAXPROCS.
	Params []string
	// Series, when set, is the parameter whose values a chart draws as lines in place of
	// the strategies.
	Series string
	// Extra, when set, is a further unit the guide shows beside the winner's ns/op (the
	// writers' writes/s under a Range: a Range that holds a lock starves them).
	Extra string
	Uses  Use
	// workload is the workload whose Situations hold this one (see init): Runs reads
	// its parameters' implied values.
	workload *Workload
}

func init() {
	for _, w := range Workloads() {
		for i := range w.Situations {
			w.Situations[i].workload = w
		}
	}
}

// ProcsMinusOne is the parameter value that stands for GOMAXPROCS-1 ("every other P").
const ProcsMinusOne = "procs-1"

// Effective returns what a parameter value means at GOMAXPROCS procs: ProcsMinusOne
// becomes procs-1; any other value is itself.
func Effective(value string, procs int) string {
	if value == ProcsMinusOne {
		return strconv.Itoa(max(procs-1, 0))
	}
	return value
}

// Label is how the situation of workload w is written: "Grow keys=100000 presize=false
// readers=0".
func (s *Situation) Label(w *Workload) string {
	return strings.Join(append([]string{w.Name}, s.Params...), " ")
}

// Runs reports whether a case of w, whose parameter values get returns, runs at
// GOMAXPROCS procs what situation s runs there: every parameter s fixes has the same
// Effective value. A case with writers=1 at 2 Ps runs writers=procs-1. A parameter get
// returns "" for (a result recorded before the workload had it) has its Implied value,
// and a parameter with an Implied value that s does not name must have that value.
func (s *Situation) Runs(get func(key string) string, procs int) bool {
	value := func(k string) string {
		v := get(k)
		if v == "" && s.workload != nil {
			v = s.workload.implied(k)
		}
		return v
	}
	named := map[string]bool{}
	for _, kv := range s.Params {
		k, v, _ := strings.Cut(kv, "=")
		named[k] = true
		if Effective(value(k), procs) != Effective(v, procs) {
			return false
		}
	}
	if s.workload != nil {
		for _, p := range s.workload.Params {
			if p.Implied != "" && !named[p.Key] && value(p.Key) != p.Implied {
				return false
			}
		}
	}
	return true
}

// implied returns the Implied value of w's parameter key, "" when it has none.
func (w *Workload) implied(key string) string {
	for _, p := range w.Params {
		if p.Key == key {
			return p.Implied
		}
	}
	return ""
}

// RunsCase reports whether case c runs situation s at GOMAXPROCS procs.
func (s *Situation) RunsCase(c Case, procs int) bool {
	return s.Runs(func(k string) string {
		if i := slices.IndexFunc(c.Workload.Params, func(p Param) bool { return p.Key == k }); i >= 0 {
			return c.Values[i]
		}
		return ""
	}, procs)
}

// Placed is a situation with its workload.
type Placed struct {
	Workload *Workload
	*Situation
}

// Label is how the situation is written: "Grow keys=100000 presize=false readers=0".
func (p Placed) Label() string { return p.Situation.Label(p.Workload) }

// Situations returns the situations of the registered workloads that have use, in
// workload order.
func Situations(use Use) []Placed {
	var out []Placed
	for _, w := range Workloads() {
		for i := range w.Situations {
			if s := &w.Situations[i]; s.Uses&use != 0 {
				out = append(out, Placed{w, s})
			}
		}
	}
	return out
}

// OpenSituation returns the situation the guide answers for a case of an open workload
// w (one with Open set) whose parameter values get returns.
func (w *Workload) OpenSituation(get func(key string) string) Placed {
	s := w.Open(get)
	s.workload = w
	return Placed{w, &s}
}

// TableMetrics returns the units the report tables for w: ns/op, then w's own metrics
// that have a table.
func (w *Workload) TableMetrics() []string {
	units := []string{"ns/op"}
	for _, m := range w.Metrics {
		if m.Table {
			units = append(units, m.Unit)
		}
	}
	return units
}
