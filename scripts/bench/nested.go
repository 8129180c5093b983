package main

import (
	"context"
	"reflect"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
)

// runs reports whether configuration tc runs case c.
func (tc *toolchainRun) runs(c bench.Case) bool { return tc.pkg.Runs(c) }

// build compiles tc's test binary into tc.bin.
func (tc *toolchainRun) build(ctx context.Context) error {
	return tc.In(tc.pkg.Dir).BuildTest(ctx, tc.bin, ".")
}

// benchImportPath is package bench's import path: the pkg line of every raw file. A
// nested module's test binary prints its own package's path, but runs bench's workloads.
var benchImportPath = reflect.TypeOf(bench.Case{}).PkgPath()

// pkgLine returns line with the package a pkg config line names replaced by bench, so
// that the raw files of every configuration, whichever package their binary was built
// from, belong to one package for benchstat.
func pkgLine(line string) string {
	if strings.HasPrefix(line, "pkg: ") {
		return "pkg: " + benchImportPath
	}
	return line
}

// nestedVersion returns the version of module path that tc's nested module requires.
func (tc *toolchainRun) nestedVersion(ctx context.Context, path string) string {
	v, err := tc.In(tc.pkg.Dir).Output(ctx, "list", "-m", "-f", "{{.Version}}", path)
	if err != nil {
		return "unknown"
	}
	return v
}
