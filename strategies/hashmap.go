package strategies

import "github.com/cornelk/hashmap"

// Hashmap adapts github.com/cornelk/hashmap: a lock-free linked list of entries sorted
// by hash, with an index of list positions that is rebuilt, twice as large, when it is
// half full. Reads and writes take no lock. It has no atomic read-modify-write: no
// CompareAndSwap and no Compute.
type Hashmap[K Key, V any] struct {
	m *hashmap.Map[K, V]
}

var _ Map[int, int] = (*Hashmap[int, int])(nil)

// NewHashmap returns an empty map whose index has capacity slots when capacity > 0.
func NewHashmap[K Key, V any](capacity int) *Hashmap[K, V] {
	if capacity > 0 {
		return &Hashmap[K, V]{m: hashmap.NewSized[K, V](uintptr(capacity))}
	}
	return &Hashmap[K, V]{m: hashmap.New[K, V]()}
}

func (h *Hashmap[K, V]) Load(key K) (V, bool) { return h.m.Get(key) }

func (h *Hashmap[K, V]) Store(key K, value V) { h.m.Set(key, value) }

func (h *Hashmap[K, V]) LoadOrStore(key K, value V) (V, bool) { return h.m.GetOrInsert(key, value) }

// Update is a Get then a Set: not atomic, because the library offers no atomic
// read-modify-write. Concurrent Updates of one key can lose each other's writes.
func (h *Hashmap[K, V]) Update(key K, f func(V, bool) V) V {
	old, ok := h.m.Get(key)
	v := f(old, ok)
	h.m.Set(key, v)
	return v
}

func (h *Hashmap[K, V]) Delete(key K) { h.m.Del(key) }

func (h *Hashmap[K, V]) Range(f func(K, V) bool) { h.m.Range(f) }

func (h *Hashmap[K, V]) Len() int { return h.m.Len() }

// hashmapInfo describes the hashmap strategy in the registry.
var hashmapInfo = Info{
	Name:           "hashmap",
	Description:    "github.com/cornelk/hashmap: lock-free sorted linked list with a resizable index",
	Concurrent:     true,
	Range:          "walks the linked list without a lock: no snapshot; keys stored ahead of the walk may be visited; f may write the map",
	Capacity:       "hashmap.NewSized(hint): an index of hint slots (rounded up to a power of two), doubled by a background goroutine once more than half are taken, so hint keys still cause a doubling; entries are allocated one per insert whatever the hint",
	Len:            "Len(): the list's atomic counter, O(1)",
	Update:         "none: no CompareAndSwap or Compute; a Get then a Set, which concurrent Updates can interleave",
	UpdateAtomic:   false,
	WriteAllocates: true,
	Module:         "github.com/cornelk/hashmap",
	Fails: []Failure{{
		Check: Conformance,
		// hashmap resizes in a background goroutine, so a run on a loaded machine can meet
		// another fault first (3 runs in 200: "seed 1 op 146 key 760224: Range of 39
		// entries: missed 459302=983114").
		Evidence: "keytype=int/capacity=0: seed 1 op 95 key 110866: Range stopping after 60 made 29 calls, want 30",
		Cause: "GetOrInsert of a new key links one list element but puts another, never linked, into the index " +
			"(insertElement indexes its argument, not the element List.Add linked); keys inserted later from that index entry " +
			"hang off the unlinked element, so Range misses them or shows deleted keys and old values, and Len disagrees with Range",
		Upstream: "https://github.com/cornelk/hashmap/issues/81",
	}},
}
