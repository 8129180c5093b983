package main

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/cmapbench/cmapbench/internal/markdown"
)

// pct formats part/whole as a percentage with one decimal.
func pct(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return strconv.FormatFloat(share(part, whole), 'f', 1, 64) + "%"
}

// share returns part/whole in percent, 0 when whole is 0.
func share(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// Fixed scales of the summary's numbers: a table's column keeps one unit and precision
// whatever the magnitude, which benchunit's automatic prefixes would not.
var (
	secondsScale   = benchunit.Scaler{Prec: 2, Factor: 1e9}
	megabytesScale = benchunit.Scaler{Prec: 1, Factor: 1e6}
)

// seconds formats nanoseconds as seconds with two decimals, without a unit.
func seconds(ns int64) string { return secondsScale.Format(float64(ns)) }

// megabytes formats bytes as megabytes with one decimal.
func megabytes(b int64) string { return megabytesScale.Format(float64(b)) + " MB" }

// durationScale is a unit of duration's.
type durationScale struct {
	benchunit.Scaler
	unit string
}

// durationScales are duration's units, largest first.
var durationScales = []durationScale{
	{benchunit.Scaler{Prec: 2, Factor: 1e9}, " s"},
	{benchunit.Scaler{Prec: 1, Factor: 1e6}, " ms"},
	{benchunit.Scaler{Prec: 1, Factor: 1e3}, " µs"},
	{benchunit.Scaler{Prec: 0, Factor: 1}, " ns"},
}

// duration formats nanoseconds for people: 12.3 ms, 1.23 s.
func duration(ns int64) string {
	d := durationScales[len(durationScales)-1]
	if i := slices.IndexFunc(durationScales, func(d durationScale) bool { return float64(ns) >= d.Factor }); i >= 0 {
		d = durationScales[i]
	}
	return d.Format(float64(ns)) + d.unit
}

// codeList renders names as inline code, separated by spaces.
func codeList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = markdown.Code(s)
	}
	return strings.Join(q, " ")
}

// joinOrNone joins a top list, or says it is empty.
func joinOrNone(items []string) string {
	if len(items) == 0 {
		return "no samples"
	}
	return strings.Join(items, " · ")
}
