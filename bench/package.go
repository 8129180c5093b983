package bench

import (
	"fmt"
	"go/version"
	"strings"

	"github.com/cmapbench/cmapbench/strategies"
)

// RootPackage is the directory, from the repository root, of the root module's package
// of benchmarks: this one.
const RootPackage = "bench"

// Package is the package of benchmarks that a toolchain builds for a set of strategies.
type Package struct {
	// Dir is where the test binary is built and run, from the repository root:
	// RootPackage, or the directory of the nested module that builds the chosen Nested
	// strategies, whose benchmarks run this package's workloads with them beside the
	// registry's strategies.
	Dir string
	// Absent maps each chosen strategy the toolchain cannot build to the reason.
	Absent map[string]string
}

// PackageFor picks the package of benchmarks for Go release goVersion (go1.26.8) and
// the chosen strategies (names, or control copies of them): the nested module of the
// Nested ones when the release builds them, else RootPackage without them.
func PackageFor(goVersion string, chosen []string) (Package, error) {
	p := Package{Dir: RootPackage, Absent: map[string]string{}}
	for _, name := range chosen {
		info, err := describe(name)
		if err != nil {
			return p, err
		}
		switch {
		case info.Nested == "":
		case version.Compare(goVersion, info.MinGo) < 0:
			p.Absent[info.Name] = fmt.Sprintf("%s builds only with %s or newer", info.Module, info.MinGo)
		case p.Dir != RootPackage && p.Dir != info.Nested:
			return p, fmt.Errorf("strategies of two nested modules (%s and %s) cannot run in one test binary: choose one with -strategies", p.Dir, info.Nested)
		default:
			p.Dir = info.Nested
		}
	}
	return p, nil
}

// Runs reports whether the package's test binary runs case c.
func (p Package) Runs(c Case) bool {
	_, absent := p.Absent[strings.TrimSuffix(c.Strategy, ControlSuffix)]
	return !absent
}

// AbsentLines are lines for the top of a raw file about the package: where it was built
// from, when not here, and each chosen strategy it leaves out, with the reason. They are
// Go comments, which benchfmt skips.
func (p Package) AbsentLines(toolchain string) string {
	var b strings.Builder
	if p.Dir != RootPackage {
		fmt.Fprintf(&b, "# The benchmarks were built from the nested module in %s, which runs package bench's workloads; pkg lines name package bench.\n", p.Dir)
	}
	for _, name := range strategies.Names() {
		if why, ok := p.Absent[name]; ok {
			fmt.Fprintf(&b, "# %s is not measured by %s: %s.\n", name, toolchain, why)
		}
	}
	return b.String()
}
