package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
)

// claimSyncMapRange checks "sync.Map cannot be ranged over".
func claimSyncMapRange(vs []*version, safety map[string]safetyReport) claim {
	c := claim{Title: "`sync.Map` cannot be ranged over.", Anchor: "claim-syncmap-range"}
	var where, items []string
	for _, v := range vs {
		l, ok := v.one(keySyncRange)
		if !ok {
			c.Truths = append(c.Truths, undetermined)
			items = append(items, "no Range found")
			where = append(where, "- "+v.Name+": no `sync.(*Map).Range` found")
			continue
		}
		c.Truths = append(c.Truths, fails)
		line := fmt.Sprintf("- %s: `%s` at %s", v.Name, l.Text, cite(l, ""))
		item := "`sync.(*Map).Range` at " + cite(l, "")
		if t, ok := v.one(keyTrieRange); ok {
			line += fmt.Sprintf(", which calls `internal/sync.(*HashTrieMap).Range` at %s", cite(t, ""))
		}
		items = append(items, item)
		where = append(where, line)
	}
	s := syncMapStrategy()
	measured := fmt.Sprintf("The suite's safety matrix (`make safety`) measures what a Range over the `%s` strategy (sync.Map) sees under concurrent writes. What the registry says it promises: %q. Its row in the newest safety report per toolchain:", s.Name, s.Range)
	var rows []string
	for _, v := range vs {
		r, ok := safety[v.Name]
		switch {
		case !ok:
			rows = append(rows, "- "+v.Name+": no safety report for this toolchain beside this page")
		case r.Row == nil:
			rows = append(rows, fmt.Sprintf("- %s: [%s](%s) has no %s row in its Range-semantics table", v.Name, r.File, r.File, s.Name))
		default:
			var cells []string
			for i, h := range r.Header {
				if i > 0 && i < len(r.Row) {
					cells = append(cells, h+": "+r.Row[i])
				}
			}
			rows = append(rows, fmt.Sprintf("- %s, [%s](%s): %s", v.Name, r.File, r.File, strings.Join(cells, "; ")))
		}
	}
	c.Evidence = "`sync.Map` has `Range` on every toolchain checked: " + group(names(vs), items) + "."
	c.Details = append(c.Details, "Found in each toolchain's GOROOT (the file go list compiles for the default configuration):", strings.Join(where, "\n"), measured, strings.Join(rows, "\n"))
	return c
}

// claimRangeAllocs checks "a for range over a map allocates nothing".
func claimRangeAllocs(dir string, vs []*version) (claim, error) {
	c := claim{Title: "A `for range` over a map allocates nothing.", Anchor: "claim-range-allocs"}
	t := markdown.Table{Header: []string{"Go", "allocations per `for k, v := range m`", "allocations per `sync.Map` Range", "evidence"}, NumFrom: 1}
	var items []string
	for _, v := range vs {
		a, err := parseAllocs(v.Runs[probeAllocs].Stdout)
		if err != nil {
			return c, fmt.Errorf("%s: %w", v.file(probeAllocs), err)
		}
		m, ok := a["map-range"]
		tr := undetermined
		switch {
		case ok && m == 0:
			tr = holds
		case ok:
			tr = fails
		}
		c.Truths = append(c.Truths, tr)
		t.Add(v.Name, fmt.Sprint(m), fmt.Sprint(a["syncmap-range"]), evLink(dir, v, probeAllocs, v.file(probeAllocs)))
		items = append(items, fmt.Sprintf("%g allocations per range, %g per sync.Map Range", m, a["syncmap-range"]))
	}
	c.Evidence = group(names(vs), items)
	c.Details = append(c.Details,
		"Probe `scripts/claims/probes/allocs`: `testing.AllocsPerRun` (1,000 runs after a warm-up run) of a `for k, v := range m` over a `map[int]int` of 1,000 entries, and of a `sync.Map` Range over 1,000 entries stored beforehand; run as `"+vs[0].Runs[probeAllocs].Command+"`.",
		t.String()+"The iterator of a range loop lives in the loop's frame: the classic map's `hiter`, and from go1.24 a `maps.Iter` (only the linkname shim `runtime.mapiterinit` allocates one with `new`, see the next claim). sync.Map's Range on go1.23 allocates when it first promotes its dirty map, which the warm-up run does.")
	return c, nil
}

