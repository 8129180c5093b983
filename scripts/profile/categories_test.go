package main

import (
	"slices"
	"testing"
)

// Frames of the suite's packages are built from benchPkg and strategyPkg, the package
// paths as the command finds them; the function names after them are examples, on which
// no classification depends.
const xsyncPkg = "github.com/puzpuzpuz/xsync/v3."

// classifyCases are stacks, leaf first, as CPU profiles of the suite show them: Go 1.23
// (classic hash map, old sync.Map) and Go 1.24+ (Swiss tables, hash-trie sync.Map).
var classifyCases = []struct {
	name  string
	stack []string
	want  string // a category name or catOther
}{
	// Go <= 1.23: growth is hashGrow, then growWork and evacuate on later writes.
	{"go1.23 evacuate", []string{"runtime.memhash64", "runtime.evacuate_fast64", "runtime.growWork_fast64", "runtime.mapassign_fast64", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Store", benchPkg + "runGrow.func1"}, catGrowth},
	{"go1.23 hashGrow allocates", []string{"runtime.memclrNoHeapPointers", "runtime.mallocgc", "runtime.newarray", "runtime.makeBucketArray", "runtime.hashGrow", "runtime.mapassign_fast64", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Store"}, catGrowth},
	{"go1.23 advanceEvacuationMark", []string{"runtime.advanceEvacuationMark", "runtime.evacuate_fast64"}, catGrowth},
	{"go1.23 lookup", []string{"runtime.memhash64", "runtime.mapaccess2_fast64", strategyPkg + "(*RWMutex[go.shape.int,go.shape.int]).Load", benchPkg + "mixLoop[go.shape.int]", "testing.(*B).RunParallel.func1"}, catMap},
	{"go1.23 RLock's atomic add", []string{"sync/atomic.AddInt32", "sync.(*RWMutex).RLock", strategyPkg + "(*RWMutex[go.shape.int,go.shape.int]).Load", benchPkg + "mixLoop[go.shape.int]"}, catLocking},
	{"go1.23 sync.Map load", []string{"sync.(*entry).load", "sync.(*Map).Load", strategyPkg + "(*SyncMap[go.shape.int,go.shape.int]).Load"}, catMap},
	{"go1.23 sync.Map boxing", []string{"runtime.convT64", strategyPkg + "(*SyncMap[go.shape.int,go.shape.int]).Store"}, catAllocGC},
	{"go1.23 sync.Map dirty copy", []string{"runtime.mapassign", "sync.(*Map).dirtyLocked", "sync.(*Map).Swap", "sync.(*Map).Store"}, catMap},
	{"go1.23 GC worker", []string{"runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker.func2", "runtime.systemstack", "runtime.gcBgMarkWorker"}, catAllocGC},
	{"go1.22 runtime atomics in GC", []string{"runtime/internal/atomic.(*Uint32).Load", "runtime.gcDrain"}, catAllocGC},
	{"go1.23 runtime atomics in GC", []string{"internal/runtime/atomic.(*Uint32).Load", "runtime.greyobject", "runtime.scanobject"}, catAllocGC},
	{"go1.23 mutex spin", []string{"runtime.procyield", "sync.runtime_doSpin", "sync.(*Mutex).lockSlow", "sync.(*Mutex).Lock", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Load"}, catLocking},

	// Go >= 1.24: Swiss tables grow or split a table at once.
	{"go1.24 grow", []string{"internal/runtime/maps.(*table).uncheckedPutSlot", "internal/runtime/maps.(*table).grow", "internal/runtime/maps.(*table).rehash", "internal/runtime/maps.(*Map).putSlotSmall", "runtime.mapassign_fast64"}, catGrowth},
	{"go1.24 split", []string{"internal/runtime/maps.ctrlGroup.matchEmptyOrDeleted", "internal/runtime/maps.(*table).split", "internal/runtime/maps.(*table).rehash", "runtime.mapassign_fast64"}, catGrowth},
	{"go1.24 grow frame itself", []string{"internal/runtime/maps.(*table).grow"}, catGrowth},
	{"go1.24 growToTable", []string{"runtime.mallocgc", "runtime.newarray", "internal/runtime/maps.newarray", "internal/runtime/maps.newTable", "internal/runtime/maps.(*Map).growToTable", "runtime.mapassign_fast64"}, catGrowth},
	{"go1.24 installTableSplit", []string{"internal/runtime/maps.(*Map).installTableSplit", "internal/runtime/maps.(*table).split"}, catGrowth},
	{"go1.24 lookup", []string{"internal/runtime/maps.ctrlGroup.matchH2", "runtime.mapaccess2_fast64", strategyPkg + "(*RWMutex[go.shape.int,go.shape.int]).Load", benchPkg + "mixLoop[go.shape.int]"}, catMap},
	{"go1.24 delete", []string{"internal/runtime/maps.(*table).Delete", "internal/runtime/maps.(*Map).Delete", "runtime.mapdelete_fast64"}, catMap},
	{"go1.24 iteration", []string{"internal/runtime/maps.(*Iter).Next", "runtime.mapiternext", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Range"}, catMap},
	{"go1.24 RUnlock's atomic add (inlined)", []string{"sync/atomic.(*Int32).Add", "sync.(*RWMutex).RUnlock", strategyPkg + "(*RWMutex[go.shape.int,go.shape.int]).Load"}, catLocking},
	{"go1.24 internal/sync mutex", []string{"internal/sync.(*Mutex).Lock", "sync.(*Mutex).Lock", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Store"}, catLocking},
	{"go1.24 hash-trie load", []string{"internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Load", "sync.(*Map).Load", strategyPkg + "(*SyncMap[go.shape.int,go.shape.int]).Load"}, catMap},
	{"go1.24 hash-trie lock", []string{"internal/sync.(*Mutex).Lock", "internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap"}, catLocking},
	{"go1.24 hash-trie node allocation", []string{"runtime.mallocgcSmallScanNoHeader", "runtime.mallocgc", "runtime.newobject", "internal/sync.newEntryNode[go.shape.interface {},go.shape.interface {}]", "internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap"}, catAllocGC},
	{"go1.24 hash-trie atomics", []string{"sync/atomic.(*Pointer[go.shape.struct {}]).Load", "internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Load"}, catAtomics},
	{"go1.26 green tea GC", []string{"internal/runtime/gc/scan.scanSpanPackedAVX512", "runtime.scanSpan", "runtime.(*gcWork).tryGetSpan", "runtime.gcDrain"}, catAllocGC},

	// xsync: resize copies buckets; Load is lock-free.
	{"xsync resize", []string{xsyncPkg + "appendToBucketOf", xsyncPkg + "copyBucketOf[go.shape.int,go.shape.int]", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).resize", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catGrowth},
	{"xsync resize allocates", []string{"runtime.mallocgc", "runtime.makeslice", xsyncPkg + "newMapOfTable[go.shape.int,go.shape.int]", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).resize"}, catGrowth},
	{"xsync waits for a resize", []string{"runtime.semacquire1", "sync.runtime_notifyListWait", "sync.(*Cond).Wait", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).waitForResize", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catGrowth},
	{"an idle P sleeps", []string{"runtime.futex", "runtime.futexsleep", "runtime.notesleep", "runtime.stopm", "runtime.findRunnable", "runtime.schedule", "runtime.park_m", "runtime.mcall"}, catScheduler},
	{"xsync load", []string{"runtime.memhash64", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).Load", strategyPkg + "(*Xsync[go.shape.int,go.shape.int]).Load"}, catMap},
	{"xsync bucket lock", []string{"sync.(*Mutex).Lock", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catLocking},
	{"xsync entry allocation", []string{"runtime.mallocgc", "runtime.newobject", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catAllocGC},
	{"concurrent-map shard lock", []string{"sync.(*RWMutex).Lock", "github.com/orcaman/concurrent-map/v2.ConcurrentMap[go.shape.int,go.shape.int].Set"}, catLocking},

	// Runtime locks and the scheduler.
	{"runtime lock in the allocator", []string{"runtime.futex", "runtime.futexsleep", "runtime.lock2", "runtime.lockWithRank", "runtime.lock", "runtime.(*mheap).alloc", "runtime.(*mcentral).grow", "runtime.(*mcache).refill", "runtime.mallocgc", "runtime.newobject", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catAllocGC},
	{"unlock wakes a waiter", []string{"runtime.futex", "runtime.futexwakeup", "runtime.notewakeup", "runtime.startm", "runtime.wakep", "runtime.ready", "runtime.goready.func1", "runtime.systemstack", "runtime.goready", "runtime.readyWithTime", "runtime.semrelease1", "sync.runtime_Semrelease", "sync.(*Mutex).unlockSlow", "sync.(*Mutex).Unlock", strategyPkg + "(*Mutex[go.shape.int,go.shape.int]).Store"}, catLocking},
	{"runtime lock in the scheduler", []string{"runtime.lock2", "runtime.lockWithRank", "runtime.lock", "runtime.goschedImpl", "runtime.gosched_m", "runtime.mcall"}, catScheduler},
	{"preempted in a map", []string{"runtime.asyncPreempt", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catMap},
	{"preempted in a resize", []string{"runtime.asyncPreempt", xsyncPkg + "copyBucketOf[go.shape.int,go.shape.int]", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).resize"}, catGrowth},
	{"preempted in a lock", []string{"runtime.asyncPreempt", "internal/sync.(*Mutex).Lock", "sync.(*Mutex).Lock", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catLocking},
	{"yielding after a preemption", []string{"runtime.gopreempt_m", "runtime.mcall", "runtime.asyncPreempt2", "runtime.asyncPreempt", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute"}, catScheduler},

	// The harness and the rest (setup is told by labels: regions_test.go).
	{"harness loop", []string{benchPkg + "mixLoop[go.shape.int]", benchPkg + "runMix[go.shape.int].func2", "testing.(*B).RunParallel.func1"}, catHarness},
	{"Range callback", []string{benchPkg + "runRange.func2", strategyPkg + "(*RWMutex[go.shape.int,go.shape.int]).Range", benchPkg + "runRange"}, catHarness},
	{"timing an insert", []string{"runtime.nanotime1", "runtime.nanotime", "time.Now", benchPkg + "runGrow.func1"}, catHarness},
	{"harness atomics", []string{"sync/atomic.(*Int64).Store", benchPkg + "runGrow.func1"}, catAtomics},
	{"nothing known", []string{"runtime.sigtramp", "runtime.sigtrampgo"}, catOther},
	{"empty stack", nil, catOther},
}

func TestClassify(t *testing.T) {
	cl := newClassifier(Categories)
	for _, tc := range classifyCases {
		got := catOther
		if cat := cl.classify(trimSkew(tc.stack)); cat >= 0 {
			got = Categories[cat].Name
		}
		if got != tc.want {
			t.Errorf("%s: classify(trimSkew(%q)) = %s, want %s", tc.name, tc.stack, got, tc.want)
		}
	}
}

// TestFrameOrder checks that a frame matching two categories goes to the first listed.
func TestFrameOrder(t *testing.T) {
	cl := newClassifier(Categories)
	for name, want := range map[string]string{
		"internal/runtime/maps.(*table).grow":                                            catGrowth,
		"internal/runtime/maps.(*table).rehash":                                          catGrowth,
		"internal/runtime/maps.(*table).getWithKey":                                      catMap,
		"internal/sync.(*Mutex).lockSlow":                                                catLocking,
		"internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap": catMap,
		"github.com/puzpuzpuz/xsync/v3.(*MapOf[go.shape.string,go.shape.int]).resize":    catGrowth,
		"github.com/puzpuzpuz/xsync/v3.(*MapOf[go.shape.string,go.shape.int]).doCompute": catMap,
		"runtime.growWork":       catGrowth,
		"runtime.mapassign":      catMap,
		"runtime.lock2":          catLocking,
		"sync/atomic.AddInt32":   catAtomics,
		"runtime.gcBgMarkWorker": catAllocGC,
		"runtime.memhash64":      catOther,
	} {
		got := catOther
		if i := cl.frameCategory(name); i >= 0 {
			got = Categories[i].Name
		}
		if got != want {
			t.Errorf("frameCategory(%q) = %s, want %s", name, got, want)
		}
	}
}

// TestCategoryTable checks the table's integrity: unique names, known Inside names, no
// prefix listed twice, nothing inside itself.
func TestCategoryTable(t *testing.T) {
	var names, prefixes []string
	for _, c := range Categories {
		if c.Name == "" || c.Doc == "" || len(c.Prefixes) == 0 {
			t.Errorf("category %q lacks a name, doc or prefixes", c.Name)
		}
		if slices.Contains(names, c.Name) || c.Name == catOther {
			t.Errorf("category name %q used twice", c.Name)
		}
		names = append(names, c.Name)
		for _, p := range c.Prefixes {
			if slices.Contains(prefixes, p) {
				t.Errorf("prefix %q listed twice", p)
			}
			if baseName(p) != p {
				t.Errorf("prefix %q holds type arguments; prefixes match names without them", p)
			}
			prefixes = append(prefixes, p)
		}
	}
	for _, c := range Categories {
		for _, in := range c.Inside {
			if !slices.Contains(names, in) || in == c.Name {
				t.Errorf("category %s: Inside names %q", c.Name, in)
			}
		}
	}
	newClassifier(Categories) // panics on an unknown Inside name
}

func TestBaseName(t *testing.T) {
	for in, want := range map[string]string{
		"runtime.mapaccess2_fast64": "runtime.mapaccess2_fast64",
		"github.com/puzpuzpuz/xsync/v3.(*MapOf[go.shape.int,go.shape.int]).Load":                    "github.com/puzpuzpuz/xsync/v3.(*MapOf).Load",
		"internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap":            "internal/sync.(*HashTrieMap).Swap",
		"github.com/cmapbench/cmapbench/bench.runMix[go.shape.int].func1":                           "github.com/cmapbench/cmapbench/bench.runMix.func1",
		"pkg.F[go.shape.struct { a [4]int }]":                                                       "pkg.F",
		"github.com/cmapbench/cmapbench/strategies.(*RWMutex[...]).Load":                            "github.com/cmapbench/cmapbench/strategies.(*RWMutex).Load",
		"github.com/orcaman/concurrent-map/v2.ConcurrentMap[go.shape.string,go.shape.int].GetShard": "github.com/orcaman/concurrent-map/v2.ConcurrentMap.GetShard",
	} {
		if got := baseName(in); got != want {
			t.Errorf("baseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"runtime.mapaccess2_fast64":           "runtime.mapaccess2_fast64",
		"internal/runtime/maps.(*table).grow": "internal/runtime/maps.(*table).grow",
		"internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap": "internal/sync.(*HashTrieMap[...]).Swap",
		"sync/atomic.(*Int32).Add": "sync/atomic.(*Int32).Add",
		"github.com/puzpuzpuz/xsync/v3.(*MapOf[go.shape.int,go.shape.int]).Load":              "xsync/v3.(*MapOf[...]).Load",
		"github.com/puzpuzpuz/xsync/v3.appendToBucketOf":                                      "xsync/v3.appendToBucketOf",
		"github.com/cmapbench/cmapbench/strategies.(*Mutex[go.shape.int,go.shape.int]).Store": "strategies.(*Mutex[...]).Store",
		"github.com/cmapbench/cmapbench/bench.mixLoop[go.shape.int]":                          "bench.mixLoop[...]",
		"github.com/orcaman/concurrent-map/v2.ConcurrentMap[go.shape.int,go.shape.int].Set":   "concurrent-map/v2.ConcurrentMap[...].Set",
	} {
		if got := shortName(in); got != want {
			t.Errorf("shortName(%q) = %q, want %q", in, got, want)
		}
	}
}
