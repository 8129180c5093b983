package strategies

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, info := range Infos() {
		if info.Name == "" || info.Description == "" || info.Range == "" || info.Capacity == "" || info.Len == "" || info.Update == "" {
			t.Errorf("strategy %q has an empty Info field: %+v", info.Name, info)
		}
		for _, f := range info.Fails {
			if !slices.Contains(Checks(), f.Check) || f.Evidence == "" || f.Cause == "" ||
				f.Upstream != "" && !strings.HasPrefix(f.Upstream, "https://") {
				t.Errorf("strategy %q declares a failure without a known check, evidence, cause or a link: %+v", info.Name, f)
			}
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
