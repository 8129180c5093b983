package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

func TestSelectStrategies(t *testing.T) {
	all := strategies.Names()
	var built []string
	for _, s := range strategies.All[int, int]() {
		built = append(built, s.Name)
	}
	if got, err := selectStrategies(""); err != nil || strings.Join(got, ",") != strings.Join(built, ",") {
		t.Errorf(`selectStrategies("") = %q, %v; want every strategy the root module builds`, got, err)
	}
	for _, info := range strategies.Infos() {
		if info.Nested == "" {
			continue
		}
		if _, err := selectStrategies(info.Name); err == nil || !strings.Contains(err.Error(), info.Nested) {
			t.Errorf("nested strategy %s: err = %v; want it to say where it is built", info.Name, err)
		}
	}
	if got, err := selectStrategies("xsync, unsafe,,mutex,xsync"); err != nil || strings.Join(got, ",") != "mutex,xsync,unsafe" {
		t.Errorf("selectStrategies = %q, %v; want registry order without repeats", got, err)
	}
	_, err := selectStrategies("mutex,nope")
	if err == nil || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), strings.Join(all, ", ")) {
		t.Errorf("unknown name: err = %v; want it named, with the valid names", err)
	}
}

// TestRunRejectsBadFlags checks that a bad command line stops the command before it
// builds or runs anything: the go command given does not exist and nothing is written.
func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-strategies", "mutex,nope"},
		{"-runs", "0"},
		{"-timeout", "0s"},
		{"-keys", "0"},
		{"-go-versions", "go1.23.12 go1.26"},
		{"-go-versions", "go1.26.8:noswissmap"},
		{"stray"},
	} {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		args = append(args, "-go", filepath.Join(out, "no-such-go"), "-out", out)
		err := run(args, &stdout, &stderr)
		if err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
			continue
		}
		if args[0] == "-strategies" && !strings.Contains(err.Error(), "valid: "+strings.Join(strategies.Names(), ", ")) {
			t.Errorf("run(%q) = %v; want the valid names listed", args, err)
		}
		if args[0] == "-go-versions" && !strings.Contains(err.Error(), "-go-versions: ") {
			t.Errorf("run(%q) = %v; want the bad entry named", args, err)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 || stdout.Len() != 0 {
			t.Errorf("run(%q) wrote %d files and %d bytes of output before failing", args, len(entries), stdout.Len())
		}
	}
	if err := run([]string{"-h"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Errorf("run(-h) = %v, want nil", err)
	}
}

// TestSaveNeverOverwrites saves the same report twice: the second goes beside the first
// under a numbered name, evidence files included, and each names its own evidence.
func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	m := &matrix{
		Bin:      binaries{Info: maptest.Info{GoVersion: "go1.24.0 X:noswissmap"}},
		Date:     time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Evidence: []evidence{{Name: "race-unsafe", Title: "a race", Text: "WARNING: DATA RACE\n"}},
	}
	base := "safety-go1.24.0-X-noswissmap-20250102T030405Z"
	for _, b := range []string{base, base + "-2"} {
		text, saved, err := m.save(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{filepath.Join(dir, b+".md"), filepath.Join(dir, b+".race-unsafe.txt")}
		if strings.Join(saved, " ") != strings.Join(want, " ") {
			t.Errorf("saved %q, want %q", saved, want)
		}
		if md, _ := os.ReadFile(want[0]); string(md) != text || !strings.Contains(text, b+".race-unsafe.txt") {
			t.Errorf("%s does not hold the report that names its evidence", want[0])
		}
		if ev, _ := os.ReadFile(want[1]); string(ev) != "# a race\n\nWARNING: DATA RACE\n" {
			t.Errorf("%s holds %q", want[1], ev)
		}
	}
}

// goCommand returns the go command on PATH, or the one of the toolchain running the test.
func goCommand(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Skip("no go command on PATH or in GOROOT: cannot build the scenario program")
	}
	return p
}

