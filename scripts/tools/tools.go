//go:build tools

// Package tools records the modules the suite's commands use, so that go.mod pins their
// versions: benchstat summarises results (make bench), pprof reads profiles (make
// profile), gonum's plot draws the report's charts (make report). Each is pinned to the
// last version whose go line is at most 1.23, so the suite builds under go1.23.
package tools

import (
	_ "github.com/google/pprof/profile"
	_ "golang.org/x/perf/benchfmt"
	_ "golang.org/x/perf/benchmath"
	_ "golang.org/x/perf/benchproc"
	_ "golang.org/x/perf/cmd/benchstat"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/plotter"
	_ "gonum.org/v1/plot/vg"
	_ "gonum.org/v1/plot/vg/vgsvg"
)
