package main

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
)

// Kind is what ended a run of the unsafe baseline without -race.
type Kind string

// The runtime's map race checks. Each is a fatal error (not a panic: recover cannot catch
// it) in every Go version the suite covers, from the classic hash map to Swiss tables.
const (
	KindWrites     Kind = "concurrent map writes"
	KindReadWrite  Kind = "concurrent map read and map write"
	KindIterWrite  Kind = "concurrent map iteration and map write"
	KindCloneWrite Kind = "concurrent map clone and map write"
)

// Outcomes of a run that no map race check ended.
const (
	KindNone  Kind = "none"  // the run finished: the races went undetected
	KindHung  Kind = "hung"  // the run outlived its timeout and was killed
	KindOther Kind = "other" // the run died some other way (another fatal error, a signal, ...)
)

// mapKinds lists the map race checks in the order the report shows them.
var mapKinds = []Kind{KindWrites, KindReadWrite, KindIterWrite, KindCloneWrite}

// slug is a file-name form of k.
func (k Kind) slug() string { return strings.ReplaceAll(string(k), " ", "-") }

// classifyCrash reads a crashed process's standard error. It returns the map race check
// named by the first "fatal error:" line, or KindOther and the line that says what
// happened instead ("fatal error: ...", "panic: ...", "SIGSEGV: ..."). With no such line
// it returns KindOther and "".
func classifyCrash(stderr []byte) (Kind, string) {
	sc := bufio.NewScanner(bytes.NewReader(stderr))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if msg, ok := strings.CutPrefix(line, "fatal error: "); ok {
			if slices.Contains(mapKinds, Kind(msg)) {
				return Kind(msg), line
			}
			return KindOther, line
		}
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "unexpected fault address") ||
			strings.HasPrefix(line, "SIGSEGV: ") || strings.HasPrefix(line, "SIGBUS: ") {
			return KindOther, line
		}
	}
	return KindOther, ""
}

// raceMarker starts every report of the race detector.
const raceMarker = "WARNING: DATA RACE"

// raceReports counts the race detector's reports in stderr.
func raceReports(stderr []byte) int { return bytes.Count(stderr, []byte(raceMarker)) }

// firstRaceReport returns the first race report in stderr, from its "WARNING: DATA RACE"
// line to the "==================" line that closes it, or "" when there is none.
func firstRaceReport(stderr []byte) string {
	s := string(stderr)
	i := strings.Index(s, raceMarker)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, "\n=================="); j >= 0 {
		s = s[:j+1]
	}
	return s
}

// mapFramePrefixes name the functions of the built-in map's implementation in a
// traceback: <=1.23 runtime.mapassign*, runtime.mapaccess*, runtime.mapiternext,
// runtime.hashGrow, runtime.growWork*, runtime.evacuate*; >=1.24 the same entry points
// (now in internal/runtime/maps) and internal/runtime/maps.(*table).grow, .rehash, .split
// and the like; maps.clone for maps.Clone.
var mapFramePrefixes = []string{
	"runtime.map",
	"runtime.hashGrow",
	"runtime.growWork",
	"runtime.evacuate",
	"internal/runtime/maps.",
	"maps.clone",
}

// callerFrames is how many frames of the map's caller trimTraceback keeps.
const callerFrames = 3

// keptFramePrefixes are the other runtime frames worth keeping: the ones that raise the
// fatal error.
var keptFramePrefixes = []string{"runtime.fatal", "runtime.throw"}

func isMapFrame(fn string) bool { return hasAnyPrefix(fn, mapFramePrefixes) }

func isRuntimeFrame(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/")
}

// trimTraceback shortens a crash's traceback to what shows the map race check at work:
// the "fatal error:" line, and of the goroutines, only those with a frame in the map's
// implementation. Of each such goroutine it keeps the header, the map frames, the frames
// that raise the fatal error, the first frames of the caller outside the runtime (the
// strategy's method and the scenario) and the "created by" frame; "..." stands for what
// it leaves out. The fp=, sp= and pc= columns that GOTRACEBACK=crash adds are dropped.
func trimTraceback(stderr []byte) string {
	lines := strings.Split(strings.ReplaceAll(string(stderr), "\r\n", "\n"), "\n")
	var out []string
	if i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "fatal error: ") }); i >= 0 {
		out = append(out, lines[i])
	}
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "goroutine ") || !strings.HasSuffix(lines[i], ":") {
			continue
		}
		header := lines[i]
		// The frames: a function line, then a tab-indented location line.
		type frame struct{ fn, loc string }
		var frames []frame
		j := i + 1
		for ; j < len(lines) && lines[j] != ""; j++ {
			if strings.HasPrefix(lines[j], "\t") {
				if n := len(frames); n > 0 && frames[n-1].loc == "" {
					frames[n-1].loc = trimColumns(lines[j])
				}
				continue
			}
			frames = append(frames, frame{fn: lines[j]})
		}
		i = j
		keep := make([]bool, len(frames))
		anyMap := false
		for k, f := range frames {
			name := funcName(f.fn)
			switch {
			case isMapFrame(name):
				keep[k], anyMap = true, true
			case hasAnyPrefix(name, keptFramePrefixes) || strings.HasPrefix(f.fn, "created by "):
				keep[k] = true
			}
		}
		if !anyMap {
			continue
		}
		// The first frames outside the runtime below the map frames: who called the map
		// (an inlined call shows twice).
		for k, f := range frames {
			if keep[k] && isMapFrame(funcName(f.fn)) {
				for c, n := k+1, 0; c < len(frames) && n < callerFrames; c++ {
					if !isRuntimeFrame(funcName(frames[c].fn)) && !strings.HasPrefix(frames[c].fn, "created by ") {
						keep[c] = true
						n++
					}
				}
			}
		}
		out = append(out, "", header)
		skipped := false
		for k, f := range frames {
			if !keep[k] {
				skipped = true
				continue
			}
			if skipped {
				out = append(out, "\t...")
				skipped = false
			}
			out = append(out, f.fn)
			if f.loc != "" {
				out = append(out, f.loc)
			}
		}
		if skipped {
			out = append(out, "\t...")
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// funcName returns the function of a traceback line: "runtime.fatal({0x50b3c5, 0x15})"
// gives "runtime.fatal".
func funcName(line string) string {
	line = strings.TrimPrefix(line, "created by ")
	if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
		// Methods are written pkg.(*T).m(args): cut at the last "(" that opens the
		// argument list, which is the one the line ends with.
		return line[:i]
	}
	if i := strings.Index(line, " in goroutine "); i > 0 {
		return line[:i]
	}
	return line
}

// trimColumns drops the " fp=... sp=... pc=..." columns of a location line.
func trimColumns(loc string) string {
	if i := strings.Index(loc, " fp="); i >= 0 {
		return loc[:i]
	}
	return loc
}

func hasAnyPrefix(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}
