package strategies

import "sync"

// RWMutex is the built-in map behind one sync.RWMutex. Use it for read-mostly maps on a
// few cores: readers share the lock, but every reader still writes the lock's reader
// count, so it scales poorly with many cores, and a writer stalls everyone.
type RWMutex[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

var _ Map[int, int] = (*RWMutex[int, int])(nil)

// NewRWMutex returns an empty map made with the capacity hint.
func NewRWMutex[K comparable, V any](capacity int) *RWMutex[K, V] {
	return &RWMutex[K, V]{m: make(map[K]V, capacity)}
}

func (m *RWMutex[K, V]) Load(key K) (V, bool) {
	m.mu.RLock()
	v, ok := m.m[key]
	m.mu.RUnlock()
	return v, ok
}

func (m *RWMutex[K, V]) Store(key K, value V) {
	m.mu.Lock()
	m.m[key] = value
	m.mu.Unlock()
}

func (m *RWMutex[K, V]) LoadOrStore(key K, value V) (V, bool) {
	m.mu.RLock()
	v, ok := m.m[key]
	m.mu.RUnlock()
	if ok {
		return v, true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok {
		return v, true
	}
	m.m[key] = value
	return value, false
}

// Update holds the write lock across the read and the write.
func (m *RWMutex[K, V]) Update(key K, f func(V, bool) V) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.m[key]
	v := f(old, ok)
	m.m[key] = v
	return v
}

func (m *RWMutex[K, V]) Delete(key K) {
	m.mu.Lock()
	delete(m.m, key)
	m.mu.Unlock()
}

// Range holds the read lock while it calls f: f sees a consistent snapshot and must not
// write the map.
func (m *RWMutex[K, V]) Range(f func(K, V) bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for k, v := range m.m {
		if !f(k, v) {
			return
		}
	}
}

func (m *RWMutex[K, V]) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.m)
}

// rwmutexInfo describes the rwmutex strategy in the registry.
var rwmutexInfo = Info{
	Name:         "rwmutex",
	Description:  "built-in map behind one sync.RWMutex (readers share the lock)",
	Concurrent:   true,
	BuildsOn:     OnBuiltinMap,
	Range:        "consistent snapshot: holds the read lock for the whole Range (writers wait); f must not write the map",
	Capacity:     "make(map, hint)",
	Update:       "the write lock held across the read and the write",
	UpdateAtomic: true,
	Len:          "len(map) under the read lock, O(1)",
}
