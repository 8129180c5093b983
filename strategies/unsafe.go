package strategies

// Unsafe is the built-in map with no synchronisation. It is the single-goroutine
// baseline: use it when exactly one goroutine owns the map. Any concurrent write
// kills the process with a fatal error that recover cannot catch.
type Unsafe[K comparable, V any] struct {
	m map[K]V
}

var _ Map[int, int] = (*Unsafe[int, int])(nil)

// NewUnsafe returns an empty map made with the capacity hint.
func NewUnsafe[K comparable, V any](capacity int) *Unsafe[K, V] {
	return &Unsafe[K, V]{m: make(map[K]V, capacity)}
}

func (u *Unsafe[K, V]) Load(key K) (V, bool) {
	v, ok := u.m[key]
	return v, ok
}

func (u *Unsafe[K, V]) Store(key K, value V) { u.m[key] = value }

func (u *Unsafe[K, V]) LoadOrStore(key K, value V) (V, bool) {
	if v, ok := u.m[key]; ok {
		return v, true
	}
	u.m[key] = value
	return value, false
}

func (u *Unsafe[K, V]) Update(key K, f func(V, bool) V) V {
	old, ok := u.m[key]
	v := f(old, ok)
	u.m[key] = v
	return v
}

func (u *Unsafe[K, V]) Delete(key K) { delete(u.m, key) }

func (u *Unsafe[K, V]) Range(f func(K, V) bool) {
	for k, v := range u.m {
		if !f(k, v) {
			return
		}
	}
}

func (u *Unsafe[K, V]) Len() int { return len(u.m) }

// unsafeInfo describes the unsafe strategy in the registry.
var unsafeInfo = Info{
	Name:         "unsafe",
	Description:  "built-in map with no synchronisation: the single-goroutine baseline",
	Concurrent:   false,
	BuildsOn:     OnBuiltinMap,
	Range:        "built-in map iteration; any concurrent write is a fatal error",
	Capacity:     "make(map, hint)",
	Len:          "len(map), O(1)",
	Update:       "a read then a write; atomic only because one goroutine owns the map",
	UpdateAtomic: true,
}
