package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of reporting them.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.golden.md")
	Check(t, path, []byte("one\n"), true) // writes the golden file
	r := &recorder{TB: t}
	Check(r, path, []byte("one\n"), false)
	if r.failed {
		t.Error("equal output failed")
	}
	Check(r, path, []byte("two\n"), false)
	if !r.failed {
		t.Error("different output passed")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "out.got.md")); err != nil || string(b) != "two\n" {
		t.Errorf("got file: %q, %v", b, err)
	}
}

func TestGotPath(t *testing.T) {
	for in, want := range map[string]string{
		filepath.Join("testdata", "README.golden.md"): filepath.Join("testdata", "README.got.md"),
		"x.txt": "x.txt.got",
	} {
		if got := GotPath(in); got != want {
			t.Errorf("GotPath(%q) = %q, want %q", in, got, want)
		}
	}
}
