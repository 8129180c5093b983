package report

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/cmapbench/cmapbench/internal/results"
	toolchains "github.com/cmapbench/cmapbench/internal/toolchain"
)

// extras are the optional sections taken from other make targets' reports in the results
// directory.
type extras struct {
	safety   []safetyReport
	profiles []profileSummary
	// claims is the table of verdicts of make claims' page, claimsLink the page.
	claims, claimsLink string
}

// claimsPage is make claims' page in the results directory.
const claimsPage = "claims.md"

// readClaims takes the first table of make claims' page: one row per claim, with its
// verdict and evidence. Without the page there is none.
func readClaims(resultsDir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(resultsDir, claimsPage))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the claims page: %w", err)
	}
	var rows []string
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if strings.HasPrefix(line, "|") {
			rows = append(rows, line)
		} else if len(rows) > 0 {
			break
		}
	}
	// The page's own anchors, as links from the README beside it.
	return strings.ReplaceAll(strings.Join(rows, "\n"), "](#", "]("+claimsPage+"#"), nil
}

// safetyReport is the newest make safety report of one Go version.
type safetyReport struct {
	goversion string
	name      string // file name
	link      string // relative to the README
	date      string
	result    string
	table     string // the main table
}

// profileSummary is one make profile directory's summary.md.
type profileSummary struct {
	dir     string // the directory's name
	link    string
	content string
}

// safetyTableStart begins the main table of a make safety report; it runs to the next
// blank line.
const safetyTableStart = "| strategy | concurrent |"

// loadExtras reads results/safety-*.md (the newest per Go version) and
// results/profiles/*/summary.md. Both are optional.
func loadExtras(resultsDir string) (extras, error) {
	var ex extras
	var err error
	if ex.claims, err = readClaims(resultsDir); err != nil {
		return ex, err
	}
	ex.claimsLink = claimsPage
	newest, err := results.NewestReports(os.DirFS(resultsDir), "safety")
	if err != nil {
		return ex, err
	}
	for _, v := range slices.SortedFunc(maps.Keys(newest), toolchains.Compare) {
		r, ok, err := readSafety(filepath.Join(resultsDir, newest[v]), v)
		if err != nil {
			return ex, err
		}
		if ok {
			ex.safety = append(ex.safety, r)
		}
	}
	for i := range ex.safety {
		if ex.safety[i].link, err = relLink(resultsDir, filepath.Join(resultsDir, ex.safety[i].name)); err != nil {
			return ex, err
		}
	}

	sums, err := filepath.Glob(filepath.Join(resultsDir, "profiles", "*", "summary.md"))
	if err != nil {
		return ex, fmt.Errorf("listing profile summaries: %w", err)
	}
	sort.Strings(sums)
	for _, s := range sums {
		data, err := os.ReadFile(s)
		if err != nil {
			return ex, fmt.Errorf("reading profile summary: %w", err)
		}
		dir := filepath.Base(filepath.Dir(s))
		ex.profiles = append(ex.profiles, profileSummary{
			dir:     dir,
			link:    "profiles/" + dir + "/summary.md",
			content: demoteHeadings(strings.TrimSpace(strings.ReplaceAll(string(data), "\r\n", "\n")), 3),
		})
	}
	return ex, nil
}

// readSafety reads the date and result lines and the main table of one make safety
// report, the newest of goVersion's; ok is false when the file has no main table.
func readSafety(path, goVersion string) (safetyReport, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return safetyReport{}, false, fmt.Errorf("opening safety report: %w", err)
	}
	defer f.Close()
	r := safetyReport{name: filepath.Base(path), goversion: goVersion}
	var table []string
	inHeader, inTable, done := true, false, false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for sc.Scan() && !done {
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case inHeader && line == "":
			inHeader = false
		case inHeader:
			k, v, ok := strings.Cut(line, ": ")
			if !ok {
				inHeader = false
				break
			}
			switch k {
			case "date":
				r.date = v
			case "result":
				r.result = v
			}
		}
		switch {
		case inTable && strings.TrimSpace(line) == "":
			done = true
		case inTable:
			table = append(table, line)
		case strings.HasPrefix(line, safetyTableStart):
			inTable = true
			table = append(table, line)
		}
	}
	if err := sc.Err(); err != nil {
		return safetyReport{}, false, fmt.Errorf("reading safety report %s: %w", path, err)
	}
	r.table = strings.Join(table, "\n")
	return r, len(table) > 0, nil
}

// demoteHeadings pushes the Markdown headings of an included document (outside fenced
// code blocks) down by levels, so that they nest under the README's own heading.
func demoteHeadings(s string, levels int) string {
	lines := strings.Split(s, "\n")
	fence := ""
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
		case strings.HasPrefix(t, "#"):
			n := len(t) - len(strings.TrimLeft(t, "#"))
			if n <= 6 && (len(t) == n || t[n] == ' ') {
				m := n + levels
				if m > 6 {
					m = 6
				}
				lines[i] = strings.Repeat("#", m) + t[n:]
			}
		}
	}
	return strings.Join(lines, "\n")
}
