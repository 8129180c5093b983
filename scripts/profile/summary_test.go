package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/summary.golden.md from the synthetic profiles")

// syntheticRecording writes a small recording: Grow with a go1.23-style mutex and a
// go1.24-style xsync run, Mix with rwmutex (contended) and syncmap (allocating, one
// profile missing). Timed samples carry the timed label or sit under timedEntry, setup's
// the setup label or package testing's frames; the runtime's own goroutines carry neither.
func syntheticRecording(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "go1.26.8")
	meta := "goversion: go1.26.8\ngoos: linux\ngoarch: amd64\nncpu: 2\ncpu: 2\nbenchtime: 1s\n" +
		"command: go run ./scripts/profile -cpu 2 -benchtime 1s -out results/profiles\n" +
		"build: go test -c -o bench.test ./bench\n" +
		"run: bench.test -test.run '^$' -test.bench PATTERN -test.cpuprofile S.cpu.pprof\n"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "record.txt"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	writeGrow(t, filepath.Join(dir, "Grow-keys=100000-presize=false-readers=0"))
	writeMix(t, filepath.Join(dir, "Mix-keys=1000-keytype=int-dist=uniform-reads=90pct"))
	return dir
}

func writeGrow(t *testing.T, dir string) {
	timed := bench.LabelTimed
	store := on(helper, strategyPkg+"(*Mutex[go.shape.int,go.shape.int]).Store", benchPkg+"growInsertMutex")
	store0 := on(benchTimed, strategyPkg+"(*Mutex[go.shape.int,go.shape.int]).Store", benchPkg+"growInsertMutex")
	writeRun(t, dir, "mutex",
		"BenchmarkGrow/strategy=mutex/keys=100000/presize=false/readers=0-2 \t     200\t   5000000 ns/op\t 4000000 B/op\t     500 allocs/op",
		cpuProfile().add(
			cpu(timed, 40, on(store, "runtime.memhash64", "runtime.evacuate_fast64", "runtime.growWork_fast64", "runtime.mapassign_fast64")...),
			cpu(timed, 10, on(store0, "runtime.memclrNoHeapPointers", "runtime.mallocgc", "runtime.newarray", "runtime.makeBucketArray", "runtime.hashGrow", "runtime.mapassign_fast64")...),
			cpu(timed, 30, on(store, "runtime.mapassign_fast64")...),
			cpu(timed, 15, on(store0, "sync/atomic.(*Int32).CompareAndSwap|sync.(*Mutex).Lock")...),
			cpu("", 5, on(gcWorkerAt, "runtime.scanobject")...),
			cpu(bench.LabelSetup, 20, on(benchSetup, "runtime.memmove", benchPkg+"intKeys", benchPkg+"keysFor[go.shape.int]")...),
		),
		allocProfile().add(
			alloc(900e6, store...),
			alloc(50e6, "runtime/pprof.(*profileBuilder).build", "runtime/pprof.profileWriter"),
			alloc(100e6, on(benchSetup, benchPkg+"runGrow")...),
		),
		mutexProfile().add(
			contention(300, 8*ms, on(store, "sync.(*Mutex).Unlock")...),
			contention(20, 2*ms, "runtime.unlock|runtime.findRunnable", "runtime.schedule", "runtime.park_m", "runtime.mcall"),
		))
	xstore := on(helper, xsyncPkg+"(*MapOf[go.shape.int,go.shape.int]).doCompute", xsyncPkg+"(*MapOf[go.shape.int,go.shape.int]).Store",
		strategyPkg+"(*Xsync[go.shape.int,go.shape.int]).Store", benchPkg+"growInsertXsync")
	writeRun(t, dir, "xsync",
		"BenchmarkGrow/strategy=xsync/keys=100000/presize=false/readers=0-2 \t     100\t  10000000 ns/op\t 6000000 B/op\t  100000 allocs/op\t     100.0 ns/key",
		cpuProfile().add(
			cpu(timed, 30, on(xstore, xsyncPkg+"appendToBucketOf", xsyncPkg+"copyBucketOf[go.shape.int,go.shape.int]", xsyncPkg+"(*MapOf[go.shape.int,go.shape.int]).resize")...),
			cpu(timed, 20, on(xstore, "runtime.mallocgc", "runtime.newobject")...),
			cpu(timed, 25, xstore...),
			cpu(timed, 15, on(xstore, "runtime.asyncPreempt")...),
			cpu("", 10, on(gcWorkerAt, "internal/runtime/gc/scan.scanSpanPackedAVX512", "runtime.scanSpan")...),
		),
		allocProfile().add(
			alloc(400e6, on(xstore, xsyncPkg+"newMapOfTable[go.shape.int,go.shape.int]", xsyncPkg+"(*MapOf[go.shape.int,go.shape.int]).resize")...),
			alloc(200e6, xstore...),
		),
		mutexProfile())
}

