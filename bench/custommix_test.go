package bench

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParseMix(t *testing.T) {
	for _, tc := range []struct {
		spec string
		name string // the case's name for strategy xsync
	}{
		{"", "strategy=xsync/keys=1000/keytype=int/dist=uniform/theta=none/reads=90%/parallelism=1"},
		{"reads=95%,keys=50000,keytype=string,dist=zipf,theta=1.1,parallelism=8",
			"strategy=xsync/keys=50000/keytype=string/dist=zipf/theta=1.1/reads=95%/parallelism=8"},
		{" reads = 50 , dist=zipf ", "strategy=xsync/keys=1000/keytype=int/dist=zipf/theta=0.99/reads=50%/parallelism=1"},
		{"dist=zipf,theta=0.50", "strategy=xsync/keys=1000/keytype=int/dist=zipf/theta=0.5/reads=90%/parallelism=1"},
	} {
		w, err := ParseMix(tc.spec)
		if err != nil {
			t.Errorf("ParseMix(%q): %v", tc.spec, err)
			continue
		}
		cases := w.Cases([]string{"xsync"}, []int{1, 2}, false)
		if len(cases) != 1 || cases[0].Name() != tc.name {
			var names []string
			for _, c := range cases {
				names = append(names, c.Name())
			}
			t.Errorf("ParseMix(%q) cases %q, want [%s]", tc.spec, names, tc.name)
			continue
		}
		// The guide's situation is that case, and only that one.
		sc := w.OpenSituation(cases[0].Get)
		if !sc.RunsCase(cases[0], 2) {
			t.Errorf("ParseMix(%q): the situation %s does not run its own case", tc.spec, sc.Label())
		}
		other, _ := ParseMix("keys=7")
		if c := other.Cases([]string{"xsync"}, []int{1}, false)[0]; sc.RunsCase(c, 2) && tc.spec != "" {
			t.Errorf("ParseMix(%q): the situation %s runs %s", tc.spec, sc.Label(), c.Name())
		}
	}
	for _, tc := range []struct{ spec, want string }{
		{"reads=120%", "reads=120%: want a whole percentage from 0% to 100%"},
		{"reads=-1", "reads=-1: want a whole percentage"},
		{"reads=9.5%", "reads=9.5%: want a whole percentage"},
		{"keys=0", "keys=0: want a whole number of keys from 1 to 10000000"},
		{"keys=20000000", "keys=20000000: want"},
		{"keys=1e6", "keys=1e6: want"},
		{"keytype=bytes", "keytype=bytes: want int or string"},
		{"dist=normal", "dist=normal: want uniform or zipf"},
		{"dist=zipf,theta=1", "theta=1: want the Zipf skew, from 0.01 to 3 except 1"},
		{"dist=zipf,theta=4", "theta=4: want"},
		{"theta=0.5", "theta is the skew of dist=zipf"},
		{"parallelism=0", "parallelism=0: want goroutines per P, from 1 to 256"},
		{"parallelism=1000", "parallelism=1000: want"},
		{"color=red", `unknown parameter "color" (valid: keys, keytype, dist, theta, reads, parallelism)`},
		{"keys=1,keys=2", "keys is given twice"},
		{"keys", `"keys" is not key=value`},
	} {
		_, err := ParseMix(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "MIX ") {
			t.Errorf("ParseMix(%q) = %v, want an error with %q", tc.spec, err, tc.want)
		}
	}
}

// TestZipfSkewAboveOne checks the draws for theta > 1, which come from math/rand/v2's
// generator: the hottest key's share is 1/zeta(n, theta).
func TestZipfSkewAboveOne(t *testing.T) {
	const n, theta = 1000, 1.1
	idx, _ := indexesOf(traceSpec{keys: n, dist: distZipf, reads: 100, theta: theta})
	counts := make([]int, n)
	for _, k := range idx {
		counts[k]++
	}
	var zeta float64
	for i := 1; i <= n; i++ {
		zeta += 1 / math.Pow(float64(i), theta)
	}
	top := float64(slices.Max(counts)) / float64(len(idx))
	if want := 1 / zeta; math.Abs(top-want) > 0.02 {
		t.Errorf("theta %g: the hottest key drew %.3f of the trace, want %.3f", theta, top, want)
	}
	// The skew is the given one: theta 1.1 is more skewed than 0.99.
	idx99, _ := indexesOf(traceSpec{keys: n, dist: distZipf, reads: 100})
	counts99 := make([]int, n)
	for _, k := range idx99 {
		counts99[k]++
	}
	if slices.Max(counts99) >= slices.Max(counts) {
		t.Errorf("the hottest key drew %d at theta 0.99 and %d at %g", slices.Max(counts99), slices.Max(counts), theta)
	}
}
