package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// matrix is the outcome of one run of the command: one Go toolchain, every strategy.
type matrix struct {
	Bin        binaries
	Toolchain  string // GOTOOLCHAIN in the environment
	Date       time.Time
	Config     config
	Strategies []strategyReport
	Evidence   []evidence
}

// strategyReport is one row of the table.
type strategyReport struct {
	Info     strategies.Info
	Conform  conformCheck
	Race     raceCheck
	Runs     []unsafeRun // the unsafe baseline's runs without -race
	Range    *rangeCheck // concurrent strategies only
	Failures []string    // what fails the matrix
	// Expected: what the checks found wrong with a strategy the gate excludes. Reported,
	// with its evidence, but not a failure of the matrix.
	Expected []string
}

// raceCheck is the grow scenario under -race.
type raceCheck struct {
	Reports  int    // race reports printed
	Status   string // exit status
	Lived    time.Duration
	Problem  string // for a concurrent strategy: what else went wrong (crash, timeout, lost keys)
	Evidence string // name of the race report's evidence file suffix, if any
	// ProblemEvidence names the evidence file of a concurrent strategy's Problem, if any.
	ProblemEvidence string
}

// unsafeRun is one run of the unsafe baseline without -race.
type unsafeRun struct {
	Index  int
	Kind   Kind
	Detail string // the line that says what ended it, or what the final check found
	Status string
	Lived  time.Duration
}

// rangeCheck is the rangesem scenario.
type rangeCheck struct {
	Result   maptest.RangeResult
	Problem  string
	Lived    time.Duration
	Evidence string // name of the evidence file's suffix when a Range broke its promise
}

// evidence is a text kept in a file beside the report.
type evidence struct {
	Name  string // file name suffix: safety-GOVERSION-STAMP.NAME.txt
	Title string
	Text  string
}

// failures lists what fails the matrix, "strategy: what".
func (m *matrix) failures() []string {
	var out []string
	for _, s := range m.Strategies {
		for _, f := range s.Failures {
			out = append(out, s.Info.Name+": "+f)
		}
	}
	return out
}

// expected lists what the checks found wrong with strategies the gate excludes,
// "strategy (excluded: fails CHECK): what".
func (m *matrix) expected() []string {
	var out []string
	for _, s := range m.Strategies {
		for _, f := range s.Expected {
			out = append(out, s.Info.Name+" ("+s.Info.Verdict()+"): "+f)
		}
	}
	return out
}

// runMatrix runs every selected strategy's scenarios, one child process at a time.
func runMatrix(ctx context.Context, cfg config, bins binaries, env []string, logf func(string, ...any)) (*matrix, error) {
	m := &matrix{Bin: bins, Toolchain: toolchain.LookupEnv(env, "GOTOOLCHAIN"), Date: time.Now().UTC(), Config: cfg}
	for _, name := range cfg.names {
		s, err := strategies.Lookup[int, int](name)
		if err != nil {
			return nil, err
		}
		rep := strategyReport{Info: s.Info}
		conf, found, err := m.runConform(ctx, env, s.Info)
		if err != nil {
			return nil, err
		}
		rep.Conform = conf
		logf("%s: conformance: %s", name, conformVerdict(conf))
		if !s.Concurrent {
			if rep.Runs, err = m.runUnsafe(ctx, env, name, logf); err != nil {
				return nil, err
			}
		}
		race, fails, err := m.runRace(ctx, env, s.Info)
		if err != nil {
			return nil, err
		}
		check := strategies.Stress
		if !s.Concurrent {
			check = "" // the baseline's race verdict is the matrix's own expectation
		}
		rep.Race, found = race, append(found, problems(check, fails)...)
		logf("%s: grow under -race: %s", name, raceVerdict(s.Concurrent, race))

		if s.Concurrent {
			rc, fails, err := m.runRange(ctx, env, name)
			if err != nil {
				return nil, err
			}
			rep.Range, found = &rc, append(found, problems(strategies.RangeUnderWrites, fails)...)
			logf("%s: Range semantics: twice %s, missed %s, after %s", name,
				rangeCell(rc, rc.Result.Twice), rangeCell(rc, rc.Result.Missed), rangeCell(rc, rc.Result.After))
		}
		rep.Failures, rep.Expected = sortProblems(s.Info, found)
		m.Strategies = append(m.Strategies, rep)
	}
	return m, nil
}

