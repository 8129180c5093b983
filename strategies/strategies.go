// Package strategies holds the concurrent map implementations the suite compares, each
// behind one small generic interface, and the table that registers them by name.
//
// Every strategy is an adapter over a map that users really pick: the built-in map
// (unsynchronised, or behind sync.Mutex or sync.RWMutex), sync.Map, a sharded map,
// github.com/orcaman/concurrent-map/v2, github.com/puzpuzpuz/xsync/v3's MapOf and the
// lock-free github.com/alphadose/haxmap and github.com/cornelk/hashmap. Adapters add no
// allocation that the underlying map does not make itself.
//
// A strategy's numbers are published only when it passes the correctness gate (see
// Check); the registry declares each strategy's verdict in Info.Fails.
package strategies

import (
	"fmt"
	"strings"
)

// Key is the set of key types the strategies accept: the integer and string keys that the
// workloads use. The sharded and cmap strategies hash keys themselves and need to know
// their representation.
type Key interface {
	~int | ~int64 | ~uint64 | ~string
}

// Map is the interface every strategy satisfies. It is the subset of sync.Map's methods
// that the workloads call, plus Len.
type Map[K comparable, V any] interface {
	// Load returns the value stored for key and whether it was present.
	Load(key K) (value V, ok bool)
	// Store sets the value for key.
	Store(key K, value V)
	// LoadOrStore returns the existing value for key if present (loaded is true);
	// otherwise it stores value and returns it (loaded is false).
	LoadOrStore(key K, value V) (actual V, loaded bool)
	// Update sets the value for key to f(old, loaded), where old is the present value
	// (the zero value, with loaded false, when key is absent), and returns the value set.
	// It is the read-modify-write behind a counter; whether it is atomic, and how, depends
	// on the strategy: see Info.Update. f must not use the map.
	Update(key K, f func(old V, loaded bool) V) V
	// Delete removes key.
	Delete(key K)
	// Range calls f for entries of the map until f returns false. What it promises under
	// concurrent writes depends on the strategy: see Info.Range.
	Range(f func(key K, value V) bool)
	// Len returns the number of entries. Its cost depends on the strategy: see Info.Len.
	Len() int
}

// The implementations a strategy may build on (Info.BuildsOn).
const (
	OnBuiltinMap = "map"
	OnSyncMap    = "sync.Map"
)

// Info describes a strategy for people and for the harness.
type Info struct {
	// Name is the strategy's name in benchmark names (strategy=NAME) and on command lines.
	Name string
	// Description says in one line what the strategy is.
	Description string
	// Concurrent reports whether the map may be used by several goroutines at once.
	// The harness never lets two goroutines touch a strategy for which it is false.
	Concurrent bool
	// Range says what Range promises while other goroutines write.
	Range string
	// Capacity says what the strategy does with the constructor's capacity hint.
	Capacity string
	// Len says how Len is computed.
	Len string
	// Update says how Update reads and writes a key as one atomic step, or, when
	// UpdateAtomic is false, why it cannot.
	Update string
	// UpdateAtomic reports whether Update is atomic: concurrent Updates of a key lose
	// none of each other's writes. Workloads that update from several goroutines leave
	// out a strategy for which it is false.
	UpdateAtomic bool
	// WriteAllocates: Store and Update of a present key and Delete allocate, because the
	// library does (sync.Map boxes keys and values; xsync allocates an entry per Store;
	// the linked-list maps allocate a new value per write). The adapters add no
	// allocation of their own; TestZeroAllocs checks both ways.
	WriteAllocates bool
	// Module is the path of the module the map comes from, "" for the standard library
	// and the suite's own: run headers record its version.
	Module string
	// Nested, when set, is the directory (from the repository root) of the nested module
	// that builds the strategy, because its library needs a newer Go than the root
	// module's go line allows. The root module lists such a strategy but cannot construct
	// it: its registry entry has no New.
	Nested string
	// MinGo, when set, is the oldest Go release the strategy builds with (go1.24).
	MinGo string
	// BuildsOn names the standard library implementation the map is built on, which a
	// GOEXPERIMENT of go1.24 and go1.25 swaps for the one Go 1.24 replaced: OnBuiltinMap
	// (noswissmap restores the classic hash map), OnSyncMap (nosynchashtriemap restores the
	// old sync.Map), or "" for a map of its own. The report attributes a change between
	// Go releases to the map, sync.Map or everything else with it.
	BuildsOn string
	// Fails lists the checks of the correctness gate the strategy fails, with their
	// evidence (see Check). A strategy that fails one is excluded from measurement: its
	// numbers are never published. Empty for a strategy that passes them all.
	Fails []Failure
}

