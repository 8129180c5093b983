//go:build tools

// Package tools records the commands the suite runs with `go run`, so that go.mod pins
// their versions: benchstat summarises results (make bench) and pprof reads profiles.
package tools

import (
	_ "golang.org/x/perf/cmd/benchstat"
)
