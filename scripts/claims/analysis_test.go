package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// classic123 is what the growth probe printed on go1.23.12, cut to the first events, a
// doubling and the events around 65,000: bucket arrays doubling, overflow buckets (144 B) and the slices
// that keep them.
const classic123 = `inserted 300000
alloc n=9 objects=1 bytes=288
alloc n=13 objects=4 bytes=200
alloc n=14 objects=1 bytes=576
alloc n=21 objects=4 bytes=200
alloc n=27 objects=1 bytes=1152
alloc n=51 objects=3 bytes=176
alloc n=53 objects=1 bytes=2688
alloc n=74 objects=2 bytes=32
alloc n=26625 objects=1 bytes=1253376
alloc n=51671 objects=2 bytes=18576
alloc n=53249 objects=1 bytes=2506752
alloc n=53719 objects=1 bytes=256
alloc n=63867 objects=1 bytes=4864
alloc n=100790 objects=1 bytes=131072
alloc n=103565 objects=2 bytes=32912
alloc n=106497 objects=1 bytes=5013504
alloc n=106831 objects=1 bytes=144
`

func TestClassifyClassic(t *testing.T) {
	events, inserted, err := parseGrowth(classic123)
	if err != nil {
		t.Fatal(err)
	}
	if inserted != 300000 {
		t.Errorf("inserted = %d, want 300000", inserted)
	}
	var growth, whole []int
	for _, e := range events {
		if e.Growth {
			growth = append(growth, e.N)
		}
		if e.Whole {
			whole = append(whole, e.N)
		}
	}
	want := []int{9, 14, 27, 53, 26625, 53249, 106497}
	if !slices.Equal(growth, want) {
		t.Errorf("growth at %v, want %v", growth, want)
	}
	if !slices.Equal(whole, want) {
		t.Errorf("whole-map growth at %v, want %v", whole, want)
	}
	s := summarizeGrowth(events, inserted)
	if s.at != nil || s.before == nil || s.before.First != 53249 || s.after == nil || s.after.First != 106497 {
		t.Errorf("waves around 65,000: before %v, at %v, after %v; want 53,249, none, 106,497", s.before, s.at, s.after)
	}
}

func TestClassifySwiss(t *testing.T) {
	// A table growing to 1,024 slots, then splits of one table (two new tables of
	// 18,464 B) in two waves.
	var b strings.Builder
	b.WriteString("inserted 100000\n")
	for _, l := range []string{"9 3 328", "15 2 608", "29 2 1184", "57 2 2336", "113 2 4896", "225 2 9504", "449 2 18464", "897 5 36944"} {
		f := strings.Fields(l)
		b.WriteString("alloc n=" + f[0] + " objects=" + f[1] + " bytes=" + f[2] + "\n")
	}
	for n := 1786; n <= 1800; n += 7 {
		b.WriteString("alloc n=" + itoa(n) + " objects=4 bytes=36928\n")
	}
	for n := 60000; n <= 70000; n += 250 {
		b.WriteString("alloc n=" + itoa(n) + " objects=4 bytes=36928\n")
	}
	events, _, err := parseGrowth(b.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if !e.Growth {
			t.Errorf("n=%d (%d B) not classified as growth", e.N, e.Bytes)
		}
		if e.N >= 60000 && e.Whole {
			t.Errorf("n=%d: one table's split classified as growth of the whole map", e.N)
		}
	}
	ws := waves(events)
	last := ws[len(ws)-1]
	if last.First != 60000 || last.Last != 70000 || last.Count != 41 {
		t.Errorf("last wave %+v, want 60,000-70,000 with 41 allocations", last)
	}
	s := summarizeGrowth(events, 100000)
	if s.at == nil || s.near == 0 {
		t.Errorf("the wave around 65,000 is not found: %+v", s)
	}
}

func itoa(n int) string { return strings.ReplaceAll(count(n), ",", "") }