func writeMix(t *testing.T, dir string) {
	timed := bench.LabelTimed
	loop := on(parallel, benchPkg+"mixLoop[go.shape.int]")
	rwLoad := on(loop, strategyPkg+"(*RWMutex[go.shape.int,go.shape.int]).Load")
	writeRun(t, dir, "rwmutex",
		"BenchmarkMix/strategy=rwmutex/keys=1000/keytype=int/dist=uniform/reads=90%-2 \t30000000\t        40.00 ns/op\t       0 B/op\t       0 allocs/op",
		cpuProfile().add(
			cpu(timed, 45, on(rwLoad, "sync/atomic.(*Int32).Add|sync.(*RWMutex).RLock")...),
			cpu(timed, 35, on(rwLoad, "internal/runtime/maps.ctrlGroup.matchH2|runtime.mapaccess2_fast64")...),
			cpu(timed, 10, loop...),
			cpu("", 5, "runtime.futex", "runtime.futexsleep", "runtime.notesleep", "runtime.stopm", "runtime.findRunnable", "runtime.schedule", "runtime.park_m", "runtime.mcall"),
			cpu("", 5, "runtime.sigtramp"),
		),
		allocProfile(),
		mutexProfile().add(
			contention(4000, 3*ms, on(rwLoad, "sync.(*RWMutex).RUnlock")...),
			contention(500, 1*ms, on(loop, "sync.(*RWMutex).Unlock", strategyPkg+"(*RWMutex[go.shape.int,go.shape.int]).Store")...),
		))
	smStore := on(loop, "internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap", "sync.(*Map).Store", strategyPkg+"(*SyncMap[go.shape.int,go.shape.int]).Store")
	writeRun(t, dir, "syncmap",
		"BenchmarkMix/strategy=syncmap/keys=1000/keytype=int/dist=uniform/reads=90%-2 \t20000000\t        60.00 ns/op\t       5 B/op\t       0 allocs/op",
		cpuProfile().add(
			cpu(timed, 40, on(loop, "internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Load", "sync.(*Map).Load", strategyPkg+"(*SyncMap[go.shape.int,go.shape.int]).Load")...),
			cpu(timed, 30, on(smStore, "runtime.mallocgc", "runtime.newobject", "internal/sync.newEntryNode[go.shape.interface {},go.shape.interface {}]")...),
			cpu("", 20, on(gcWorkerAt, "runtime.scanobject")...),
			cpu(timed, 10, on(smStore, "internal/sync.(*Mutex).Lock|sync.(*Mutex).Lock")...),
		),
		allocProfile().add(
			alloc(60e6, on(smStore, "internal/sync.newEntryNode[go.shape.interface {},go.shape.interface {}]")...),
			alloc(40e6, smStore[2:]...),
		),
		nil)
}

// TestSummaryGolden summarises synthetic profiles and compares with
// testdata/summary.golden.md; run with -update to rewrite it.
func TestSummaryGolden(t *testing.T) {
	dir := syntheticRecording(t)
	var out bytes.Buffer
	if err := writeSummary(dir, &out); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, out.Bytes()) {
		t.Error("summary.md differs from what was printed")
	}
	got := out.Bytes()
	golden.Check(t, filepath.Join("testdata", "summary.golden.md"), got, *update)

	if !strings.HasPrefix(string(got), summaryHeader+"\n") {
		t.Errorf("summary does not start with %q", summaryHeader)
	}
}

func TestSummarizeEmptyDir(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-summarize", t.TempDir()}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "no profiles") {
		t.Errorf("summarising an empty directory: %v", err)
	}
}

func TestParseBenchText(t *testing.T) {
	res := parseBenchText("command: bench.test -x\ngoos: linux\nBenchmarkMix/strategy=xsync/reads=90%-2   \t 1000\t 12.5 ns/op\t 3 B/op\t 0 allocs/op\t 7.0 p99-ns\nPASS\n")
	if res == nil {
		t.Fatal("parseBenchText found no result")
	}
	if res.name.String() != "Mix/strategy=xsync/reads=90%-2" || res.n != "1000" || res.metrics["ns/op"] != "12.5" || res.metrics["p99-ns"] != "7.0" {
		t.Errorf("result = %+v", res)
	}
	if got, want := res.units, []string{"ns/op", "B/op", "allocs/op", "p99-ns"}; !slices.Equal(got, want) {
		t.Errorf("units = %q, want %q", got, want)
	}
	if got, want := res.caseName("xsync"), "BenchmarkMix/strategy=S/reads=90%"; got != want {
		t.Errorf("caseName = %q, want %q", got, want)
	}
}

func TestResultLines(t *testing.T) {
	text := "goos: linux\nBenchmarkMix\nBenchmarkMix/strategy=a-2 \t 10\t 5.0 ns/op\nBenchmarkBad x ns/op\nok\nBenchmarkMix/strategy=b-2 \t 20\t 6.0 ns/op\t 1 B/op\n"
	want := []string{"BenchmarkMix/strategy=a-2 \t 10\t 5.0 ns/op", "BenchmarkMix/strategy=b-2 \t 20\t 6.0 ns/op\t 1 B/op"}
	if got := resultLines(text); !slices.Equal(got, want) {
		t.Errorf("resultLines = %q, want %q", got, want)
	}
}

// A CPU profile without any labelled sample is summarised, with a problem that says
// setup was told apart only by its goroutine.
func TestUnlabelledProfile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "go1.23.12")
	writeRun(t, filepath.Join(dir, "RapidGrow"), "mutex", "BenchmarkRapidGrow/strategy=mutex-2 \t 10\t 9000000 ns/op",
		cpuProfile().add(cpu("", 10, on(helper, "runtime.mapassign_fast64")...)), allocProfile(), mutexProfile())
	var out bytes.Buffer
	if err := writeSummary(dir, &out); err != nil {
		t.Fatal(err)
	}
	if want := "mutex.cpu.pprof: no sample carries the label `" + bench.LabelKey + "`"; !strings.Contains(out.String(), want) {
		t.Errorf("the summary lacks %q:\n%s", want, out.String())
	}
	if !strings.Contains(out.String(), "| `mutex` | 9000000 | – | – | 2.00 | 0.10 | 0.0% |") {
		t.Errorf("the summary lacks the row:\n%s", out.String())
	}
}
