package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
)

// growthAround is the entry count the growth claim names; the claim holds under a
// toolchain when the whole map grows within growthSlack of it.
const (
	growthAround = 65_000
	growthSlack  = growthAround / 20 // 5%
)

// claimGCTrace checks "GODEBUG=gctrace=1 prints map growth".
func claimGCTrace(dir string, vs []*version) claim {
	c := claim{Title: "`GODEBUG=gctrace=1` prints map growth.", Anchor: "claim-gctrace"}
	t := markdown.Table{Header: []string{"Go", "gc trace lines", "lines about maps or growth", "gc trace line printed at", "lines that read debug.gctrace", "in map code", "evidence"}, NumFrom: 7}
	var items []string
	for _, v := range vs {
		e := v.Runs[probeGCTrace]
		gc, mapLines := gctraceCounts(e.Stderr)
		tr := undetermined
		if gc > 0 {
			tr = fails
		}
		if len(mapLines) > 0 {
			tr = holds
		}
		c.Truths = append(c.Truths, tr)
		printed := "not found"
		if l, ok := v.one(keyGCPrint); ok {
			printed = cite(l, "")
		}
		reads := v.all(keyGCRead)
		inMaps := 0
		for _, l := range reads {
			if isMapFile(l.File) {
				inMaps++
			}
		}
		t.Add(v.Name, fmt.Sprint(gc), fmt.Sprint(len(mapLines)), printed, fmt.Sprint(len(reads)), fmt.Sprint(inMaps), evLink(dir, v, probeGCTrace, v.file(probeGCTrace)))
		items = append(items, fmt.Sprintf("%d lines about maps or growth among %d gc trace lines", len(mapLines), gc))
	}
	c.Evidence = group(names(vs), items)
	c.Details = append(c.Details,
		"Probe `scripts/claims/probes/gctrace`: grows a `map[int]int` to 1,000,000 entries and forces a collection every 250,000 inserts; run as `"+vs[0].Runs[probeGCTrace].Command+"`. A gc trace line starts `gc N @`; a line about maps is any other line with the words map, grow, bucket, evacuate, split or rehash.",
		t.String()+"The trace is one line per collection, printed by the line cited above; the runtime reads the setting only in the places counted, none of them in the map implementation (`src/runtime/map*.go`, `src/internal/runtime/maps`). Every place is listed in each toolchain's sources file: "+sourceLinks(dir, vs)+".")
	return c
}

// isMapFile reports whether a GOROOT file belongs to the map implementation.
func isMapFile(file string) bool {
	return strings.HasPrefix(file, "src/runtime/map") || strings.HasPrefix(file, "src/internal/runtime/maps/")
}

// sourceLinks links every toolchain's sources evidence file.
func sourceLinks(dir string, vs []*version) string {
	links := make([]string, len(vs))
	for i, v := range vs {
		links[i] = evLink(dir, v, sourcesProbe, v.Name)
	}
	return strings.Join(links, ", ")
}

// goroutineCounts reads the traceback probe's "goroutines N parked M" line.
func goroutineCounts(stdout string) (total, parked int) {
	for _, line := range strings.Split(stdout, "\n") {
		if n, _ := fmt.Sscanf(line, "goroutines %d parked %d", &total, &parked); n == 2 {
			return total, parked
		}
	}
	return 0, 0
}

