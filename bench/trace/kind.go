package trace

import (
	"math"
	"strconv"
)

// Kind is the kind of a recorded operation: the sync.Map method that was called.
type Kind uint8

// The kinds of operations, one per sync.Map method.
const (
	Load Kind = iota
	Store
	LoadOrStore
	LoadAndDelete
	Delete
	Swap
	CompareAndSwap
	CompareAndDelete
	Range
	Clear
)

// NumKinds is the number of kinds of operations.
const NumKinds = 10

var kindNames = [NumKinds]string{
	"Load", "Store", "LoadOrStore", "LoadAndDelete", "Delete",
	"Swap", "CompareAndSwap", "CompareAndDelete", "Range", "Clear",
}

// String returns the name of the sync.Map method, such as "LoadOrStore".
func (k Kind) String() string {
	if k < NumKinds {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// hasKey reports whether operations of kind k name a key: all but Range and Clear.
func (k Kind) hasKey() bool { return k < Range }

// Key types of a recording (Header.KeyType).
const (
	KeyInt    = "int"    // every key was an integer type (int, int64, uint32, ...)
	KeyString = "string" // every key was a string
	KeyOther  = "other"  // every key had one other comparable type
	KeyMixed  = "mixed"  // keys of more than one of these
)

// Key type bits: the key-type mask of a header or a block is their union over the keys.
const (
	maskInt    = 1 << iota // an integer key
	maskString             // a string key
	maskOther              // a key of another comparable type
	maskAll    = maskInt | maskString | maskOther
)

// keyType returns the Header.KeyType of a key-type mask: "" when no key was recorded.
func keyType(mask uint8) string {
	switch mask {
	case 0:
		return ""
	case maskInt:
		return KeyInt
	case maskString:
		return KeyString
	case maskOther:
		return KeyOther
	}
	return KeyMixed
}

// Op is one recorded operation.
type Op struct {
	Kind Kind
	// Class is the key's size class: bits.Len of the key's size in bytes, so 4 for an
	// 8-byte integer and bits.Len(len(s)) for a string s; 0 for Range and Clear, which
	// have no key.
	Class uint8
	// Key is the key's id: a 32-bit hash of the key under the recording's hash seed;
	// 0 for Range and Clear.
	Key uint32
}

// ClassLen returns a key length in bytes that lies in size class c, for a replay that
// makes keys of the recorded sizes: the middle of the class's range, rounded down. Class
// 0 holds only 0 and class c > 0 the lengths 2^(c-1) to 2^c - 1, so class 5 (16 to 31
// bytes) gives 23. For classes beyond the range of int it returns math.MaxInt.
func ClassLen(c uint8) int {
	switch {
	case c == 0:
		return 0
	case c >= 64:
		return math.MaxInt
	}
	lo := uint64(1) << (c - 1)
	hi := lo<<1 - 1
	mid := lo + (hi-lo)/2
	if mid > math.MaxInt {
		return math.MaxInt
	}
	return int(mid)
}
