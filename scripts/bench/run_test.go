package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultCPUs(t *testing.T) {
	for n, want := range map[int][]int{1: {1}, 2: {1, 2}, 3: {1, 2, 3}, 6: {1, 2, 4, 6}, 8: {1, 2, 4, 8}, 16: {1, 2, 4, 8, 16}} {
		if got := defaultCPUs(n); !slices.Equal(got, want) {
			t.Errorf("defaultCPUs(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestBadInput checks that invalid flags stop the run before anything is built or
// written, with an error that lists the valid names.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-strategies", "nope"}, []string{`unknown strategy "nope"`, "rwmutex", "xsync", "unsafe"}},
		{[]string{"-strategies", "xsync,nope"}, []string{`unknown strategy "nope"`}},
		{[]string{"-workloads", "Grow,Nope"}, []string{`unknown workload "Nope"`, "Grow", "Range", "Mix"}},
		{[]string{"-cpu", "1,x"}, []string{`"x" is not a positive integer`}},
		{[]string{"-count", "0"}, []string{"-count 0"}},
		{[]string{"extra"}, []string{"unexpected arguments"}},
	} {
		dir := t.TempDir()
		earlier := filepath.Join(dir, "earlier.txt")
		if err := os.WriteFile(earlier, []byte("BenchmarkX 1 1 ns/op\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		err := run(append([]string{"-out", dir}, tc.args...), &stdout, &stderr)
		if err == nil {
			t.Errorf("run(%q) succeeded", tc.args)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("run(%q) error %q does not contain %q", tc.args, err, w)
			}
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("run(%q) touched the results directory: %v", tc.args, entries)
		}
		if b, _ := os.ReadFile(earlier); string(b) != "BenchmarkX 1 1 ns/op\n" {
			t.Errorf("run(%q) changed an earlier result file", tc.args)
		}
	}
}

func TestCreateResultFileNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var paths []string
	for i := 0; i < 3; i++ {
		f, path, err := createResultFile(dir, "go1.26.8", now)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(path)
		f.Close()
		paths = append(paths, filepath.Base(path))
	}
	want := []string{"20260102-030405-go1.26.8.txt", "20260102-030405-go1.26.8-1.txt", "20260102-030405-go1.26.8-2.txt"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
	for _, p := range paths {
		if b, _ := os.ReadFile(filepath.Join(dir, p)); !strings.HasSuffix(string(b), p) {
			t.Errorf("%s holds %q, written for another file", p, b)
		}
	}
}

func TestProgress(t *testing.T) {
	var out bytes.Buffer
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&out, 4, start)
	clock := start
	p.now = func() time.Time { return clock }
	// testing writes the name and a tab before it runs a benchmark, the numbers after.
	for _, chunk := range []string{
		"goos: linux\n",
		"BenchmarkGrow/strategy=xsync/keys=1000   \t",
		"     100\t   12345 ns/op\t 5 allocs/op\n",
		"BenchmarkGrow/strategy=xsync/keys=1000-2 \t     100\t   12345 ns/op\n",
		"--- BENCH: BenchmarkGrow\n    grow.go:1: note\n",
		"BenchmarkMix/strategy=cmap/keys=1000 \t",
	} {
		clock = clock.Add(10 * time.Second)
		p.Write([]byte(chunk))
	}
	p.finish()
	got := out.String()
	for _, want := range []string{
		"[0/4 0% 20s elapsed, ? left] BenchmarkGrow/strategy=xsync/keys=1000\n",
		"[1/4 25% 40s elapsed, ~2m0s left] BenchmarkGrow/strategy=xsync/keys=1000-2\n",
		"[2/4 50% 1m0s elapsed, ~1m0s left] BenchmarkMix/strategy=cmap/keys=1000\n",
		"done: 2 of 4 planned runs in 1m0s\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("progress output lacks %q; got:\n%s", want, got)
		}
	}
	if p.done != 2 {
		t.Errorf("done = %d, want 2", p.done)
	}
}

func TestPlanCountsCases(t *testing.T) {
	cfg, err := newConfig(6, "1x", "1,2", "xsync,unsafe", "Grow,Overhead")
	if err != nil {
		t.Fatal(err)
	}
	perCPU, total := cfg.plan()
	// Grow at 1 CPU: xsync and unsafe, keys 2 x presize 2 x readers=0 (readers=1 needs a
	// spare P) = 8 cases; Overhead: 6 cases. At 2 CPUs: xsync with readers 0 and 1 = 8,
	// unsafe none, Overhead none. Overhead: 3 impls x 2 key counts.
	if want := []int{6 * (8 + 6), 6 * 8}; !slices.Equal(perCPU, want) || total != want[0]+want[1] {
		t.Errorf("plan() = %v, %d; want %v", perCPU, total, want)
	}
}

// TestEndToEnd runs the real pipeline on the smallest workload: build, run, raw file,
// benchstat summary.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the benchmark binary and benchstat")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	// The runner works from the module root, as make bench does.
	wd, _ := os.Getwd()
	if err := os.Chdir(filepath.Join(wd, "..", "..")); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	err := run([]string{"-out", dir, "-count", "2", "-benchtime", "1x", "-cpu", "1", "-workloads", "Overhead"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	raws, _ := filepath.Glob(filepath.Join(dir, "*-go*.txt"))
	var raw, summary string
	for _, r := range raws {
		if strings.HasSuffix(r, ".benchstat.txt") {
			summary = r
		} else {
			raw = r
		}
	}
	if raw == "" || summary == "" {
		t.Fatalf("want a raw file and a summary in %s, got %v", dir, raws)
	}
	b, _ := os.ReadFile(raw)
	for _, want := range []string{"goversion: go", "toolchain: go", "ncpu: ", "gomaxprocs: 1\n", "count: 2\n", "xsync: v3.", "cmap: v2.", "BenchmarkOverhead/impl=direct", "BenchmarkOverhead/impl=unsafe/keys=1000", "\nrun-status: complete\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("raw file lacks %q:\n%s", want, b)
		}
	}
	if n := strings.Count(string(b), "\nBenchmarkOverhead/"); n != 12 {
		t.Errorf("raw file has %d result lines, want 12 (6 cases x count 2)", n)
	}
	s, _ := os.ReadFile(summary)
	if !strings.Contains(string(s), "DO NOT EDIT") || !strings.Contains(string(s), "direct") || !strings.Contains(string(s), "noop") {
		t.Errorf("summary lacks the header or the impl columns:\n%s", s)
	}
	if !strings.Contains(stderr.String(), "done: 12 of 12 planned runs") {
		t.Errorf("progress did not count 12 of 12 runs:\n%s", stderr.String())
	}
}

func TestParseToolchains(t *testing.T) {
	tcs, err := parseToolchains("go1.23.12, go1.25.0:noswissmap go1.25.0:nosynchashtriemap go1.26.8")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tc := range tcs {
		names = append(names, tc.name)
	}
	if want := []string{"go1.23.12", "go1.25.0-noswissmap", "go1.25.0-nosynchashtriemap", "go1.26.8"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if tcs[1].version != "go1.25.0" || tcs[1].experiment != "noswissmap" {
		t.Errorf("go1.25.0:noswissmap parsed as %+v", tcs[1])
	}
	for list, want := range map[string]string{
		"go1.26":               "not an exact toolchain version",
		"go1.26.8+auto":        "not an exact toolchain version",
		"go1.25.0:swiss":       `unknown experiment "swiss"`,
		"go1.26.8:noswissmap":  "only in go1.24 and go1.25",
		"go1.23.12:noswissmap": "only in go1.24 and go1.25",
		"go1.24.0 go1.24.0":    "listed twice",
	} {
		if _, err := parseToolchains(list); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseToolchains(%q) = %v, want an error containing %q", list, err, want)
		}
	}
}

func TestToolchainEnvPinsToolchain(t *testing.T) {
	t.Setenv("GOTOOLCHAIN", "go1.99.0")
	t.Setenv("GOEXPERIMENT", "something")
	tc := toolchain{version: "go1.25.0", experiment: "noswissmap"}
	env := tc.env()
	var got []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOTOOLCHAIN=") || strings.HasPrefix(kv, "GOEXPERIMENT=") {
			got = append(got, kv)
		}
	}
	if want := []string{"GOTOOLCHAIN=go1.25.0", "GOEXPERIMENT=noswissmap"}; !slices.Equal(got, want) {
		t.Errorf("env has %v, want exactly %v", got, want)
	}
}
