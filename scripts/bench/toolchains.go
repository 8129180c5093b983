package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
)

// experiments are the GOEXPERIMENT settings a configuration may name: each restores the
// implementation Go 1.24 replaced (the classic hash map, the old sync.Map), and only
// go1.24 and go1.25 accept them.
var experiments = []string{"noswissmap", "nosynchashtriemap"}

// exactVersion matches an exact toolchain name such as go1.23.12 (not go1.23, not +auto).
var exactVersion = regexp.MustCompile(`^go1\.(\d+)\.(\d+)$`)

// toolchain is one configuration of a run: the go on PATH, or an exact toolchain fetched
// through GOTOOLCHAIN, optionally with a GOEXPERIMENT.
type toolchain struct {
	name       string // go1.25.0, go1.25.0-noswissmap; the go on PATH: its version
	version    string // the GOTOOLCHAIN value; "" for the go on PATH
	experiment string // the GOEXPERIMENT value, or ""
	goversion  string // the toolchain's runtime.Version(): go env GOVERSION, then " X:" and the experiment
	bin        string // the compiled test binary
	file       *os.File
	path       string // the raw result file
	header     string // the raw file's first lines (config lines)
	slowFile   *os.File
	slowPath   string // the file of samples set aside, once there is one
	failures   []string
	cells      map[cellKey]*cell
}

// parseToolchains checks the -go-versions entries: VERSION or VERSION:EXPERIMENT.
func parseToolchains(list string) ([]toolchain, error) {
	var tcs []toolchain
	for _, entry := range fields(list) {
		version, experiment, _ := strings.Cut(entry, ":")
		m := exactVersion.FindStringSubmatch(version)
		if m == nil {
			return nil, fmt.Errorf("-go-versions: %q is not an exact toolchain version such as go1.23.12", version)
		}
		tc := toolchain{name: version, version: version}
		if experiment != "" {
			if !slices.Contains(experiments, experiment) {
				return nil, fmt.Errorf("-go-versions: %q: unknown experiment %q (valid: %s)", entry, experiment, strings.Join(experiments, ", "))
			}
			if m[1] != "24" && m[1] != "25" {
				return nil, fmt.Errorf("-go-versions: %q: GOEXPERIMENT=%s exists only in go1.24 and go1.25", entry, experiment)
			}
			tc.experiment = experiment
			tc.name = version + "-" + experiment
		}
		if slices.ContainsFunc(tcs, func(t toolchain) bool { return t.name == tc.name }) {
			return nil, fmt.Errorf("-go-versions: %s is listed twice", tc.name)
		}
		tcs = append(tcs, tc)
	}
	return tcs, nil
}

// resolveToolchains asks each toolchain for its version, which fetches it if need be; a
// toolchain that cannot be had (a typo, or offline) is an error that names it. With no
// toolchains listed, the run uses the go on PATH as it is.
func resolveToolchains(ctx context.Context, goCmd string, tcs []toolchain) ([]toolchain, error) {
	if len(tcs) == 0 {
		tcs = []toolchain{{}}
	}
	tcs = slices.Clone(tcs)
	for i := range tcs {
		tc := &tcs[i]
		v, err := tc.output(ctx, goCmd, "env", "GOVERSION")
		if err != nil {
			if tc.version == "" {
				return nil, err
			}
			return nil, fmt.Errorf("toolchain %s is not available: %w", tc.version, err)
		}
		if tc.version != "" && v != tc.version {
			return nil, fmt.Errorf("toolchain %s: GOTOOLCHAIN=%s runs %s (is GOTOOLCHAIN pinned elsewhere, e.g. in go env -w?)", tc.version, tc.version, v)
		}
		if tc.name == "" {
			tc.name = v
			tc.experiment = os.Getenv("GOEXPERIMENT")
		}
		// As runtime.Version reports it in the test binary, which prints it again.
		tc.goversion = v
		if tc.experiment != "" {
			tc.goversion += " X:" + tc.experiment
		}
	}
	return tcs, nil
}

// env returns the environment for the toolchain's go command and test binary: GOTOOLCHAIN
// and GOEXPERIMENT set explicitly, so that the caller's environment cannot leak another.
func (tc *toolchain) env() []string {
	env := os.Environ()
	if tc.version == "" {
		return env
	}
	env = slices.DeleteFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, "GOTOOLCHAIN=") || strings.HasPrefix(kv, "GOEXPERIMENT=")
	})
	return append(env, "GOTOOLCHAIN="+tc.version, "GOEXPERIMENT="+tc.experiment)
}

// output runs a go command with the toolchain's environment.
func (tc *toolchain) output(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = tc.env()
	return runOutput(cmd)
}
