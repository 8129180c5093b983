package strategies

import (
	"hash/maphash"
	"math/rand/v2"
	"reflect"
	"unsafe"
)

// hasherFor returns a seeded hash function for keys of type K. It inspects K's
// representation once, so the returned function does no type switch per call.
// Strings go through hash/maphash; integers through a seeded splitmix64 finalizer,
// a bijection that spreads consecutive integers over all bits.
func hasherFor[K Key]() func(K) uint64 {
	var zero K
	switch reflect.TypeOf(zero).Kind() {
	case reflect.String:
		seed := maphash.MakeSeed()
		return func(k K) uint64 {
			return maphash.String(seed, *(*string)(unsafe.Pointer(&k)))
		}
	default:
		if unsafe.Sizeof(zero) == 4 { // int on 32-bit platforms
			seed := rand.Uint64()
			return func(k K) uint64 { return mix64(uint64(*(*uint32)(unsafe.Pointer(&k))) ^ seed) }
		}
		seed := rand.Uint64()
		return func(k K) uint64 { return mix64(*(*uint64)(unsafe.Pointer(&k)) ^ seed) }
	}
}

// mix64 is the splitmix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
