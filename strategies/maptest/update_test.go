package maptest

import (
	"runtime"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// TestUpdatesCount runs the counters scenario on correct maps, one whose Update holds a
// lock across the read and the write and one whose Update is a CompareAndSwap loop: no
// increment is lost. (The stress tests of package strategies run it on every strategy.)
func TestUpdatesCount(t *testing.T) {
	c := UpdateConfig{Goroutines: 4, Updates: 3000, Hot: 3, Cold: 200}
	for _, m := range []strategies.Map[int, int]{strategies.NewMutex[int, int](0), strategies.NewSyncMap[int, int](0)} {
		r := Updates(m, c)
		if err := r.Err(); err != nil || r.Want != 12000 || r.Sum != r.Want || r.Keys < c.Hot+c.Updates/3 {
			t.Errorf("%T: Updates = %+v, %v; want the counters to sum to 12000 and no error", m, r, err)
		}
	}
}

// racyUpdate is a mutex map whose Update reads and writes in two steps and lets other
// goroutines run in between: the read-modify-write of a map without an atomic one.
type racyUpdate struct {
	strategies.Map[int, int]
}

func (r racyUpdate) Update(k int, f func(int, bool) int) int {
	old, ok := r.Load(k)
	runtime.Gosched()
	v := f(old, ok)
	r.Store(k, v)
	return v
}

// TestUpdatesCatchLostIncrements checks that the scenario catches an Update that is not
// atomic: goroutines that read a counter at once both write it plus one.
func TestUpdatesCatchLostIncrements(t *testing.T) {
	r := Updates(racyUpdate{strategies.NewMutex[int, int](0)}, UpdateConfig{Goroutines: 4, Updates: 2000, Hot: 2, Cold: 50})
	err := r.Err()
	if err == nil || !strings.Contains(err.Error(), "lost increments") || r.Lost() <= 0 || r.First == "" {
		t.Fatalf("Updates on a map whose Update is a Load then a Store: %+v, %v; want lost increments and the first problem", r, err)
	}
	t.Logf("a Load then a Store lost %d of %d increments", r.Lost(), r.Want)
}

func TestUpdateConfigCheck(t *testing.T) {
	for _, c := range []UpdateConfig{
		{Goroutines: 0, Updates: 10, Hot: 1, Cold: 1},
		{Goroutines: MaxWriters + 1, Updates: 10, Hot: 1, Cold: 1},
		{Goroutines: 1, Updates: 1, Hot: 1, Cold: 1},
		{Goroutines: 1, Updates: 10, Hot: 0, Cold: 1},
		{Goroutines: 1, Updates: 10, Hot: 1, Cold: 0},
	} {
		if c.Check() == nil {
			t.Errorf("%+v: Check() = nil, want an error", c)
		}
	}
	if err := (UpdateConfig{Goroutines: 1, Updates: 10, Hot: 1, Cold: 1}).Check(); err != nil {
		t.Error(err)
	}
}
