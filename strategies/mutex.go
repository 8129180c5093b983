package strategies

import "sync"

// Mutex is the built-in map behind one sync.Mutex. Use it when writes are frequent
// and contention is low: every operation, reads included, takes the one lock.
type Mutex[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

var _ Map[int, int] = (*Mutex[int, int])(nil)

// NewMutex returns an empty map made with the capacity hint.
func NewMutex[K comparable, V any](capacity int) *Mutex[K, V] {
	return &Mutex[K, V]{m: make(map[K]V, capacity)}
}

func (m *Mutex[K, V]) Load(key K) (V, bool) {
	m.mu.Lock()
	v, ok := m.m[key]
	m.mu.Unlock()
	return v, ok
}

func (m *Mutex[K, V]) Store(key K, value V) {
	m.mu.Lock()
	m.m[key] = value
	m.mu.Unlock()
}

func (m *Mutex[K, V]) LoadOrStore(key K, value V) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok {
		return v, true
	}
	m.m[key] = value
	return value, false
}

// Update holds the lock across the read and the write.
func (m *Mutex[K, V]) Update(key K, f func(V, bool) V) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.m[key]
	v := f(old, ok)
	m.m[key] = v
	return v
}

func (m *Mutex[K, V]) Delete(key K) {
	m.mu.Lock()
	delete(m.m, key)
	m.mu.Unlock()
}

// Range holds the lock while it calls f: f sees a consistent snapshot and must not use m.
func (m *Mutex[K, V]) Range(f func(K, V) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range m.m {
		if !f(k, v) {
			return
		}
	}
}

func (m *Mutex[K, V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}

// mutexInfo describes the mutex strategy in the registry.
var mutexInfo = Info{
	Name:         "mutex",
	Description:  "built-in map behind one sync.Mutex",
	Concurrent:   true,
	BuildsOn:     OnBuiltinMap,
	Range:        "consistent snapshot: holds the lock for the whole Range (writers and readers wait); f must not use the map",
	Capacity:     "make(map, hint)",
	Len:          "len(map) under the lock, O(1)",
	Update:       "the lock held across the read and the write",
	UpdateAtomic: true,
}
