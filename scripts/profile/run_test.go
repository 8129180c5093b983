package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/google/pprof/profile"
)

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
		{[]string{"-workloads", "Grow,Memory"}, []string{`unknown workload "Memory"`, "Grow", "RapidGrow", "Range", "Mix"}},
		{[]string{"-cpu", "0"}, []string{"-cpu 0"}},
		{[]string{"-benchtime", ""}, []string{"-benchtime is empty"}},
		{[]string{"extra"}, []string{"unexpected arguments"}},
		{[]string{"-nope"}, []string{"flag provided but not defined"}},
		{[]string{"-go-versions", "go1.26"}, []string{`-go-versions: "go1.26": not an exact toolchain version`}},
	} {
		dir := t.TempDir()
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
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("run(%q) wrote into the output directory: %v", tc.args, entries)
		}
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-h"}, &stdout, &stderr); err != nil {
		t.Errorf("-h: %v", err)
	}
	if !strings.Contains(stderr.String(), "-summarize dir") || !strings.Contains(stderr.String(), "-workloads names") {
		t.Errorf("-h usage lacks the flags:\n%s", stderr.String())
	}
}

func TestCommand(t *testing.T) {
	t.Setenv("GOTOOLCHAIN", "go1.23.12")
	cfg := &config{cpu: 2, benchtime: "1s", strategies: []string{"xsync", "mutex"}, workloads: []string{"Mix"}, out: "my dir"}
	want := "GOTOOLCHAIN=go1.23.12 go run ./scripts/profile -cpu 2 -benchtime 1s -strategies xsync,mutex -workloads Mix -out 'my dir'"
	if got := cfg.command(); got != want {
		t.Errorf("command() = %s\nwant %s", got, want)
	}
	// With -go-versions, GOTOOLCHAIN in the environment selects nothing.
	cfg.toolchains, _ = toolchain.ParseList("go1.23.12,go1.25.0:noswissmap")
	want = "go run ./scripts/profile -go-versions 'go1.23.12 go1.25.0:noswissmap' -cpu 2 -benchtime 1s -strategies xsync,mutex -workloads Mix -out 'my dir'"
	if got := cfg.command(); got != want {
		t.Errorf("command() = %s\nwant %s", got, want)
	}
	if got := shellJoin([]string{"-test.bench", "^BenchmarkMix$/^reads=90%$", "-test.run", "^$", "it's"}); got != `-test.bench '^BenchmarkMix$/^reads=90%$' -test.run '^$' 'it'\''s'` {
		t.Errorf("shellJoin = %s", got)
	}
}

// TestRecord records one tiny case for real: build, run with the three profilers,
// files, summary.
func TestRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the benchmark binary")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	// A relative -out, as make profile passes (results/profiles): the test binary runs in
	// the bench directory, so the command must not hand it the relative path.
	out, err := os.MkdirTemp(".", "testout-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(out) })
	var stdout, stderr bytes.Buffer
	err = run([]string{"-out", out, "-cpu", "2", "-benchtime", "2000x", "-workloads", "RapidGrow", "-strategies", "mutex"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	dirs, _ := filepath.Glob(filepath.Join(out, "go*"))
	if len(dirs) != 1 {
		t.Fatalf("want one GOVERSION directory in %s, got %v", out, dirs)
	}
	caseDir := filepath.Join(dirs[0], "RapidGrow")
	for _, suffix := range []string{suffixCPU, suffixAlloc, suffixMutex} {
		f, err := os.Open(filepath.Join(caseDir, "mutex"+suffix))
		if err != nil {
			t.Fatal(err)
		}
		p, err := profile.Parse(f)
		f.Close()
		if err != nil {
			t.Errorf("mutex%s: %v", suffix, err)
			continue
		}
		if len(p.SampleType) == 0 {
			t.Errorf("mutex%s has no sample types", suffix)
		}
	}
	b, err := os.ReadFile(filepath.Join(caseDir, "mutex"+suffixBench))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"command: bench.test -test.run '^$' -test.bench '^BenchmarkRapidGrow$/^strategy=mutex$'", "-test.outputdir . ", "BenchmarkRapidGrow/strategy=mutex-2 "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("mutex.bench.txt lacks %q:\n%s", want, b)
		}
	}
	summary, err := os.ReadFile(filepath.Join(dirs[0], "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(summary, stdout.Bytes()) {
		t.Error("the printed summary differs from summary.md")
	}
	for _, want := range []string{summaryHeader, "## RapidGrow", "| `mutex` |", "- `mutex`: "} {
		if !strings.Contains(string(summary), want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(string(summary), "**Problem**") {
		t.Errorf("summary reports a problem:\n%s", summary)
	}
	if !strings.Contains(stderr.String(), "[1/1 ") || !strings.Contains(stderr.String(), "recorded 1 of 1 runs") {
		t.Errorf("progress lacks the run count:\n%s", stderr.String())
	}
}
