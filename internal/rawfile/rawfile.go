// Package rawfile describes what the suite's raw result files hold beyond go test's
// benchmark format, so that the runner that writes them and the report that reads them
// agree: the line that marks the start of each pass (benchfmt skips it, like any line
// that is neither a result nor a key: value pair, so benchstat reads the files as they
// are), the name of the file that receives the samples set aside, and the value of a
// sample's result line in its original unit.
package rawfile

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// markerPrefix starts a pass marker line.
const markerPrefix = "# cmapbench pass "

// Pass describes one pass: one run of the test binary at one GOMAXPROCS.
type Pass struct {
	N     int    // the pass's number in the run, from 1
	Procs int    // GOMAXPROCS
	Kind  string // "min" (one of the minimum passes) or "extra" (a pass for precision)
}

// Marker returns the line that precedes a pass's output: # cmapbench pass 3 gomaxprocs=2 kind=min.
func Marker(p Pass) string {
	return fmt.Sprintf("%s%d gomaxprocs=%d kind=%s", markerPrefix, p.N, p.Procs, p.Kind)
}

// ParseMarker parses a marker line.
func ParseMarker(line string) (Pass, bool) {
	rest, ok := strings.CutPrefix(line, markerPrefix)
	if !ok {
		return Pass{}, false
	}
	var p Pass
	if _, err := fmt.Sscanf(rest, "%d gomaxprocs=%d kind=%s", &p.N, &p.Procs, &p.Kind); err != nil {
		return Pass{}, false
	}
	return p, true
}

// PassOfLine reads a raw file and returns, for each line number (from 1), the number of
// the pass whose output it is; 0 for lines before the first marker. Index 0 is unused.
func PassOfLine(r io.Reader) ([]int, error) {
	lines := []int{0}
	cur := 0
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for s.Scan() {
		if p, ok := ParseMarker(s.Text()); ok {
			cur = p.N
		}
		lines = append(lines, cur)
	}
	return lines, s.Err()
}

// SetAsideSuffix ends the name of the file beside a raw file (BASE.txt) that receives the
// samples set aside because the machine was in its slow state (BASE.slow-state.txt).
const SetAsideSuffix = ".slow-state.txt"

// Value returns a result's value in unit as written in the file (ns/op, not benchfmt's
// tidied sec/op).
func Value(r *benchfmt.Result, unit string) (float64, bool) {
	for _, v := range r.Values {
		if v.OrigUnit == unit || v.OrigUnit == "" && v.Unit == unit {
			if v.OrigUnit != "" {
				return v.OrigValue, true
			}
			return v.Value, true
		}
	}
	return 0, false
}

// CanaryUnit is the unit of the machine-state probe the bench package reports beside
// every sample when asked to (-canary).
const CanaryUnit = "canary-ns"
