package results

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/cmapbench/cmapbench/internal/rawfile"
)

// RawFiles lists the raw benchmark files in dir, sorted by name: the regular files
// *.txt except *.benchstat.txt (scripts/bench's summaries), the files of samples set
// aside (counted with their raw file) and safety-*.txt (the safety reports' evidence).
func RawFiles(dir string) ([]string, error) {
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

// A Header is a raw file's configuration: its key: value lines before the first result.
type Header struct {
	Path   string
	Config []benchfmt.Config // each key once, with the last value it had before the first result
	// Date is when the run started: the date: line, else the timestamp in the file's
	// name; the zero Time when there is neither.
	Date time.Time
}

// Get returns the value of a configuration key, or "".
func (h *Header) Get(key string) string {
	for _, c := range h.Config {
		if c.Key == key {
			return string(c.Value)
		}
	}
	return ""
}

// headerEnd is a result line added after a file's content, so that benchfmt hands over
// the configuration of a file that has no result yet.
const headerEnd = "\nBenchmarkCmapbenchEndOfFile 1 0 end\n"

// ReadHeader reads a raw file's configuration lines up to its first result with
// benchfmt, which skips the lines that are neither (the pass markers, say). The rest of
// the file is not read.
func ReadHeader(path string) (*Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := benchfmt.NewReader(io.MultiReader(f, strings.NewReader(headerEnd)), path)
	h := &Header{Path: path}
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		for _, c := range res.Config {
			if c.File {
				h.Config = append(h.Config, benchfmt.Config{Key: c.Key, Value: append([]byte(nil), c.Value...), File: true})
			}
		}
		break
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	h.Date = headerDate(h.Get("date"), filepath.Base(path))
	return h, nil
}

// HeaderFor returns the header of the file at path whose date: line says date ("" for
// none), for a reader that has parsed the file itself: its Date as ReadHeader finds it.
func HeaderFor(path, date string) *Header {
	return &Header{Path: path, Date: headerDate(date, filepath.Base(path))}
}

// nameStamp finds the timestamp in a raw file's or a report's name.
var nameStamp = regexp.MustCompile(`^(\d{8}-\d{6})-|-(\d{8}T\d{6}Z)[-.]`)

// headerDate parses a date: value (RFC 3339, as the commands write it), else the
// timestamp in name, else returns the zero Time.
func headerDate(value, name string) time.Time {
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t
	}
	if m := nameStamp.FindStringSubmatch(name); m != nil {
		if t, err := time.Parse(RawStamp, m[1]); m[1] != "" && err == nil {
			return t
		}
		if t, err := time.Parse(ReportStamp, m[2]); m[2] != "" && err == nil {
			return t
		}
	}
	return time.Time{}
}

// Compare orders headers from oldest to newest: by Date, then, for the same Date (or
// none), by file name, then by path. It returns -1, 0 or +1, as cmp.Compare does.
func Compare(a, b *Header) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := cmp.Compare(filepath.Base(a.Path), filepath.Base(b.Path)); c != 0 {
		return c
	}
	return cmp.Compare(a.Path, b.Path)
}
