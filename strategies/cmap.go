package strategies

import cmap "github.com/orcaman/concurrent-map/v2"

// CMap adapts github.com/orcaman/concurrent-map/v2: a fixed array of 32 built-in maps,
// each behind a sync.RWMutex. The adapter passes a sharding function so that integer
// keys work (cmap.New accepts only strings). Range uses IterCb, the library's
// allocation-free iterator, not IterBuffered, which starts goroutines and channels.
type CMap[K Key, V any] struct {
	m cmap.ConcurrentMap[K, V]
}

var _ Map[int, int] = (*CMap[int, int])(nil)

// NewCMap returns an empty map. concurrent-map has no presize: capacity is ignored.
func NewCMap[K Key, V any](capacity int) *CMap[K, V] {
	_ = capacity
	h := hasherFor[K]()
	return &CMap[K, V]{m: cmap.NewWithCustomShardingFunction[K, V](func(k K) uint32 {
		return uint32(h(k) >> 32)
	})}
}

func (c *CMap[K, V]) Load(key K) (V, bool) { return c.m.Get(key) }

func (c *CMap[K, V]) Store(key K, value V) { c.m.Set(key, value) }

// LoadOrStore uses Upsert, the library's only atomic read-then-write; it rewrites the
// existing value with itself when the key is present.
func (c *CMap[K, V]) LoadOrStore(key K, value V) (V, bool) {
	var loaded bool
	actual := c.m.Upsert(key, value, func(exist bool, inMap, newValue V) V {
		loaded = exist
		if exist {
			return inMap
		}
		return newValue
	})
	return actual, loaded
}

// Update is concurrent-map's Upsert, which runs its callback under the shard's lock.
func (c *CMap[K, V]) Update(key K, f func(V, bool) V) V {
	var zero V
	return c.m.Upsert(key, zero, func(exist bool, inMap, _ V) V { return f(inMap, exist) })
}

func (c *CMap[K, V]) Delete(key K) { c.m.Remove(key) }

// Range walks every shard with IterCb. IterCb cannot stop early: once f returns false
// the adapter stops calling it, but the walk over the remaining entries still happens.
func (c *CMap[K, V]) Range(f func(K, V) bool) {
	stopped := false
	c.m.IterCb(func(k K, v V) {
		if !stopped && !f(k, v) {
			stopped = true
		}
	})
}

func (c *CMap[K, V]) Len() int { return c.m.Count() }

// cmapInfo describes the cmap strategy in the registry.
var cmapInfo = Info{
	Name:         "cmap",
	Description:  "github.com/orcaman/concurrent-map/v2: 32 RWMutex-guarded shards, custom sharding function",
	Concurrent:   true,
	BuildsOn:     OnBuiltinMap,
	Range:        "IterCb: consistent per shard, not across shards; no early exit (the adapter stops calling f but the walk goes on); f must not write the map",
	Capacity:     "ignored: concurrent-map has no presize",
	Update:       "Upsert: the callback runs under the shard's write lock",
	UpdateAtomic: true,
	Len:          "Count(): read-locks every shard, O(shards)",
	Module:       "github.com/orcaman/concurrent-map/v2",
}
