package strategies

import "github.com/alphadose/haxmap"

// Haxmap adapts github.com/alphadose/haxmap: a lock-free Harris linked list of entries
// sorted by hash, with an index of list positions that is rebuilt, twice as large, when
// it is half full. Reads and writes take no lock; every Store allocates a new value.
type Haxmap[K Key, V any] struct {
	m *haxmap.Map[K, V]
}

var _ Map[int, int] = (*Haxmap[int, int])(nil)

// NewHaxmap returns an empty map whose index has capacity slots when capacity > 0.
func NewHaxmap[K Key, V any](capacity int) *Haxmap[K, V] {
	if capacity > 0 {
		return &Haxmap[K, V]{m: haxmap.New[K, V](uintptr(capacity))}
	}
	return &Haxmap[K, V]{m: haxmap.New[K, V]()}
}

func (h *Haxmap[K, V]) Load(key K) (V, bool) { return h.m.Get(key) }

func (h *Haxmap[K, V]) Store(key K, value V) { h.m.Set(key, value) }

func (h *Haxmap[K, V]) LoadOrStore(key K, value V) (V, bool) { return h.m.GetOrSet(key, value) }

// Update is a CompareAndSwap loop (haxmap compares values with reflect.DeepEqual); an
// absent key is added with GetOrSet. f may run more than once.
func (h *Haxmap[K, V]) Update(key K, f func(V, bool) V) V {
	for {
		old, ok := h.m.Get(key)
		if !ok {
			var zero V
			v := f(zero, false)
			if _, loaded := h.m.GetOrSet(key, v); !loaded {
				return v
			}
			continue
		}
		v := f(old, true)
		if h.m.CompareAndSwap(key, old, v) {
			return v
		}
	}
}

func (h *Haxmap[K, V]) Delete(key K) { h.m.Del(key) }

func (h *Haxmap[K, V]) Range(f func(K, V) bool) { h.m.ForEach(f) }

func (h *Haxmap[K, V]) Len() int { return int(h.m.Len()) }

// haxmapInfo describes the haxmap strategy in the registry.
var haxmapInfo = Info{
	Name:           "haxmap",
	Description:    "github.com/alphadose/haxmap: lock-free sorted linked list with a resizable index",
	Concurrent:     true,
	Range:          "ForEach walks the linked list without a lock: no snapshot; keys stored ahead of the walk may be visited; f may write the map",
	Capacity:       "haxmap.New(hint): an index of hint slots (rounded up to a power of two), doubled once more than half are taken, so hint keys still cause a doubling; entries are allocated one per insert whatever the hint",
	Len:            "Len(): an atomic counter, O(1)",
	Update:         "a CompareAndSwap loop (values compared with reflect.DeepEqual; GetOrSet for an absent key), which loses increments: when goroutines create one key at once, GetOrSet can report a key absent that another has just set (the counters scenario of maptest caught counters ending low and one going back)",
	UpdateAtomic:   false,
	WriteAllocates: true,
	Module:         "github.com/alphadose/haxmap",
	Fails: []Failure{{
		Check:    Conformance,
		Evidence: "keytype=int/capacity=0: seed 1 op 459 key 704791: Load = 489891, false; want 0, false",
		Cause: "Get of a deleted key returns the deleted value with false, where Go's comma-ok convention " +
			"(maps, sync.Map, xsync) returns the zero value: the idiom n, _ := m.Load(k); m.Store(k, n+1) brings a deleted count back",
	}},
}
