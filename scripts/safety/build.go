package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	scenario "github.com/cmapbench/cmapbench/strategies/maptest"
)

// scenarioPkg is the child program's import path: building it by import path works from
// any directory inside the module.
const scenarioPkg = "github.com/cmapbench/cmapbench/scripts/safety/scenario"

// buildTimeout bounds one go command (a first -race build compiles the runtime).
const buildTimeout = 10 * time.Minute

// binaries are the two builds of the scenario program and what they say about themselves.
type binaries struct {
	GoEnvVersion string // go env GOVERSION of the go command that built them
	Plain, Race  string // paths
	Info         scenario.Info
}

// buildScenario builds the scenario program twice into dir with goCmd, which runs with
// the caller's environment (so GOTOOLCHAIN=go1.23.12 builds with that toolchain): once
// plain, once with -race. It checks that both report the go command's version, and that
// only the second has the race detector.
func buildScenario(ctx context.Context, goCmd, dir string, env []string) (binaries, error) {
	var b binaries
	r, err := runChild(ctx, buildTimeout, env, goCmd, "env", "GOVERSION")
	if err != nil {
		return b, err
	}
	if r.ExitCode != 0 {
		return b, fmt.Errorf("go env GOVERSION: %s: %s", r.Status, bytesTail(r.Stderr))
	}
	b.GoEnvVersion = strings.TrimSpace(string(r.Stdout))

	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	b.Plain = filepath.Join(dir, "scenario"+exe)
	b.Race = filepath.Join(dir, "scenario-race"+exe)
	for _, build := range []struct {
		args []string
		env  []string
	}{
		{[]string{"build", "-trimpath", "-o", b.Plain, scenarioPkg}, plainEnv(env)},
		{[]string{"build", "-trimpath", "-race", "-o", b.Race, scenarioPkg}, env},
	} {
		r, err := runChild(ctx, buildTimeout, build.env, goCmd, build.args...)
		if err != nil {
			return b, err
		}
		if r.ExitCode != 0 {
			return b, fmt.Errorf("%s %s: %s:\n%s", goCmd, strings.Join(build.args, " "), r.Status, bytesTail(r.Stderr))
		}
	}

	for _, bin := range []struct {
		path string
		race bool
	}{{b.Plain, false}, {b.Race, true}} {
		r, err := runChild(ctx, time.Minute, env, bin.path, "-mode", "info")
		if err != nil {
			return b, err
		}
		var info scenario.Info
		if err := scenario.ParseResult(r.Stdout, &info); err != nil {
			return b, fmt.Errorf("%s -mode info (%s): %w: %s", bin.path, r.Status, err, bytesTail(r.Stderr))
		}
		if info.Race != bin.race {
			return b, fmt.Errorf("%s: built with -race = %v, want %v (GOFLAGS=%q?)",
				filepath.Base(bin.path), info.Race, bin.race, lookupEnv(env, "GOFLAGS"))
		}
		if firstField(info.GoVersion) != firstField(b.GoEnvVersion) {
			return b, fmt.Errorf("%s runs %s but go env GOVERSION says %s", filepath.Base(bin.path), info.GoVersion, b.GoEnvVersion)
		}
		b.Info = info
	}
	return b, nil
}

// plainEnv returns env for the plain build: a -race in GOFLAGS (as some test setups
// export) is dropped, since that build must not have the race detector.
func plainEnv(env []string) []string {
	flags := strings.Fields(lookupEnv(env, "GOFLAGS"))
	kept := flags[:0]
	for _, f := range flags {
		if f != "-race" && f != "--race" && f != "-race=true" && f != "--race=true" {
			kept = append(kept, f)
		}
	}
	if len(kept) == len(strings.Fields(lookupEnv(env, "GOFLAGS"))) {
		return env
	}
	return withEnv(env, "GOFLAGS="+strings.Join(kept, " "))
}

// firstField returns the first word of s: "go1.24.0 X:noswissmap" gives "go1.24.0".
func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// bytesTail returns the end of a command's output, for error messages.
func bytesTail(b []byte) string {
	const max = 4000
	s := strings.TrimSpace(string(b))
	if len(s) > max {
		s = "..." + s[len(s)-max:]
	}
	return s
}

// makeTempDir makes the directory the binaries go to.
func makeTempDir() (string, error) {
	dir, err := os.MkdirTemp("", "cmapbench-safety-")
	if err != nil {
		return "", fmt.Errorf("making a directory for the scenario binaries: %w", err)
	}
	return dir, nil
}
