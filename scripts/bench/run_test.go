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

	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/toolchain"
)

func TestDefaultCPUs(t *testing.T) {
	for n, want := range map[int][]int{1: {1}, 2: {1, 2}, 3: {1, 2, 3}, 6: {1, 2, 4, 6}, 8: {1, 2, 4, 8}, 16: {1, 2, 4, 8, 16}} {
		if got := defaultCPUs(n); !slices.Equal(got, want) {
			t.Errorf("defaultCPUs(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestCommandWithToolchains checks the command a raw file records for a matrix run: the
// GO_VERSIONS entries as they were given, experiments included.
func TestCommandWithToolchains(t *testing.T) {
	cfg, err := newConfig(10, "50ms", "1,2", "", "Grow")
	if err != nil {
		t.Fatal(err)
	}
	cfg.budget, cfg.precision, cfg.control, cfg.seed = 15*time.Minute, 0.05, "rwmutex", 7
	if cfg.toolchains, err = toolchain.ParseList("go1.23.12,go1.25.0:noswissmap"); err != nil {
		t.Fatal(err)
	}
	want := `make bench-matrix COUNT=10 BENCHTIME=50ms BUDGET=15m0s PRECISION=5 CPU=1,2 WORKLOADS=Grow SEED=7 GO_VERSIONS="go1.23.12 go1.25.0:noswissmap"`
	if got := cfg.command(); got != want {
		t.Errorf("command() = %s\nwant %s", got, want)
	}
	// Without -cpu the list is the machine's default, thinned to the budget: repeating it
	// as CPU= would turn the thinning off.
	if cfg, err = newConfig(10, "50ms", "", "", "Grow"); err != nil {
		t.Fatal(err)
	}
	if got := cfg.command(); strings.Contains(got, "CPU=") {
		t.Errorf("command() = %s; want no CPU= when -cpu was not given", got)
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
		{[]string{"-strategies", "xsync mutex,xsync"}, []string{"xsync is listed twice"}},
		{[]string{"-workloads", "Grow,Nope"}, []string{`unknown workload "Nope"`, "Grow", "Range", "Mix"}},
		{[]string{"-cpu", "1,x"}, []string{`"x" is not a positive integer`}},
		{[]string{"-count", "0"}, []string{"-count 0"}},
		{[]string{"extra"}, []string{"unexpected arguments"}},
		{[]string{"-precision", "0"}, []string{"-precision"}},
		{[]string{"-precision", "x%"}, []string{"-precision"}},
		{[]string{"-budget", "0s"}, []string{"-budget"}},
		{[]string{"-control", "nope"}, []string{`unknown strategy "nope"`}},
		{[]string{"-control", "unsafe"}, []string{"must be a concurrent strategy"}},
		{[]string{"-strategies", "xsync", "-control", "mutex"}, []string{"must be a concurrent strategy among those chosen (xsync)"}},
		{[]string{"-cpu", "2,2"}, []string{"listed twice"}},
		{[]string{"-host", "my laptop"}, []string{`-host: host label "my laptop": want 1 to 64 letters`}},
		{[]string{"-go-versions", "go1.23.12 go1.26"}, []string{`-go-versions: "go1.26": not an exact toolchain version`}},
		{[]string{"-go-versions", "go1.26.8:noswissmap"}, []string{"only in go1.24 and go1.25"}},
		{[]string{"-mix", "reads=120%"}, []string{"reads=120%", "want a whole percentage from 0% to 100%"}},
		{[]string{"-mix", "keys=0"}, []string{"keys=0", "want a whole number of keys from 1 to 10000000"}},
		{[]string{"-mix", "keys=50000,color=red"}, []string{`unknown parameter "color"`, "valid: keys, keytype, dist, theta, reads, parallelism"}},
		{[]string{"-mix", "keytype=bytes"}, []string{"keytype=bytes", "want int or string"}},
		{[]string{"-mix", "dist=zipf,theta=1"}, []string{"theta=1:", "from 0.01 to 3 except 1"}},
		{[]string{"-mix", "theta=1.1"}, []string{"theta is the skew of dist=zipf"}},
		{[]string{"-mix", "parallelism=0"}, []string{"parallelism=0", "from 1 to 256"}},
		{[]string{"-mix", "reads=90%,reads=95%"}, []string{"reads is given twice"}},
		{[]string{"-mix", "reads"}, []string{`"reads" is not key=value`}},
		{[]string{"-trace", "testdata/none.trace"}, []string{"TRACE testdata/none.trace", "no such file"}},
		{[]string{"-workloads", "Mix,Replay"}, []string{"Replay replays a recorded trace", "TRACE=path"}},
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

// TestEndToEnd runs the real pipeline on a small matrix: build, minimum and extra passes,
// raw file with pass markers, the A/A control, the precision report and benchstat's
// tables.
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
	// A custom mix runs beside the workloads named, and the guide answers for it.
	err := run([]string{"-out", dir, "-count", "3", "-benchtime", "1x", "-cpu", "1", "-workloads", "RapidGrow",
		"-mix", "keys=100,reads=50%,dist=zipf,theta=1.2",
		"-strategies", "mutex,rwmutex", "-precision", "99", "-budget", "2m", "-seed", "7", "-host", "test-box"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	raws, _ := filepath.Glob(filepath.Join(dir, "*-go*.txt"))
	var raw, summary string
	for _, r := range raws {
		if strings.HasSuffix(r, ".benchstat.txt") {
			summary = r
		} else if !strings.HasSuffix(r, rawfile.SetAsideSuffix) {
			raw = r
		}
	}
	if raw == "" || summary == "" {
		t.Fatalf("want a raw file and a summary in %s, got %v", dir, raws)
	}
	b, _ := os.ReadFile(raw)
	for _, want := range []string{"goversion: go", "toolchain: go", "ncpu: ", "gomaxprocs: 1\n", "count: 3\n", "precision: 99%\n",
		"control: rwmutex\n", "shuffle-seed: 7\n", "xsync: v3.", "cmap: v2.", rawfile.Marker(rawfile.Pass{N: 1, Procs: 1, Kind: "min"}),
		"BenchmarkRapidGrow/strategy=rwmutex-again ", " canary-ns", "\nrun-status: complete\n",
		"BenchmarkCustomMix/strategy=mutex/keys=100/keytype=int/dist=zipf/theta=1.2/reads=50%/parallelism=1 ",
		"command: make bench COUNT=3 BENCHTIME=1x BUDGET=2m0s PRECISION=99 CPU=1 WORKLOADS=RapidGrow,CustomMix SEED=7 STRATEGIES=mutex,rwmutex MIX='keys=100,reads=50%,dist=zipf,theta=1.2' HOST=test-box\n", "host: test-box\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("raw file lacks %q:\n%s", want, b)
		}
	}
	// Three minimum passes of three cells; with fewer than 6 samples an interval is
	// infinite, so extra passes follow until the target (99%) is met.
	if n := strings.Count(string(b), "\nBenchmarkRapidGrow/"); n < 18 {
		t.Errorf("raw file has %d result lines, want at least 18 (3 cells x 6 samples)", n)
	}
	if !strings.Contains(string(b), "kind=extra") {
		t.Errorf("no extra pass in the raw file")
	}
	s, _ := os.ReadFile(summary)
	for _, want := range []string{"DO NOT EDIT", "A/A control: rwmutex and rwmutex-again", "Precision (ns/op; B/entry for Memory):", "│   rwmutex", "mutex"} {
		if !strings.Contains(string(s), want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(string(s), "canary-ns") || strings.Contains(string(s), "rwmutex-again │") {
		t.Errorf("summary shows the canary or the control copy as a column:\n%s", s)
	}
	for _, want := range []string{"| Custom mix | ", "- Custom mix: a warm 100-key map, 50% Loads (the rest Stores and Deletes), Zipfian keys (theta 1.2), int keys"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout does not end with the run's strategy guide for the custom mix (%q):\n%s", want, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "[round 1/3: 0/18 0%") || !strings.Contains(stderr.String(), "extra round 1:") {
		t.Errorf("progress:\n%s", stderr.String())
	}
}
