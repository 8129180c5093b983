package main

import (
	"reflect"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
)

// Category is one column of the CPU table: a kind of work, recognised by the names of the
// functions that do it.
type Category struct {
	// Name is the column header.
	Name string
	// Doc says in a few words what the category holds, for the summary's legend.
	Doc string
	// Prefixes are function-name prefixes, matched against names with their type
	// arguments removed: "pkg.(*T[go.shape.int]).M" is matched as "pkg.(*T).M".
	Prefixes []string
	// Inside names categories that take a sample of this category over when one of
	// their frames is further from the leaf: an atomic add inside RWMutex.RLock is
	// locking, an allocation inside a resize is growth.
	Inside []string
}

// Category names, used in Inside and in tests.
const (
	catGrowth    = "growth"
	catLocking   = "locking"
	catAtomics   = "atomics"
	catAllocGC   = "alloc & GC"
	catScheduler = "scheduler"
	catMap       = "map"
	catHarness   = "harness"
	// catOther is the column for samples with no frame in any category.
	catOther = "other"
)

// The suite's packages, as prefixes of their function names: taken from their types, so
// that they follow the packages wherever they move.
var (
	benchPkg    = reflect.TypeFor[bench.Case]().PkgPath() + "."
	strategyPkg = reflect.TypeFor[strategies.Info]().PkgPath() + "."
)

// Categories is the table the CPU profiles are sorted by. At each frame the categories are
// tried in this order, so the first one listing a prefix of the frame's function name wins:
// growth comes before map, so that internal/runtime/maps.(*table).grow is growth, and
// locking before map, so that internal/sync.(*Mutex) is locking.
var Categories = []Category{
	{
		Name: catGrowth,
		Doc:  "resizing a map: everything done inside a resize (rehashing, allocating and clearing the new table)",
		Prefixes: []string{
			// Go <= 1.23, classic hash map: hashGrow starts a grow, growWork and
			// evacuate move buckets incrementally on later writes.
			"runtime.hashGrow", "runtime.growWork", "runtime.evacuate", "runtime.advanceEvacuationMark",
			// Go >= 1.24, Swiss tables: a table grows or splits at once.
			"internal/runtime/maps.(*table).grow", "internal/runtime/maps.(*table).rehash",
			"internal/runtime/maps.(*table).split", "internal/runtime/maps.(*Map).growToSmall",
			"internal/runtime/maps.(*Map).growToTable", "internal/runtime/maps.(*Map).installTableSplit",
			// xsync: a resize copies every bucket; other writers wait for it.
			"github.com/puzpuzpuz/xsync/v3.(*MapOf).resize", "github.com/puzpuzpuz/xsync/v3.(*MapOf).waitForResize",
			"github.com/puzpuzpuz/xsync/v3.copyBucketOf",
		},
	},
	{
		Name: catLocking,
		Doc:  "sync.Mutex, sync.RWMutex and sync.Cond, the runtime's own locks, semaphores and futexes",
		Prefixes: []string{
			"sync.(*Mutex).", "sync.(*RWMutex).", "sync.(*Cond).", "internal/sync.(*Mutex).",
			"sync.runtime_", "internal/sync.runtime_", "runtime.sync_runtime_", "runtime.internal_sync_runtime_",
			"runtime.lock", "runtime.unlock", "runtime.semacquire", "runtime.semrelease", "runtime.(*semaRoot).",
			"runtime.notifyList", "runtime.futex",
		},
		// A runtime lock taken by the allocator, the GC or the scheduler is their cost.
		Inside: []string{catGrowth, catAllocGC, catScheduler},
	},
	{
		Name:     catAtomics,
		Doc:      "atomic loads, stores, adds and compare-and-swaps outside a lock's own code",
		Prefixes: []string{"sync/atomic.", "internal/runtime/atomic.", "runtime/internal/atomic."},
		// A lock is made of atomics: those inside a lock's code are locking.
		Inside: []string{catGrowth, catLocking, catAllocGC, catScheduler},
	},
	{
		Name: catAllocGC,
		Doc:  "allocating (mallocgc and its callees, boxing), the garbage collector's marking, sweeping and write barriers",
		Prefixes: []string{
			"runtime.mallocgc", "runtime.newobject", "runtime.newarray", "runtime.makeslice", "runtime.growslice",
			"runtime.convT", "runtime.nextFreeFast", "runtime.deductAssistCredit", "runtime.profilealloc",
			"runtime.mProf_", "runtime.heapSetType", "runtime.heapBitsSetType",
			"runtime.(*mcache).", "runtime.(*mcentral).", "runtime.(*mheap).", "runtime.(*mspan).",
			"runtime.(*pageAlloc).", "runtime.(*gcWork).", "runtime.(*gcControllerState).", "runtime.(*gcBits",
			"runtime.(*spanQueue).", "runtime.(*spanInlineMarkBits).", "runtime.(*sweepLocked).", "runtime.(*sweepLocker).",
			"runtime.(*scavengerState).", "runtime.(*wbBuf).",
			"runtime.gc", "runtime.scan", "runtime.mark", "runtime.greyobject", "runtime.shade", "runtime.findObject",
			"runtime.spanOf", "runtime.tryDeferToSpanScan", "runtime.typePointers", "runtime.bulkBarrier",
			"runtime.wbBuf", "runtime.sweepone", "runtime.bgsweep", "runtime.bgscavenge", "runtime.newMarkBits",
			"runtime.stopTheWorld", "runtime.startTheWorld", "runtime._GC", "internal/runtime/gc.",
		},
		Inside: []string{catGrowth},
	},
	{
		Name: catScheduler,
		Doc:  "parking, waking and preempting goroutines, and idle Ps looking for work",
		Prefixes: []string{
			"runtime.schedule", "runtime.findRunnable", "runtime.findrunnable", "runtime.park_m", "runtime.gopark",
			"runtime.goready", "runtime.ready", "runtime.wakep", "runtime.startm", "runtime.stopm", "runtime.mPark",
			"runtime.notesleep", "runtime.notewakeup", "runtime.notetsleep", "runtime.runq", "runtime.stealWork",
			"runtime.checkTimers", "runtime.execute", "runtime.mcall", "runtime.gosched", "runtime.goschedImpl",
			"runtime.gopreempt", "runtime.asyncPreempt2", "runtime.preemptPark", "runtime.resetspinning",
			"runtime.handoffp", "runtime.sysmon", "runtime.retake", "runtime.preemptone", "runtime.goexit0",
		},
		// Parking on a contended lock, and waking its waiter, is the lock's cost.
		Inside: []string{catLocking, catAllocGC},
	},
	{
		Name: catMap,
		Doc:  "the map's own code: lookups, inserts, deletes, iteration and hashing, in the built-in map, sync.Map, xsync, concurrent-map and the suite's adapters",
		Prefixes: []string{
			"runtime.map", "runtime.makemap", "internal/runtime/maps.",
			"sync.(*Map).", "sync.(*entry).", "sync.newEntry", "internal/sync.",
			"github.com/puzpuzpuz/xsync/", "github.com/orcaman/concurrent-map/", strategyPkg,
		},
		Inside: []string{catGrowth},
	},
	{
		Name:     catHarness,
		Doc:      "the benchmark's own loop (walking the trace, Range's callback, timing one insert in 64) and package testing",
		Prefixes: []string{benchPkg, "testing."},
	},
}