// TestPipeline runs the whole command, small, with the go command on PATH: it builds the
// scenario program plain and with -race, runs every strategy, and writes the report.
func TestPipeline(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-runs", "2", "-keys", "4000", "-ranges", "20", "-timeout", "2m", "-out", out, "-go", goCommand(t)}
	err := run(args, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run(%q) = %v\nstdout:\n%s\nstderr:\n%s", args, err, &stdout, &stderr)
	}
	report := stdout.String()
	t.Logf("report:\n%s", report)

	for _, key := range []string{"goversion: go", "goos: ", "goarch: ", "ncpu: ", "runs: 2\n", "result: ok\n"} {
		if !strings.Contains(report, key) {
			t.Errorf("report lacks %q", key)
		}
	}
	for _, s := range strategies.All[int, int]() {
		row := regexp.MustCompile(`(?m)^\| ` + s.Name + ` \| (yes|no) \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \|$`).FindStringSubmatch(report)
		if row == nil {
			t.Errorf("the table has no row for %s", s.Name)
			continue
		}
		gate, conform, race, detect, twice, missed, after := row[2], row[3], row[4], row[5], row[6], row[7], row[8]
		checkGateCells(t, report, s.Info, gate, conform)
		if !s.Concurrent {
			if !strings.HasPrefix(race, "flagged") {
				t.Errorf("%s: race detector verdict %q, want flagged", s.Name, race)
			}
			if !regexp.MustCompile(`^\d of 2 runs crashed`).MatchString(detect) {
				t.Errorf("%s: detection %q, want k of 2 runs", s.Name, detect)
			}
			continue
		}
		if _, excluded := s.Excluded(); excluded {
			// What the concurrent checks find in an excluded strategy varies from run to
			// run: reported, never asserted.
			continue
		}
		if race != "clean" {
			t.Errorf("%s: race detector verdict %q, want clean", s.Name, race)
		}
		// Guaranteed by every strategy's Range, and by construction for the lock-holding ones.
		if twice != "never in 20 ranges" || missed != "never in 20 ranges" {
			t.Errorf("%s: Range twice %q, missed %q; want never", s.Name, twice, missed)
		}
		if (s.Name == "mutex" || s.Name == "rwmutex") && after != "never in 20 ranges" {
			t.Errorf("%s: Range saw keys stored after it began: %q", s.Name, after)
		}
	}
	if n := len(regexp.MustCompile(`(?m)^\| [12] \| `).FindAllString(report, -1)); n != 2 {
		t.Errorf("the unsafe run-by-run table has %d rows, want 2", n)
	}

	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var md, raceEvidence string
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasSuffix(name, ".md"):
			md = name
		case strings.HasSuffix(name, ".race-unsafe.txt"):
			raceEvidence = name
		}
	}
	if !regexp.MustCompile(`^safety-go[0-9.]+.*-\d{8}T\d{6}Z\.md$`).MatchString(md) {
		t.Errorf("report file %q, want safety-GOVERSION-TIMESTAMP.md among %v", md, entries)
	} else if b, _ := os.ReadFile(filepath.Join(out, md)); string(b) != report {
		t.Error("the saved report differs from the one printed")
	}
	if b, err := os.ReadFile(filepath.Join(out, raceEvidence)); err != nil || !strings.Contains(string(b), "WARNING: DATA RACE") {
		t.Errorf("race evidence %q: %v\n%s", raceEvidence, err, b)
	}
}

// checkGateCells checks a row's gate and conformance cells against the registry: a
// strategy that declares no failure passes conformance, and one that declares its
// conformance failure fails it, which the report lists among the failures that do not
// fail the matrix. (Which fault a run meets first can vary; TestConformance checks the
// declared evidence.)
func checkGateCells(t *testing.T, report string, info strategies.Info, gate, conform string) {
	t.Helper()
	if gate != info.Verdict() {
		t.Errorf("%s: gate %q, want the registry's %q", info.Name, gate, info.Verdict())
	}
	_, declared := info.Failure(strategies.Conformance)
	if !declared {
		if conform != "passes (4 cases)" {
			t.Errorf("%s: conformance %q, want passes", info.Name, conform)
		}
		return
	}
	listed := "- " + info.Name + " (" + info.Verdict() + "): conformance, as the registry declares"
	if !strings.HasPrefix(conform, "**FAIL**: ") || !strings.Contains(conform, ".conformance-"+info.Name+".txt") || !strings.Contains(report, listed) {
		t.Errorf("%s: conformance %q; want a failure with its evidence file, and the report to list %q", info.Name, conform, listed)
	}
}
