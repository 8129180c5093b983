package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
)

var update = flag.Bool("update", false, "rewrite testdata/summary.golden.md from the synthetic profiles")

// sample is a synthetic profile sample: a stack, leaf first. A frame "inner|outer" is
// one location with two lines: inner inlined into outer, innermost first as in profiles.
type sample struct {
	stack  []string
	values []int64
}

// builder makes profiles whose functions and locations are shared, as real ones are.
type builder struct {
	p     *profile.Profile
	funcs map[string]*profile.Function
	locs  map[string]*profile.Location
}

func newBuilder(duration int64, types ...string) *builder {
	p := &profile.Profile{DurationNanos: duration, TimeNanos: 1}
	for _, t := range types {
		typ, unit, _ := strings.Cut(t, "/")
		p.SampleType = append(p.SampleType, &profile.ValueType{Type: typ, Unit: unit})
	}
	return &builder{p: p, funcs: map[string]*profile.Function{}, locs: map[string]*profile.Location{}}
}

func (b *builder) add(samples ...sample) *builder {
	for _, s := range samples {
		ps := &profile.Sample{Value: s.values}
		for _, frame := range s.stack {
			loc := b.locs[frame]
			if loc == nil {
				loc = &profile.Location{ID: uint64(len(b.p.Location) + 1), Address: uint64(0x1000 + 16*len(b.p.Location))}
				for _, name := range strings.Split(frame, "|") {
					fn := b.funcs[name]
					if fn == nil {
						fn = &profile.Function{ID: uint64(len(b.p.Function) + 1), Name: name, SystemName: name, Filename: "x.go"}
						b.funcs[name] = fn
						b.p.Function = append(b.p.Function, fn)
					}
					loc.Line = append(loc.Line, profile.Line{Function: fn, Line: 1})
				}
				b.locs[frame] = loc
				b.p.Location = append(b.p.Location, loc)
			}
			ps.Location = append(ps.Location, loc)
		}
		b.p.Sample = append(b.p.Sample, ps)
	}
	return b
}

