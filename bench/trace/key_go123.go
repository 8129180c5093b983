//go:build !go1.24

package trace

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"reflect"
)

// hashInt returns the id of an integer key: the hash of its value as 8 little-endian
// bytes, so that equal values of different integer types share an id (signed values
// are sign-extended).
func hashInt(seed maphash.Seed, v uint64) uint32 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return uint32(maphash.Bytes(seed, b[:]))
}

// hashOther returns the 64-bit hash of a key of a type other than the integer and
// string types. Before Go 1.24, hash/maphash cannot hash a comparable value, so this
// hashes the key's type and its Go-syntax representation (fmt's %#v), or its address
// for a pointer or a channel: much slower than the integer and string paths, and keys
// that are equal but print differently (+0 and -0 floats) get different ids.
func hashOther(seed maphash.Seed, key any) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	switch v := reflect.ValueOf(key); v.Kind() {
	case reflect.Pointer, reflect.Chan, reflect.UnsafePointer:
		// %#v prints what a pointer points to, not where: keys are equal if their
		// addresses are.
		fmt.Fprintf(&h, "%T\x00%x", key, v.Pointer())
	default:
		fmt.Fprintf(&h, "%T\x00%#v", key, key)
	}
	return h.Sum64()
}