// classifier assigns samples to categories.
type classifier struct {
	cats   []Category
	index  map[string]int // category name -> index in cats
	inside []map[int]bool // inside[i][j]: category j takes a sample of category i over
	cache  map[string]int // function name -> category index, -1 for none
}

func newClassifier(cats []Category) *classifier {
	c := &classifier{cats: cats, index: map[string]int{}, cache: map[string]int{}}
	for i, cat := range cats {
		c.index[cat.Name] = i
	}
	for _, cat := range cats {
		in := map[int]bool{}
		for _, name := range cat.Inside {
			j, ok := c.index[name]
			if !ok {
				panic("profile: category " + cat.Name + " is inside unknown category " + name)
			}
			in[j] = true
		}
		c.inside = append(c.inside, in)
	}
	return c
}

// frameCategory returns the index of the first category with a prefix of name, or -1.
func (c *classifier) frameCategory(name string) int {
	if i, ok := c.cache[name]; ok {
		return i
	}
	base := baseName(name)
	found := slices.IndexFunc(c.cats, func(cat Category) bool {
		return slices.ContainsFunc(cat.Prefixes, func(p string) bool { return strings.HasPrefix(base, p) })
	})
	c.cache[name] = found
	return found
}

// classify returns the category of a stack given leaf first (inlined frames included,
// innermost first), or -1 when no frame belongs to any category. The category is that
// of the leaf-most frame in any category, unless a frame further out belongs to a
// category listed in its Inside: then that category takes the sample over, and so on up
// to the root. Whether the sample was taken in setup is for regions.go to say.
func (c *classifier) classify(stack []string) int {
	cat := -1
	for _, name := range stack {
		f := c.frameCategory(name)
		switch {
		case f < 0:
		case cat < 0:
			cat = f
		case c.inside[cat][f]:
			cat = f
		}
	}
	return cat
}
