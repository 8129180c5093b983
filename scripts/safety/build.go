package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// scenarioPkg is the child program's import path: building it by import path works from
// any directory inside the module.
const scenarioPkg = "github.com/cmapbench/cmapbench/scripts/safety/scenario"

// binaries are the two builds of the scenario program and what they say about themselves.
type binaries struct {
	GoEnvVersion string // go env GOVERSION of the go command that built them
	Plain, Race  string // paths
	Info         maptest.Info
}

// buildScenario builds the scenario program twice into dir with tc: once plain, once
// with -race. It checks that both report the toolchain's version, and that only the
// second has the race detector.
func buildScenario(ctx context.Context, tc *toolchain.Toolchain, dir string) (binaries, error) {
	b := binaries{GoEnvVersion: tc.GoVersion}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	b.Plain = filepath.Join(dir, "scenario"+exe)
	b.Race = filepath.Join(dir, "scenario-race"+exe)
	if err := tc.Build(ctx, b.Plain, scenarioPkg, false, "-trimpath"); err != nil {
		return b, err
	}
	if err := tc.Build(ctx, b.Race, scenarioPkg, true, "-trimpath"); err != nil {
		return b, err
	}

	for _, bin := range []struct {
		path string
		race bool
	}{{b.Plain, false}, {b.Race, true}} {
		r, err := (&toolchain.Cmd{Path: bin.path, Args: []string{"-mode", "info"}, Env: tc.Env, Timeout: time.Minute}).Run(ctx)
		if err != nil {
			return b, err
		}
		var info maptest.Info
		if err := maptest.ParseResult(r.Stdout, &info); err != nil {
			return b, fmt.Errorf("%s -mode info (%s): %w: %s", bin.path, r.Status, err, toolchain.Tail(r.Stderr))
		}
		if info.Race != bin.race {
			return b, fmt.Errorf("%s: built with -race = %v, want %v (GOFLAGS=%q?)",
				filepath.Base(bin.path), info.Race, bin.race, toolchain.LookupEnv(tc.Env, "GOFLAGS"))
		}
		if firstField(info.GoVersion) != firstField(b.GoEnvVersion) {
			return b, fmt.Errorf("%s runs %s but go env GOVERSION says %s", filepath.Base(bin.path), info.GoVersion, b.GoEnvVersion)
		}
		b.Info = info
	}
	return b, nil
}

// firstField returns the first word of s: "go1.24.0 X:noswissmap" gives "go1.24.0".
func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// makeTempDir makes the directory the binaries go to.
func makeTempDir() (string, error) {
	dir, err := os.MkdirTemp("", "cmapbench-safety-")
	if err != nil {
		return "", fmt.Errorf("making a directory for the scenario binaries: %w", err)
	}
	return dir, nil
}
