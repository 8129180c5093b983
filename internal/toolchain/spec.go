// Package toolchain runs the go command under an exact Go toolchain, and runs child
// processes in general, for the suite's commands (scripts/bench, scripts/profile and
// scripts/safety).
//
// A [Spec] names an exact toolchain, fetched through GOTOOLCHAIN, and optionally a
// GOEXPERIMENT: go1.25.0, go1.25.0:noswissmap. [ParseList] reads the list the commands'
// -go-versions flag takes (and make's GO_VERSIONS holds); an empty list means the go
// command on PATH, as the caller's environment selects it. [Resolve] checks that each
// toolchain runs and reports the version asked for, and returns a [Toolchain] that builds
// programs and test binaries with exactly that toolchain. [Cmd] runs a child process in
// a process group of its own, with a time limit, so that no process outlives its run.
package toolchain

import (
	"fmt"
	"go/version"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/internal/cli"
)

// experiments are the GOEXPERIMENT settings a Spec may name: each restores the
// implementation Go 1.24 replaced (the classic hash map, the old sync.Map), and only
// go1.24 and go1.25 accept them.
var experiments = []string{NoSwissMap, NoSyncHashTrieMap}

// The experiments: NoSwissMap restores the classic hash map, NoSyncHashTrieMap the
// sync.Map of Go 1.23.
const (
	NoSwissMap        = "noswissmap"
	NoSyncHashTrieMap = "nosynchashtriemap"
)

// Experiments returns the GOEXPERIMENT settings a Spec may name, in a fixed order.
func Experiments() []string { return slices.Clone(experiments) }

// experimentLangs are the language versions whose toolchains accept the experiments.
var experimentLangs = []string{"go1.24", "go1.25"}

// form is how an entry is written, for error messages.
const form = "an entry is VERSION or VERSION:EXPERIMENT, e.g. go1.23.12 or go1.25.0:noswissmap"

// A Spec is an exact Go toolchain and an optional GOEXPERIMENT. The zero Spec stands for
// the go command on PATH, run with the caller's environment.
type Spec struct {
	Version    string // the GOTOOLCHAIN value, an exact version such as go1.25.0; "" for the go on PATH
	Experiment string // the GOEXPERIMENT value, or ""
}

// Parse parses one entry: VERSION or VERSION:EXPERIMENT, where VERSION is an exact
// toolchain version (go1.23.12, go1.25rc1; not the language version go1.25, nor
// go1.25.0+auto) and EXPERIMENT one of noswissmap and nosynchashtriemap, which only
// go1.24 and go1.25 accept. One entry names one experiment: commas separate entries.
func Parse(entry string) (Spec, error) {
	v, x, hasX := strings.Cut(entry, ":")
	if !exact(v) {
		return Spec{}, fmt.Errorf("%q: not an exact toolchain version such as go1.23.12 (%s)", entry, form)
	}
	s := Spec{Version: v}
	if !hasX {
		return s, nil
	}
	if !slices.Contains(experiments, x) {
		return Spec{}, fmt.Errorf("%q: unknown experiment %q (valid: %s; %s)", entry, x, strings.Join(experiments, ", "), form)
	}
	if !slices.Contains(experimentLangs, version.Lang(v)) {
		return Spec{}, fmt.Errorf("%q: GOEXPERIMENT=%s exists only in go1.24 and go1.25", entry, x)
	}
	s.Experiment = x
	return s, nil
}

// exact reports whether v names one toolchain release: a valid Go version that is not a
// language version (go1.25 names the language; go1.25.0 and go1.25rc1 name releases),
// with no suffix. Before Go 1.21, go1.20 was itself the name of a release.
func exact(v string) bool {
	if !strings.HasPrefix(v, "go") || strings.ContainsAny(v, "-+ ") || !version.IsValid(v) {
		return false
	}
	return version.Lang(v) != v || version.Compare(v, "go1.21") < 0
}

// ParseList parses a list of entries separated by commas, spaces or tabs, as the
// -go-versions flag takes it. An empty list gives no Specs: the caller uses the go on
// PATH. A configuration listed twice is an error.
func ParseList(list string) ([]Spec, error) {
	var specs []Spec
	for _, entry := range cli.List(list) {
		s, err := Parse(entry)
		if err != nil {
			return nil, err
		}
		if slices.Contains(specs, s) {
			return nil, fmt.Errorf("%s is listed twice", s.Name())
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// String returns the Spec as Parse reads it: go1.25.0:noswissmap.
func (s Spec) String() string {
	if s.Experiment == "" {
		return s.Version
	}
	return s.Version + ":" + s.Experiment
}

// Name returns the Spec's name in file names and tables: go1.25.0, go1.25.0-noswissmap;
// "" for the go on PATH.
func (s Spec) Name() string {
	if s.Experiment == "" {
		return s.Version
	}
	return s.Version + "-" + s.Experiment
}

// Compare orders toolchain names as Go versions, with go/version: go1.9.1 < go1.23.12 <
// go1.24rc1 < go1.24.0 < go1.25.0 < go1.25.0-noswissmap < go1.26.8. A name is a version,
// then optionally an experiment after "-", ":" or " X:" (as runtime.Version writes it);
// a version without one comes first. Names that are not Go versions come last, by name.
// Compare returns -1, 0 or +1, as cmp.Compare does, and 0 only for equal names.
func Compare(a, b string) int {
	va, xa := SplitName(a)
	vb, xb := SplitName(b)
	okA, okB := version.IsValid(va), version.IsValid(vb)
	switch {
	case okA != okB:
		if okA {
			return -1
		}
		return +1
	case okA:
		if c := version.Compare(va, vb); c != 0 {
			return c
		}
		if c := strings.Compare(xa, xb); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

// SplitName splits a toolchain name (go1.25.0-noswissmap, go1.25.0 X:noswissmap) into
// its version and its experiment, "" for none.
func SplitName(name string) (v, x string) {
	if v, x, ok := strings.Cut(name, " X:"); ok {
		return v, x
	}
	if i := strings.IndexAny(name, "-:"); i >= 0 {
		return name[:i], name[i+1:]
	}
	return name, ""
}