// growArgs is the command line of the grow scenario for strategy name.
func growArgs(cfg config, name string) []string {
	return []string{"-strategy", name, "-mode", "grow",
		"-writers", strconv.Itoa(cfg.grow.Writers), "-keys", strconv.Itoa(cfg.grow.Keys),
		"-readers", strconv.Itoa(cfg.grow.Readers), "-rangers", strconv.Itoa(cfg.grow.Rangers),
		"-pause", cfg.grow.Pause.String()}
}

// rangeArgs is the command line of the rangesem scenario for strategy name.
func rangeArgs(cfg config, name string) []string {
	return []string{"-strategy", name, "-mode", "rangesem",
		"-writers", strconv.Itoa(cfg.rangesem.Writers), "-ranges", strconv.Itoa(cfg.rangesem.Ranges),
		"-stable", strconv.Itoa(cfg.rangesem.Stable), "-victims", strconv.Itoa(cfg.rangesem.Victims),
		"-newkeys", strconv.Itoa(cfg.rangesem.NewKeys)}
}

// child runs the scenario program bin with args; an interrupt that came meanwhile is an
// error.
func (m *matrix) child(ctx context.Context, env []string, bin string, args []string) (toolchain.Result, error) {
	r, err := (&toolchain.Cmd{Path: bin, Args: args, Env: env, Timeout: m.Config.timeout}).Run(ctx)
	if err != nil {
		return r, err
	}
	if err := ctx.Err(); err != nil {
		return r, fmt.Errorf("interrupted: %w", context.Cause(ctx))
	}
	return r, nil
}

// runUnsafe runs the grow scenario on the unsafe baseline without -race, m.Config.runs
// times, and keeps the traceback of the first run that each kind of crash ended.
func (m *matrix) runUnsafe(ctx context.Context, env []string, name string, logf func(string, ...any)) ([]unsafeRun, error) {
	var runs []unsafeRun
	kept := map[Kind]bool{}
	for i := 1; i <= m.Config.runs; i++ {
		r, err := m.child(ctx, toolchain.WithEnv(env, "GOTRACEBACK=crash"), m.Bin.Plain, growArgs(m.Config, name))
		if err != nil {
			return nil, err
		}
		u := judgeUnsafeRun(i, r)
		runs = append(runs, u)
		logf("%s: run %d/%d without -race: %s (%s, lived %v)", name, i, m.Config.runs, u.Kind, u.Status, u.Lived.Round(time.Millisecond))
		if !kept[u.Kind] && u.Kind != KindNone && u.Kind != KindHung {
			kept[u.Kind] = true
			m.Evidence = append(m.Evidence, crashEvidence(name, u, m.Config.runs, r.Stderr))
		}
	}
	return runs, nil
}

// runRace runs the grow scenario under -race and judges it, keeping the first race
// report as evidence.
func (m *matrix) runRace(ctx context.Context, env []string, info strategies.Info) (raceCheck, []string, error) {
	// GORACE: no sleep at exit (the scenario joins all its goroutines first); the
	// baseline stops at its first report. The caller's GORACE options come last and win.
	gorace := "atexit_sleep_ms=0"
	if !info.Concurrent {
		gorace += " halt_on_error=1"
	}
	if user := toolchain.LookupEnv(env, "GORACE"); user != "" {
		gorace += " " + user
	}
	r, err := m.child(ctx, toolchain.WithEnv(env, "GORACE="+gorace), m.Bin.Race, growArgs(m.Config, info.Name))
	if err != nil {
		return raceCheck{}, nil, err
	}
	race, fails, ev := judgeRace(info, r)
	if ev != nil {
		m.Evidence = append(m.Evidence, *ev)
	}
	if info.Concurrent && race.Problem != "" {
		race.ProblemEvidence = "grow-" + info.Name
		m.Evidence = append(m.Evidence, evidence{
			Name: race.ProblemEvidence,
			Title: fmt.Sprintf("strategy %s, grow scenario under -race (%s, lived %v)",
				info.Name, r.Status, r.Lived.Round(time.Millisecond)),
			Text: race.Problem + "\n",
		})
	}
	return race, fails, nil
}

// judgeUnsafeRun records what ended one run of the unsafe baseline without -race.
func judgeUnsafeRun(i int, r toolchain.Result) unsafeRun {
	u := unsafeRun{Index: i, Status: r.Status, Lived: r.Lived}
	if r.TimedOut {
		u.Kind = KindHung
		return u
	}
	var g maptest.GrowResult
	if r.ExitCode == 0 && maptest.ParseResult(r.Stdout, &g) == nil {
		u.Kind = KindNone
		u.Detail = fmt.Sprintf("finished undetected: Len %d of %d keys stored, %d missing at the end", g.Len, g.Want, g.Missing)
		return u
	}
	u.Kind, u.Detail = classifyCrash(r.Stderr)
	if u.Detail == "" {
		u.Detail = "no fatal error or panic line: " + firstLine(r.Stderr)
	}
	return u
}

