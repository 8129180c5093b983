package results

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/internal/rawfile"
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRawFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b-go1.26.8.txt", "a-go1.23.12.txt", "a-go1.23.12.benchstat.txt", "a-go1.23.12" + rawfile.SetAsideSuffix,
		"safety-go1.26.8-20260102T030405Z.race-unsafe.txt", "safety-go1.26.8-20260102T030405Z.md", "notes.md"} {
		write(t, dir, name, "")
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := RawFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a-go1.23.12.txt"), filepath.Join(dir, "b-go1.26.8.txt")}
	if !slices.Equal(files, want) {
		t.Errorf("RawFiles = %v, want %v", files, want)
	}
}

func TestReadHeader(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "20260102-030405-go1.26.8.txt", "goversion: go1.26.8\ntoolchain: go1.26.8\ndate: 2026-01-02T03:04:05Z\n\n"+
		rawfile.Marker(rawfile.Pass{N: 1, Procs: 1, Kind: "min"})+"\ngoos: linux\nBenchmarkX/strategy=a 10 5 ns/op\n\nrun-status: complete\n")
	h, err := ReadHeader(p)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range h.Config {
		keys = append(keys, c.Key)
	}
	// go test's own lines before the first result belong to it; run-status, after it, does not.
	if want := []string{"goversion", "toolchain", "date", "goos"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if h.Get("toolchain") != "go1.26.8" || h.Get("run-status") != "" || !h.Date.Equal(date) {
		t.Errorf("header %+v", h)
	}

	// A file interrupted before its first result still has its header; without a date:
	// line, the name's timestamp dates it.
	p = write(t, dir, "20250101-000000-go1.23.12.txt", "goversion: go1.23.12\n")
	if h, err := ReadHeader(p); err != nil || h.Get("goversion") != "go1.23.12" || !h.Date.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ReadHeader(%s) = %+v, %v", p, h, err)
	}
	p = write(t, dir, "safety-go1.26.8-20250102T030405Z-2.md", "goversion: go1.26.8\n\n# Safety matrix\n")
	if h, err := ReadHeader(p); err != nil || !h.Date.Equal(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("ReadHeader(%s) = %+v, %v", p, h, err)
	}
	p = write(t, dir, "mine.txt", "BenchmarkX 1 2 ns/op\n")
	if h, err := ReadHeader(p); err != nil || len(h.Config) != 0 || !h.Date.IsZero() {
		t.Errorf("ReadHeader(%s) = %+v, %v", p, h, err)
	}
	if _, err := ReadHeader(filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("ReadHeader of a missing file succeeded")
	}
}

// TestNewestByDate checks that the date: line, not the name, says which file is newest:
// a run's name holds its start in UTC, but a file renamed, copied from another machine
// or written by hand may sort anywhere.
func TestNewestByDate(t *testing.T) {
	dir := t.TempDir()
	var hs []*Header
	for name, date := range map[string]string{
		"20260301-000000-go1.26.8.txt": "2026-01-01T00:00:00Z",
		"20260201-000000-go1.26.8.txt": "2026-02-01T00:00:00+01:00",
		"zzz-go1.26.8.txt":             "",
		"20251201-000000-go1.26.8.txt": "",
	} {
		text := "goversion: go1.26.8\n"
		if date != "" {
			text += "date: " + date + "\n"
		}
		h, err := ReadHeader(write(t, dir, name, text+"BenchmarkX 1 2 ns/op\n"))
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	if got := filepath.Base(slices.MaxFunc(hs, Compare).Path); got != "20260201-000000-go1.26.8.txt" {
		t.Errorf("newest = %s, want the one with the latest date: line", got)
	}
	slices.SortFunc(hs, Compare)
	var order []string
	for _, h := range hs {
		order = append(order, filepath.Base(h.Path))
	}
	// No date at all sorts first; the name's timestamp stands in for a missing date: line.
	want := []string{"zzz-go1.26.8.txt", "20251201-000000-go1.26.8.txt", "20260301-000000-go1.26.8.txt", "20260201-000000-go1.26.8.txt"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}

	// The same date: the name breaks the tie.
	a := &Header{Path: "x/20260102-030405-go1.26.8.txt", Date: date}
	b := &Header{Path: "x/20260102-030405-go1.26.8-1.txt", Date: date}
	if Compare(a, b) <= 0 || Compare(b, a) >= 0 || Compare(a, a) != 0 || slices.MaxFunc([]*Header{a, b}, Compare) != a {
		t.Error("equal dates are not ordered by name")
	}
}
