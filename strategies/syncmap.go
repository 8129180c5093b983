package strategies

import "sync"

// SyncMap adapts sync.Map. The standard library recommends it for two cases: keys
// written once and read many times (caches that only grow), and goroutines working on
// disjoint key sets. Keys and values are boxed in interfaces, as they are for every
// sync.Map user, so a Store of a non-pointer value allocates.
type SyncMap[K comparable, V any] struct {
	m sync.Map
}

var _ Map[int, int] = (*SyncMap[int, int])(nil)

// NewSyncMap returns an empty map. sync.Map has no presize: capacity is ignored.
func NewSyncMap[K comparable, V any](capacity int) *SyncMap[K, V] {
	_ = capacity
	return &SyncMap[K, V]{}
}

func (s *SyncMap[K, V]) Load(key K) (V, bool) {
	v, ok := s.m.Load(key)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (s *SyncMap[K, V]) Store(key K, value V) { s.m.Store(key, value) }

func (s *SyncMap[K, V]) LoadOrStore(key K, value V) (V, bool) {
	v, loaded := s.m.LoadOrStore(key, value)
	return v.(V), loaded
}

// Update is a CompareAndSwap loop, as the sync.Map documentation suggests for
// read-modify-write: it loads the value, computes the new one and swaps it in only if
// the value is still the one it loaded, else it tries again; an absent key is added
// with LoadOrStore. f may run more than once.
func (s *SyncMap[K, V]) Update(key K, f func(V, bool) V) V {
	for {
		old, ok := s.m.Load(key)
		if !ok {
			var zero V
			v := f(zero, false)
			if _, loaded := s.m.LoadOrStore(key, v); !loaded {
				return v
			}
			continue
		}
		v := f(old.(V), true)
		if s.m.CompareAndSwap(key, old, v) {
			return v
		}
	}
}

func (s *SyncMap[K, V]) Delete(key K) { s.m.Delete(key) }

func (s *SyncMap[K, V]) Range(f func(K, V) bool) {
	s.m.Range(func(k, v any) bool { return f(k.(K), v.(V)) })
}

// Len counts the entries with Range: O(n), and only a snapshot under concurrent writes.
func (s *SyncMap[K, V]) Len() int {
	n := 0
	s.m.Range(func(_, _ any) bool {
		n++
		return true
	})
	return n
}

// syncmapInfo describes the syncmap strategy in the registry.
var syncmapInfo = Info{
	Name:           "syncmap",
	Description:    "sync.Map from the standard library (keys and values boxed in interfaces)",
	Concurrent:     true,
	BuildsOn:       OnSyncMap,
	Range:          "no snapshot: each key at most once; a key present throughout is visited; concurrent writes may or may not be seen",
	Capacity:       "ignored: sync.Map has no presize",
	Len:            "counts entries with Range, O(n) (sync.Map has no Len)",
	Update:         "a CompareAndSwap loop (LoadOrStore for an absent key); values compared with ==",
	UpdateAtomic:   true,
	WriteAllocates: true,
}
