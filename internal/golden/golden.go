// Package golden compares a test's output with a golden file, the way every golden test
// of the suite does: with update set it rewrites the file; otherwise a difference fails
// the test, and the output is written beside the golden file (NAME.got.EXT) to diff.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check compares got with the golden file at path, or writes it there when update is set.
func Check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	gotPath := GotPath(path)
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(gotPath)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if bytes.Equal(got, want) {
		os.Remove(gotPath)
		return
	}
	if err := os.WriteFile(gotPath, got, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Errorf("the output differs from %s; it is in %s: diff -u %s %s (if the change is intended, go test -update rewrites the golden file)",
		path, gotPath, path, gotPath)
}

// GotPath is where Check writes an output that differs from the golden file at path:
// testdata/README.golden.md gives testdata/README.got.md.
func GotPath(path string) string {
	dir, base := filepath.Split(path)
	if name, ok := strings.CutSuffix(base, ".golden"+filepath.Ext(base)); ok {
		return filepath.Join(dir, name+".got"+filepath.Ext(base))
	}
	return path + ".got"
}
