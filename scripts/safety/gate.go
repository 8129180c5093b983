package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// The correctness gate in the matrix: every strategy runs the gate's three checks
// (conformance, the grow scenario under -race, Range under writes). What a check finds
// wrong with a strategy the registry already excludes is reported with its evidence
// but does not fail the matrix: the gate keeps that strategy's numbers out already.
// Everything else does: a failure of a strategy the gate lets through, and a registry
// whose declaration no longer holds (a declared conformance failure that passes, or an
// undeclared one).

// conformCheck is the conformance check, run in the plain child.
type conformCheck struct {
	Result   maptest.ConformResult
	Problem  string // the child reported no result: crash, timeout
	Lived    time.Duration
	Evidence string // name of the evidence file's suffix, if any
}

// problem is something a check found wrong with a strategy.
type problem struct {
	check strategies.Check // "" for what the matrix expects of the unsafe baseline
	text  string
	// mismatch: the registry's declaration does not hold; always a failure.
	mismatch bool
}

// problems tags failure texts with the check that found them.
func problems(check strategies.Check, texts []string) []problem {
	var ps []problem
	for _, t := range texts {
		ps = append(ps, problem{check: check, text: t})
	}
	return ps
}

// sortProblems splits what the checks found into the failures of the matrix and the
// failures of a strategy the gate excludes, which are expected.
func sortProblems(info strategies.Info, ps []problem) (failures, expected []string) {
	_, excluded := info.Excluded()
	for _, p := range ps {
		if excluded && !p.mismatch && p.check != "" {
			expected = append(expected, p.text)
		} else {
			failures = append(failures, p.text)
		}
	}
	return failures, expected
}

// runConform runs the conformance check on the strategy in the plain child, and keeps
// the failing cases' messages as evidence.
func (m *matrix) runConform(ctx context.Context, env []string, info strategies.Info) (conformCheck, []problem, error) {
	r, err := m.child(ctx, env, m.Bin.Plain, []string{"-strategy", info.Name, "-mode", "conform"})
	if err != nil {
		return conformCheck{}, nil, err
	}
	cc, ps := judgeConform(info, r)
	if len(cc.Result.Failed) > 0 {
		cc.Evidence = "conformance-" + info.Name
		m.Evidence = append(m.Evidence, evidence{
			Name: cc.Evidence,
			Title: fmt.Sprintf("strategy %s, conformance check: %d of %d cases failed, each at its first difference from the model (%s, lived %v)",
				info.Name, len(cc.Result.Failed), cc.Result.Cases, r.Status, r.Lived.Round(time.Millisecond)),
			Text: strings.Join(cc.Result.Failed, "\n") + "\n",
		})
	}
	return cc, ps, nil
}

// judgeConform reads the conformance check's result and holds it to the registry: a
// strategy that declares no conformance failure must pass, and one that declares one
// must fail. A run that meets another fault first than the declared evidence is
// reported as such (a library's own goroutines can change the order); whether the
// declared evidence still happens, the tests of package strategies check.
func judgeConform(info strategies.Info, r toolchain.Result) (conformCheck, []problem) {
	cc := conformCheck{Lived: r.Lived}
	cc.Problem = childProblem(r, &cc.Result)
	declared, fails := info.Failure(strategies.Conformance)
	p := problem{check: strategies.Conformance}
	switch err := cc.Result.Err(); {
	case cc.Problem != "":
		p.text, p.mismatch = "conformance: "+cc.Problem, true
	case err == nil && !fails:
		return cc, nil
	case err == nil:
		p.text, p.mismatch = "conformance: passes, though the registry declares that it fails ("+declared.Evidence+")", true
	case !fails:
		p.text, p.mismatch = "conformance: "+err.Error(), true
	case cc.Result.Failed[0] != declared.Evidence:
		// A library that works in goroutines of its own can meet another fault first.
		p.text = "conformance, as the registry declares, though this run met another fault first: " + err.Error()
	default:
		p.text = "conformance, as the registry declares: " + err.Error()
	}
	return cc, []problem{p}
}

// conformVerdict says what the conformance check found, as the progress log and the
// conformance column of a row say it.
func conformVerdict(cc conformCheck) string {
	switch {
	case cc.Problem != "":
		return "**FAIL**: " + cc.Problem
	case len(cc.Result.Failed) == 0:
		return fmt.Sprintf("passes (%d cases)", cc.Result.Cases)
	}
	return fmt.Sprintf("**FAIL**: %d of %d cases", len(cc.Result.Failed), cc.Result.Cases)
}

// conformCell is the conformance column of a row: the verdict and its evidence file.
func conformCell(cc conformCheck, files map[string]string) string {
	if cc.Evidence == "" {
		return conformVerdict(cc)
	}
	return conformVerdict(cc) + " (" + evidenceRef(files, cc.Evidence) + ")"
}

// runRange runs the rangesem scenario on strategy name in the plain child and keeps, as
// evidence, what broke the promise every strategy's Range makes.
func (m *matrix) runRange(ctx context.Context, env []string, name string) (rangeCheck, []string, error) {
	r, err := m.child(ctx, env, m.Bin.Plain, rangeArgs(m.Config, name))
	if err != nil {
		return rangeCheck{}, nil, err
	}
	rc, fails := judgeRange(r)
	if err := rc.Result.Err(); rc.Problem == "" && err != nil {
		rc.Evidence = "range-" + name
		m.Evidence = append(m.Evidence, evidence{
			Name: rc.Evidence,
			Title: fmt.Sprintf("strategy %s, Range under writes (rangesem scenario, %d Ranges measured in %d rounds, %s, lived %v)",
				name, rc.Result.Ranges, rc.Result.Rounds, r.Status, r.Lived.Round(time.Millisecond)),
			Text: err.Error() + "\n",
		})
	}
	return rc, fails, nil
}
