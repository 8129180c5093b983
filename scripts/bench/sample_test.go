package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/results"
	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
)

// newTestSampler returns a sampler over cfg's matrix with one configuration whose raw
// file is in dir, as execute sets it up.
func newTestSampler(t *testing.T, cfg *config, dir string, stderr *bytes.Buffer) *sampler {
	t.Helper()
	s, err := newSampler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f, path, err := results.CreateRaw(dir, "go1.26.8", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	tc := &toolchain.Toolchain{Name: "go1.26.8", GoVersion: "go1.26.8"}
	s.tcs = []toolchainRun{{Toolchain: tc, file: f, path: path, header: "goversion: go1.26.8\n"}}
	for _, gs := range s.groups {
		for _, g := range gs {
			s.tcs[0].cellsOf(g)
		}
	}
	s.stderr = stderr
	s.start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.deadline = s.start.Add(cfg.budget)
	s.prog = newProgress(stderr, s.start)
	return s
}

// TestGroups checks that every case of a workload runs with all its strategies next to
// each other, the A/A control's copy among them.
func TestGroups(t *testing.T) {
	cfg, err := newConfig(10, "1x", "1,2", "xsync,rwmutex,unsafe", "Grow,Overhead")
	if err != nil {
		t.Fatal(err)
	}
	cfg.control = "rwmutex"
	s, err := newSampler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Grow at 1 P: keys 2 x presize 2 x readers=0; Overhead: one group of its 6 cases.
	if n := len(s.groups[1]); n != 4+1 {
		t.Errorf("%d groups at 1 P, want 5", n)
	}
	g := s.groups[1][0]
	var strats []string
	for _, c := range g.cases {
		strats = append(strats, c.Strategy)
	}
	if want := []string{"xsync", "rwmutex", "unsafe", "rwmutex-again"}; !slices.Equal(strats, want) || g.key != "keys=1000/presize=false/readers=0" {
		t.Errorf("first group %s has strategies %v, want %v", g, strats, want)
	}
	// At 2 Ps unsafe is left out, readers=1 is in.
	if n := len(s.groups[2]); n != 8 {
		t.Errorf("%d groups at 2 Ps, want 8 (Grow only: Overhead runs at one P)", n)
	}
	for _, g := range s.groups[2] {
		if len(g.cases) != 3 {
			t.Errorf("%s has %d strategies, want 3", g, len(g.cases))
		}
	}
}

// TestLeftOut checks that a strategy named on the command line that a chosen workload
// leaves out is said so, with the reason, and only for that workload.
func TestLeftOut(t *testing.T) {
	var name, why string
	for _, s := range strategies.Infos() {
		if s.Concurrent && !s.UpdateAtomic {
			name, why = s.Name, s.Update
		}
	}
	if name == "" {
		t.Skip("every registered strategy has an atomic Update")
	}
	// Made by hand: newConfig refuses a strategy the gate excludes before any note.
	var works []*bench.Workload
	for _, n := range []string{"Mix", "Update"} {
		w, err := bench.Lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		works = append(works, w)
	}
	cfg := &config{workloads: works, strategies: []string{name, strategies.Base()}}
	notes := cfg.leftOut()
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "Update leaves out "+name+": ") || !strings.Contains(notes[0], why) {
		t.Errorf("leftOut() = %q, want one note that Update leaves out %s, with the reason", notes, name)
	}
}

// TestPassSink feeds a pass's output to the sink: results are kept or set aside by the
// canary, other lines are copied, progress reports each benchmark as it starts.
func TestPassSink(t *testing.T) {
	cfg, err := newConfig(10, "1x", "2", "xsync,rwmutex", "RapidGrow")
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	dir := t.TempDir()
	s := newTestSampler(t, cfg, dir, &stderr)
	s.canary.observe(70)
	tc := &s.tcs[0]
	s.prog.phase, s.prog.total = "round 1/10", 2
	sink := &passSink{s: s, tc: tc, pass: rawfile.Pass{N: 4, Procs: 2, Kind: "min"}, last: time.Now()}
	for _, chunk := range []string{
		"goos: linux\ncpu: Test\n",
		"BenchmarkRapidGrow/strategy=xsync-2   \t",
		"     100\t   12345 ns/op\t 75.0 canary-ns\n",
		"BenchmarkRapidGrow/strategy=rwmutex-2 \t     100\t   20000 ns/op\t 380.0 canary-ns\n",
		"PASS\n",
	} {
		sink.Write([]byte(chunk))
	}
	sink.flush()
	if sink.err != nil {
		t.Fatal(sink.err)
	}
	xs := tc.cells[cellKey{"BenchmarkRapidGrow/strategy=xsync", 2}]
	rw := tc.cells[cellKey{"BenchmarkRapidGrow/strategy=rwmutex", 2}]
	if !slices.Equal(xs.ns, []float64{12345}) || !slices.Equal(xs.passes, []int{4}) || len(rw.ns) != 0 || rw.setAside != 1 {
		t.Errorf("xsync kept %v (passes %v); rwmutex kept %v, set aside %d", xs.ns, xs.passes, rw.ns, rw.setAside)
	}
	raw, _ := os.ReadFile(tc.path)
	if !strings.Contains(string(raw), "goos: linux\ncpu: Test\nBenchmarkRapidGrow/strategy=xsync-2") || strings.Contains(string(raw), "rwmutex") || !strings.Contains(string(raw), "PASS") {
		t.Errorf("raw file:\n%s", raw)
	}
	slow, err := os.ReadFile(tc.slowPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"goversion: go1.26.8\n", "# Samples set aside", rawfile.Marker(sink.pass) + "\ngoos: linux\ncpu: Test\nBenchmarkRapidGrow/strategy=rwmutex-2"} {
		if !strings.Contains(string(slow), want) {
			t.Errorf("set-aside file lacks %q:\n%s", want, slow)
		}
	}
	if !strings.HasSuffix(tc.slowPath, "-go1.26.8"+rawfile.SetAsideSuffix) {
		t.Errorf("set-aside file %s", tc.slowPath)
	}
	for _, want := range []string{"[round 1/10: 0/2 0%", "] BenchmarkRapidGrow/strategy=xsync-2\n", "[round 1/10: 1/2 50%"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, stderr.String())
		}
	}
	if s.canary.fast[2] != 1 || s.canary.slow[2] != 1 {
		t.Errorf("canary counts fast %v slow %v", s.canary.fast, s.canary.slow)
	}
}

