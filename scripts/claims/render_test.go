package main

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/claims.golden.md with the page rendered from testdata/evidence")

const pageGolden = "testdata/claims.golden.md"

// TestRenderGolden renders the page from the evidence checked in under testdata (real
// runs of the probes under go1.23.12 and go1.26.8, see testdata/README.md) and the
// safety reports beside it, and compares it with the golden page.
func TestRenderGolden(t *testing.T) {
	vs, err := loadVersions(os.DirFS("testdata/evidence"))
	if err != nil {
		t.Fatal(err)
	}
	safety, err := loadSafety(os.DirFS("testdata"), names(vs))
	if err != nil {
		t.Fatal(err)
	}
	if r := safety["go1.26.8"]; r.File != "safety-go1.26.8-20261124T173256Z.md" || r.Row == nil {
		t.Errorf("safety report for go1.26.8: %+v; want the newest, with a sync.Map row", r)
	}
	page, err := render("evidence", vs, safety)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page, generatedLine+"\n") {
		t.Errorf("the page does not start with %q", generatedLine)
	}
	// The verdicts the captured evidence supports.
	for _, want := range []string{
		"| `GODEBUG=gctrace=1` prints map growth. | **False** |",
		"| `GOTRACEBACK=crash` shows every goroutine for `concurrent map read and map write`. | **True** |",
		"| Growth happens at about 65,000 entries. | **False** |",
		"| `sync.Map` cannot be ranged over. | **False** |",
		"| A `for range` over a map allocates nothing. | **True** |",
		"| `mapiterinit` makes three atomic loads. | **False** |",
		"`atomic.Or8` at `src/runtime/map.go:917` (inside `if old := h.flags;",
		"1 of 6 goroutines (go1.26.8)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	golden.Check(t, pageGolden, []byte(page), *update)
}

// TestLoadVersionsIncomplete: a toolchain whose evidence lacks a probe is an error, not
// a page with a hole.
func TestLoadVersionsIncomplete(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/evidence/go1.26.8-sources.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/go1.26.8-sources.txt", src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadVersions(os.DirFS(dir)); err == nil {
		t.Error("evidence without the probes' files loaded without error")
	}
	if _, err := loadVersions(os.DirFS(t.TempDir())); err == nil {
		t.Error("an empty directory loaded without error")
	}
}
