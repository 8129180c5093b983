package bench

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
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

// Operations in a trace entry's low bits.
const (
	opLoad = iota
	opStore
	opDelete
	opBits = 2
)

// keySet caches the key slices, which are immutable once made: building a million string
// keys takes longer than many benchmarks run, and every sub-benchmark of the same size
// uses the same keys.
var keySet = struct {
	sync.Mutex
	ints    map[int][]int
	strings map[int][]string
	traces  map[traceSpec][]uint32
	zetas   map[int]float64
}{ints: map[int][]int{}, strings: map[int][]string{}, traces: map[traceSpec][]uint32{}, zetas: map[int]float64{}}

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

// stringKeys returns n distinct 17-byte string keys ("k" and 16 hex digits of the int key).
func stringKeys(n int) []string {
	keySet.Lock()
	defer keySet.Unlock()
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

// traceSpec identifies a precomputed operation trace.
type traceSpec struct {
	keys  int
	dist  string
	reads int // percent
}

// trace returns the operation trace for spec: a power-of-two number of entries, at least
// as many as keys, each a key index << opBits | op. Loads are reads% of the entries;
// the rest are split evenly between stores and deletes. Key indexes follow spec.dist.
// Goroutines walk the same read-only trace from different offsets, so the timed loop
// draws neither random numbers nor Zipf samples, and every strategy sees the same
// sequence of operations.
func trace(spec traceSpec) []uint32 {
	keySet.Lock()
	defer keySet.Unlock()
	if t, ok := keySet.traces[spec]; ok {
		return t
	}
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
		z := newZipf(spec.keys, keySet.zetas)
		next = func() uint32 { return uint32(scramble(z.next(rng.Float64())) % uint64(spec.keys)) }
	default:
		panic("bench: unknown distribution " + spec.dist)
	}
	t := make([]uint32, n)
	for i := range t {
		op := uint32(opLoad)
		if r := rng.IntN(200); r >= 2*spec.reads {
			op = opStore + uint32(r%2)
		}
		t[i] = next()<<opBits | op
	}
	keySet.traces[spec] = t
	return t
}

// zipf draws ranks 0..n-1 with P(rank i) proportional to 1/(i+1)^zipfTheta, by the method
// of Gray et al., "Quickly generating billion-record synthetic databases" (SIGMOD 1994),
// which YCSB's ZipfianGenerator also uses.
type zipf struct {
	n                 float64
	zetan, alpha, eta float64
	half              float64 // 1 + 0.5^theta
}

func newZipf(n int, zetas map[int]float64) *zipf {
	zetan, ok := zetas[n]
	if !ok {
		for i := 1; i <= n; i++ {
			zetan += 1 / math.Pow(float64(i), zipfTheta)
		}
		zetas[n] = zetan
	}
	zeta2 := 1 + 1/math.Pow(2, zipfTheta)
	return &zipf{
		n:     float64(n),
		zetan: zetan,
		alpha: 1 / (1 - zipfTheta),
		eta:   (1 - math.Pow(2/float64(n), 1-zipfTheta)) / (1 - zeta2/zetan),
		half:  1 + math.Pow(0.5, zipfTheta),
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
