package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/pprof/profile"

	"github.com/cmapbench/cmapbench/bench"
)

// sample is a synthetic profile sample: a stack, leaf first, and for CPU samples the
// value of the label bench.LabelKey ("" for none). A frame "inner|outer" is one location
// with two lines: inner inlined into outer, innermost first as in profiles.
type sample struct {
	label  string
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
		if s.label != "" {
			ps.Label = map[string][]string{bench.LabelKey: {s.label}}
		}
		for _, frame := range s.stack {
			ps.Location = append(ps.Location, b.location(frame))
		}
		b.p.Sample = append(b.p.Sample, ps)
	}
	return b
}

// location returns the location of frame, made on first use.
func (b *builder) location(frame string) *profile.Location {
	if loc := b.locs[frame]; loc != nil {
		return loc
	}
	loc := &profile.Location{ID: uint64(len(b.p.Location) + 1), Address: uint64(0x1000 + 16*len(b.p.Location))}
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
	return loc
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

// cpu is n CPU samples of 10ms with the given label.
func cpu(label string, n int64, stack ...string) sample {
	return sample{label, stack, []int64{n, n * 10 * ms}}
}
func alloc(bytes int64, stack ...string) sample {
	return sample{"", stack, []int64{bytes / 64, bytes, 0, 0}}
}
func contention(count, delay int64, stack ...string) sample {
	return sample{"", stack, []int64{count, delay}}
}

// on returns stack followed by root.
func on(root []string, stack ...string) []string {
	return append(stack[:len(stack):len(stack)], root...)
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

// Goroutine roots of the synthetic stacks: the benchmark goroutine in its timed region
// (crew member 0), a crew helper, a RunParallel goroutine, the benchmark goroutine in
// setup. The suite's function names are examples; timedEntry and package testing's
// frames are what the summary goes by.
var (
	benchTimed = []string{benchPkg + "(*crew).op", benchPkg + "runGrow.func2", timedEntry, benchPkg + "measure", benchPkg + "runGrow", "testing.(*B).runN", "testing.(*B).launch"}
	helper     = []string{benchPkg + "(*crew).helper", benchPkg + "newCrew.func1", timedEntry}
	parallel   = []string{benchPkg + "runParallel.func1.1", timedEntry, benchPkg + "runParallel.func1", "testing.(*B).RunParallel.func1"}
	benchSetup = []string{"testing.(*B).runN", "testing.(*B).run1.func1"}
	gcWorkerAt = []string{"runtime.gcDrain", "runtime.gcBgMarkWorker"}
)
