package bench

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// How long a cache-fill key stays, counted in misses: a goroutine's own miss stores a new
// key and evicts the one it stored ownLag misses before; the herd's sequence keeps its
// last herdLag keys, the current one included.
const (
	ownLag  = 16
	herdLag = 4
)

var loadOrStoreWorkload = &Workload{
	Name: "LoadOrStore",
	Doc: "one LoadOrStore on a warm cache of `keys` entries (a cache fill): `hits`% of the ops ask for a key that is present (uniform); the rest miss, evenly split between a goroutine's own new keys (it stores one and evicts the one it stored 16 misses before) and the herd's: every goroutine's herd misses ask for the current key of one shared sequence of new keys, so goroutines race to store the same key: the first to ask stores it, the others find it, and the first to come back for it a second time moves the sequence on, evicting the key 4 steps back. " +
		"Keys live a fixed number of misses, so the cache's size and share of hits are the same from the first op to the last, whatever b.N; the size is checked after every timed loop",
	Metrics: []Metric{
		{Unit: "stores/op", Doc: "LoadOrStores that stored, per op: (100−`hits`)% at one P; fewer where goroutines race for the herd's key and one stores it for all", Table: true},
		{Unit: "exact-allocs/op", Doc: "allocations per op, not truncated to an integer", Table: true},
	},
	Situations: []Situation{
		{Title: "Cache fill", Question: "a warm 1,000-entry cache filled with LoadOrStore, 90% of the calls finding their key, the rest storing new keys (some raced for by every goroutine)", Params: []string{"keys=1000", "hits=90%"}, Uses: Guide | Chart},
	},
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000"}, Full: []string{"1000000"}},
		{Key: "hits", Default: []string{"90%", "99%"}},
	},
	Goroutines: func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		runLoadOrStore(b, lookupStrategy[int](b, c.Strategy), c.Int("keys"), c.Int("hits"))
	},
}

// ownKey is goroutine g's j'th own new key (g counts from 1): apart from the cache's
// resident keys (keyOf(i) for i < 1<<40) and from the herd's.
func ownKey(g, j uint64) int { return keyOf(g<<40 | j) }

// herdKey is the herd's e'th key.
func herdKey(e uint64) int { return keyOf(1<<62 | e) }

// cacheFill is the state of a cache fill that LoadOrStore keeps beside its warm map, from
// one timed loop to the next.
type cacheFill struct {
	herd paddedCounter // the herd's step: its current key is herdKey(step)
	own  []fillMember  // per goroutine id, from 1
}

// fillMember is one goroutine's part of a cache fill, on its own cache lines.
type fillMember struct {
	next   uint64 // its next own miss stores ownKey(g, next) and evicts ownKey(g, next-ownLag)
	asked  uint64 // the herd's step it asked for last: asking again, it moves the herd on
	stores int    // LoadOrStores that stored
	_      [104]byte
}

// newFill prepares the cache fill of members goroutines on a warm map m: each goroutine's
// last ownLag own keys and the herd's last herdLag keys are present, as they are after
// any timed loop, so that the first op of a fill is like every other: every goroutine has
// asked for the herd's current key.
func newFill(m strategies.Map[int, int], members int) *cacheFill {
	f := &cacheFill{own: make([]fillMember, members+1)}
	for g := 1; g <= members; g++ {
		for f.own[g].next < ownLag {
			m.Store(ownKey(uint64(g), f.own[g].next), 1)
			f.own[g].next++
		}
	}
	for h := range uint64(herdLag) {
		m.Store(herdKey(h), 1)
	}
	f.herd.Store(herdLag - 1)
	for g := range f.own {
		f.own[g].asked = herdLag - 1
	}
	return f
}

// stores returns the LoadOrStores that stored so far.
func (f *cacheFill) stores() int {
	n := 0
	for i := range f.own {
		n += f.own[i].stores
	}
	return n
}

// runLoadOrStore times a cache fill on a warm map of strategy s holding keys resident
// keys, hits% of the ops asking for one of them. After the timed loop it checks the map's
// size: the resident keys and each goroutine's and the herd's last keys, no more.
func runLoadOrStore(b *testing.B, s strategies.Strategy[int, int], keys, hits int) {
	procs := runtime.GOMAXPROCS(0)
	tr := traceOf[int](traceSpec{keys: keys, dist: distUniform, reads: hits})
	wc := warmCacheFor[int]()
	if f, ok := wc.state.(*cacheFill); ok && len(f.own)-1 != procs {
		// Made for another GOMAXPROCS: testing makes a benchmark's first b.N = 1 call
		// before it sets GOMAXPROCS to the first -cpu value.
		wc.m = nil
	}
	m := wc.get(b, func() strategies.Map[int, int] {
		m := warm(s, intKeys(keys), nil)
		wc.state = newFill(m, procs)
		return m
	})
	f := wc.state.(*cacheFill)
	loop := loopsFor(m).fillLoop
	before := f.stores()
	var ids atomic.Uint64
	measure(b, func() {
		runParallel(b, 1, func(pb *testing.PB) {
			g := ids.Add(1)
			loop(pb, m, tr, g, &f.own[g], &f.herd)
		})
	})
	b.ReportMetric(float64(f.stores()-before)/float64(b.N), "stores/op")
	if got, want := m.Len(), keys+procs*ownLag+herdLag; got != want {
		b.Fatalf("after %d ops the cache holds %d entries; want %d (%d resident, %d per goroutine, %d of the herd)", b.N, got, want, keys, ownLag, herdLag)
	}
}
