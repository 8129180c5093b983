package maptest

import (
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// faulty is a mutex map with one fault, as a library might have it. One goroutine uses
// it, so its own fields need no lock.
type faulty struct {
	strategies.Map[int, int]
	staleLoad   bool // Load of an absent key returns the value last deleted, with false
	lostUpdate  bool // Update returns f's result without storing it
	blindUpdate bool // Update calls f as if the key were absent
	lenAfterDel bool // Len counts one more entry once a key has been deleted
	rangeSkips  bool // Range leaves out key IntKey(1)
	noEarlyExit bool // Range goes on calling f after it returned false
	overwrites  bool // LoadOrStore stores over a present value

	deleted, lastValue int
}

func newFaulty(f faulty) func() strategies.Map[int, int] {
	return func() strategies.Map[int, int] {
		m := f
		m.Map = strategies.NewMutex[int, int](0)
		return &m
	}
}

func (f *faulty) Load(k int) (int, bool) {
	v, ok := f.Map.Load(k)
	if !ok && f.staleLoad {
		return f.lastValue, false
	}
	return v, ok
}

func (f *faulty) Delete(k int) {
	if v, ok := f.Map.Load(k); ok {
		f.lastValue = v
		f.deleted++
	}
	f.Map.Delete(k)
}

func (f *faulty) Update(k int, fn func(int, bool) int) int {
	switch {
	case f.lostUpdate:
		old, ok := f.Map.Load(k)
		return fn(old, ok)
	case f.blindUpdate:
		v := fn(0, false)
		f.Map.Store(k, v)
		return v
	}
	return f.Map.Update(k, fn)
}

func (f *faulty) Len() int {
	if f.lenAfterDel && f.deleted > 0 {
		return f.Map.Len() + 1
	}
	return f.Map.Len()
}

func (f *faulty) Range(fn func(k, v int) bool) {
	f.Map.Range(func(k, v int) bool {
		if f.rangeSkips && k == IntKey(1) {
			return true
		}
		return fn(k, v) || f.noEarlyExit
	})
}

func (f *faulty) LoadOrStore(k, v int) (int, bool) {
	if f.overwrites {
		old, ok := f.Map.Load(k)
		f.Map.Store(k, v)
		if ok {
			return old, true
		}
		return v, false
	}
	return f.Map.LoadOrStore(k, v)
}

// TestConformCatchesFaults checks that the conformance check passes a correct map and
// fails each faulty one, saying which operation went wrong, and that it is
// deterministic: the same fault gives the same message.
func TestConformCatchesFaults(t *testing.T) {
	if err := Conform(newFaulty(faulty{}), IntKey); err != nil {
		t.Fatalf("Conform on a correct map: %v", err)
	}
	for _, tc := range []struct {
		name string
		f    faulty
		want string
	}{
		{"a Load of a deleted key returns its value", faulty{staleLoad: true}, ": Load = "},
		{"Update loses its write", faulty{lostUpdate: true}, ": Load after Update(+"},
		{"Update does not pass the present value", faulty{blindUpdate: true}, ", true)"},
		{"Len counts a deleted key", faulty{lenAfterDel: true}, ": Len = "},
		{"Range skips a key", faulty{rangeSkips: true}, ": Range "},
		{"Range ignores an early exit", faulty{noEarlyExit: true}, ": Range stopping after "},
		{"LoadOrStore overwrites", faulty{overwrites: true}, ""},
	} {
		err := Conform(newFaulty(tc.f), IntKey)
		if err == nil || !strings.HasPrefix(err.Error(), "seed ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Conform on a map whose %s: %v; want an error with the seed, op and key, and %q", tc.name, err, tc.want)
			continue
		}
		if again := Conform(newFaulty(tc.f), IntKey); again == nil || again.Error() != err.Error() {
			t.Errorf("Conform on a map whose %s: %v, then %v: not deterministic", tc.name, err, again)
		}
	}
}

// TestConformAll checks the result over every case: a faulty map fails each, and the
// error is the first case's message, with the count of the others.
func TestConformAll(t *testing.T) {
	newString := func(capacity int) strategies.Map[string, int] { return strategies.NewMutex[string, int](capacity) }
	ok := ConformAll(func(capacity int) strategies.Map[int, int] { return strategies.NewMutex[int, int](capacity) }, newString)
	if ok.Err() != nil || ok.Cases != len(ConformCases()) {
		t.Errorf("ConformAll on a correct map = %+v, %v", ok, ok.Err())
	}
	bad := ConformAll(func(int) strategies.Map[int, int] { return newFaulty(faulty{lenAfterDel: true})() }, newString)
	if len(bad.Failed) != 2 || !strings.HasPrefix(bad.Failed[0], "keytype=int/capacity=0: seed ") ||
		!strings.HasPrefix(bad.Failed[1], "keytype=int/capacity=64: seed ") {
		t.Fatalf("ConformAll with a faulty int map: %+v; want its two int cases failed", bad)
	}
	if err := bad.Err(); err == nil || err.Error() != bad.Failed[0]+" (and 1 more of 4 cases)" {
		t.Errorf("Err() = %v", err)
	}
}

func TestDiff(t *testing.T) {
	want := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
	got := map[string]int{"b": 20, "x": 9}
	if d := diff(got, want); d != "missed a=1, c=3, d=4 and 1 more; saw absent x=9; saw b=20 (want 2)" {
		t.Errorf("diff = %q", d)
	}
	if d := diff(want, want); d != "" {
		t.Errorf("diff of equal maps = %q", d)
	}
}
