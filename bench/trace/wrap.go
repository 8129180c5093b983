package trace

// Inner is the typed map that Wrap records the calls of: any value with these methods,
// such as an *xsync.MapOf, one of the suite's strategies or a typed wrapper of sync.Map.
type Inner[K comparable, V any] interface {
	Load(key K) (value V, ok bool)
	Store(key K, value V)
	LoadOrStore(key K, value V) (actual V, loaded bool)
	Delete(key K)
	Range(f func(key K, value V) bool)
}

// Map records every call in a Recorder's pooled streams, then makes it on the map it
// wraps. Integer and string keys (of any named type too) get their ids without being
// boxed; keys of other types take the slower path of SyncMap's.
type Map[K comparable, V any] struct {
	inner Inner[K, V]
	rec   *Recorder
	keys  keyer[K]
}

// Wrap returns a Map that records the calls of inner into r. With a nil r it records
// nothing.
func Wrap[K comparable, V any](inner Inner[K, V], r *Recorder) *Map[K, V] {
	return &Map[K, V]{inner: inner, rec: r, keys: newKeyer[K]()}
}

func (m *Map[K, V]) record(k Kind, key K) {
	r := m.rec
	if r == nil || r.closed.Load() {
		return
	}
	id, class, mask := m.keys.key(r.seed, key)
	r.add(Op{Kind: k, Class: class, Key: id}, mask)
}

// Load records a Load and returns the inner map's Load.
func (m *Map[K, V]) Load(key K) (value V, ok bool) {
	m.record(Load, key)
	return m.inner.Load(key)
}

// Store records a Store and makes it.
func (m *Map[K, V]) Store(key K, value V) {
	m.record(Store, key)
	m.inner.Store(key, value)
}

// LoadOrStore records a LoadOrStore and returns the inner map's LoadOrStore.
func (m *Map[K, V]) LoadOrStore(key K, value V) (actual V, loaded bool) {
	m.record(LoadOrStore, key)
	return m.inner.LoadOrStore(key, value)
}

// Delete records a Delete and makes it.
func (m *Map[K, V]) Delete(key K) {
	m.record(Delete, key)
	m.inner.Delete(key)
}

// Range records one Range op, then calls the inner map's Range (so the op comes before
// those that f makes on the map).
func (m *Map[K, V]) Range(f func(key K, value V) bool) {
	if r := m.rec; r != nil && !r.closed.Load() {
		r.add(Op{Kind: Range}, 0)
	}
	m.inner.Range(f)
}
