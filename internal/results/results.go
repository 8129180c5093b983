// Package results names, creates and finds the files the suite's commands write under
// results/: the raw benchmark files of scripts/bench (DATE-TOOLCHAIN.txt), the reports
// of scripts/safety (safety-GOVERSION-DATE.md) and the run directories of
// scripts/profile (profiles/GOVERSION).
//
// Nothing is ever overwritten: every file and directory is created exclusively
// (O_EXCL, or mkdir), and a name already taken gets a numbered suffix. [RawFiles] finds
// the raw files in a directory, [ReadHeader] reads a file's configuration lines with
// benchfmt, and [Compare] orders files by their date: line, not by name.
package results

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The timestamps in file names, always in UTC. Raw files start with theirs, so that
// they sort by date; reports end with theirs (in the ISO 8601 basic form), after the Go
// version they are about.
const (
	RawStamp    = "20060102-150405"  // 20261123-172009-go1.26.8.txt
	ReportStamp = "20060102T150405Z" // safety-go1.26.8-20261123T172009Z.md
)

// maxTries bounds the numbered suffixes tried for one name.
const maxTries = 1000

// RawBase returns the name of a raw file without its extension: the run's start in
// UTC, then the toolchain's name (20261123-172009-go1.25.0-noswissmap).
func RawBase(toolchain string, date time.Time) string {
	return date.UTC().Format(RawStamp) + "-" + toolchain
}

// unsafeName matches what a file name may not hold.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ReportBase returns the name of a report without its extension: kind, the Go version
// as runtime.Version reports it with every run of other characters than letters,
// digits, '.', '_' and '-' made a '-', and the date in UTC
// (safety-go1.24.0-X-noswissmap-20250102T030405Z).
func ReportBase(kind, goVersion string, date time.Time) string {
	v := strings.Trim(unsafeName.ReplaceAllString(goVersion, "-"), "-")
	return kind + "-" + v + "-" + date.UTC().Format(ReportStamp)
}

// CreateRaw creates a new raw file, dir/RawBase(toolchain, date).txt, and dir if need
// be. When the name is taken (a run started in the same second) it adds -1, -2, ...
// before the extension, as raw files have always been numbered.
func CreateRaw(dir, toolchain string, date time.Time) (*os.File, string, error) {
	return create(dir, RawBase(toolchain, date), ".txt", 1)
}

// Create creates a new file dir/base+ext for writing, and dir if need be. When the name
// is taken it tries base-2+ext, base-3+ext, ...: a file that exists is never touched.
func Create(dir, base, ext string) (*os.File, string, error) {
	return create(dir, base, ext, 2)
}

// create creates dir/base+ext, or when that exists dir/base-N+ext for N from first on.
func create(dir, base, ext string, first int) (*os.File, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	for i := 0; i < maxTries; i++ {
		name := base
		if i > 0 {
			name = fmt.Sprintf("%s-%d", base, first+i-1)
		}
		path := filepath.Join(dir, name+ext)
		f, err := CreateNew(path)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, path, err
	}
	return nil, "", fmt.Errorf("no free file name for %s%s in %s: %d numbered variants exist", base, ext, dir, maxTries-1)
}

// CreateNew creates the file path for writing, which must not exist: the error wraps
// fs.ErrExist when it does.
func CreateNew(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// WriteNew writes data to the new file path, refusing to overwrite one that exists.
func WriteNew(path string, data []byte) error {
	f, err := CreateNew(path)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}

// Mkdir creates a new directory parent/name, and parent if need be. When that exists (an
// earlier run of the same toolchain) it tries name-2, name-3, ...: nothing made before
// is reused. It returns the directory's path.
func Mkdir(parent, name string) (string, error) {
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	for i := 1; i <= maxTries; i++ {
		dir := filepath.Join(parent, name)
		if i > 1 {
			dir = filepath.Join(parent, fmt.Sprintf("%s-%d", name, i))
		}
		err := os.Mkdir(dir, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return dir, nil
	}
	return "", fmt.Errorf("no free directory name for %s in %s: %d numbered variants exist", name, parent, maxTries-1)
}