// TestWideGroupsAndReport checks which groups get extra passes, and the precision and
// A/A control report.
func TestWideGroupsAndReport(t *testing.T) {
	cfg, err := newConfig(10, "1x", "1", "xsync,rwmutex", "Grow")
	if err != nil {
		t.Fatal(err)
	}
	cfg.control = "rwmutex"
	var stderr bytes.Buffer
	s := newTestSampler(t, cfg, t.TempDir(), &stderr)
	tc := &s.tcs[0]
	tight := []float64{100, 101, 99, 100, 100, 101, 99, 100, 100, 100}
	loose := []float64{100, 130, 70, 100, 120, 80, 100, 140, 60, 100}
	for i, g := range s.groups[1] {
		for _, c := range tc.cellsOf(g) {
			c.cost = time.Second
			switch {
			case i == 1 && c.strategy == "xsync":
				c.ns = loose
			case i == 2 && c.strategy == "xsync":
				c.ns = tight[:7] // three set aside
				c.setAside = 3
			case i == 3 && c.strategy == "rwmutex-again":
				c.ns = []float64{200, 201, 199, 200, 200, 201, 199, 200, 200, 200} // the control differs
			default:
				c.ns = tight
			}
		}
	}
	ws := s.wideGroups()
	if len(ws) != 2 || ws[0].g != s.groups[1][2] || ws[1].g != s.groups[1][1] {
		t.Fatalf("wide groups: %+v", ws)
	}
	if ws[1].width < 0.2 || ws[1].cell != "go1.26.8 xsync" {
		t.Errorf("second wide group: %+v", ws[1])
	}
	// A group whose cells have the most samples allowed gets no more.
	var spread []float64
	for i := 0; i < 30; i++ {
		spread = append(spread, 50+float64(i*37%30)*100/29)
	}
	for _, c := range tc.cellsOf(s.groups[1][1]) {
		c.ns = spread
	}
	if ws := s.wideGroups(); len(ws) != 1 {
		t.Errorf("after the cap: %d wide groups, want 1", len(ws))
	}
	s.minimum, s.stopped = 10, "test"
	report := s.precisionReport(tc)
	for _, want := range []string{
		"A/A control: rwmutex and rwmutex-again (the same map under two names) differ significantly (p ≤ 0.05) in 1 of 4 cases (25.0%): FAILED",
		"3 set aside",
		"Precision (ns/op; B/entry for Memory): 9 of 12 cases within the target ±5%",
		"BenchmarkGrow/strategy=xsync/keys=1000/presize=true/readers=0",
		"(n=30)",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// TestThin checks that a default -cpu list is thinned to fit the budget, and a given one
// is not.
func TestThin(t *testing.T) {
	for _, given := range []bool{false, true} {
		cfg, err := newConfig(10, "1x", "1,2,4,8,16", "xsync", "RapidGrow")
		if err != nil {
			t.Fatal(err)
		}
		cfg.cpuGiven, cfg.budget = given, 6*time.Minute
		var stderr bytes.Buffer
		s := newTestSampler(t, cfg, t.TempDir(), &stderr)
		// One run takes 10 s: a pass is 10 s at every value, the minimum passes 500 s at
		// five values, 300 s at three; 85% of the budget is 306 s.
		s.passTime[1], s.passTime[16] = 10*time.Second, 10*time.Second
		s.thin()
		want := []int{1, 2, 4, 8, 16}
		if !given {
			want = []int{1, 4, 16}
		}
		if !slices.Equal(s.cpus, want) {
			t.Errorf("given=%v: thinned to %v, want %v (%s)", given, s.cpus, want, stderr.String())
		}
	}
}
