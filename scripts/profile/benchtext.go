package main

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// benchResult is a benchmark result of a .bench.txt file.
type benchResult struct {
	name    benchfmt.Name     // without the Benchmark prefix
	n       string            // the iteration count
	metrics map[string]string // unit -> value as printed
	units   []string          // in the order printed
	line    string            // the result line
}

// benchResults returns the benchmark results of test output, in order. benchfmt reads
// them; the values are kept as go test printed them, with the precision it chose for
// each (40.00 ns/op, 100.0 ns/key), from the fields of the result's own line, which hold
// the values in the order benchfmt read them.
func benchResults(text string) []*benchResult {
	lines := strings.Split(text, "\n")
	var results []*benchResult
	r := benchfmt.NewReader(strings.NewReader(text), "")
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue // a syntax error: not a result
		}
		_, n := res.Pos()
		f := strings.Fields(lines[n-1])
		if len(f) != 2+2*len(res.Values) {
			continue
		}
		br := &benchResult{name: slices.Clone(res.Name), n: strconv.Itoa(res.Iters), metrics: map[string]string{}, line: lines[n-1]}
		for i := 2; i < len(f); i += 2 {
			br.metrics[f[i+1]] = f[i]
			br.units = append(br.units, f[i+1])
		}
		results = append(results, br)
	}
	return results
}

// parseBenchText returns the first benchmark result of a .bench.txt file, or nil.
func parseBenchText(text string) *benchResult {
	if rs := benchResults(text); len(rs) > 0 {
		return rs[0]
	}
	return nil
}

// resultLines returns the benchmark result lines of test output.
func resultLines(text string) []string {
	var lines []string
	for _, r := range benchResults(text) {
		lines = append(lines, r.line)
	}
	return lines
}

// metric returns a result metric as printed, or "–".
func (r *benchResult) metric(unit string) string {
	if r == nil {
		return "–"
	}
	if v, ok := r.metrics[unit]; ok {
		return v
	}
	return "–"
}

// caseName returns the result's sub-benchmark name, with the Benchmark prefix, with
// strategy as S and without the -N GOMAXPROCS suffix.
func (r *benchResult) caseName(strategy string) string {
	base, parts := r.name.Parts()
	name := "Benchmark" + string(base)
	for _, p := range parts {
		switch {
		case p[0] == '-': // GOMAXPROCS
		case string(p) == "/strategy="+strategy:
			name += "/strategy=S"
		default:
			name += string(p)
		}
	}
	return name
}
