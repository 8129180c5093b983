package report

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cmapbench/cmapbench/internal/rawfile"
)

// discoverRawFiles lists the raw benchmark files in dir, sorted by name: *.txt except
// *.benchstat.txt (scripts/bench's summaries), *.slow-state.txt (the samples it set
// aside, counted with their raw file) and safety-*.txt (the safety matrix's evidence).
func discoverRawFiles(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("listing raw files: %w", err)
	}
	var files []string
	for _, m := range matches {
		base := filepath.Base(m)
		if strings.HasSuffix(base, ".benchstat.txt") || strings.HasSuffix(base, rawfile.SetAsideSuffix) || strings.HasPrefix(base, "safety-") {
			continue
		}
		if fi, err := os.Stat(m); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		files = append(files, m)
	}
	sort.Strings(files)
	return files, nil
}

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
