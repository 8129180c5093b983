package main

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// TestGateExcluded checks the runner against the correctness gate: by default it runs
// only the strategies the gate lets through, and naming one it excludes stops the run at
// once, with an error that says which check it fails and why, before anything is built
// or written.
func TestGateExcluded(t *testing.T) {
	cfg, err := newConfig(1, "1x", "1", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.control, err = chooseControl("", nil); err != nil {
		t.Fatal(err)
	}
	for _, info := range strategies.Infos() {
		f, excluded := info.Excluded()
		if !excluded {
			continue
		}
		if slices.Contains(cfg.strategyNames(), info.Name) || slices.Contains(cfg.order, info.Name) {
			t.Errorf("the default run measures %s, which the gate excludes: %v", info.Name, cfg.strategyNames())
		}
		dir := t.TempDir()
		var stdout, stderr bytes.Buffer
		err := run([]string{"-out", dir, "-strategies", "xsync," + info.Name}, &stdout, &stderr)
		if !errors.Is(err, strategies.ErrExcluded) || !strings.Contains(err.Error(), info.Name) ||
			!strings.Contains(err.Error(), "fails "+string(f.Check)) || !strings.Contains(err.Error(), f.Evidence) {
			t.Errorf("run -strategies xsync,%s = %v; want an error naming it, the check it fails and the evidence", info.Name, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 || stdout.Len() != 0 {
			t.Errorf("run -strategies %s wrote %d files and %d bytes before failing", info.Name, len(entries), stdout.Len())
		}
	}
}
