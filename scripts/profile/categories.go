package main

import (
	"strings"
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

// Package paths of the suite, as they appear in function names.
const (
	modulePath  = "github.com/cmapbench/cmapbench/"
	benchPkg    = modulePath + "bench."
	strategyPkg = modulePath + "strategies."
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

// setupPrefixes name the work that happens in a profiled run but outside the timed loop:
// generating keys and traces, building Mix's warm map, testing's forced GC between
// rounds and its matching of sub-benchmark names, and the profiler writing its output. A sample or allocation with such a
// frame anywhere in its stack is left out of every share.
var setupPrefixes = []string{
	benchPkg + "intKeys", benchPkg + "stringKeys", benchPkg + "keysFor", benchPkg + "trace",
	benchPkg + "newZipf", benchPkg + "(*warmCache).", benchPkg + "warm[",
	"runtime.GC", "testing.(*matcher).", "runtime/pprof.",
}

// skewFrame is a leaf frame that stands for its caller in CPU profiles: every sample of
// runtime.asyncPreempt seen in this suite's profiles (go1.23.12, go1.26.8) sat on its first
// instruction (PUSHQ BP), not in the register saves that follow, so it measures the
// interrupted function, skewed there by signal delivery.
const skewFrame = "runtime.asyncPreempt"

// trimSkew drops a leading skewFrame from a CPU sample's stack.
func trimSkew(stack []string) []string {
	for len(stack) > 1 && stack[0] == skewFrame {
		stack = stack[1:]
	}
	return stack
}

// baseName removes type arguments from a function name:
// "pkg.(*T[go.shape.int,go.shape.int]).M" becomes "pkg.(*T).M".
func baseName(name string) string {
	if !strings.Contains(name, "[") {
		return name
	}
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shortName makes a function name fit a table: type arguments are shown as [...], and
// the import path of a package outside the standard library is cut to its last element
// (with its major version): "github.com/puzpuzpuz/xsync/v3.(*MapOf[go.shape.int,go.shape.int]).Load"
// becomes "xsync/v3.(*MapOf[...]).Load". Standard library paths stay whole, so that
// internal/sync is not mistaken for sync.
func shortName(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			if depth == 0 {
				b.WriteString("[...]")
			}
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	s := b.String()
	// The import path ends at the first '.' after its last '/'; receivers and type
	// arguments come later and hold no '/' once replaced by [...].
	end := len(s)
	if i := strings.IndexAny(s, "(["); i >= 0 {
		end = i
	}
	slash := strings.LastIndex(s[:end], "/")
	if slash < 0 {
		return s
	}
	if first, _, _ := strings.Cut(s, "/"); !strings.Contains(first, ".") {
		return s // the standard library
	}
	elem := s[slash+1:]
	if dot := strings.IndexByte(elem, '.'); dot >= 0 {
		elem = elem[:dot]
	}
	if isMajorVersion(elem) {
		if j := strings.LastIndex(s[:slash], "/"); j >= 0 {
			slash = j
		}
	}
	return s[slash+1:]
}

// isMajorVersion reports whether elem is an import path's major version suffix (v2, v3...).
func isMajorVersion(elem string) bool {
	if len(elem) < 2 || elem[0] != 'v' {
		return false
	}
	for _, c := range elem[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// classifier assigns samples to categories.
type classifier struct {
	cats   []Category
	index  map[string]int  // category name -> index in cats
	inside []map[int]bool  // inside[i][j]: category j takes a sample of category i over
	cache  map[string]int  // function name -> category index, -1 for none
	setup  map[string]bool // function name -> is setup
}

func newClassifier(cats []Category) *classifier {
	c := &classifier{cats: cats, index: map[string]int{}, cache: map[string]int{}, setup: map[string]bool{}}
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
	found := -1
	for i, cat := range c.cats {
		for _, p := range cat.Prefixes {
			if strings.HasPrefix(base, p) {
				found = i
				break
			}
		}
		if found >= 0 {
			break
		}
	}
	c.cache[name] = found
	return found
}

// isSetup reports whether function name is setup work (see setupPrefixes).
func (c *classifier) isSetup(name string) bool {
	if s, ok := c.setup[name]; ok {
		return s
	}
	base := baseName(name)
	s := false
	for _, p := range setupPrefixes {
		if strings.HasPrefix(base, p) {
			s = true
			break
		}
	}
	c.setup[name] = s
	return s
}

// classify returns the category of a stack given leaf first (inlined frames included,
// innermost first), or -1 when no frame belongs to any category; setup reports a stack
// of setup work, which has no category. The category is that of the leaf-most frame
// in any category, unless a frame further out belongs to a category listed in its
// Inside: then that category takes the sample over, and so on up to the root.
func (c *classifier) classify(stack []string) (cat int, setup bool) {
	cat = -1
	for _, name := range stack {
		if c.isSetup(name) {
			return -1, true
		}
		f := c.frameCategory(name)
		switch {
		case f < 0:
		case cat < 0:
			cat = f
		case c.inside[cat][f]:
			cat = f
		}
	}
	return cat, false
}
