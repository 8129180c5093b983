package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/strategies"
)

// The correctness gate in the report: a strategy the registry excludes shows no number
// anywhere. Its samples, if a raw file holds any (measured before the gate excluded it),
// are dropped as the file is read; its columns say "excluded: fails CHECK"; the guide
// does not rank it; a section says what it fails, with the evidence.

// excludedInfo returns the registry's description of strategy name when the gate
// excludes it.
func excludedInfo(name string) (strategies.Info, bool) {
	for _, info := range strategies.Infos() {
		if info.Name == name {
			_, excluded := info.Excluded()
			return info, excluded
		}
	}
	return strategies.Info{}, false
}

// excludedNames returns the strategies the gate excludes, in display order.
func excludedNames() []string {
	var names []string
	for _, name := range strategyOrder() {
		if _, ok := excludedInfo(name); ok {
			names = append(names, name)
		}
	}
	return names
}

// drop reports whether a sample of strategy (or of its A/A control copy) is left out
// because the gate excludes the strategy, and counts it.
func (f *rawFile) drop(strategy string) bool {
	if _, ok := excludedInfo(strings.TrimSuffix(strategy, bench.ControlSuffix)); !ok {
		return false
	}
	if f.dropped == nil {
		f.dropped = map[string]int{}
	}
	f.dropped[strings.TrimSuffix(strategy, bench.ControlSuffix)]++
	return true
}

// withExcluded returns the columns of a table of measured strategies followed by the
// strategies the gate excludes, in display order. A workload without strategy columns
// gets none.
func withExcluded(strats []string) []string {
	if len(strats) == 0 || slices.Contains(strats, "") {
		return strats
	}
	out := slices.Clone(strats)
	for _, name := range excludedNames() {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	sortStrategies(out)
	return out
}

// excludedCell is the cell of an excluded strategy in place of a number, "" for any other.
func excludedCell(strategy string) string {
	if info, ok := excludedInfo(strategy); ok {
		return info.Verdict()
	}
	return ""
}

// notRanked is the guide's line under its table naming the strategies the gate excludes,
// with a link to their section when link is true; "" when there are none.
func notRanked(link bool) string {
	var parts []string
	for _, name := range excludedNames() {
		info, _ := excludedInfo(name)
		parts = append(parts, markdown.Code(name)+" ("+info.Verdict()+")")
	}
	if len(parts) == 0 {
		return ""
	}
	s := "Not ranked, because the correctness gate excludes them: " + strings.Join(parts, ", ")
	if link {
		s += "; see [Excluded strategies](#excluded-strategies)"
	}
	return s + ".\n\n"
}

// writeExcluded writes the section on the strategies the gate excludes: what each fails,
// with the evidence, the cause and the upstream report, and the files whose samples of
// them were left out.
func writeExcluded(b *strings.Builder, sites []site) {
	list := bench.ExcludedList()
	if list == "" {
		return
	}
	b.WriteString("## Excluded strategies\n\n")
	b.WriteString("The suite's correctness gate (conformance against a reference model, a stress test under -race, " +
		"a Range test under writes) decides whose numbers are published: every cell of a strategy it excludes names " +
		"the check it fails instead of a number.\n\n")
	b.WriteString(list)
	for _, s := range sites {
		for _, f := range s.ds.files {
			for _, name := range excludedNames() {
				if n := f.dropped[name]; n > 0 {
					fmt.Fprintf(b, "%s holds %d %s of %s, measured before the gate excluded it: left out.\n\n",
						markdown.Link(f.name, s.ds.link(f)), n, plural(n, "value", "values"), markdown.Code(name))
				}
			}
		}
	}
}