// claimTraceback checks "GOTRACEBACK=crash shows every goroutine for concurrent map read
// and map write".
func claimTraceback(dir string, vs []*version) claim {
	c := claim{Title: "`GOTRACEBACK=crash` shows every goroutine for `concurrent map read and map write`.", Anchor: "claim-traceback"}
	t := markdown.Table{Header: []string{"Go", "GOTRACEBACK", "fatal error", "goroutines shown", "parked goroutines shown", "runtime frames", "ended with", "attempts", "evidence"}, NumFrom: 9}
	var crashItems, defaultItems []string
	for _, v := range vs {
		for _, p := range []string{probeTBDefault, probeTBCrash} {
			e := v.Runs[p]
			total, parked := goroutineCounts(e.Stdout)
			tb := parseTraceback(e.Stderr)
			setting := "crash"
			if p == probeTBDefault {
				setting = "unset (default)"
			}
			fatal := tb.Fatal
			if fatal == "" {
				fatal = "none (no crash)"
			}
			shown := fmt.Sprintf("%d (the program has %d)", tb.Goroutines, total)
			t.Add(v.Name, setting, fatal, shown, fmt.Sprintf("%d of %d", tb.States["chan receive"], parked),
				fmt.Sprint(tb.RuntimeFrames), e.Status, e.Attempts, evLink(dir, v, p, v.file(p)))
			all := tb.Fatal != "" && tb.States["chan receive"] >= parked && tb.Goroutines >= total && total > 0
			switch {
			case p == probeTBDefault && tb.Fatal != "":
				defaultItems = append(defaultItems, fmt.Sprintf("%d of %d goroutines", tb.Goroutines, total))
			case p == probeTBDefault:
				defaultItems = append(defaultItems, "no crash")
			case tb.Fatal == "":
				c.Truths = append(c.Truths, undetermined)
				crashItems = append(crashItems, "no crash")
			case all:
				c.Truths = append(c.Truths, holds)
				crashItems = append(crashItems, fmt.Sprintf("all %d goroutines and the runtime's own (%d headers), %s", total, tb.Goroutines, e.Status))
			default:
				c.Truths = append(c.Truths, fails)
				crashItems = append(crashItems, fmt.Sprintf("%d of %d goroutines", tb.Goroutines, total))
			}
		}
	}
	c.Evidence = "crash: " + group(names(vs), crashItems) + ". Default: " + group(names(vs), defaultItems) + "."
	c.Details = append(c.Details,
		"Probe `scripts/claims/probes/traceback`: one goroutine writes a `map[int]int` while another reads it, three more wait on a channel, and main sleeps; run as `"+vs[0].Runs[probeTBDefault].Command+"` (GOTRACEBACK unset) and as `"+vs[0].Runs[probeTBCrash].Command+"`. The runtime's check is best-effort, so a run that ends without the fatal error is repeated, up to the number of attempts shown. *Goroutines shown* counts the headers `goroutine N [...]:`; *runtime frames* counts frames in the runtime's own packages.",
		t.String()+"The claim holds where the crash run shows the fatal error and every goroutine of the program, the parked ones included; with GOTRACEBACK=crash the runtime's own goroutines are shown too, and the process ends with SIGABRT.")
	return c
}

// growthSummary is what the growth claim says about one toolchain.
type growthSummary struct {
	inserted, events, growth int
	whole                    []allocEvent // whole-map growths
	near                     int          // growth allocations within growthSlack of growthAround
	before, after            *wave        // the waves nearest growthAround below and above it
	at                       *wave        // a wave whose median is within growthSlack of growthAround
	lo, hi                   int
}

func summarizeGrowth(events []allocEvent, inserted int) growthSummary {
	s := growthSummary{inserted: inserted, events: len(events), lo: growthAround - growthSlack, hi: growthAround + growthSlack}
	for _, e := range events {
		if !e.Growth {
			continue
		}
		s.growth++
		if e.Whole {
			s.whole = append(s.whole, e)
		}
		if e.N >= s.lo && e.N <= s.hi {
			s.near++
		}
	}
	for _, w := range waves(events) {
		switch {
		case w.Median >= s.lo && w.Median <= s.hi:
			s.at = &w
		case w.Median < s.lo:
			s.before = &w
		case s.after == nil:
			s.after = &w
		}
	}
	return s
}

// wholeList writes the whole-map growth points: "9 (288 B), 14 (576 B)".
func wholeList(ws []allocEvent) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%s (%s B)", count(w.N), count(w.Bytes))
	}
	return strings.Join(parts, ", ")
}

// waveText writes a wave, or "none" for nil.
func waveText(w *wave) string {
	if w == nil {
		return "none"
	}
	return w.String()
}

