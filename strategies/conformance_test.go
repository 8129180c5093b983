package strategies

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// opCount and keySpace size the random operation sequences: a small key space makes
// hits, misses, overwrites and deletes of present keys all frequent.
const (
	opCount  = 4000
	keySpace = 97
	seeds    = 8
)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, info := range Infos() {
		if info.Name == "" || info.Description == "" || info.Range == "" || info.Capacity == "" || info.Len == "" {
			t.Errorf("strategy %q has an empty Info field: %+v", info.Name, info)
		}
		if seen[info.Name] {
			t.Errorf("strategy %q registered twice", info.Name)
		}
		seen[info.Name] = true
	}
	for _, want := range []string{"unsafe", "mutex", "rwmutex", "syncmap", "sharded", "cmap", "xsync"} {
		if !seen[want] {
			t.Errorf("strategy %q is not registered", want)
		}
	}
	for name, info := range map[string]Info{"unsafe": mustInfo(t, "unsafe"), "xsync": mustInfo(t, "xsync")} {
		if got, want := info.Concurrent, name != "unsafe"; got != want {
			t.Errorf("%s: Concurrent = %v, want %v", name, got, want)
		}
	}
}

func mustInfo(t *testing.T, name string) Info {
	t.Helper()
	s, err := Lookup[int, int](name)
	if err != nil {
		t.Fatal(err)
	}
	return s.Info
}

func TestLookupUnknown(t *testing.T) {
	_, err := Lookup[int, int]("nope")
	if err == nil {
		t.Fatal("Lookup(nope) succeeded")
	}
	for _, name := range Names() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list valid name %q", err, name)
		}
	}
}

// TestConformance runs seeded random operation sequences against every strategy and a
// plain map as the reference model, with int and string keys and with and without a
// capacity hint.
func TestConformance(t *testing.T) {
	for _, capacity := range []int{0, 64} {
		for _, s := range All[int, int]() {
			t.Run(fmt.Sprintf("strategy=%s/keytype=int/capacity=%d", s.Name, capacity), func(t *testing.T) {
				conform(t, func() Map[int, int] { return s.New(capacity) }, func(i int) int { return i * 7919 })
			})
		}
		for _, s := range All[string, int]() {
			t.Run(fmt.Sprintf("strategy=%s/keytype=string/capacity=%d", s.Name, capacity), func(t *testing.T) {
				conform(t, func() Map[string, int] { return s.New(capacity) }, func(i int) string { return "k" + strconv.Itoa(i) })
			})
		}
	}
	t.Run("strategy=sharded/shards=1", func(t *testing.T) {
		conform(t, func() Map[int, int] { return NewSharded[int, int](1, 0) }, func(i int) int { return i })
	})
}

func conform[K Key](t *testing.T, newMap func() Map[K, int], key func(int) K) {
	for seed := uint64(1); seed <= seeds; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0))
		m := newMap()
		ref := map[K]int{}
		for op := 0; op < opCount; op++ {
			k := key(rng.IntN(keySpace))
			v := rng.IntN(1 << 20)
			where := func() string { return fmt.Sprintf("seed %d op %d key %v", seed, op, k) }
			switch r := rng.IntN(100); {
			case r < 30:
				got, ok := m.Load(k)
				want, wantOK := ref[k]
				if got != want || ok != wantOK {
					t.Fatalf("%s: Load = %d, %v; want %d, %v", where(), got, ok, want, wantOK)
				}
			case r < 55:
				m.Store(k, v)
				ref[k] = v
			case r < 70:
				got, loaded := m.LoadOrStore(k, v)
				want, wantLoaded := ref[k]
				if !wantLoaded {
					want = v
					ref[k] = v
				}
				if got != want || loaded != wantLoaded {
					t.Fatalf("%s: LoadOrStore(%d) = %d, %v; want %d, %v", where(), v, got, loaded, want, wantLoaded)
				}
			case r < 90:
				m.Delete(k)
				delete(ref, k)
			case r < 95:
				if got, want := m.Len(), len(ref); got != want {
					t.Fatalf("%s: Len = %d, want %d", where(), got, want)
				}
			case r < 98:
				got := map[K]int{}
				m.Range(func(k K, v int) bool {
					if _, dup := got[k]; dup {
						t.Fatalf("%s: Range visited %v twice", where(), k)
					}
					got[k] = v
					return true
				})
				if !maps.Equal(got, ref) {
					t.Fatalf("%s: Range saw %v, want %v", where(), got, ref)
				}
			default:
				// Early exit: f returning false must stop the calls at once.
				stop := 1 + rng.IntN(keySpace)
				calls := 0
				m.Range(func(k K, v int) bool {
					calls++
					if want, ok := ref[k]; !ok || want != v {
						t.Fatalf("%s: Range visited %v=%d, not in the model", where(), k, v)
					}
					return calls < stop
				})
				if want := min(stop, len(ref)); calls != want {
					t.Fatalf("%s: Range stopping after %d made %d calls, want %d", where(), stop, calls, want)
				}
			}
		}
		keys := slices.Collect(maps.Keys(ref))
		for _, k := range keys {
			if got, ok := m.Load(k); !ok || got != ref[k] {
				t.Fatalf("seed %d: final Load(%v) = %d, %v; want %d, true", seed, k, got, ok, ref[k])
			}
		}
	}
}

