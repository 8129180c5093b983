// Package stats holds the statistics the suite states its numbers with, as benchstat
// computes them (golang.org/x/perf/benchmath, no distributional assumption): the median
// of a set of samples with its 95% confidence interval, the interval's relative width
// (benchstat's "± x%"), whether two sets differ (Mann-Whitney U test, alpha 0.05), the
// median ratio of samples paired by pass, and the rate of significant differences in an
// A/A control.
package stats

import (
	"math"

	"golang.org/x/perf/benchmath"
)

// Confidence is the level of every interval.
const Confidence = 0.95

// MinCI is the smallest number of samples for which the interval of the median is
// finite; with fewer it is [-Inf, +Inf].
const MinCI = 6

// Interval is the median of a set of samples with its confidence interval.
type Interval struct {
	N              int
	Center, Lo, Hi float64
}

// Median summarises values.
func Median(values []float64) Interval {
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(append([]float64(nil), values...), &benchmath.DefaultThresholds), Confidence)
	return Interval{N: len(values), Center: s.Center, Lo: s.Lo, Hi: s.Hi}
}

// Width returns the interval's half-width relative to its center, as benchstat's "± x%"
// shows it (0.05 for ± 5%): the larger of the distances from the center to either bound.
// It is +Inf when the interval is infinite (fewer than MinCI samples) or the center is 0
// while the bounds are not.
func (iv Interval) Width() float64 {
	if math.IsInf(iv.Lo, 0) || math.IsInf(iv.Hi, 0) || iv.N == 0 {
		return math.Inf(1)
	}
	if iv.Center == 0 {
		if iv.Lo == 0 && iv.Hi == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return math.Max(iv.Hi/iv.Center-1, 1-iv.Lo/iv.Center)
}

// Alpha is the significance level of Differ.
const Alpha = 0.05

// Differ tests whether two sets of samples come from different distributions, as
// benchstat does: a Mann-Whitney U test, significant when p ≤ Alpha. With too few
// samples to reach that level p stays above Alpha; p is 1 when the test cannot be made.
func Differ(a, b []float64) (p float64, significant bool) {
	t := benchmath.DefaultThresholds
	t.CompareAlpha = Alpha
	c := benchmath.AssumeNothing.Compare(benchmath.NewSample(append([]float64(nil), a...), &t), benchmath.NewSample(append([]float64(nil), b...), &t))
	return c.P, !(c.P > c.Alpha)
}

// Pair is two samples of the same pass.
type Pair struct{ A, B float64 }

// Ratio summarises B/A over pairs: the median of the per-pass ratios with its interval.
// Pairing by pass takes out what the two had in common in that pass (the machine's state
// then), which unpaired medians mix into both intervals. Pairs with A == 0 are skipped.
func Ratio(pairs []Pair) Interval {
	var r []float64
	for _, p := range pairs {
		if p.A != 0 {
			r = append(r, p.B/p.A)
		}
	}
	if len(r) == 0 {
		return Interval{Lo: math.Inf(-1), Hi: math.Inf(1)}
	}
	return Median(r)
}

// Control is the outcome of an A/A control: the same strategy measured twice under two
// names, compared case by case.
type Control struct {
	Cases, Differ int
}

// MaxControlRate is the largest share of significant differences an A/A control may show
// for the run to count as sound. The expected share is Alpha; 10% leaves room for the
// chance variation of a few dozen cases.
const MaxControlRate = 0.10

// Add compares one case's two sets of samples.
func (c *Control) Add(a, b []float64) {
	if len(a) < 2 || len(b) < 2 {
		return
	}
	c.Cases++
	if _, sig := Differ(a, b); sig {
		c.Differ++
	}
}

// Rate is the share of cases that differ significantly.
func (c Control) Rate() float64 {
	if c.Cases == 0 {
		return 0
	}
	return float64(c.Differ) / float64(c.Cases)
}

// Failed reports whether the control found more differences than a sound run shows.
func (c Control) Failed() bool { return c.Rate() > MaxControlRate }
