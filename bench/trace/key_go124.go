//go:build go1.24

package trace

import "hash/maphash"

// hashInt returns the id of an integer key: the hash of its value as 8 bytes, so that
// equal values of different integer types share an id (signed values are
// sign-extended).
func hashInt(seed maphash.Seed, v uint64) uint32 {
	return uint32(maphash.Comparable(seed, v))
}

// hashOther returns the 64-bit hash of a key of a type other than the integer and
// string types: maphash.Comparable, at the speed of the runtime's own map hash.
func hashOther(seed maphash.Seed, key any) uint64 {
	return maphash.Comparable(seed, key)
}
