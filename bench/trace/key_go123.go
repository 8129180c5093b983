//go:build !go1.24

package trace

import (
	"fmt"
	"hash/maphash"
)

// hashOther returns the 64-bit hash of a key of a type other than the integer and
// string types. Before Go 1.24, hash/maphash cannot hash a comparable value, so this
// hashes the key's type and its Go-syntax representation (fmt's %#v): much slower than
// the integer and string paths, and keys that are equal but print differently (+0 and
// -0 floats) get different ids.
func hashOther(seed maphash.Seed, key any) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	fmt.Fprintf(&h, "%T\x00%#v", key, key)
	return h.Sum64()
}
