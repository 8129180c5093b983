package bench

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// countOps counts the operations of each kind in log.
func countOps(log []string) map[string]int {
	n := map[string]int{}
	for _, op := range log {
		n[op]++
	}
	return n
}

// An Update op is one Update of a present key, and the map stays what it was: warm, with
// every key, through every b.N round.
func TestUpdateOpIsOneUpdate(t *testing.T) {
	const keys = 1000
	s, made := recording()
	benchmark(t, "50x", 1, func(b *testing.B) {
		runUpdate(b, s, traceSpec{keys: keys, dist: distUniform, reads: 100}, 1)
	})
	r := (*made)[0]
	ops := countOps(r.log[keys:]) // after the fill's Stores
	// The b.N = 1 call, then b.N = 50 on the same map; a Range to warm it, one before
	// timing (the sum) and one after each call (the check).
	if ops["Update"] != 51 || ops["Range"] != 4 || len(ops) != 2 {
		t.Errorf("operations after the fill: %v; want 51 Updates and 4 Ranges", ops)
	}
	if r.Len() != keys {
		t.Errorf("the map holds %d keys, want %d", r.Len(), keys)
	}
}

// dropping is a mutex map whose Update loses every tenth increment.
type dropping struct {
	strategies.Map[int, int]
	n atomic.Int64
}

func (d *dropping) Update(k int, f func(int, bool) int) int {
	if d.n.Add(1)%10 == 0 {
		v, _ := d.Load(k)
		return v
	}
	return d.Map.Update(k, f)
}

// The Update benchmark fails when increments are lost.
func TestUpdateCatchesLostIncrements(t *testing.T) {
	s := strategies.Strategy[int, int]{
		Info: strategies.Info{Name: "dropping", Concurrent: true, UpdateAtomic: true},
		New:  func(c int) strategies.Map[int, int] { return &dropping{Map: strategies.NewMutex[int, int](c)} },
	}
	var failed bool
	testing.Benchmark(func(b *testing.B) {
		defer func() { failed = failed || b.Failed() }()
		runUpdate(b, s, traceSpec{keys: 1000, dist: distUniform, reads: 100}, 1)
	})
	if !failed {
		t.Error("the Update benchmark passed on a map that loses every tenth increment")
	}
}

// Update leaves out a strategy whose Update is not atomic, and says why.
func TestUpdateLeavesOutNonAtomic(t *testing.T) {
	w, _ := Lookup("Update")
	for _, s := range strategies.Infos() {
		why := w.LeavesOut(s.Name)
		if (why != "") != !s.UpdateAtomic {
			t.Errorf("%s (atomic Update: %v): LeavesOut = %q", s.Name, s.UpdateAtomic, why)
		}
		_, excluded := s.Excluded()
		ran := slices.ContainsFunc(w.Cases([]string{s.Name}, []int{1}, true), func(c Case) bool { return c.Strategy == s.Name })
		if ran != (s.UpdateAtomic && !excluded) {
			t.Errorf("%s (atomic Update: %v, excluded by the gate: %v) has Update cases: %v", s.Name, s.UpdateAtomic, excluded, ran)
		}
		if !s.UpdateAtomic && !strings.Contains(WorkloadTable(), why) {
			t.Errorf("the workload table does not say why Update leaves out %s", s.Name)
		}
	}
}
