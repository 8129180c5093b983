package results

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// NewestReports returns, per Go version, the newest report of a kind (KIND-*.md, as
// ReportBase names them: make safety's are "safety") in fsys: the path of the one whose
// date: line, else the timestamp in its name, is latest, as Compare orders them. The Go
// version is the report's goversion: line (runtime.Version's form: go1.25.0 X:noswissmap),
// else the one in its name.
func NewestReports(fsys fs.FS, kind string) (map[string]string, error) {
	files, err := fs.Glob(fsys, kind+"-*.md")
	if err != nil {
		return nil, fmt.Errorf("listing %s reports: %w", kind, err)
	}
	newest := map[string]*Header{}
	for _, f := range files {
		goVersion, date, err := reportHeader(fsys, f)
		if err != nil {
			return nil, err
		}
		if goVersion == "" {
			m := reportName.FindStringSubmatch(path.Base(f))
			if m == nil || m[1] != kind {
				continue
			}
			goVersion = m[2]
		}
		h := HeaderFor(f, date)
		if old := newest[goVersion]; old == nil || Compare(h, old) > 0 {
			newest[goVersion] = h
		}
	}
	out := map[string]string{}
	for v, h := range newest {
		out[v] = h.Path
	}
	return out, nil
}

// reportName matches a report's name: KIND-GOVERSION-STAMP.md, with a number before the
// extension when the name was taken.
var reportName = regexp.MustCompile(`^([a-z]+)-(.+)-[0-9]{8}T[0-9]{6}Z(?:-[0-9]+)?\.md$`)

// reportHeader reads a report's goversion: and date: lines, from its header: the lines
// before the first blank one.
func reportHeader(fsys fs.FS, name string) (goVersion, date string, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", "", fmt.Errorf("reading %s: %w", path.Base(name), err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		k, v, ok := strings.Cut(line, ": ")
		if line == "" || !ok {
			break
		}
		switch k {
		case "goversion":
			goVersion = v
		case "date":
			date = v
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", fmt.Errorf("reading %s: %w", path.Base(name), err)
	}
	return goVersion, date, nil
}
