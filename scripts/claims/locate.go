package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// The keys of the source lines the claims cite. A "func" key names a function's
// declaration; "atomic" and the same name, each call of package atomic in its body.
const (
	keyGCPrint    = "gctrace print"          // the line that prints the gc trace line
	keyGCRead     = "gctrace read"           // every line that reads debug.gctrace
	keySyncRange  = "func sync.(*Map).Range" // sync.Map's Range
	keyTrieRange  = "func internal/sync.(*HashTrieMap).Range"
	keyLoadNum    = "const runtime.loadFactorNum" // classic map: load factor numerator
	keyLoadDen    = "const runtime.loadFactorDen" // and denominator
	keyOverLoad   = "func runtime.overLoadFactor" // classic map: the growth test
	keyMaxTable   = "const maps.maxTableCapacity" // Swiss tables: slots of a table before it splits
	keyMaxLoad    = "const maps.maxAvgGroupLoad"  // Swiss tables: the maximum load per group of 8
	keySplit      = "func maps.(*table).split"    // Swiss tables: a full table splits in two
	keyRangeInit  = "compiler range over map"     // the runtime call a range loop compiles to
	keyIterInit   = "func runtime.mapiterinit"    // the classic entry point, linkname shim from go1.24
	keyIterStart  = "func runtime.mapIterStart"   // the go1.24+ entry point of range loops
	keyIterInitSw = "func maps.(*Iter).Init"      // what mapIterStart calls
	atomicPrefix  = "atomic "                     // + a func key without "func "
	sourcesProbe  = "sources"                     // the evidence file's probe name
	gcPrintText   = `print("gc ", memstats.numgc` // how mgc.go prints the gc trace line
	gcReadText    = "debug.gctrace"               // how the runtime reads the setting
	sourcesHeader = "# source lines of the toolchain's GOROOT that the claims cite, found by go list (default build configuration) and go/parser"
)

// funcSpec names a function to find and whose atomic calls to list.
type funcSpec struct{ key, pkg, recv, name string }

// iterFuncs are the functions map iteration starts in.
var iterFuncs = []funcSpec{
	{keyIterInit, "runtime", "", "mapiterinit"},
	{keyIterStart, "runtime", "", "mapIterStart"},
	{keyIterInitSw, "internal/runtime/maps", "Iter", "Init"},
}

// locate finds, in tc's GOROOT, every source line the claims cite. What a toolchain does
// not have (the classic map's constants from go1.24 on) is left out.
func locate(ctx context.Context, tc *toolchain.Toolchain) ([]loc, error) {
	pkgs, err := listPkgs(ctx, tc)
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		if err := p.load(); err != nil {
			return nil, err
		}
	}
	var ls []loc
	add := func(l loc, ok bool) {
		if ok {
			ls = append(ls, l)
		}
	}
	rt := pkgs["runtime"]
	add(rt.findText(keyGCPrint, gcPrintText))
	ls = append(ls, rt.findAllText(keyGCRead, gcReadText)...)
	if m := pkgs["internal/runtime/maps"]; m != nil {
		ls = append(ls, m.findAllText(keyGCRead, gcReadText)...)
		add(m.findConst(keyMaxTable, "maxTableCapacity"))
		add(m.findConst(keyMaxLoad, "maxAvgGroupLoad"))
		_, _, l, ok := m.findFunc(keySplit, "table", "split")
		add(l, ok)
	}
	// The classic map's constants, where its growth test exists (from go1.24 the runtime
	// keeps constants of the same names for tests only).
	if _, _, l, ok := rt.findFunc(keyOverLoad, "", "overLoadFactor"); ok {
		add(rt.findConst(keyLoadNum, "loadFactorNum"))
		add(rt.findConst(keyLoadDen, "loadFactorDen"))
		add(l, ok)
	}
	_, _, l, ok := pkgs["sync"].findFunc(keySyncRange, "Map", "Range")
	add(l, ok)
	if s := pkgs["internal/sync"]; s != nil {
		_, _, l, ok := s.findFunc(keyTrieRange, "HashTrieMap", "Range")
		add(l, ok)
	}
	start := false
	for _, f := range iterFuncs {
		p := pkgs[f.pkg]
		if p == nil {
			continue
		}
		fd, file, l, ok := p.findFunc(f.key, f.recv, f.name)
		if !ok {
			continue
		}
		start = start || f.key == keyIterStart
		ls = append(ls, l)
		ls = append(ls, p.atomicCalls(atomicPrefix+strings.TrimPrefix(f.key, "func "), file, fd)...)
	}
	if w := pkgs["cmd/compile/internal/walk"]; w != nil {
		name := `"mapiterinit"`
		if start {
			name = `"mapIterStart"`
		}
		add(w.findText(keyRangeInit, name))
	}
	return ls, nil
}

// writeSources writes the locs in the sources evidence format: a header line, then one
// line per loc, KEY<TAB>FILE:LINE<TAB>IF<TAB>TEXT, where IF is the enclosing if
// statement's first line for an atomic call inside one, and "-" otherwise.
func writeSources(goVersion string, ls []loc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n# goversion: %s\n", sourcesHeader, goVersion)
	for _, l := range ls {
		cond := "-"
		if l.If != "" {
			cond = l.If
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", l.Key, l.Pos(), cond, l.Text)
	}
	return b.String()
}

// parseSources reads what writeSources wrote.
func parseSources(text string) ([]loc, error) {
	var ls []loc
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 4)
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d: want 4 tab-separated fields, got %q", n, line)
		}
		file, num, ok := strings.Cut(f[1], ":")
		line64, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("line %d: %q is not FILE:LINE", n, f[1])
		}
		ls = append(ls, loc{Key: f[0], File: file, Line: line64, Text: f[3]})
		if f[2] != "-" {
			ls[len(ls)-1].If = f[2]
		}
	}
	return ls, sc.Err()
}
