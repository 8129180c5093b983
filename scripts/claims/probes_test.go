package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// TestProbesEndToEnd builds the probes with the go command on PATH, runs them, finds the
// source lines in its GOROOT and renders the page: the whole command but the
// publishing, under one toolchain. It needs no download: the go on PATH is the toolchain.
func TestProbesEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the probes (-short)")
	}
	goPath, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	ctx := context.Background()
	tcs, err := toolchain.Resolve(ctx, goPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := collect(ctx, tcs[0], dir, 10, t.Logf); err != nil {
		t.Fatal(err)
	}
	vs, err := loadVersions(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	v := vs[0]
	for _, key := range []string{keyGCPrint, keySyncRange, keyIterInit, keyRangeInit} {
		if _, ok := v.one(key); !ok {
			t.Errorf("%s: no source line found for %q", tcs[0].Name, key)
		}
	}
	gc, mapLines := gctraceCounts(v.Runs[probeGCTrace].Stderr)
	if gc == 0 || len(mapLines) != 0 {
		t.Errorf("gctrace probe: %d gc lines, map lines %q; want some and none", gc, mapLines)
	}
	page, err := render(evidenceDir, vs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "| `sync.Map` cannot be ranged over. | **False** |") {
		t.Errorf("page:\n%s", page)
	}
	if _, err := os.Stat(filepath.Join(dir, v.file(probeAllocs))); err != nil {
		t.Error(err)
	}
}