func TestParseTraceback(t *testing.T) {
	for _, tt := range []struct {
		file                 string
		goroutines, parked   int
		runtimeFramesAtLeast int
		fatal                string
	}{
		{"testdata/evidence/go1.23.12-traceback-default.txt", 6, 3, 0, "concurrent map read and map write"},
		{"testdata/evidence/go1.26.8-traceback-default.txt", 1, 0, 0, "concurrent map read and map write"},
		{"testdata/evidence/go1.26.8-traceback-crash.txt", 10, 3, 10, "concurrent map read and map write"},
	} {
		b, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		e, err := parseEvidence(string(b))
		if err != nil {
			t.Fatal(err)
		}
		tb := parseTraceback(e.Stderr)
		if tb.Goroutines != tt.goroutines || tb.States["chan receive"] != tt.parked || tb.Fatal != tt.fatal || tb.RuntimeFrames < tt.runtimeFramesAtLeast {
			t.Errorf("%s: %+v; want %d goroutines, %d parked, at least %d runtime frames, fatal %q", tt.file, tb, tt.goroutines, tt.parked, tt.runtimeFramesAtLeast, tt.fatal)
		}
	}
	crash := "fatal error: concurrent map writes\n\ngoroutine 7 gp=0xc000 m=3 mp=0xc0 [running]:\nruntime.fatal({0x1, 0x2})\n\truntime/panic.go:1 +0x1\n\ngoroutine 1 gp=0xc001 m=nil [chan receive, 2 minutes]:\nmain.main()\n\ngoroutine 9 [running]:\n\tgoroutine running on other thread; stack unavailable\n"
	tb := parseTraceback(crash)
	if tb.Goroutines != 3 || tb.States["chan receive"] != 1 || tb.States["running"] != 2 || tb.RuntimeFrames != 1 || tb.Fatal != "concurrent map writes" {
		t.Errorf("parseTraceback = %+v", tb)
	}
	if tb := parseTraceback("no crash\n"); tb.Goroutines != 0 || tb.Fatal != "" {
		t.Errorf("a run without a crash: %+v", tb)
	}
}

func TestGCTraceCounts(t *testing.T) {
	in := "gc 1 @0.016s 0%: 0.18+0.48+0.006 ms clock, 3->4->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n" +
		"gc 2 @0.024s 0%: 0.10+3.8+0.002 ms clock, 2 P (forced)\n" +
		"map grow: 8 -> 16 buckets\n"
	gc, mapLines := gctraceCounts(in)
	if gc != 2 || len(mapLines) != 1 {
		t.Errorf("gctraceCounts = %d, %q; want 2 and the map line", gc, mapLines)
	}
}

func TestPhrase(t *testing.T) {
	ns := []string{"go1.23.12", "go1.24.13", "go1.25.14", "go1.26.8"}
	for _, tt := range []struct {
		ts   []truth
		want string
	}{
		{[]truth{fails, fails, fails, fails}, "**False**"},
		{[]truth{holds, fails, fails, fails}, "**True on go1.23.12, false from go1.24.13**"},
		{[]truth{holds, holds, fails, fails}, "**True up to go1.24.13, false from go1.25.14**"},
		{[]truth{fails, holds, holds, undetermined}, "**False on go1.23.12, true on go1.24.13 to go1.25.14, undetermined on go1.26.8**"},
	} {
		if got := phrase(ns, tt.ts); got != tt.want {
			t.Errorf("phrase(%v) = %q, want %q", tt.ts, got, tt.want)
		}
	}
}

func TestEvidenceRoundTrip(t *testing.T) {
	for _, e := range []evidence{
		{Command: "GOTRACEBACK=crash ./traceback", Status: "signal: aborted", Attempts: "2 of 10", Stdout: "goroutines 6 parked 3\n", Stderr: "fatal error: x\n"},
		{Command: "./allocs", Status: "exit status 0", Stdout: "", Stderr: ""},
		{Command: "./x", Status: "exit status 1", Stdout: "no newline\n", Stderr: "err"},
	} {
		got, err := parseEvidence(e.String())
		if err != nil || got != e {
			t.Errorf("parseEvidence(%q) = %+v, %v; want %+v", e.String(), got, err, e)
		}
	}
	ls := []loc{{Key: keyGCPrint, File: "src/runtime/mgc.go", Line: 1231, Text: `print("gc ", memstats.numgc,`}, {Key: "atomic runtime.mapiterinit", File: "src/runtime/map.go", Line: 917, If: "if old := h.flags; old&(iterator|oldIterator) != iterator|oldIterator {", Text: "atomic.Or8(&h.flags, iterator|oldIterator)"}}
	got, err := parseSources(writeSources("go1.23.12", ls))
	if err != nil || !slices.Equal(got, ls) {
		t.Errorf("parseSources = %+v, %v; want %+v", got, err, ls)
	}
}

func TestRangeRow(t *testing.T) {
	name := syncMapStrategy().Name
	if name == "" {
		t.Fatal("no sync.Map strategy in the registry")
	}
	report := "# x\n\n## Range semantics in detail\n\ntext\n\n| strategy | Ranges | keys missed |\n| --- | --- | --- |\n| other | 1 | 0 |\n| " + name + " | 200 | 0 |\n\n## Evidence\n\n| " + name + " | 9 | 9 |\n"
	h, r := rangeRow(report, name)
	if !slices.Equal(h, []string{"strategy", "Ranges", "keys missed"}) || !slices.Equal(r, []string{name, "200", "0"}) {
		t.Errorf("rangeRow = %q, %q", h, r)
	}
	if _, r := rangeRow("## Other\n| "+name+" | 1 |\n", name); r != nil {
		t.Errorf("a row outside the section: %q", r)
	}
}
