package strategies

import (
	"errors"
	"fmt"
)

// The correctness gate: a strategy's numbers are published only when it passes every
// check of the gate. A strategy that fails one stays registered, described and listed,
// with the check it fails and the evidence (Info.Fails), but the benchmarks leave it out
// and the report shows "excluded: fails CHECK" in its cells. The verdict is declared
// here, in the registry, once; the tests of package strategies check that it stays true.

// Check is one check of the gate.
type Check string

// The gate's checks, in the order they run. Package maptest implements them; the tests
// of package strategies and the safety matrix run them.
const (
	// Conformance: seeded random sequences of every Map method, from one goroutine,
	// agree with a plain map (maptest.ConformAll). Its sequences are fixed: a failing
	// strategy fails with the same message every time, unless the library works in
	// goroutines of its own, whose timing can change which fault a run meets first.
	Conformance Check = "conformance"
	// Stress: under -race, writers grow the map from empty while readers Load stored keys
	// and rangers Range; no race report, no key lost, no Range that visits a key twice or
	// misses one stored before it began (maptest.Grow).
	Stress Check = "stress under -race"
	// RangeUnderWrites: while writers store and delete other keys, a Range visits every
	// key present throughout, and none twice (maptest.RangeSemantics).
	RangeUnderWrites Check = "Range under writes"
)

// Checks returns the gate's checks in the order they run.
func Checks() []Check { return []Check{Conformance, Stress, RangeUnderWrites} }

// Failure is a check of the gate that a strategy fails.
type Failure struct {
	Check Check
	// Evidence is what the check reports. For Conformance it is the exact message of the
	// first failing case, which the tests check the strategy still gives.
	Evidence string
	// Cause says what in the library makes the check fail, for people choosing a map.
	Cause string
	// Upstream is the address of the library's own report of the fault, "" when none is
	// known.
	Upstream string
}

// Excluded reports whether the gate excludes the strategy from measurement, and the
// first check it fails.
func (i Info) Excluded() (Failure, bool) {
	if len(i.Fails) == 0 {
		return Failure{}, false
	}
	return i.Fails[0], true
}

// Failure returns the failure of check that the strategy declares, if it declares one.
func (i Info) Failure(check Check) (Failure, bool) {
	for _, f := range i.Fails {
		if f.Check == check {
			return f, true
		}
	}
	return Failure{}, false
}

// Verdict says in a few words what the gate decided: "passes", or "excluded: fails CHECK".
func (i Info) Verdict() string {
	if f, ok := i.Excluded(); ok {
		return "excluded: fails " + string(f.Check)
	}
	return "passes"
}

// ErrExcluded is wrapped by the error Gate returns for a strategy the gate excludes.
var ErrExcluded = errors.New("excluded from measurement")

// Gate returns nil when the strategy may be measured; otherwise an error that wraps
// ErrExcluded and says which check it fails, the evidence, the cause and, when known,
// the upstream report.
func (i Info) Gate() error {
	f, ok := i.Excluded()
	if !ok {
		return nil
	}
	upstream := ""
	if f.Upstream != "" {
		upstream = "; upstream report: " + f.Upstream
	}
	return fmt.Errorf("strategy %s is %w: it fails %s (%s): %s%s", i.Name, ErrExcluded, f.Check, f.Evidence, f.Cause, upstream)
}

// Measured returns the names of the strategies the gate lets through, in registry order:
// the strategies the benchmarks run when none are named.
func Measured() []string {
	var names []string
	for _, info := range Infos() {
		if _, excluded := info.Excluded(); !excluded {
			names = append(names, info.Name)
		}
	}
	return names
}
