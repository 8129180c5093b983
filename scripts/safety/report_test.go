package main

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/internal/golden"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden.md with the report's output")

const reportGolden = "testdata/report.golden.md"

// sampleMatrix is a matrix with every kind of row the report shows: the unsafe baseline
// with runs of each outcome, clean strategies, a strategy that failed under -race, a
// strategy whose rangesem run failed, and a strategy the gate excludes that failed every
// check.
func sampleMatrix(t *testing.T) *matrix {
	t.Helper()
	info := func(name string) strategies.Info { return lookup(t, name) }
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	passed := conformCheck{Result: maptest.ConformResult{Cases: 4}, Lived: ms(300)}
	return &matrix{
		Bin: binaries{Info: maptest.Info{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 2, GOMAXPROCS: 2}},
		// Toolchain and go command as a run under GOTOOLCHAIN=go1.26.8 records them.
		Toolchain: "go1.26.8",
		Date:      time.Date(2026, 11, 23, 17, 20, 9, 0, time.UTC),
		Config: config{
			runs: 4, timeout: 10 * time.Second, goCmd: "/usr/local/go/bin/go",
			grow:     maptest.GrowConfig{Writers: 2, Keys: 20000, Readers: 1, Rangers: 1, Pause: time.Millisecond},
			rangesem: maptest.RangeConfig{Writers: 2, Ranges: 200, Stable: 512, Victims: 512, NewKeys: 4096},
		},
		Strategies: []strategyReport{
			{
				Info:    info("rwmutex"),
				Conform: passed,
				Race:    raceCheck{Status: "exit status 0", Lived: ms(900)},
				Range: &rangeCheck{Lived: ms(1234), Result: maptest.RangeResult{
					Ranges: 200, Concurrent: 190, Rounds: 7, Millis: 1200.5}},
			},
			{
				Info:    info("syncmap"),
				Conform: passed,
				Race:    raceCheck{Reports: 2, Status: "exit status 66", Lived: ms(700), Evidence: "race-syncmap"},
				Range: &rangeCheck{Lived: ms(800), Result: maptest.RangeResult{
					Ranges: 200, Concurrent: 180, Rounds: 5, After: 150, AfterKeys: 3000}},
				Failures: []string{"2 race report(s) under -race"},
			},
			{
				Info:     info("xsync"),
				Conform:  passed,
				Race:     raceCheck{Status: "exit status 0", Lived: ms(650)},
				Range:    &rangeCheck{Lived: ms(10000), Problem: "killed after 10s (timeout)"},
				Failures: []string{"rangesem: killed after 10s (timeout)"},
			},
			{
				Info: info("haxmap"),
				Conform: conformCheck{Evidence: "conformance-haxmap", Result: maptest.ConformResult{Cases: 4,
					Failed: []string{"keytype=int/capacity=0: seed 1 op 9 key 0: Len = 3, want 2", "keytype=int/capacity=64: seed 1 op 9 key 0: Len = 3, want 2"}}},
				Race: raceCheck{Status: "exit status 0", Lived: ms(800), ProblemEvidence: "grow-haxmap",
					Problem: "lost keys: Len 40000 of 40000 stored, 1 missing at the end, 0 failed Loads of stored keys; first: final Load(16777216) = 0, false"},
				Range: &rangeCheck{Lived: ms(900), Evidence: "range-haxmap", Result: maptest.RangeResult{
					Ranges: 200, Concurrent: 190, Rounds: 6, Missed: 1, MissedKeys: 1, After: 30, AfterKeys: 90}},
				Expected: []string{"conformance, as the registry declares: keytype=int/capacity=0: seed 1 op 9 key 0: Len = 3, want 2 (and 1 more of 4 cases)",
					"grow under -race: lost keys: Len 40000 of 40000 stored, 1 missing at the end, 0 failed Loads of stored keys; first: final Load(16777216) = 0, false",
					"rangesem: 1 of 200 Ranges missed a key present throughout (1 keys in all); first: Range 3: stable key 7 missed"},
			},
			{
				Info:    info("unsafe"),
				Conform: passed,
				Race:    raceCheck{Reports: 1, Status: "exit status 66", Lived: ms(30), Evidence: "race-unsafe"},
				Runs: []unsafeRun{
					{Index: 1, Kind: KindWrites, Detail: "fatal error: concurrent map writes", Status: "signal: aborted", Lived: ms(12)},
					{Index: 2, Kind: KindIterWrite, Detail: "fatal error: concurrent map iteration and map write", Status: "signal: aborted", Lived: ms(8)},
					{Index: 3, Kind: KindNone, Detail: "finished undetected: Len 39998 of 40000 keys stored, 2 missing at the end", Status: "exit status 0", Lived: ms(40)},
					{Index: 4, Kind: KindOther, Detail: "panic: a | b", Status: "exit status 2", Lived: ms(5)},
				},
			},
		},
		Evidence: []evidence{
			{Name: "race-syncmap", Title: "first of 2 race report(s) for strategy syncmap"},
			{Name: "conformance-haxmap", Title: "strategy haxmap, conformance check: 2 of 4 cases failed"},
			{Name: "grow-haxmap", Title: "strategy haxmap, grow scenario under -race"},
			{Name: "range-haxmap", Title: "strategy haxmap, Range under writes"},
			{Name: "concurrent-map-writes", Title: "strategy unsafe, run 1 of 4 without -race"},
			{Name: "race-unsafe", Title: "first of 1 race report(s) for strategy unsafe"},
		},
	}
}

// TestMarkdownGolden checks the whole report against testdata/report.golden.md.
func TestMarkdownGolden(t *testing.T) {
	m := sampleMatrix(t)
	files := map[string]string{}
	for _, e := range m.Evidence {
		files[e.Name] = "safety-go1.26.8-20261123T172009Z." + e.Name + ".txt"
	}
	got := []byte(m.markdown(files))
	golden.Check(t, reportGolden, got, *update)

	// Unsaved evidence is named as such.
	unsaved := m.markdown(nil)
	if !strings.Contains(unsaved, "- race-unsafe (not saved): first of 1") ||
		!strings.Contains(unsaved, "**FAIL**: 2 race report(s) (race-syncmap (not saved))") {
		t.Errorf("report without saved evidence:\n%s", unsaved)
	}
}

// TestMarkdownNothingKept checks the report of a clean matrix with no evidence.
func TestMarkdownNothingKept(t *testing.T) {
	m := sampleMatrix(t)
	m.Strategies, m.Evidence, m.Toolchain = m.Strategies[:1], nil, ""
	got := m.markdown(nil)
	for _, want := range []string{"result: ok\n", "## Evidence\n\nNone kept.\n\n## Notes\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"gotoolchain:", "Failures:", "run by run"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("report has %q:\n%s", unwanted, got)
		}
	}
}
