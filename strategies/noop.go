package strategies

// Noop is not a map: it keeps nothing. It is the harness floor, never a strategy: a
// benchmark loop run on Noop measures what the loop itself costs (reading its trace,
// decoding operations, calling a method), which every strategy's figure includes. It is
// deliberately not in All. Load reports a key as present only when it is the zero value,
// so that a loop must still read every key (a Load that ignored its key would let the
// compiler drop the reading).
type Noop[K comparable, V any] struct{}

var _ Map[int, int] = (*Noop[int, int])(nil)

// NewNoop returns a Noop; capacity is ignored.
func NewNoop[K comparable, V any](capacity int) *Noop[K, V] {
	_ = capacity
	return &Noop[K, V]{}
}

func (*Noop[K, V]) Load(key K) (v V, ok bool) {
	var zero K
	return v, key == zero
}

func (*Noop[K, V]) Store(K, V) {}

func (*Noop[K, V]) LoadOrStore(_ K, value V) (V, bool) { return value, false }

func (*Noop[K, V]) Update(_ K, f func(V, bool) V) V {
	var zero V
	return f(zero, false)
}

func (*Noop[K, V]) Delete(K) {}

func (*Noop[K, V]) Range(func(K, V) bool) {}

func (*Noop[K, V]) Len() int { return 0 }

// Floor returns the harness floor as a Strategy, for the workloads that measure the
// harness: Noop under the name "noop". It is not registered in All.
func Floor[K Key, V any]() Strategy[K, V] {
	return Strategy[K, V]{
		Info: Info{
			Name:         "noop",
			Description:  "not a map: keeps nothing; measures the benchmark loop alone (the harness floor)",
			Concurrent:   true,
			Range:        "visits nothing",
			Capacity:     "ignored",
			Len:          "always 0",
			Update:       "calls f with the zero value and keeps nothing",
			UpdateAtomic: true,
		},
		New: func(capacity int) Map[K, V] { return NewNoop[K, V](capacity) },
	}
}
