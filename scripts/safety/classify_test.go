package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// readCapture returns a captured run from testdata (see testdata/README.md).
func readCapture(t *testing.T, name string) (stdout, stderr []byte) {
	t.Helper()
	stderr, err := os.ReadFile(filepath.Join("testdata", name+".stderr"))
	if err != nil {
		t.Fatal(err)
	}
	stdout, err = os.ReadFile(filepath.Join("testdata", name+".stdout"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return stdout, stderr
}

// crashCaptures are the captured crashes of the unsafe baseline, by what ended them.
var crashCaptures = []struct {
	name string
	kind Kind
	// frame is a frame of the map's implementation that the trimmed traceback must keep.
	frame string
}{
	{"writes-go1.26.8", KindWrites, "runtime.mapassign_fast64("},
	{"writes-go1.23.12", KindWrites, "runtime.mapassign_fast64("},
	{"writes-default-traceback-go1.26.8", KindWrites, "internal/runtime/maps.fatal("},
	{"readwrite-go1.26.8", KindReadWrite, "runtime.mapaccess"},
	{"readwrite-go1.23.12", KindReadWrite, "runtime.mapaccess"},
	{"iterwrite-go1.26.8", KindIterWrite, "internal/runtime/maps.(*Iter).Next("},
	{"iterwrite-go1.23.12", KindIterWrite, "runtime.mapiternext("},
	{"clone-go1.26.8", KindCloneWrite, "internal/runtime/maps.(*Map).Clone("},
}

func TestClassifyCrash(t *testing.T) {
	for _, c := range crashCaptures {
		_, stderr := readCapture(t, c.name)
		kind, line := classifyCrash(stderr)
		if kind != c.kind || line != "fatal error: "+string(c.kind) {
			t.Errorf("%s: classifyCrash = %q, %q; want %q", c.name, kind, line, c.kind)
		}
	}
	for _, name := range []string{"race-unsafe-go1.26.8", "race-unsafe-go1.23.12", "clean-race-syncmap-go1.26.8", "undetected-unsafe-go1.26.8"} {
		_, stderr := readCapture(t, name)
		if kind, line := classifyCrash(stderr); kind != KindOther || line != "" {
			t.Errorf("%s: classifyCrash = %q, %q; want no crash line", name, kind, line)
		}
	}
	other := []byte("goroutine 1 [running]:\nfatal error: unexpected signal during runtime execution\n")
	if kind, line := classifyCrash(other); kind != KindOther || line != "fatal error: unexpected signal during runtime execution" {
		t.Errorf("another fatal error: classifyCrash = %q, %q", kind, line)
	}
}

func TestJudgeUnsafeRun(t *testing.T) {
	for _, c := range crashCaptures {
		stdout, stderr := readCapture(t, c.name)
		u := judgeUnsafeRun(1, toolchain.Result{Stdout: stdout, Stderr: stderr, ExitCode: -1, Status: "signal: aborted"})
		if u.Kind != c.kind {
			t.Errorf("%s: judged %q, want %q", c.name, u.Kind, c.kind)
		}
	}
	stdout, stderr := readCapture(t, "undetected-unsafe-go1.26.8")
	u := judgeUnsafeRun(2, toolchain.Result{Stdout: stdout, Stderr: stderr, ExitCode: 0, Status: "exit status 0"})
	if u.Kind != KindNone || !strings.Contains(u.Detail, "Len 20000 of 20000") {
		t.Errorf("finished run judged %+v, want none with its final Len", u)
	}
	u = judgeUnsafeRun(3, toolchain.Result{ExitCode: -1, TimedOut: true, Status: "killed after 1s (timeout)", Lived: time.Second})
	if u.Kind != KindHung {
		t.Errorf("timed-out run judged %+v, want hung", u)
	}
	u = judgeUnsafeRun(4, toolchain.Result{ExitCode: -1, Status: "signal: segmentation fault"})
	if u.Kind != KindOther || u.Detail == "" {
		t.Errorf("silent crash judged %+v, want other with a detail", u)
	}
}

func TestTrimTraceback(t *testing.T) {
	for _, c := range crashCaptures {
		_, stderr := readCapture(t, c.name)
		got := trimTraceback(stderr)
		if !strings.HasPrefix(got, "fatal error: "+string(c.kind)+"\n") {
			t.Errorf("%s: trimmed traceback does not start with the fatal error:\n%s", c.name, got)
		}
		if !strings.Contains(got, c.frame) {
			t.Errorf("%s: trimmed traceback lacks %s:\n%s", c.name, c.frame, got)
		}
		for _, noise := range []string{"runtime.gopark", "forcegchelper", " fp=", "runtime.main()"} {
			if strings.Contains(got, noise) {
				t.Errorf("%s: trimmed traceback keeps %q:\n%s", c.name, noise, got)
			}
		}
		if !strings.Contains(got, "goroutine ") || len(got) >= len(stderr) && len(stderr) > 1000 {
			t.Errorf("%s: trimmed traceback (%d bytes of %d) has no goroutine or is not shorter:\n%s", c.name, len(got), len(stderr), got)
		}
	}
	// The caller is kept: the strategy's method that used the map.
	_, stderr := readCapture(t, "writes-go1.26.8")
	if got := trimTraceback(stderr); !strings.Contains(got, "strategies.(*Unsafe[...]).Store") {
		t.Errorf("trimmed traceback lacks the caller:\n%s", got)
	}
}

func TestRaceReports(t *testing.T) {
	for _, v := range []string{"go1.26.8", "go1.23.12"} {
		_, stderr := readCapture(t, "race-unsafe-"+v)
		if n := raceReports(stderr); n != 1 {
			t.Errorf("%s: raceReports = %d, want 1", v, n)
		}
		r := firstRaceReport(stderr)
		if !strings.HasPrefix(r, "WARNING: DATA RACE\n") || !strings.Contains(r, "runtime.mapassign_fast64()") ||
			strings.Contains(r, "==================") {
			t.Errorf("%s: firstRaceReport =\n%s", v, r)
		}
		_, clean := readCapture(t, "clean-race-syncmap-"+v)
		if n := raceReports(clean); n != 0 {
			t.Errorf("%s: clean run: raceReports = %d", v, n)
		}
	}
}

func lookup(t *testing.T, name string) strategies.Info {
	t.Helper()
	s, err := strategies.Lookup[int, int](name)
	if err != nil {
		t.Fatal(err)
	}
	return s.Info
}

func TestJudgeRace(t *testing.T) {
	unsafeInfo, syncmapInfo := lookup(t, "unsafe"), lookup(t, "syncmap")
	_, raceOut := readCapture(t, "race-unsafe-go1.26.8")
	cleanOut, _ := readCapture(t, "clean-race-syncmap-go1.26.8")
	raced := toolchain.Result{Stderr: raceOut, ExitCode: 66, Status: "exit status 66"}
	clean := toolchain.Result{Stdout: cleanOut, ExitCode: 0, Status: "exit status 0"}

	// The baseline: flagged is the expected verdict, with the report kept as evidence.
	rc, fails, ev := judgeRace(unsafeInfo, raced)
	if len(fails) != 0 || rc.Reports != 1 || ev == nil || !strings.Contains(ev.Text, "WARNING: DATA RACE") {
		t.Errorf("unsafe, race reported: %+v, %q, %v; want flagged with evidence and no failure", rc, fails, ev)
	}
	if v := raceVerdict(false, rc); !strings.HasPrefix(v, "flagged") {
		t.Errorf("unsafe, race reported: verdict %q", v)
	}
	// The baseline not flagged fails.
	rc, fails, _ = judgeRace(unsafeInfo, clean)
	if len(fails) != 1 || !strings.Contains(raceVerdict(false, rc), "FAIL") {
		t.Errorf("unsafe, not flagged: %+v, %q; want a failure", rc, fails)
	}
	// A concurrent strategy: clean passes, a race report fails.
	if rc, fails, ev := judgeRace(syncmapInfo, clean); len(fails) != 0 || ev != nil || raceVerdict(true, rc) != "clean" {
		t.Errorf("syncmap, clean: %+v, %q, %v", rc, fails, ev)
	}
	rc, fails, ev = judgeRace(syncmapInfo, raced)
	if len(fails) != 1 || !strings.Contains(fails[0], "race report") || ev == nil || ev.Name != "race-syncmap" ||
		!strings.Contains(raceVerdict(true, rc), "FAIL") {
		t.Errorf("syncmap, race reported: %+v, %q, %v; want a failure with evidence", rc, fails, ev)
	}
	// Lost keys, a crash and a timeout fail too.
	var lost bytes.Buffer
	if err := maptest.WriteResult(&lost, maptest.GrowResult{Want: 10, Len: 9, Missing: 1}); err != nil {
		t.Fatal(err)
	}
	_, crash := readCapture(t, "writes-default-traceback-go1.26.8")
	for _, r := range []toolchain.Result{
		{Stdout: lost.Bytes(), ExitCode: 0, Status: "exit status 0"},
		{Stderr: crash, ExitCode: 2, Status: "exit status 2"},
		{ExitCode: -1, TimedOut: true, Status: "killed after 10s (timeout)"},
		{ExitCode: 0, Status: "exit status 0"},
	} {
		if rc, fails, _ := judgeRace(syncmapInfo, r); len(fails) != 1 || rc.Problem == "" {
			t.Errorf("syncmap, %s: %+v, %q; want one failure", r.Status, rc, fails)
		}
	}
}

func TestJudgeRange(t *testing.T) {
	var out bytes.Buffer
	want := maptest.RangeResult{Ranges: 200, Concurrent: 150, After: 12}
	if err := maptest.WriteResult(&out, want); err != nil {
		t.Fatal(err)
	}
	rc, fails := judgeRange(toolchain.Result{Stdout: out.Bytes(), Status: "exit status 0"})
	if len(fails) != 0 || rc.Result != want {
		t.Errorf("judgeRange = %+v, %q", rc, fails)
	}
	if got := rangeCell(rc, rc.Result.After); got != "yes: 12 of 200 ranges" {
		t.Errorf("rangeCell(after) = %q", got)
	}
	if got := rangeCell(rc, rc.Result.Twice); got != "never in 200 ranges" {
		t.Errorf("rangeCell(twice) = %q", got)
	}
	if _, fails := judgeRange(toolchain.Result{ExitCode: 1, Status: "exit status 1", Stderr: []byte("scenario: boom\n")}); len(fails) != 1 {
		t.Errorf("failed rangesem run: %q, want one failure", fails)
	}
	// A Range that missed a key present throughout broke its promise: a failure.
	out.Reset()
	if err := maptest.WriteResult(&out, maptest.RangeResult{Ranges: 200, Missed: 1, MissedKeys: 2, First: "Range 3: stable key 7 missed"}); err != nil {
		t.Fatal(err)
	}
	rc, fails = judgeRange(toolchain.Result{Stdout: out.Bytes(), Status: "exit status 0"})
	if len(fails) != 1 || !strings.Contains(fails[0], "stable key 7 missed") || !strings.HasPrefix(promiseCell(rc, rc.Result.Missed, nil), "**FAIL**: yes: 1 of 200") {
		t.Errorf("rangesem with a missed key: %+v, %q; want one failure with the first problem", rc, fails)
	}
}

func TestDetection(t *testing.T) {
	runs := []unsafeRun{{Kind: KindWrites}, {Kind: KindWrites}, {Kind: KindIterWrite}, {Kind: KindNone}, {Kind: KindHung}}
	want := "3 of 5 runs crashed: concurrent map writes 2, concurrent map iteration and map write 1; finished undetected 1; hung and killed 1"
	if got := detection(runs); got != want {
		t.Errorf("detection = %q\nwant        %q", got, want)
	}
}
