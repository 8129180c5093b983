package results

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var date = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestNames(t *testing.T) {
	if got := RawBase("go1.25.0-noswissmap", date.In(time.FixedZone("CET", 3600))); got != "20260102-030405-go1.25.0-noswissmap" {
		t.Errorf("RawBase = %q", got)
	}
	if got := ReportBase("safety", "go1.24.0 X:noswissmap", time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)); got != "safety-go1.24.0-X-noswissmap-20250102T030405Z" {
		t.Errorf("ReportBase = %q", got)
	}
}

// TestCreateRawNeverOverwrites creates the raw file of one toolchain three times in the
// same second, into a directory that does not exist yet.
func TestCreateRawNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results")
	var names []string
	for range 3 {
		f, path, err := CreateRaw(dir, "go1.26.8", date)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(path)
		f.Close()
		names = append(names, filepath.Base(path))
	}
	want := []string{"20260102-030405-go1.26.8.txt", "20260102-030405-go1.26.8-1.txt", "20260102-030405-go1.26.8-2.txt"}
	if !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	for _, name := range names {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); !strings.HasSuffix(string(b), name) {
			t.Errorf("%s holds %q, written for another file", name, b)
		}
	}
}

func TestCreateNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	base := ReportBase("safety", "go1.26.8", date)
	var names []string
	for range 3 {
		f, path, err := Create(dir, base, ".md")
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(path)
		f.Close()
		names = append(names, filepath.Base(path))
	}
	want := []string{base + ".md", base + "-2.md", base + "-3.md"}
	if !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, want[0])); !strings.HasSuffix(string(b), want[0]) {
		t.Errorf("the first file was overwritten: %q", b)
	}
	err := WriteNew(filepath.Join(dir, want[1]), []byte("x"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteNew over an existing file: %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, want[1])); !strings.HasSuffix(string(b), want[1]) {
		t.Errorf("WriteNew overwrote a file: %q", b)
	}
	p := filepath.Join(dir, "new.txt")
	if err := WriteNew(p, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "x" {
		t.Errorf("WriteNew wrote %q", b)
	}
}

func TestMkdirNeverReuses(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "profiles")
	var got []string
	for range 3 {
		dir, err := Mkdir(parent, "go1.26.8")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(dir))
	}
	if want := []string{"go1.26.8", "go1.26.8-2", "go1.26.8-3"}; !slices.Equal(got, want) {
		t.Errorf("directories %v, want %v", got, want)
	}
}
