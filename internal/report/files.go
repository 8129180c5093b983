package report

import (
	"fmt"
	"path/filepath"
)

// relLink returns target relative to the directory dir, with forward slashes, for a link in
// a README that lives in dir. When no relative path exists it falls back to the base name.
func relLink(dir, target string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", dir, err)
	}
	absTarget, err := filepath.Abs(target)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", target, err)
	}
	rel, err := filepath.Rel(absDir, absTarget)
	if err != nil {
		return filepath.Base(target), nil
	}
	return filepath.ToSlash(rel), nil
}
