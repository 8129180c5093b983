// Package xsyncv4 adapts github.com/puzpuzpuz/xsync/v4's Map to the suite's
// strategies.Map interface: the xsyncv4 strategy.
//
// It is a module of its own because xsync/v4 declares go 1.24: as a requirement of the
// root module it would raise the root's go line above go1.23, the last release with the
// classic hash map. The root module's registry lists the strategy (its Info); this
// module constructs it, and its benchmarks run the suite's workloads through package
// bench's driver with xsyncv4 beside the registry's strategies.
package xsyncv4

import (
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/puzpuzpuz/xsync/v4"
)

// Map adapts xsync/v4's Map: a hash table of cache-line-sized buckets, searched without
// locks by readers and locked per bucket by writers. Every Store allocates a new entry.
type Map[K comparable, V any] struct {
	m *xsync.Map[K, V]
}

var _ strategies.Map[int, int] = (*Map[int, int])(nil)

// New returns an empty map presized with xsync.WithPresize when capacity > 0.
func New[K comparable, V any](capacity int) *Map[K, V] {
	if capacity > 0 {
		return &Map[K, V]{m: xsync.NewMap[K, V](xsync.WithPresize(capacity))}
	}
	return &Map[K, V]{m: xsync.NewMap[K, V]()}
}

func (x *Map[K, V]) Load(key K) (V, bool) { return x.m.Load(key) }

func (x *Map[K, V]) Store(key K, value V) { x.m.Store(key, value) }

func (x *Map[K, V]) LoadOrStore(key K, value V) (V, bool) { return x.m.LoadOrStore(key, value) }

// Update is xsync's Compute, which runs f under the key's bucket lock.
func (x *Map[K, V]) Update(key K, f func(V, bool) V) V {
	v, _ := x.m.Compute(key, func(old V, loaded bool) (V, xsync.ComputeOp) { return f(old, loaded), xsync.UpdateOp })
	return v
}

func (x *Map[K, V]) Delete(key K) { x.m.Delete(key) }

func (x *Map[K, V]) Range(f func(K, V) bool) { x.m.Range(f) }

func (x *Map[K, V]) Len() int { return x.m.Size() }

// Strategy returns the xsyncv4 strategy for key type K: its Info from the root module's
// registry and its constructor.
func Strategy[K strategies.Key, V any]() strategies.Strategy[K, V] {
	info, err := strategies.Describe("xsyncv4")
	if err != nil {
		panic(err) // the root module's registry lists xsyncv4
	}
	return strategies.Strategy[K, V]{Info: info, New: func(capacity int) strategies.Map[K, V] { return New[K, V](capacity) }}
}
