package bench

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"strings"
	"sync"
)

// Key kinds of the keytype= dimension.
const (
	keyInt    = "int"
	keyString = "string"
)

// Distributions of the dist= dimension.
const (
	distUniform = "uniform"
	distZipf    = "zipf"
	// zipfTheta is YCSB's default skew: about 1/5 of draws hit the 10 hottest of 1000 keys.
	zipfTheta = 0.99
)

// Operations of a Mix trace entry.
const (
	opLoad uint8 = iota
	opStore
	opDelete
)

// keySet caches the key slices, which are immutable once made: building a million string
// keys takes longer than many benchmarks run, and every sub-benchmark of the same size
// uses the same keys. It also keeps the most recent trace of each key type: strategies
// run innermost, so consecutive sub-benchmarks share one.
var keySet = struct {
	sync.Mutex
	ints     map[int][]int
	strings  map[int][]string
	zetas    map[zetaKey]float64
	intTrace cachedTrace[int]
	strTrace cachedTrace[string]
}{ints: map[int][]int{}, strings: map[int][]string{}, zetas: map[zetaKey]float64{}}

// zetaKey names a cached normalisation constant of the Zipf draws: ζ(n, θ).
type zetaKey struct {
	n     int
	theta float64
}

type cachedTrace[K comparable] struct {
	spec traceSpec
	t    []entry[K]
}

// keyOf is the i'th key of every int key set: the splitmix64 finalizer of i, a bijection,
// so keys are distinct, spread over all 64 bits and in no order a map could exploit.
func keyOf(i uint64) int {
	i += 0x9e3779b97f4a7c15
	i ^= i >> 30
	i *= 0xbf58476d1ce4e5b9
	i ^= i >> 27
	i *= 0x94d049bb133111eb
	i ^= i >> 31
	return int(i)
}

// intKeys returns n distinct int keys.
func intKeys(n int) []int {
	keySet.Lock()
	defer keySet.Unlock()
	return intKeysLocked(n)
}

func intKeysLocked(n int) []int {
	if k, ok := keySet.ints[n]; ok {
		return k
	}
	k := make([]int, n)
	for i := range k {
		k[i] = keyOf(uint64(i))
	}
	keySet.ints[n] = k
	return k
}

// stringKeys returns n distinct 17-byte string keys: "k" and 16 hex digits of the int key.
func stringKeys(n int) []string {
	keySet.Lock()
	defer keySet.Unlock()
	return stringKeysLocked(n)
}

func stringKeysLocked(n int) []string {
	if k, ok := keySet.strings[n]; ok {
		return k
	}
	k := make([]string, n)
	for i := range k {
		k[i] = fmt.Sprintf("k%016x", uint64(keyOf(uint64(i))))
	}
	keySet.strings[n] = k
	return k
}

// keysFor returns n distinct keys of type K (int or string).
func keysFor[K int | string](n int) []K {
	var k any
	switch any(*new(K)).(type) {
	case int:
		k = intKeys(n)
	case string:
		k = stringKeys(n)
	}
	return k.([]K)
}

// traceSpec identifies a Mix operation trace.
type traceSpec struct {
	keys  int
	dist  string
	reads int // percent
	// theta is the Zipf skew when dist is zipf; 0 stands for zipfTheta.
	theta float64
}

// skew returns the spec's Zipf skew.
func (s traceSpec) skew() float64 {
	if s.theta == 0 {
		return zipfTheta
	}
	return s.theta
}

// entry is one operation of a Mix trace. It carries the key itself, so that the timed loop
// reads its trace sequentially and never a key table at random: at a million keys such a
// table is 8 MB, and reading it would add cache misses to every strategy's figure.
type entry[K comparable] struct {
	key K
	op  uint8
}

// traceOf returns the operation trace for spec with keys of type K: a power-of-two
// number of entries, at least as many as keys. Loads are reads% of the entries; the rest
// are split evenly between stores and deletes. Keys follow spec.dist. Goroutines walk the
// same read-only trace from different offsets, so the timed loop draws neither random
// numbers nor Zipf samples, and every strategy sees the same sequence of operations.
// String keys are laid out in trace order in one block of memory, for the same reason.
func traceOf[K int | string](spec traceSpec) []entry[K] {
	keySet.Lock()
	defer keySet.Unlock()
	var out any
	switch any(*new(K)).(type) {
	case int:
		if c := &keySet.intTrace; c.t == nil || c.spec != spec {
			c.t, c.spec = nil, spec
			idx, ops := traceIndexes(spec)
			t := make([]entry[int], len(idx))
			for i := range t {
				t[i] = entry[int]{keyOf(uint64(idx[i])), ops[i]}
				// keyOf(i) is intKeys(n)[i]: the trace's keys are the warm map's keys.
			}
			c.t = t
		}
		out = keySet.intTrace.t
	case string:
		if c := &keySet.strTrace; c.t == nil || c.spec != spec {
			c.t, c.spec = nil, spec
			keys := stringKeysLocked(spec.keys)
			idx, ops := traceIndexes(spec)
			ks := make([]string, len(idx))
			for i, k := range idx {
				ks[i] = keys[k]
			}
			ks = packed(ks)
			t := make([]entry[string], len(idx))
			for i := range t {
				t[i] = entry[string]{ks[i], ops[i]}
			}
			c.t = t
		}
		out = keySet.strTrace.t
	}
	return out.([]entry[K])
}

