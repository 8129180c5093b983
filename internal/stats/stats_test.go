package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMedianWidth(t *testing.T) {
	// With 6 samples the interval of the median is [min, max].
	iv := Median([]float64{100, 101, 102, 98, 99, 120})
	if iv.Center != 100.5 || iv.Lo != 98 || iv.Hi != 120 {
		t.Errorf("Median = %+v, want center 100.5 in [98, 120]", iv)
	}
	if w := iv.Width(); math.Abs(w-(120/100.5-1)) > 1e-12 {
		t.Errorf("Width = %v", w)
	}
	// With 10, the extremes no longer set it.
	iv = Median([]float64{100, 101, 102, 98, 99, 100, 101, 100, 99, 200})
	if iv.Hi >= 200 || iv.Width() > 0.03 {
		t.Errorf("10 samples, one outlier: %+v, width %v", iv, iv.Width())
	}
	if w := Median([]float64{1, 2, 3}).Width(); !math.IsInf(w, 1) {
		t.Errorf("3 samples: width %v, want +Inf", w)
	}
	if w := Median([]float64{0, 0, 0, 0, 0, 0}).Width(); w != 0 {
		t.Errorf("all zero: width %v, want 0", w)
	}
}

func TestDiffer(t *testing.T) {
	a := []float64{10, 11, 10, 12, 11, 10, 11, 10}
	b := []float64{20, 21, 20, 22, 21, 20, 21, 20}
	if p, sig := Differ(a, b); !sig || p > 0.01 {
		t.Errorf("clearly different samples: p=%v, significant %v", p, sig)
	}
	if _, sig := Differ(a, a); sig {
		t.Error("identical samples differ")
	}
}

func TestRatioPairsByPass(t *testing.T) {
	// B is 10% slower than A in every pass, while passes differ by a factor of two: the
	// paired ratio is exact, although the unpaired intervals overlap.
	var pairs []Pair
	var as, bs []float64
	for i := 0; i < 10; i++ {
		a := 100.0 * float64(1+i%2)
		pairs = append(pairs, Pair{a, a * 1.1})
		as, bs = append(as, a), append(bs, a*1.1)
	}
	r := Ratio(pairs)
	if math.Abs(r.Center-1.1) > 1e-9 || r.Width() > 1e-9 {
		t.Errorf("Ratio = %+v", r)
	}
	if _, sig := Differ(as, bs); sig {
		t.Error("the unpaired test should not see it")
	}
	if r := Ratio(nil); !math.IsInf(r.Width(), 1) {
		t.Errorf("no pairs: %+v", r)
	}
}

// An A/A control on samples from one distribution finds about Alpha of the cases
// different, and the control fails when they are not.
func TestControlRate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(shift float64) []float64 {
		s := make([]float64, 10)
		for i := range s {
			s[i] = 100 + shift + rng.NormFloat64()*5
		}
		return s
	}
	var same Control
	for i := 0; i < 2000; i++ {
		same.Add(draw(0), draw(0))
	}
	if r := same.Rate(); r < 0.02 || r > 0.08 || same.Failed() {
		t.Errorf("same distribution: rate %.3f (failed %v), want about %.2f", r, same.Failed(), Alpha)
	}
	var shifted Control
	for i := 0; i < 200; i++ {
		shifted.Add(draw(0), draw(5))
	}
	if !shifted.Failed() {
		t.Errorf("shifted by one sigma: rate %.3f, want the control to fail", shifted.Rate())
	}
	var few Control
	few.Add([]float64{1}, []float64{2})
	if few.Cases != 0 {
		t.Error("a case with one sample counted")
	}
}
