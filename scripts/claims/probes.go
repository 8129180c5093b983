package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// probesPkg is the import path of the probe programs' parent directory.
const probesPkg = "github.com/cmapbench/cmapbench/scripts/claims/probes/"

// The probes' evidence names: each run is saved as GOVERSION-NAME.txt.
const (
	probeGCTrace   = "gctrace"
	probeTBDefault = "traceback-default"
	probeTBCrash   = "traceback-crash"
	probeGrowth    = "growth"
	probeAllocs    = "allocs"
	fatalPrefix    = "fatal error: "
)

// growthKeys is how many keys the growth probe inserts: past the classic map's growth
// points on both sides of 65,536.
const growthKeys = 300_000

// A probe is one run of a probe program.
type probe struct {
	name string   // evidence name
	pkg  string   // directory under scripts/claims/probes
	args []string // arguments
	env  []string // KEY=value settings on top of a clean environment
	// retry reports whether a run that ended this way should be tried again (the race
	// check that ends the traceback probe is best-effort).
	retry func(toolchain.Result) bool
}

// probeEnv are the settings a probe's environment never inherits from the caller: they
// change what the probes measure.
var probeEnv = []string{"GODEBUG", "GOTRACEBACK", "GOGC", "GOMEMLIMIT", "GOMAXPROCS"}

// probes returns the probe runs, in the order they run.
func probes() []probe {
	noCrash := func(r toolchain.Result) bool { return !strings.Contains(string(r.Stderr), fatalPrefix) }
	return []probe{
		{name: probeGCTrace, pkg: "gctrace", env: []string{"GODEBUG=gctrace=1"}},
		{name: probeTBDefault, pkg: "traceback", args: []string{"-for", "3s"}, retry: noCrash},
		{name: probeTBCrash, pkg: "traceback", args: []string{"-for", "3s"}, env: []string{"GOTRACEBACK=crash"}, retry: noCrash},
		{name: probeGrowth, pkg: "growth", args: []string{"-n", fmt.Sprint(growthKeys)}},
		{name: probeAllocs, pkg: "allocs"},
	}
}

// An evidence file records one probe run: header lines "# key: value", then the run's
// standard output and standard error, each after a "--- stdout" or "--- stderr" line.
type evidence struct {
	Command  string // the command line, with its environment settings
	Status   string // how it ended: exit status 0, signal: aborted
	Attempts string // "2 of 10" for a retried probe
	Stdout   string
	Stderr   string
}

const (
	stdoutMark = "--- stdout\n"
	stderrMark = "--- stderr\n"
)

// String returns the evidence file's text.
func (e evidence) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# command: %s\n# status: %s\n", e.Command, e.Status)
	if e.Attempts != "" {
		fmt.Fprintf(&b, "# attempts: %s\n", e.Attempts)
	}
	b.WriteString(stdoutMark + e.Stdout)
	if e.Stdout != "" && !strings.HasSuffix(e.Stdout, "\n") {
		b.WriteString("\n")
	}
	b.WriteString(stderrMark + e.Stderr)
	return b.String()
}

// parseEvidence reads what String wrote.
func parseEvidence(text string) (evidence, error) {
	head, rest, ok := strings.Cut(text, stdoutMark)
	if !ok {
		return evidence{}, fmt.Errorf("no %q line", strings.TrimSpace(stdoutMark))
	}
	var e evidence
	e.Stdout, e.Stderr, ok = strings.Cut(rest, "\n"+stderrMark)
	if !ok {
		if e.Stderr, ok = strings.CutPrefix(rest, stderrMark); !ok {
			return evidence{}, fmt.Errorf("no %q line", strings.TrimSpace(stderrMark))
		}
		e.Stdout = ""
	} else {
		e.Stdout += "\n"
	}
	for _, line := range strings.Split(head, "\n") {
		k, v, _ := strings.Cut(strings.TrimPrefix(line, "# "), ": ")
		switch k {
		case "command":
			e.Command = v
		case "status":
			e.Status = v
		case "attempts":
			e.Attempts = v
		}
	}
	return e, nil
}

// buildProbes builds every probe program with tc into dir, without the race detector and
// with -trimpath (tracebacks then name files by import path, not by where they were
// built), and returns the binaries by probe directory.
func buildProbes(ctx context.Context, tc *toolchain.Toolchain, dir string) (map[string]string, error) {
	bins := map[string]string{}
	for _, p := range probes() {
		if bins[p.pkg] != "" {
			continue
		}
		out := filepath.Join(dir, p.pkg)
		if err := tc.Build(ctx, out, probesPkg+p.pkg, false, "-trimpath"); err != nil {
			return nil, fmt.Errorf("building probe %s: %w", p.pkg, err)
		}
		bins[p.pkg] = out
	}
	return bins, nil
}

// runProbe runs one probe, up to attempts times when its retry says so, and returns the
// evidence of the last run.
func runProbe(ctx context.Context, tc *toolchain.Toolchain, bin string, p probe, attempts int) (evidence, error) {
	env := slices.DeleteFunc(slices.Clone(tc.Env), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return slices.Contains(probeEnv, k)
	})
	env = append(env, p.env...)
	cmdline := strings.Join(append(append(slices.Clone(p.env), "./"+p.pkg), p.args...), " ")
	if p.retry == nil {
		attempts = 1
	}
	var e evidence
	for i := 1; i <= attempts; i++ {
		c := &toolchain.Cmd{Path: bin, Args: p.args, Env: env, Timeout: 2 * time.Minute}
		r, err := c.Run(ctx)
		if err != nil {
			return e, fmt.Errorf("probe %s: %w", p.name, err)
		}
		e = evidence{Command: cmdline, Status: r.Status, Stdout: string(r.Stdout), Stderr: string(r.Stderr)}
		if p.retry != nil {
			e.Attempts = fmt.Sprintf("%d of %d", i, attempts)
		}
		if r.TimedOut || ctx.Err() != nil {
			return e, fmt.Errorf("probe %s: %s", p.name, r.Status)
		}
		if p.retry == nil || !p.retry(r) {
			break
		}
	}
	return e, nil
}

// collect builds the probes with tc, runs them, finds the cited source lines, and writes
// every evidence file into dir as GOVERSION-NAME.txt.
func collect(ctx context.Context, tc *toolchain.Toolchain, dir string, attempts int, logf func(string, ...any)) error {
	bin, err := os.MkdirTemp("", "cmapbench-claims-")
	if err != nil {
		return fmt.Errorf("making a directory for the probes: %w", err)
	}
	defer os.RemoveAll(bin)
	bins, err := buildProbes(ctx, tc, bin)
	if err != nil {
		return err
	}
	write := func(name, text string) error {
		path := filepath.Join(dir, tc.Name+"-"+name+".txt")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return fmt.Errorf("writing evidence: %w", err)
		}
		return nil
	}
	for _, p := range probes() {
		logf("%s: probe %s", tc.Name, p.name)
		e, err := runProbe(ctx, tc, bins[p.pkg], p, attempts)
		if err != nil {
			return err
		}
		if err := write(p.name, e.String()); err != nil {
			return err
		}
	}
	ls, err := locate(ctx, tc)
	if err != nil {
		return err
	}
	return write(sourcesProbe, writeSources(tc.GoVersion, ls))
}
