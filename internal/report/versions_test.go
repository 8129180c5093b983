package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionsPairedWithinRun checks the cross-version comparisons of configurations that
// one make bench-matrix run measured side by side: the chart of toolchains over the
// oldest pairs their samples by pass, and so does the README's attribution, which names
// the map as what moved a strategy built on it.
func TestVersionsPairedWithinRun(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		ns   float64 // rwmutex's ns/op; the rest of the change is the experiment's
	}{{"go1.23.12", 100}, {"go1.24.13", 50}, {"go1.24.13-noswissmap", 98}} {
		var b strings.Builder
		fmt.Fprintf(&b, "goversion: %s\ntoolchain: %s\ndate: 2026-11-24T00:00:00Z\nshuffle-seed: 7\n", tc.name, tc.name)
		for i := 0; i < 8; i++ {
			// Every pass shifts both toolchains alike: paired, the ratio is exact.
			shift := float64(1 + i%4)
			fmt.Fprintf(&b, "BenchmarkMix/strategy=rwmutex/keys=1000/keytype=int/dist=uniform/reads=90%%\t10\t%g ns/op\n", tc.ns*shift)
			fmt.Fprintf(&b, "BenchmarkMix/strategy=xsync/keys=1000/keytype=int/dist=uniform/reads=90%%\t10\t%g ns/op\n", 10*shift)
		}
		b.WriteString("run-status: complete\n")
		writeRaw(t, dir, "20261124-000000-"+tc.name+".txt", b.String())
	}
	if err := Generate(Options{Out: filepath.Join(dir, "README.md")}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "charts", "read-mostly-toolchains-relative.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "95% CI: paired by pass") {
		t.Errorf("the chart of toolchains over the oldest does not pair the samples of one run")
	}
	readme := allPages(t, dir)
	for _, want := range []string{
		"| rwmutex | 250.0 ns ± 60% | -50.0% | -49.0% |",
		"| the map (-49.0%), then everything else (-2.0%) |",
		"| xsync | 25.00 ns ± 60% | ~ (+0.0%) | ~ (+0.0%) |",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("the attribution lacks %q:\n%s", want, readme[strings.Index(readme, "## Across"):strings.Index(readme, "## Tables")])
		}
	}
}
