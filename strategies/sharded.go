package strategies

import (
	"fmt"
	"sync"
	"unsafe"
)

// DefaultShards is the sharded strategy's shard count. The README's "Shard count" section
// gives the measurement behind it (make bench WORKLOADS=Shards).
const DefaultShards = 64

// Sharded is the suite's own concurrent map: a power-of-two number of built-in maps, each
// behind its own sync.RWMutex, chosen by a seeded hash of the key. Use it for write-heavy
// maps on many cores: writers to different shards do not contend. Each shard sits on its
// own 128 bytes so that two shards' locks never share a cache line (or an adjacent-line
// prefetch pair).
type Sharded[K Key, V any] struct {
	shards []shard[K, V]
	mask   uint64
	hash   func(K) uint64
}

type shard[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
	_  [128 - unsafe.Sizeof(sync.RWMutex{}) - unsafe.Sizeof(map[int]int(nil))]byte
}

var _ Map[int, int] = (*Sharded[int, int])(nil)

// NewSharded returns an empty map of n shards, n a power of two. Each shard is made
// with room for capacity/n entries plus an eighth, since hashing spreads keys unevenly.
func NewSharded[K Key, V any](n, capacity int) *Sharded[K, V] {
	if n <= 0 || n&(n-1) != 0 {
		panic(fmt.Sprintf("strategies: shard count %d is not a power of two", n))
	}
	per := 0
	if capacity > 0 {
		per = capacity/n + capacity/n/8 + 1
	}
	s := &Sharded[K, V]{shards: make([]shard[K, V], n), mask: uint64(n - 1), hash: hasherFor[K]()}
	for i := range s.shards {
		s.shards[i].m = make(map[K]V, per)
	}
	return s
}

func (s *Sharded[K, V]) shard(key K) *shard[K, V] {
	return &s.shards[s.hash(key)&s.mask]
}

func (s *Sharded[K, V]) Load(key K) (V, bool) {
	sh := s.shard(key)
	sh.mu.RLock()
	v, ok := sh.m[key]
	sh.mu.RUnlock()
	return v, ok
}

func (s *Sharded[K, V]) Store(key K, value V) {
	sh := s.shard(key)
	sh.mu.Lock()
	sh.m[key] = value
	sh.mu.Unlock()
}

func (s *Sharded[K, V]) LoadOrStore(key K, value V) (V, bool) {
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if v, ok := sh.m[key]; ok {
		return v, true
	}
	sh.m[key] = value
	return value, false
}

// Update holds the key's shard lock across the read and the write.
func (s *Sharded[K, V]) Update(key K, f func(V, bool) V) V {
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	old, ok := sh.m[key]
	v := f(old, ok)
	sh.m[key] = v
	return v
}

func (s *Sharded[K, V]) Delete(key K) {
	sh := s.shard(key)
	sh.mu.Lock()
	delete(sh.m, key)
	sh.mu.Unlock()
}

// Range visits the shards in order, holding each shard's read lock while it calls f for
// that shard's entries: consistent within a shard, not across shards. f must not write
// the map.
func (s *Sharded[K, V]) Range(f func(K, V) bool) {
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.RLock()
		for k, v := range sh.m {
			if !f(k, v) {
				sh.mu.RUnlock()
				return
			}
		}
		sh.mu.RUnlock()
	}
}

func (s *Sharded[K, V]) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

// shardedInfo describes the sharded strategy in the registry.
var shardedInfo = Info{
	Name:         "sharded",
	Description:  fmt.Sprintf("the suite's own map: %d built-in maps, each behind its own sync.RWMutex, picked by key hash", DefaultShards),
	Concurrent:   true,
	BuildsOn:     OnBuiltinMap,
	Range:        "consistent per shard, not across shards: holds one shard's read lock while visiting it; f must not write the map",
	Capacity:     "each shard made with hint/shards (+1/8 for uneven spread)",
	Update:       "the key's shard lock held across the read and the write",
	UpdateAtomic: true,
	Len:          "sum of the shards' len under each read lock, O(shards)",
}
