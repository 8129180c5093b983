package trace

import (
	"hash/maphash"
	"math/bits"
	"reflect"
	"unsafe"
)

// Size classes of the integer types whose size depends on the platform: 3 for 4 bytes,
// 4 for 8 bytes.
const (
	intClass     = 3 + uint8(unsafe.Sizeof(int(0))/8)
	uintptrClass = 3 + uint8(unsafe.Sizeof(uintptr(0))/8)
)

// sizeClass returns the size class of a key of n bytes.
func sizeClass(n uintptr) uint8 { return uint8(bits.Len64(uint64(n))) }

// hashString returns the id of a string key.
func hashString(seed maphash.Seed, s string) uint32 {
	return uint32(maphash.String(seed, s))
}

// keyOf returns the id, size class and key-type bit of a key passed as an interface
// value. The common key types take a type switch; other integer and string types
// (named ones) take reflection; the rest hash through hashOther.
func keyOf(seed maphash.Seed, key any) (id uint32, class, mask uint8) {
	switch k := key.(type) {
	case string:
		return hashString(seed, k), uint8(bits.Len(uint(len(k)))), maskString
	case int:
		return hashInt(seed, uint64(k)), intClass, maskInt
	case int64:
		return hashInt(seed, uint64(k)), 4, maskInt
	case int32:
		return hashInt(seed, uint64(k)), 3, maskInt
	case int16:
		return hashInt(seed, uint64(k)), 2, maskInt
	case int8:
		return hashInt(seed, uint64(k)), 1, maskInt
	case uint:
		return hashInt(seed, uint64(k)), intClass, maskInt
	case uint64:
		return hashInt(seed, k), 4, maskInt
	case uint32:
		return hashInt(seed, uint64(k)), 3, maskInt
	case uint16:
		return hashInt(seed, uint64(k)), 2, maskInt
	case uint8:
		return hashInt(seed, uint64(k)), 1, maskInt
	case uintptr:
		return hashInt(seed, uint64(k)), uintptrClass, maskInt
	case nil:
		return uint32(hashOther(seed, nil)), 0, maskOther
	}
	v := reflect.ValueOf(key)
	class = sizeClass(v.Type().Size())
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return hashInt(seed, uint64(v.Int())), class, maskInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return hashInt(seed, v.Uint()), class, maskInt
	case reflect.String:
		s := v.String()
		return hashString(seed, s), uint8(bits.Len(uint(len(s)))), maskString
	}
	return uint32(hashOther(seed, key)), class, maskOther
}

// Representations of a key type K that a typed map's keys are read as.
const (
	repOther = iota
	repSigned
	repUnsigned
	repString
)

// keyer computes the ids of a typed map's keys without boxing integers and strings:
// the representation of K is looked up once, when the map is wrapped.
type keyer[K comparable] struct {
	rep   uint8
	size  uintptr // of K, for the integer representations
	class uint8   // of K, for the integer representations
}

func newKeyer[K comparable]() keyer[K] {
	t := reflect.TypeFor[K]()
	k := keyer[K]{size: t.Size(), class: sizeClass(t.Size())}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k.rep = repSigned
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		k.rep = repUnsigned
	case reflect.String:
		k.rep = repString
	}
	return k
}

// key returns the id, size class and key-type bit of key: the same as keyOf(any(key)).
func (k *keyer[K]) key(seed maphash.Seed, key K) (id uint32, class, mask uint8) {
	p := unsafe.Pointer(&key)
	switch k.rep {
	case repSigned:
		var v int64
		switch k.size {
		case 1:
			v = int64(*(*int8)(p))
		case 2:
			v = int64(*(*int16)(p))
		case 4:
			v = int64(*(*int32)(p))
		default:
			v = *(*int64)(p)
		}
		return hashInt(seed, uint64(v)), k.class, maskInt
	case repUnsigned:
		var v uint64
		switch k.size {
		case 1:
			v = uint64(*(*uint8)(p))
		case 2:
			v = uint64(*(*uint16)(p))
		case 4:
			v = uint64(*(*uint32)(p))
		default:
			v = *(*uint64)(p)
		}
		return hashInt(seed, v), k.class, maskInt
	case repString:
		s := *(*string)(p)
		return hashString(seed, s), uint8(bits.Len(uint(len(s)))), maskString
	}
	return keyOf(seed, any(key))
}
