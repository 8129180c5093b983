//go:build go1.24

package trace

import "hash/maphash"

// hashOther returns the 64-bit hash of a key of a type other than the integer and
// string types: maphash.Comparable, at the speed of the runtime's own map hash.
func hashOther(seed maphash.Seed, key any) uint64 {
	return maphash.Comparable(seed, key)
}
