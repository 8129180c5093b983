package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/internal/stats"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"
)

// stat is the summary of one set of samples: the median with its 95% confidence
// interval, as internal/stats computes it for the whole suite.
type stat struct {
	values []float64
	stats.Interval
}

func (s *stat) n() int { return s.N }

func (s *stat) median() float64 { return s.Center }

func newStat(values []float64) *stat {
	return &stat{values: values, Interval: stats.Median(values)}
}

// summary is s in benchmath's form, for its formatting.
func (s *stat) summary() benchmath.Summary {
	return benchmath.Summary{Center: s.Center, Lo: s.Lo, Hi: s.Hi, Confidence: stats.Confidence}
}

// lookup returns the statistics of a set of samples in f, nil when f has none.
func (f *rawFile) lookup(id sampleID) *stat {
	if f == nil {
		return nil
	}
	if s, ok := f.stats[id]; ok {
		return s
	}
	vals := f.samples[id]
	var s *stat
	if len(vals) > 0 {
		s = newStat(vals)
	}
	f.stats[id] = s
	return s
}

// cell renders a median with its confidence interval: "56.79 µs ± 3%", or, with fewer than
// six samples, "56.79 µs, no CI (n<6)".
func cell(unit string, s *stat) string {
	if s == nil {
		return ""
	}
	v := formatValue(unit, s.median())
	if s.n() < stats.MinCI {
		return v + ", no CI (n<6)"
	}
	return v + " ± " + s.summary().PctRangeString()
}

// formatValue renders a value of unit with four significant digits and a scaled unit
// where the unit is a time (ns), bytes (B) or a rate.
func formatValue(unit string, v float64) string {
	switch {
	case isTimeUnit(unit), strings.HasPrefix(unit, "B/"):
		div, name := scaleOf(unit, v)
		return sig4(v/div) + " " + name
	case strings.HasSuffix(unit, "/op") && math.Abs(v) < 1e5:
		// counts (allocs/op): plain, integers without decimals
		if v == math.Trunc(v) {
			return strconv.FormatFloat(v, 'f', 0, 64)
		}
		return sig4(v)
	default:
		div, name := scaleOf(unit, v)
		return sig4(v/div) + name
	}
}

// isTimeUnit reports whether unit measures nanoseconds: ns/op, ns/key, p99-ns.
func isTimeUnit(unit string) bool {
	return strings.HasPrefix(unit, "ns/") || strings.HasSuffix(unit, "-ns") || unit == "ns"
}

// scaleOf returns what v of unit is divided by to be shown in the prefix benchunit picks
// for it, and the prefixed unit: (1000, "µs") for 1376 ns/op, (1048576, "MiB") for
// 4729536 B/op, (1e6, "M") for 12345678 writes/s.
func scaleOf(unit string, v float64) (div float64, name string) {
	switch {
	case isTimeUnit(unit):
		return prefixed(v, 1e-9, benchunit.Decimal, "s")
	case strings.HasPrefix(unit, "B/"):
		return prefixed(v, 1, benchunit.Binary, "B")
	}
	return prefixed(v, 1, benchunit.Decimal, "")
}

// prefixed is scaleOf for v in units of size of base (1e-9 for ns of s).
func prefixed(v, size float64, cls benchunit.Class, base string) (float64, string) {
	sc := benchunit.CommonScale([]float64{v * size}, cls)
	// The prefix's factor in v's own units, exact where it is a whole number (1000 ns
	// to the µs), so that rounding v to four digits is not thrown off by 1e-9's error.
	f := sc.Factor / size
	if f >= 1 {
		f = math.Round(f)
	}
	return f, sc.Prefix + base
}

// sig4 formats v with four significant digits (at most three decimals), no exponent.
func sig4(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	dec := 3 - int(math.Floor(math.Log10(math.Abs(v))))
	if dec < 0 {
		dec = 0
	}
	if dec > 3 {
		dec = 3
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// pct formats a relative difference in percent.
func pct(ratio float64) string {
	return fmt.Sprintf("%.1f%%", ratio*100)
}