// judgeRace turns the grow scenario's run under -race into a verdict. For the unsafe
// baseline, a race report is expected and its absence is the failure. For a concurrent
// strategy, anything but a clean finish with every key present is a failure.
func judgeRace(info strategies.Info, r toolchain.Result) (raceCheck, []string, *evidence) {
	rc := raceCheck{Reports: raceReports(r.Stderr), Status: r.Status, Lived: r.Lived}
	var fails []string
	var ev *evidence
	if rc.Reports > 0 {
		name := "race-" + info.Name
		rc.Evidence = name
		title := fmt.Sprintf("first of %d race report(s) for strategy %s (grow scenario under -race, %s, lived %v)",
			rc.Reports, info.Name, r.Status, r.Lived.Round(time.Millisecond))
		ev = &evidence{Name: name, Title: title, Text: firstRaceReport(r.Stderr)}
	}
	if !info.Concurrent {
		if rc.Reports == 0 {
			fails = append(fails, fmt.Sprintf("the race detector did not flag the unsafe baseline (%s)", r.Status))
		}
		return rc, fails, ev
	}
	if rc.Reports > 0 {
		fails = append(fails, fmt.Sprintf("%d race report(s) under -race", rc.Reports))
	}
	var g maptest.GrowResult
	switch {
	case r.TimedOut:
		rc.Problem = r.Status
	case r.ExitCode != 0 && rc.Reports == 0:
		kind, line := classifyCrash(r.Stderr)
		if line == "" {
			line = firstLine(r.Stderr)
		}
		rc.Problem = fmt.Sprintf("%s: %s", r.Status, line)
		if kind != KindOther {
			rc.Problem = fmt.Sprintf("%s: %s", r.Status, kind)
		}
	case r.ExitCode != 0:
		// Exit status 66: the race reports already say it.
	default:
		if err := maptest.ParseResult(r.Stdout, &g); err != nil {
			rc.Problem = "no result: " + err.Error()
		} else if err := g.Err(); err != nil {
			rc.Problem = err.Error()
		}
	}
	if rc.Problem != "" {
		fails = append(fails, "grow under -race: "+rc.Problem)
	}
	return rc, fails, ev
}

// judgeRange reads the rangesem scenario's result: a Range that visited a key twice or
// missed one present throughout broke what every strategy's Range promises.
func judgeRange(r toolchain.Result) (rangeCheck, []string) {
	rc := rangeCheck{Lived: r.Lived}
	rc.Problem = childProblem(r, &rc.Result)
	if rc.Problem != "" {
		return rc, []string{"rangesem: " + rc.Problem}
	}
	if err := rc.Result.Err(); err != nil {
		return rc, []string{"rangesem: " + err.Error()}
	}
	return rc, nil
}

// crashEvidence keeps the traceback of a run that a map race check (or something else)
// ended.
func crashEvidence(name string, u unsafeRun, runs int, stderr []byte) evidence {
	title := fmt.Sprintf("strategy %s, run %d of %d without -race, GOTRACEBACK=crash: %s; %s; lived %v",
		name, u.Index, runs, u.Detail, u.Status, u.Lived.Round(time.Millisecond))
	if u.Kind == KindOther {
		return evidence{Name: "other", Title: title, Text: headLines(stderr, 80)}
	}
	return evidence{Name: u.Kind.slug(), Title: title, Text: trimTraceback(stderr)}
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "(no output)"
	}
	return s
}

func headLines(b []byte, n int) string {
	lines := strings.SplitAfter(string(b), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...\n")
	}
	return strings.Join(lines, "")
}

// childProblem returns what went wrong with a scenario child that ended as r: it timed
// out, it failed, or it printed no result line; "" when it printed one, parsed into v.
func childProblem(r toolchain.Result, v any) string {
	switch {
	case r.TimedOut:
		return r.Status
	case r.ExitCode != 0:
		return fmt.Sprintf("%s: %s", r.Status, firstLine(r.Stderr))
	}
	if err := maptest.ParseResult(r.Stdout, v); err != nil {
		return "no result: " + err.Error()
	}
	return ""
}