// TestZeroAllocs checks the zero-allocation claims the README makes: on a warm map with
// int keys, Load (hit and miss), Range and Len allocate nothing in any strategy, and Store
// of a present key and Delete allocate nothing except where the library itself allocates
// (sync.Map boxes keys and values; xsync allocates a new entry per Store).
func TestZeroAllocs(t *testing.T) {
	for _, s := range All[int, int]() {
		t.Run("strategy="+s.Name, func(t *testing.T) {
			m := s.New(0)
			for i := 0; i < 1000; i++ {
				m.Store(i*7919, i)
			}
			k := 500 * 7919
			var sink int
			// The callbacks are made once: a closure passed through an interface escapes,
			// and making it inside the measured function would count its allocation.
			visit := func(_, v int) bool { sink += v; return true }
			first := func(_, v int) bool { sink += v; return false }
			checks := map[string]func(){
				"Load":             func() { v, _ := m.Load(k); sink += v },
				"Load miss":        func() { v, _ := m.Load(-1); sink += v },
				"Range":            func() { m.Range(visit) },
				"Range early exit": func() { m.Range(first) },
				"Len":              func() { sink += m.Len() },
			}
			store := func() { m.Store(k, 3) }
			if !s.WriteAllocates {
				checks["Store present key"] = store
				checks["Delete+Store"] = func() { m.Delete(k); m.Store(k, 5) }
			} else if n := testing.AllocsPerRun(100, store); n == 0 {
				t.Errorf("Store of a present key allocates nothing: the registry's WriteAllocates is wrong")
			}
			for name, f := range checks {
				if n := testing.AllocsPerRun(100, f); n != 0 {
					t.Errorf("%s: %v allocs per run, want 0", name, n)
				}
			}
			_ = sink
		})
	}
}

func TestShardedRejectsBadCount(t *testing.T) {
	for _, n := range []int{0, -4, 3, 48} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewSharded(%d, 0) did not panic", n)
				}
			}()
			NewSharded[int, int](n, 0)
		}()
	}
}

func TestHasherSpreadsIntsAndStrings(t *testing.T) {
	// Consecutive keys must spread over the shards: no shard of 64 gets more than twice its
	// share of 64000 keys.
	const n, shards = 64000, 64
	hi := hasherFor[int]()
	hs := hasherFor[string]()
	var ci, cs [shards]int
	for i := 0; i < n; i++ {
		ci[hi(i)%shards]++
		cs[hs(strconv.Itoa(i))%shards]++
	}
	for i := range ci {
		if ci[i] > 2*n/shards || cs[i] > 2*n/shards {
			t.Fatalf("shard %d got %d int keys and %d string keys of %d", i, ci[i], cs[i], n)
		}
	}
}

// TestREADMETable checks that README.md's strategies table says what the registry says.
func TestREADMETable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range Infos() {
		row := fmt.Sprintf("| `%s` | %s | %s | %s | %s |\n", i.Name, i.Description, i.Range, i.Capacity, i.Len)
		if !strings.Contains(string(b), row) {
			t.Errorf("README.md lacks the row, or has an outdated one, for %s; want:\n%s", i.Name, row)
		}
	}
}