// atomicName finds the function of package atomic a source line calls.
var atomicName = regexp.MustCompile(`atomic\.(\w+)`)

// iterAtomics lists the atomic calls in the functions of keys, for the page.
func iterAtomics(v *version, keys ...string) (desc []string, loads int) {
	for _, k := range keys {
		for _, l := range v.all(atomicPrefix + strings.TrimPrefix(k, "func ")) {
			name := l.Text
			if m := atomicName.FindStringSubmatch(l.Text); m != nil {
				name = "atomic." + m[1]
				if strings.HasPrefix(m[1], "Load") {
					loads++
				}
			}
			d := fmt.Sprintf("`%s` at %s", name, cite(l, ""))
			if l.If != "" {
				d += " (inside `" + l.If + "`)"
			}
			desc = append(desc, d)
		}
	}
	return desc, loads
}

// claimIterInit checks "mapiterinit makes three atomic loads".
func claimIterInit(vs []*version) claim {
	c := claim{Title: "`mapiterinit` makes three atomic loads.", Anchor: "claim-mapiterinit"}
	var lines, items []string
	for _, v := range vs {
		call, ok := v.one(keyRangeInit)
		entry := []string{keyIterInit}
		if ok && strings.Contains(call.Text, "mapIterStart") {
			entry = []string{keyIterStart, keyIterInitSw}
		}
		var funcs []string
		for _, k := range entry {
			if l, ok := v.one(k); ok {
				funcs = append(funcs, fmt.Sprintf("`%s` (%s)", strings.TrimPrefix(k, "func "), cite(l, "")))
			}
		}
		desc, loads := iterAtomics(v, entry...)
		c.Truths = append(c.Truths, map[bool]truth{true: holds, false: fails}[loads == 3])
		line := fmt.Sprintf("- %s: a range loop compiles to a call of %s (the compiler names it at %s); ", v.Name, strings.Join(funcs, ", which calls "), cite(call, ""))
		switch {
		case len(desc) == 0 && len(funcs) > 1:
			line += "no atomic operation in them"
		case len(desc) == 0:
			line += "no atomic operation in it"
		default:
			line += "its atomic operations: " + strings.Join(desc, "; ")
		}
		line += fmt.Sprintf("; atomic loads: %d.", loads)
		if entry[0] != keyIterInit {
			if l, ok := v.one(keyIterInit); ok {
				shim, _ := iterAtomics(v, keyIterInit)
				line += fmt.Sprintf(" `runtime.mapiterinit` remains at %s for packages that reach it through linkname (it allocates its `maps.Iter` with `new`); atomic operations in it: %d.", cite(l, ""), len(shim))
			}
		}
		lines = append(lines, line)
		items = append(items, atomicItem(v, loads, entry))
	}
	c.Evidence = group(names(vs), items)
	c.Details = append(c.Details,
		"Read with go/parser from each toolchain's GOROOT: the function the compiler's range lowering calls (`src/cmd/compile/internal/walk`), and every call of package `atomic` in its body (and, from go1.24, in `maps.(*Iter).Init`, which it calls).",
		strings.Join(lines, "\n"))
	return c
}

// atomicItem is the claim's evidence cell for one toolchain: "no atomic load; one
// atomic.Or8, conditional".
func atomicItem(v *version, loads int, keys []string) string {
	var ops []string
	for _, k := range keys {
		for _, l := range v.all(atomicPrefix + strings.TrimPrefix(k, "func ")) {
			op := l.Text
			if m := atomicName.FindStringSubmatch(l.Text); m != nil {
				op = "`atomic." + m[1] + "`"
			}
			if l.If != "" {
				op += " inside an if"
			}
			ops = append(ops, op)
		}
	}
	if len(ops) == 0 {
		return "no atomic operation at all"
	}
	return fmt.Sprintf("%s; atomic operations: %s", plural(loads, "atomic load"), strings.Join(ops, ", "))
}

// plural writes "1 atomic load", "0 atomic loads".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