// Strategy is a registered strategy: its description and a constructor.
type Strategy[K Key, V any] struct {
	Info
	// New returns an empty map. capacity is a hint of how many entries it will hold;
	// 0 means no hint. It is nil in the root module's registry for a Nested strategy.
	New func(capacity int) Map[K, V]
}

// registry lists every strategy, in the order the suite shows them everywhere: table
// columns, chart legends, profile and safety tables. A strategy exists for the suite when,
// and only when, it is listed here. The first is the base that benchstat's summaries
// compare the others against; the strategy that is not Concurrent is the
// single-goroutine baseline, a reference that is never a contender. A Nested strategy
// is listed with its Info alone: its nested module supplies New.
func registry[K Key, V any]() []Strategy[K, V] {
	return []Strategy[K, V]{
		{Info: rwmutexInfo, New: func(capacity int) Map[K, V] { return NewRWMutex[K, V](capacity) }},
		{Info: mutexInfo, New: func(capacity int) Map[K, V] { return NewMutex[K, V](capacity) }},
		{Info: syncmapInfo, New: func(capacity int) Map[K, V] { return NewSyncMap[K, V](capacity) }},
		{Info: shardedInfo, New: func(capacity int) Map[K, V] { return NewSharded[K, V](DefaultShards, capacity) }},
		{Info: cmapInfo, New: func(capacity int) Map[K, V] { return NewCMap[K, V](capacity) }},
		{Info: xsyncInfo, New: func(capacity int) Map[K, V] { return NewXsync[K, V](capacity) }},
		{Info: xsyncv4Info},
		{Info: haxmapInfo, New: func(capacity int) Map[K, V] { return NewHaxmap[K, V](capacity) }},
		{Info: hashmapInfo, New: func(capacity int) Map[K, V] { return NewHashmap[K, V](capacity) }},
		{Info: unsafeInfo, New: func(capacity int) Map[K, V] { return NewUnsafe[K, V](capacity) }},
	}
}

// All returns the strategies the root module builds, in registry order: every strategy
// but the Nested ones.
func All[K Key, V any]() []Strategy[K, V] {
	var all []Strategy[K, V]
	for _, s := range registry[K, V]() {
		if s.New != nil {
			all = append(all, s)
		}
	}
	return all
}

// Infos returns the descriptions of every registered strategy, Nested ones included, in
// registry order.
func Infos() []Info {
	all := registry[int, int]()
	infos := make([]Info, len(all))
	for i, s := range all {
		infos[i] = s.Info
	}
	return infos
}

// Names returns the registered strategy names, in registry order.
func Names() []string {
	var names []string
	for _, info := range Infos() {
		names = append(names, info.Name)
	}
	return names
}

// Base returns the name of the first registered strategy: the column benchstat's
// summaries compare the others against.
func Base() string { return Names()[0] }

// Baseline returns the name of the strategy that is not Concurrent: the single-goroutine
// baseline, shown as a reference and never as a contender.
func Baseline() string {
	for _, info := range Infos() {
		if !info.Concurrent {
			return info.Name
		}
	}
	return ""
}

// Lookup returns the strategy called name, which the root module builds. For an unknown
// name the error lists the valid ones; for a Nested strategy it says where it is built.
func Lookup[K Key, V any](name string) (Strategy[K, V], error) {
	for _, s := range registry[K, V]() {
		if s.Name != name {
			continue
		}
		if s.New == nil {
			return s, fmt.Errorf("strategy %s is built by the nested module in %s (%s or newer), not by this one", name, s.Nested, s.MinGo)
		}
		return s, nil
	}
	return Strategy[K, V]{}, fmt.Errorf("unknown strategy %q (valid: %s)", name, strings.Join(Names(), ", "))
}

// Describe returns the Info of the strategy called name, Nested ones included. For an
// unknown name the error lists the valid ones.
func Describe(name string) (Info, error) {
	for _, info := range Infos() {
		if info.Name == name {
			return info, nil
		}
	}
	return Info{}, fmt.Errorf("unknown strategy %q (valid: %s)", name, strings.Join(Names(), ", "))
}
