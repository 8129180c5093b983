package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
)

// TestExcludedStrategyShowsNoNumber reads a raw file in which a strategy the gate
// excludes was measured, and faster than the others (a run from before the gate): the
// report shows no number of it, its cells name the check it fails, the guide does not
// rank it and says why, and the Excluded strategies section names the file.
func TestExcludedStrategyShowsNoNumber(t *testing.T) {
	names := excludedNames()
	if len(names) == 0 {
		t.Skip("the gate excludes no strategy")
	}
	ex := names[0]
	info, _ := excludedInfo(ex)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("goversion: go1.26.8\ntoolchain: go1.26.8\n")
	for _, s := range []struct{ name, ns string }{{strategies.Base(), "100"}, {ex, "7"}, {ex + bench.ControlSuffix, "7"}} {
		for i := 0; i < 6; i++ {
			fmt.Fprintf(&b, "BenchmarkMix/strategy=%s/keys=1000/keytype=int/dist=uniform/reads=90%%\t10\t%s ns/op\n", s.name, s.ns)
		}
	}
	b.WriteString("run-status: complete\n")
	raw := writeRaw(t, dir, "20261124-000000-go1.26.8.txt", b.String())
	out := filepath.Join(dir, "README.md")
	if err := Generate(Options{Out: out}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	readme := allPages(t, dir)
	excludedRow := "| 1000 | int | uniform | 90% | 1 | 100.0 ns ± 0% | " + info.Verdict() + " |"
	for _, want := range []string{
		excludedRow,
		"| Read-mostly | " + strategies.Base() + " (only one measured) |",
		"Not ranked, because the correctness gate excludes them: `" + ex + "` (" + info.Verdict() + ")",
		"## Excluded strategies",
		"holds 12 values of `" + ex + "`, measured before the gate excluded it: left out.",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("the report lacks %q:\n%s", want, readme)
		}
	}
	if strings.Contains(readme, "7.000 ns") {
		t.Errorf("the report shows a number of %s, which the gate excludes:\n%s", ex, readme)
	}
	var guide strings.Builder
	if err := Guide([]string{raw}, &guide, io.Discard); err != nil {
		t.Fatal(err)
	}
	if g := guide.String(); !strings.Contains(g, "Not ranked") || strings.Contains(g, ex+" (next") || strings.Contains(g, "(#excluded-strategies)") {
		t.Errorf("the run's guide ranks %s, or does not say why it does not, or links a section it lacks:\n%s", ex, g)
	}
}
