package toolchain

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// GoTimeout bounds one go command run under a Toolchain: fetching the toolchain, or a
// first -race build, which compiles the runtime.
const GoTimeout = 10 * time.Minute

// A Toolchain is the go command pinned to one toolchain: a resolved Spec.
type Toolchain struct {
	Spec      Spec     // as listed; the zero Spec for the go on PATH
	Name      string   // Spec.Name(), or for the go on PATH its version: go1.25.0-noswissmap, go1.26.8
	GoVersion string   // what go env GOVERSION reports: go1.25.0
	Go        string   // the go command
	Dir       string   // where go commands run; "": the current directory
	Env       []string // the environment of the go commands and of the programs they build
}

// Resolve asks the go command for its version under each Spec, which fetches the
// toolchain if need be, and returns the Toolchains in the same order. A toolchain that
// cannot be had (a typo, or offline), or that reports another version (GOTOOLCHAIN
// pinned elsewhere), is an error that names it. With no Specs, the one Toolchain is the
// go on PATH with the caller's environment as it is. The go commands run in dir ("":
// the current directory), where a go.mod may select the toolchain of the go on PATH.
func Resolve(ctx context.Context, goCmd, dir string, specs []Spec) ([]*Toolchain, error) {
	if len(specs) == 0 {
		specs = []Spec{{}}
	}
	var tcs []*Toolchain
	for _, s := range specs {
		t := &Toolchain{Spec: s, Name: s.Name(), Go: goCmd, Dir: dir, Env: s.Env(os.Environ())}
		v, err := t.Output(ctx, "env", "GOVERSION")
		switch {
		case err != nil && s.Version == "":
			return nil, err
		case err != nil:
			return nil, fmt.Errorf("toolchain %s is not available: %w", s.Version, err)
		case s.Version != "" && v != s.Version:
			return nil, fmt.Errorf("toolchain %s: GOTOOLCHAIN=%s runs %s (is GOTOOLCHAIN pinned elsewhere, e.g. in go env -w?)", s.Version, s.Version, v)
		}
		t.GoVersion = v
		if t.Name == "" {
			t.Name = v
		}
		tcs = append(tcs, t)
	}
	return tcs, nil
}

// Experiment returns the GOEXPERIMENT the toolchain builds with: the Spec's, or for the
// go on PATH the caller's.
func (t *Toolchain) Experiment() string {
	return LookupEnv(t.Env, "GOEXPERIMENT")
}

// RuntimeVersion returns what runtime.Version reports in the programs the toolchain
// builds: the version, then " X:" and the experiment when there is one (go1.25.0
// X:noswissmap).
func (t *Toolchain) RuntimeVersion() string {
	if x := t.Experiment(); x != "" {
		return t.GoVersion + " X:" + x
	}
	return t.GoVersion
}

// In returns a copy of t whose go commands run in dir, relative to t's directory: the
// directory of a nested module, which the go command builds only from inside it.
func (t *Toolchain) In(dir string) *Toolchain {
	c := *t
	c.Dir = filepath.Join(t.Dir, dir)
	return &c
}

// Command returns the go command with args under the toolchain: its environment and
// directory, and a time limit of GoTimeout.
func (t *Toolchain) Command(args ...string) *Cmd {
	return &Cmd{Path: t.Go, Args: args, Env: t.Env, Dir: t.Dir, Timeout: GoTimeout}
}

// Output runs the go command with args under the toolchain and returns its trimmed
// standard output; the error carries its standard error.
func (t *Toolchain) Output(ctx context.Context, args ...string) (string, error) {
	return t.Command(args...).Output(ctx)
}

// BuildTest compiles the test binary of package pkg into out (go test -c). It never has
// the race detector: a benchmark's numbers under -race would say nothing of the map.
func (t *Toolchain) BuildTest(ctx context.Context, out, pkg string) error {
	c := t.Command("test", "-c", "-o", out, pkg)
	c.Env = PlainEnv(c.Env)
	_, err := c.Output(ctx)
	return err
}

// Build compiles program pkg into out with go build and flags, with the race detector
// when race is set and never otherwise (a -race in GOFLAGS is dropped).
func (t *Toolchain) Build(ctx context.Context, out, pkg string, race bool, flags ...string) error {
	args := append([]string{"build"}, flags...)
	if race {
		args = append(args, "-race")
	}
	c := t.Command(append(args, "-o", out, pkg)...)
	if !race {
		c.Env = PlainEnv(c.Env)
	}
	_, err := c.Output(ctx)
	return err
}
