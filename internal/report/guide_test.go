package report

import (
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/stats"
)

// contenderOf is a strategy's samples, one per pass from pass 1 on.
func contenderOf(name string, values ...float64) contender {
	c := contender{strategy: name, stat: sample(values...), values: values}
	for i := range values {
		c.passes = append(c.passes, i+1)
	}
	return c
}

func TestDecide(t *testing.T) {
	fast := []float64{10, 10.2, 10.4, 10.1, 10.3, 10.5}
	slow := []float64{20, 20.2, 20.4, 20.1, 20.3, 20.5}
	slower := []float64{30, 30.2, 30.4, 30.1, 30.3, 30.5}
	// Samples that move together from pass to pass: unpaired, their intervals overlap;
	// paired, b is 1% slower in every pass.
	drifting := []float64{10, 12, 9, 11, 13, 10, 12, 9, 11, 10}
	drifting1 := make([]float64, len(drifting))
	for i, v := range drifting {
		drifting1[i] = v * 1.01
	}
	// Ratios on both sides of 1.
	noisy := []float64{10, 11, 9, 10, 12, 8, 10, 11, 9, 10}
	noisy2 := []float64{10.3, 10.8, 9.2, 9.9, 12.1, 7.9, 10.2, 10.9, 9.1, 10.1}

	tests := []struct {
		name              string
		cs                []contender
		ok                bool
		winner, runnerUp  string
		tie               bool
		winnerTextContain string
		sigContain        string
	}{
		{
			name: "clear winner",
			cs:   []contender{contenderOf("rwmutex", slower...), contenderOf("syncmap", slow...), contenderOf("xsync", fast...)},
			ok:   true, winner: "xsync", runnerUp: "syncmap",
			winnerTextContain: "xsync (next: syncmap, +9",
			sigContain:        "syncmap/xsync = 1.9",
		},
		{
			name: "pairing by pass sees a steady 1% that drift hides",
			cs:   []contender{contenderOf("mutex", drifting1...), contenderOf("rwmutex", drifting...)},
			ok:   true, winner: "rwmutex", runnerUp: "mutex",
			winnerTextContain: "rwmutex (next: mutex, +1.0%)",
			sigContain:        "over 10 paired passes: rwmutex is faster",
		},
		{
			name: "a bounded tie",
			cs:   []contender{contenderOf("xsync", noisy2...), contenderOf("sharded", noisy...)},
			ok:   true, winner: "sharded", runnerUp: "xsync", tie: true,
			winnerTextContain: "tie within ±",
			sigContain:        "tie within ±",
		},
		{
			name: "unsafe never competes",
			cs:   []contender{contenderOf("unsafe", 1, 1, 1, 1, 1, 1), contenderOf("mutex", slow...), contenderOf("rwmutex", fast...)},
			ok:   true, winner: "rwmutex", runnerUp: "mutex",
		},
		{
			name: "equal medians go by column order",
			cs:   []contender{contenderOf("xsync", 5, 5, 5, 5, 5, 5), contenderOf("rwmutex", 5, 5, 5, 5, 5, 5)},
			ok:   true, winner: "rwmutex", runnerUp: "xsync", tie: true,
			winnerTextContain: "tie within ±0.0%: rwmutex ~ xsync",
		},
		{
			name: "fewer than 6 pairs cannot bound anything",
			cs:   []contender{contenderOf("mutex", 10, 10.1, 10.2), contenderOf("cmap", 20, 20.1, 20.2)},
			ok:   true, winner: "mutex", runnerUp: "cmap", tie: true,
			winnerTextContain: "tie (too few paired samples to bound it)",
		},
		{
			name: "one strategy",
			cs:   []contender{contenderOf("syncmap", slow...), contenderOf("unsafe", fast...)},
			ok:   true, winner: "syncmap",
			winnerTextContain: "syncmap (only one measured)",
		},
		{
			name: "only unsafe",
			cs:   []contender{contenderOf("unsafe", fast...)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := decide(tt.cs)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				if got := (guideRow{}).winnerText(); got != "not measured" {
					t.Errorf("winnerText = %q, want not measured", got)
				}
				return
			}
			if v.winner.strategy != tt.winner {
				t.Errorf("winner = %s, want %s", v.winner.strategy, tt.winner)
			}
			runnerUp := ""
			if v.runnerUp != nil {
				runnerUp = v.runnerUp.strategy
			}
			if runnerUp != tt.runnerUp {
				t.Errorf("runner-up = %q, want %q", runnerUp, tt.runnerUp)
			}
			if v.tie() != tt.tie {
				t.Errorf("tie = %v (ratio %+v), want %v", v.tie(), v.ratio, tt.tie)
			}
			row := guideRow{measured: true, v: v}
			if tt.winnerTextContain != "" && !strings.Contains(row.winnerText(), tt.winnerTextContain) {
				t.Errorf("winnerText = %q, want it to contain %q", row.winnerText(), tt.winnerTextContain)
			}
			if sig := row.significanceText(); tt.sigContain != "" && !strings.Contains(sig, tt.sigContain) {
				t.Errorf("significanceText = %q, want it to contain %q", sig, tt.sigContain)
			}
			if v.runnerUp == nil && row.significanceText() != "n/a" {
				t.Errorf("significanceText = %q, want n/a", row.significanceText())
			}
		})
	}
}

// Samples pair by pass number, not by position: a sample whose partner was set aside
// pairs with nothing.
func TestPairByPass(t *testing.T) {
	a := contender{values: []float64{1, 2, 3}, passes: []int{1, 2, 4}}
	b := contender{values: []float64{10, 30, 40}, passes: []int{1, 3, 4}}
	got := pair(&a, &b)
	if len(got) != 2 || got[0] != (stats.Pair{A: 1, B: 10}) || got[1] != (stats.Pair{A: 3, B: 40}) {
		t.Errorf("pair = %v", got)
	}
}