func (b *builder) write(t *testing.T, path string) {
	t.Helper()
	if err := b.p.CheckValid(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

const ms = int64(1e6)

func cpu(n int64, stack ...string) sample { return sample{stack, []int64{n, n * 10 * ms}} }
func alloc(bytes int64, stack ...string) sample {
	return sample{stack, []int64{bytes / 64, bytes, 0, 0}}
}
func contention(count, delay int64, stack ...string) sample {
	return sample{stack, []int64{count, delay}}
}

// writeRun writes one strategy's files in a case directory; nil profiles are left out.
func writeRun(t *testing.T, dir, strategy, result string, cpuB, allocB, mutexB *builder) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	text := "command: bench.test -test.bench PATTERN\ngoversion: go1.26.8\ngoos: linux\n" + result + "\nPASS\n"
	if err := os.WriteFile(filepath.Join(dir, strategy+suffixBench), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for suffix, b := range map[string]*builder{suffixCPU: cpuB, suffixAlloc: allocB, suffixMutex: mutexB} {
		if b != nil {
			b.write(t, filepath.Join(dir, strategy+suffix))
		}
	}
}

func cpuProfile() *builder { return newBuilder(2000*ms, "samples/count", "cpu/nanoseconds") }
func allocProfile() *builder {
	return newBuilder(0, "alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes")
}
func mutexProfile() *builder { return newBuilder(0, "contentions/count", "delay/nanoseconds") }

// syntheticRecording writes a small recording: Grow with a go1.23-style mutex and a
// go1.24-style xsync run, Mix with rwmutex (contended) and syncmap (allocating, one
// profile missing).
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

	grow := filepath.Join(dir, "Grow-keys=100000-presize=false-readers=0")
	store := []string{strat + "(*Mutex[go.shape.int,go.shape.int]).Store", benchP + "runGrow.func1", benchP + "runGrow", "testing.(*B).runN"}
	writeRun(t, grow, "mutex",
		"BenchmarkGrow/strategy=mutex/keys=100000/presize=false/readers=0-2 \t     200\t   5000000 ns/op\t 4000000 B/op\t     500 allocs/op",
		cpuProfile().add(
			cpu(40, append([]string{"runtime.memhash64", "runtime.evacuate_fast64", "runtime.growWork_fast64", "runtime.mapassign_fast64"}, store...)...),
			cpu(10, append([]string{"runtime.memclrNoHeapPointers", "runtime.mallocgc", "runtime.newarray", "runtime.makeBucketArray", "runtime.hashGrow", "runtime.mapassign_fast64"}, store...)...),
			cpu(30, append([]string{"runtime.mapassign_fast64"}, store...)...),
			cpu(15, append([]string{"sync/atomic.(*Int32).CompareAndSwap|sync.(*Mutex).Lock"}, store...)...),
			cpu(5, "runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker"),
			cpu(20, "runtime.memmove", benchP+"intKeys", benchP+"keysFor[go.shape.int]"),
		),
		allocProfile().add(
			alloc(900e6, store...),
			alloc(50e6, "runtime/pprof.(*profileBuilder).build", "runtime/pprof.profileWriter"),
			alloc(100e6, benchP+"runGrow", "testing.(*B).runN"),
		),
		mutexProfile().add(
			contention(300, 8*ms, append([]string{"sync.(*Mutex).Unlock"}, store...)...),
			contention(20, 2*ms, "runtime.unlock|runtime.findRunnable", "runtime.schedule", "runtime.park_m", "runtime.mcall"),
		))
	xstore := []string{xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).doCompute", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).Store", strat + "(*Xsync[go.shape.int,go.shape.int]).Store", benchP + "runGrow.func1"}
	writeRun(t, grow, "xsync",
		"BenchmarkGrow/strategy=xsync/keys=100000/presize=false/readers=0-2 \t     100\t  10000000 ns/op\t 6000000 B/op\t  100000 allocs/op\t     100.0 ns/key",
		cpuProfile().add(
			cpu(30, append([]string{xsyncPkg + "appendToBucketOf", xsyncPkg + "copyBucketOf[go.shape.int,go.shape.int]", xsyncPkg + "(*MapOf[go.shape.int,go.shape.int]).resize"}, xstore...)...),
			cpu(20, append([]string{"runtime.mallocgc", "runtime.newobject"}, xstore...)...),
			cpu(25, xstore...),
			cpu(15, append([]string{"runtime.asyncPreempt"}, xstore...)...),
			cpu(10, "internal/runtime/gc/scan.scanSpanPackedAVX512", "runtime.scanSpan", "runtime.gcDrain", "runtime.gcBgMarkWorker"),
		),
		allocProfile().add(
			alloc(400e6, xsyncPkg+"newMapOfTable[go.shape.int,go.shape.int]", xsyncPkg+"(*MapOf[go.shape.int,go.shape.int]).resize"),
			alloc(200e6, xstore...),
		),
		mutexProfile())

	mix := filepath.Join(dir, "Mix-keys=1000-keytype=int-dist=uniform-reads=90pct")
	loop := []string{benchP + "mixLoop[go.shape.int]", benchP + "runMix[go.shape.int].func2", "testing.(*B).RunParallel.func1"}
	rwLoad := append([]string{strat + "(*RWMutex[go.shape.int,go.shape.int]).Load"}, loop...)
	writeRun(t, mix, "rwmutex",
		"BenchmarkMix/strategy=rwmutex/keys=1000/keytype=int/dist=uniform/reads=90%-2 \t30000000\t        40.00 ns/op\t       0 B/op\t       0 allocs/op",
		cpuProfile().add(
			cpu(45, append([]string{"sync/atomic.(*Int32).Add|sync.(*RWMutex).RLock"}, rwLoad...)...),
			cpu(35, append([]string{"internal/runtime/maps.ctrlGroup.matchH2|runtime.mapaccess2_fast64"}, rwLoad...)...),
			cpu(10, loop...),
			cpu(5, "runtime.futex", "runtime.futexsleep", "runtime.notesleep", "runtime.stopm", "runtime.findRunnable", "runtime.schedule", "runtime.park_m", "runtime.mcall"),
			cpu(5, "runtime.sigtramp"),
		),
		allocProfile(),
		mutexProfile().add(
			contention(4000, 3*ms, append([]string{"sync.(*RWMutex).RUnlock"}, rwLoad...)...),
			contention(500, 1*ms, "sync.(*RWMutex).Unlock", strat+"(*RWMutex[go.shape.int,go.shape.int]).Store", benchP+"mixLoop[go.shape.int]"),
		))
	smStore := []string{"internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap", "sync.(*Map).Store", strat + "(*SyncMap[go.shape.int,go.shape.int]).Store", benchP + "mixLoop[go.shape.int]"}
	writeRun(t, mix, "syncmap",
		"BenchmarkMix/strategy=syncmap/keys=1000/keytype=int/dist=uniform/reads=90%-2 \t20000000\t        60.00 ns/op\t       5 B/op\t       0 allocs/op",
		cpuProfile().add(
			cpu(40, "internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Load", "sync.(*Map).Load", strat+"(*SyncMap[go.shape.int,go.shape.int]).Load", benchP+"mixLoop[go.shape.int]"),
			cpu(30, append([]string{"runtime.mallocgc", "runtime.newobject", "internal/sync.newEntryNode[go.shape.interface {},go.shape.interface {}]"}, smStore...)...),
			cpu(20, "runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker"),
			cpu(10, append([]string{"internal/sync.(*Mutex).Lock|sync.(*Mutex).Lock"}, smStore...)...),
		),
		allocProfile().add(
			alloc(60e6, append([]string{"internal/sync.newEntryNode[go.shape.interface {},go.shape.interface {}]"}, smStore...)...),
			alloc(40e6, smStore[2:]...),
		),
		nil)
	return dir
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
	golden := filepath.Join("testdata", "summary.golden.md")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestSummaryGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		gotPath := filepath.Join("testdata", "summary.got.md")
		os.WriteFile(gotPath, got, 0o644)
		t.Errorf("summary differs from %s; wrote %s (diff them; -update rewrites the golden file)", golden, gotPath)
	}
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
	if res.name != "BenchmarkMix/strategy=xsync/reads=90%-2" || res.n != "1000" || res.metrics["ns/op"] != "12.5" || res.metrics["p99-ns"] != "7.0" {
		t.Errorf("result = %+v", res)
	}
}
