package strategies

import "github.com/puzpuzpuz/xsync/v3"

// Xsync adapts github.com/puzpuzpuz/xsync/v3's MapOf: a hash table of cache-line-sized
// buckets, searched without locks by readers and locked per bucket by writers. It is
// built for read-heavy maps on many cores; every Store allocates a new entry.
type Xsync[K comparable, V any] struct {
	m *xsync.MapOf[K, V]
}

var _ Map[int, int] = (*Xsync[int, int])(nil)

// NewXsync returns an empty map presized with xsync.WithPresize when capacity > 0.
func NewXsync[K comparable, V any](capacity int) *Xsync[K, V] {
	if capacity > 0 {
		return &Xsync[K, V]{m: xsync.NewMapOf[K, V](xsync.WithPresize(capacity))}
	}
	return &Xsync[K, V]{m: xsync.NewMapOf[K, V]()}
}

func (x *Xsync[K, V]) Load(key K) (V, bool) { return x.m.Load(key) }

func (x *Xsync[K, V]) Store(key K, value V) { x.m.Store(key, value) }

func (x *Xsync[K, V]) LoadOrStore(key K, value V) (V, bool) { return x.m.LoadOrStore(key, value) }

// Update is xsync's Compute, which runs f under the key's bucket lock.
func (x *Xsync[K, V]) Update(key K, f func(V, bool) V) V {
	v, _ := x.m.Compute(key, func(old V, loaded bool) (V, bool) { return f(old, loaded), false })
	return v
}

func (x *Xsync[K, V]) Delete(key K) { x.m.Delete(key) }

func (x *Xsync[K, V]) Range(f func(K, V) bool) { x.m.Range(f) }

func (x *Xsync[K, V]) Len() int { return x.m.Size() }

// xsyncInfo describes the xsync strategy in the registry.
var xsyncInfo = Info{
	Name:           "xsync",
	Description:    "github.com/puzpuzpuz/xsync/v3 MapOf: lock-free reads, bucket locks for writes",
	Concurrent:     true,
	Range:          "no snapshot: each key at most once; a key present throughout is visited; f may write the map",
	Capacity:       "xsync.WithPresize(hint)",
	Len:            "Size(): sums striped counters, O(1) in entries",
	Update:         "Compute: f runs under the key's bucket lock",
	UpdateAtomic:   true,
	WriteAllocates: true,
	Module:         "github.com/puzpuzpuz/xsync/v3",
}
