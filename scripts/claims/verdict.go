package main

import (
	"fmt"
	"strings"
)

// A truth is a claim's verdict under one toolchain.
type truth int

const (
	undetermined truth = iota // the evidence does not decide it (e.g. no crash happened)
	holds                     // the claim is true
	fails                     // the claim is false
)

func (t truth) String() string {
	switch t {
	case holds:
		return "true"
	case fails:
		return "false"
	}
	return "undetermined"
}

// A claim is one row of the page's table and one section below it.
type claim struct {
	Title    string   // the claim, quoted
	Anchor   string   // the section's anchor
	Truths   []truth  // per toolchain, in the page's order
	Evidence string   // the table's evidence cell (Markdown)
	Details  []string // the section's paragraphs, tables and lists (Markdown)
}

// phrase writes the verdict over the toolchains names in bold: **False** when the claim
// is false under all of them, **True on go1.23.12, false from go1.24.13** when it
// changes, runs of equal verdicts joined.
func phrase(names []string, ts []truth) string {
	type run struct {
		t          truth
		start, end int // indices, inclusive
	}
	var runs []run
	for i, t := range ts {
		if len(runs) > 0 && runs[len(runs)-1].t == t {
			runs[len(runs)-1].end = i
			continue
		}
		runs = append(runs, run{t, i, i})
	}
	if len(runs) == 0 {
		return "**Undetermined**"
	}
	if len(runs) == 1 {
		return "**" + capitalize(runs[0].t.String()) + "**"
	}
	parts := make([]string, len(runs))
	for i, r := range runs {
		var where string
		switch {
		case r.start == r.end:
			where = "on " + names[r.start]
		case r.end == len(ts)-1:
			where = "from " + names[r.start]
		case r.start == 0:
			where = "up to " + names[r.end]
		default:
			where = fmt.Sprintf("on %s to %s", names[r.start], names[r.end])
		}
		parts[i] = r.t.String() + " " + where
	}
	return "**" + capitalize(strings.Join(parts, ", ")) + "**"
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// names returns the toolchains' names.
func names(vs []*version) []string {
	ns := make([]string, len(vs))
	for i, v := range vs {
		ns[i] = v.Name
	}
	return ns
}

// evLink links one probe's evidence file of v, relative to the page: dir is the
// evidence directory's name beside the page.
func evLink(dir string, v *version, probe, text string) string {
	return fmt.Sprintf("[%s](%s/%s)", text, dir, v.file(probe))
}

// cite writes a source line as `src/runtime/mgc.go:1231`; with the toolchain's name
// when name is not "".
func cite(l loc, name string) string {
	s := "`" + l.Pos() + "`"
	if name != "" {
		s += " (" + name + ")"
	}
	return s
}

// group joins items that are equal across toolchains: "A (go1.24.13, go1.25.14); B
// (go1.26.8)". items[i] belongs to names[i].
func group(names, items []string) string {
	var order []string
	by := map[string][]string{}
	for i, it := range items {
		if _, ok := by[it]; !ok {
			order = append(order, it)
		}
		by[it] = append(by[it], names[i])
	}
	parts := make([]string, len(order))
	for i, it := range order {
		parts[i] = it + " (" + strings.Join(by[it], ", ") + ")"
	}
	return strings.Join(parts, "; ")
}

// count writes n with thousands separators: 65,536.
func count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