// packed returns keys with their bytes laid out in one block of memory, in order: a loop
// that walks them reads memory sequentially, not wherever each string was made.
func packed(keys []string) []string {
	var block strings.Builder
	for _, k := range keys {
		block.WriteString(k)
	}
	all, off := block.String(), 0
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = all[off : off+len(k)]
		off += len(k)
	}
	return out
}

// traceIndexes draws spec's trace as key indexes and operations. keySet must be locked.
func traceIndexes(spec traceSpec) ([]uint32, []uint8) {
	n := 1 << 16
	for n < spec.keys {
		n <<= 1
	}
	rng := rand.New(rand.NewPCG(uint64(spec.keys), uint64(spec.reads)))
	var next func() uint32
	switch spec.dist {
	case distUniform:
		next = func() uint32 { return uint32(rng.IntN(spec.keys)) }
	case distZipf:
		if theta := spec.skew(); theta > 1 {
			// Gray et al.'s method holds for theta < 1; above 1, math/rand/v2 draws the
			// same law, P(rank k) proportional to 1/(k+1)^theta, by rejection.
			z := rand.NewZipf(rng, theta, 1, uint64(spec.keys-1))
			next = func() uint32 { return uint32(scramble(z.Uint64()) % uint64(spec.keys)) }
		} else {
			z := newZipf(spec.keys, theta, keySet.zetas)
			next = func() uint32 { return uint32(scramble(z.next(rng.Float64())) % uint64(spec.keys)) }
		}
	default:
		panic("bench: unknown distribution " + spec.dist)
	}
	idx := make([]uint32, n)
	ops := make([]uint8, n)
	for i := range idx {
		op := opLoad
		if r := rng.IntN(200); r >= 2*spec.reads {
			op = opStore + uint8(r%2)
		}
		idx[i], ops[i] = next(), op
	}
	return idx, ops
}

// zipf draws ranks 0..n-1 with P(rank i) proportional to 1/(i+1)^theta, 0 < theta < 1,
// by the method of Gray et al., "Quickly generating billion-record synthetic databases"
// (SIGMOD 1994), which YCSB's ZipfianGenerator also uses.
type zipf struct {
	n                 float64
	zetan, alpha, eta float64
	half              float64 // 1 + 0.5^theta
}

func newZipf(n int, theta float64, zetas map[zetaKey]float64) *zipf {
	zetan, ok := zetas[zetaKey{n, theta}]
	if !ok {
		for i := 1; i <= n; i++ {
			zetan += 1 / math.Pow(float64(i), theta)
		}
		zetas[zetaKey{n, theta}] = zetan
	}
	zeta2 := 1 + 1/math.Pow(2, theta)
	return &zipf{
		n:     float64(n),
		zetan: zetan,
		alpha: 1 / (1 - theta),
		eta:   (1 - math.Pow(2/float64(n), 1-theta)) / (1 - zeta2/zetan),
		half:  1 + math.Pow(0.5, theta),
	}
}

// next maps u, uniform in [0, 1), to a rank.
func (z *zipf) next(u float64) uint64 {
	uz := u * z.zetan
	if uz < 1 {
		return 0
	}
	if uz < z.half {
		return 1
	}
	r := uint64(z.n * math.Pow(z.eta*u-z.eta+1, z.alpha))
	return min(r, uint64(z.n)-1)
}

// scramble spreads ranks over the key space as YCSB's ScrambledZipfianGenerator does, with
// FNV-1a over the rank's bytes, so that the hottest keys are not neighbours.
func scramble(rank uint64) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < 8; i++ {
		h ^= rank & 0xff
		h *= 1099511628211
		rank >>= 8
	}
	return h
}

// rng is a per-goroutine xorshift64* generator for the few timed loops that need random
// numbers: a few instructions, no shared state, no locks.
type rng uint64

func newRNG(seed uint64) rng { return rng(seed*0x9e3779b97f4a7c15 | 1) }

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	*r = rng(x)
	return x * 2685821657736338717
}

// below returns a number in [0, n) from the generator's high bits, without division.
func (r *rng) below(n uint64) uint64 {
	hi, _ := bits.Mul64(r.next(), n)
	return hi
}