// growthItem is the growth claim's evidence cell for one toolchain: where the growth
// nearest growthAround is centred ("53,249 and 106,497", "waves centred at 57,516 and
// 114,737").
func growthItem(s growthSummary) string {
	ws := slices.DeleteFunc([]*wave{s.before, s.at, s.after}, func(w *wave) bool { return w == nil })
	var at []string
	multi := false
	for _, w := range ws {
		at = append(at, count(w.Median))
		multi = multi || w.Count > 1
	}
	if multi {
		return "tables split in waves centred at " + strings.Join(at, " and ")
	}
	return "the whole map grows at " + strings.Join(at, " and ")
}

// claimGrowth checks "growth happens at about 65,000 entries".
func claimGrowth(dir string, vs []*version) (claim, error) {
	c := claim{Title: "Growth happens at about 65,000 entries.", Anchor: "claim-growth"}
	window := count(growthAround-growthSlack) + "–" + count(growthAround+growthSlack)
	t := markdown.Table{Header: []string{"Go", "inserts", "whole-map growth at (entries after the insert, bytes allocated)", "growth allocations", "smaller allocations",
		"wave before", "wave centred in " + window, "wave after", "growth allocations in " + window, "evidence"}, NumFrom: 10}
	var items, centred, consts []string
	for _, v := range vs {
		events, inserted, err := parseGrowth(v.Runs[probeGrowth].Stdout)
		if err != nil {
			return c, fmt.Errorf("%s: %w", v.file(probeGrowth), err)
		}
		s := summarizeGrowth(events, inserted)
		c.Truths = append(c.Truths, map[bool]truth{true: holds, false: fails}[s.at != nil])
		items = append(items, growthItem(s))
		centred = append(centred, map[bool]string{true: "yes", false: "none"}[s.at != nil])
		t.Add(v.Name, count(s.inserted), wholeList(s.whole), count(s.growth), count(s.events-s.growth),
			waveText(s.before), waveText(s.at), waveText(s.after), fmt.Sprint(s.near), evLink(dir, v, probeGrowth, v.file(probeGrowth)))
		var cs []string
		for _, k := range []string{keyLoadNum, keyLoadDen, keyOverLoad, keyMaxTable, keyMaxLoad, keySplit} {
			if l, ok := v.one(k); ok {
				cs = append(cs, fmt.Sprintf("`%s` at %s", l.Text, cite(l, "")))
			}
		}
		consts = append(consts, "- "+v.Name+": "+strings.Join(cs, "; "))
	}
	c.Evidence = fmt.Sprintf("Growth nearest %s: %s; centred within %s–%s: %s.", count(growthAround), group(names(vs), items),
		count(growthAround-growthSlack), count(growthAround+growthSlack), group(names(vs), centred))
	c.Details = append(c.Details,
		fmt.Sprintf("Probe `scripts/claims/probes/growth`: inserts the keys 0 to %s into `make(map[int]int)` and reads `runtime.ReadMemStats` after every insert (it flushes the per-P caches, so small objects count at once; `runtime/metrics` counts them a span at a time), with the collector off; run as `%s`. An insert that allocates at least %d B and at least half as much as the largest growth before it is a *growth allocation* (a new bucket array, a new table, or the two halves of a split table); the smaller ones are overflow buckets and the slices that keep them. A growth allocation of at least a quarter of everything the map allocated so far is a growth of the *whole map*. Growth allocations each within a tenth of the map's length of the one before form a *wave*; the claim holds where a wave's median length lies within 5%% of %s.",
			count(growthKeys-1), vs[0].Runs[probeGrowth].Command, minGrowthBytes, count(growthAround)),
		t.String()+"The source constants that set these points:",
		strings.Join(consts, "\n")+"\n\nThe classic map (go1.23) doubles its bucket array when the count would pass 6.5 per bucket (`loadFactorNum/loadFactorDen` = 13/2), at 8 × 6.5 × 2^B + 1 entries: 53,249 and 106,497 around 65,000, nothing at 65,536. Swiss tables (go1.24 on) grow one table at a time, each up to `maxTableCapacity` slots filled to 7/8 (`maxAvgGroupLoad` of 8), then split it in two: past a few thousand entries no single insert grows the whole map, but the hash fills the tables evenly, so they reach their limit at about the same length and split in waves, around 2^k tables × 896 entries (`maxTableCapacity` × 7/8; 64 tables: 57,344).")
	return c, nil
}
