package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	// gcLine is a line the runtime prints under GODEBUG=gctrace=1 at the end of a cycle.
	gcLine = regexp.MustCompile(`^gc \d+ @`)
	// mapWords finds a line that speaks of maps or their growth.
	mapWords = regexp.MustCompile(`(?i)\bmaps?\b|grow|bucket|evacuat|split|rehash`)
	// goroutineHeader is the first line of a goroutine in a traceback: "goroutine 7
	// [chan receive]:", or with GOTRACEBACK=crash "goroutine 7 gp=0x... m=nil [...]:".
	goroutineHeader = regexp.MustCompile(`^goroutine \d+ (?:[^\[]* )?\[([^\]]*)\]:$`)
	// runtimeFrame is a frame's function line in the runtime's own packages.
	runtimeFrame = regexp.MustCompile(`^(?:runtime|internal/runtime/[a-z/]+)\.[^ ]*\(`)
)

// gctraceCounts counts, in a run's standard error, the gc trace lines and the lines that
// mention maps or growth, and returns the latter.
func gctraceCounts(stderr string) (gcLines int, mapLines []string) {
	for _, line := range strings.Split(stderr, "\n") {
		switch {
		case gcLine.MatchString(line):
			gcLines++
		case mapWords.MatchString(line):
			mapLines = append(mapLines, line)
		}
	}
	return gcLines, mapLines
}

// tracebackInfo is what a fatal error's output shows.
type tracebackInfo struct {
	Fatal         string         // the fatal error, without "fatal error: "; "" when none
	Goroutines    int            // goroutine headers
	States        map[string]int // headers by state: running, chan receive, ...
	RuntimeFrames int            // frames in runtime and internal/runtime packages
}

// parseTraceback reads a crashed run's standard error.
func parseTraceback(stderr string) tracebackInfo {
	t := tracebackInfo{States: map[string]int{}}
	for _, line := range strings.Split(stderr, "\n") {
		if f, ok := strings.CutPrefix(line, fatalPrefix); ok && t.Fatal == "" {
			t.Fatal = strings.TrimSpace(f)
		}
		if m := goroutineHeader.FindStringSubmatch(line); m != nil {
			t.Goroutines++
			state, _, _ := strings.Cut(m[1], ",") // "chan receive, 2 minutes"
			t.States[state]++
		}
		if runtimeFrame.MatchString(line) {
			t.RuntimeFrames++
		}
	}
	return t
}

// An allocEvent is one insert that allocated, as the growth probe prints it.
type allocEvent struct {
	N       int // the map's length after the insert
	Objects int
	Bytes   int
	// Growth: the insert allocated at least minGrowthBytes and at least half as much as
	// the largest growth before it: a new bucket array, table or pair of split tables.
	// Smaller events are overflow buckets and the slices that keep them.
	Growth bool
	// Whole: a growth that allocated at least a quarter of all the bytes the map
	// allocated up to and including it: the whole map grew (a classic map doubling its
	// buckets, a Swiss map while it has few tables), not one table of many.
	Whole bool
}

// parseGrowth reads the growth probe's standard output and classifies its events.
func parseGrowth(stdout string) (events []allocEvent, inserted int, err error) {
	for _, line := range strings.Split(stdout, "\n") {
		if s, ok := strings.CutPrefix(line, "inserted "); ok {
			if inserted, err = strconv.Atoi(s); err != nil {
				return nil, 0, fmt.Errorf("growth probe: %q: %w", line, err)
			}
			continue
		}
		var e allocEvent
		if !strings.HasPrefix(line, "alloc ") {
			continue
		}
		if _, err := fmt.Sscanf(line, "alloc n=%d objects=%d bytes=%d", &e.N, &e.Objects, &e.Bytes); err != nil {
			return nil, 0, fmt.Errorf("growth probe: %q: %w", line, err)
		}
		events = append(events, e)
	}
	if inserted == 0 {
		return nil, 0, fmt.Errorf("growth probe: no %q line", "inserted N")
	}
	return classify(events), inserted, nil
}

// minGrowthBytes is the least a growth allocates: a bucket array or table has at least
// two buckets or groups of 8 slots, 2 × 144 B for a map[int]int (classic buckets and
// Swiss groups alike), while one overflow bucket with its bookkeeping stays below.
const minGrowthBytes = 256

// classify marks the growth events and, among them, the whole-map ones.
func classify(events []allocEvent) []allocEvent {
	maxGrowth, total := 0, 0
	for i := range events {
		e := &events[i]
		total += e.Bytes
		if e.Bytes >= minGrowthBytes && 2*e.Bytes >= maxGrowth {
			e.Growth = true
			maxGrowth = max(maxGrowth, e.Bytes)
			e.Whole = 4*e.Bytes >= total
		}
	}
	return events
}

// A wave is a run of growth allocations, each within a tenth of the map's length of the
// one before: a classic map's doubling is a wave of one; a Swiss map's tables, filled
// evenly by the hash, split in waves of many.
type wave struct {
	First, Last, Median int // map lengths
	Count, Bytes        int
}

// waves groups the growth events into waves.
func waves(events []allocEvent) []wave {
	var ws []wave
	var ns []int
	flush := func() {
		if len(ns) > 0 {
			w := &ws[len(ws)-1]
			w.First, w.Last, w.Median, w.Count = ns[0], ns[len(ns)-1], ns[len(ns)/2], len(ns)
		}
		ns = ns[:0]
	}
	for _, e := range events {
		if !e.Growth {
			continue
		}
		if len(ns) == 0 || e.N-ns[len(ns)-1] > ns[len(ns)-1]/10 {
			flush()
			ws = append(ws, wave{})
		}
		ns = append(ns, e.N)
		ws[len(ws)-1].Bytes += e.Bytes
	}
	flush()
	return ws
}

// String writes a wave: "53,249" or "50,112–61,907 (52 growth allocations, median
// 57,040)".
func (w wave) String() string {
	if w.Count == 1 {
		return count(w.First)
	}
	return fmt.Sprintf("%s–%s (%d growth allocations, median %s)", count(w.First), count(w.Last), w.Count, count(w.Median))
}

// parseAllocs reads the allocs probe's "allocs NAME VALUE" lines.
func parseAllocs(stdout string) (map[string]float64, error) {
	m := map[string]float64{}
	for _, line := range strings.Split(stdout, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "allocs" {
			continue
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("allocs probe: %q: %w", line, err)
		}
		m[f[1]] = v
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("allocs probe: no %q lines", "allocs NAME VALUE")
	}
	return m, nil
}
