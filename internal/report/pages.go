package report

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/strategies"
)

// The pages beside the README: results/tables/ holds, per host, the full tables the
// README only links (every workload's cells, the guide's comparisons, the numbers
// across configurations, the runs' configuration and precision, every chart), and the
// profiles' summaries.

// tablesDir is the directory of the pages, under the README's directory; profilesPage
// is the profiles' page in it.
const (
	tablesDir    = "tables"
	profilesPage = tablesDir + "/profiles.md"
)

// pageSet collects the generated files by path relative to the README's directory.
type pageSet map[string]string

// hostDir is where ds's pages go: tables/, or tables/HOST/ when the report has several
// hosts.
func hostDir(ds *dataset, multi bool) string {
	if multi {
		return path.Join(tablesDir, ds.slug)
	}
	return tablesDir
}

// upFrom leads from a page in dir back to the README's directory.
func upFrom(dir string) string { return strings.Repeat("../", strings.Count(dir, "/")+1) }

// pageHeader starts every page: the generated-file line, the title, the way back.
func pageHeader(b *strings.Builder, title, up string, ds *dataset, multi bool) {
	b.WriteString(header + "\n\n# " + title + "\n\n")
	fmt.Fprintf(b, "Part of the [benchmark results](%sREADME.md)", up)
	if multi {
		fmt.Fprintf(b, ", host %s", hostLine(ds))
	}
	b.WriteString(".\n\n")
}

// addHostPages adds ds's pages to ps: one per workload, the guide's comparisons, the
// numbers across configurations, the runs, and the charts.
func addHostPages(ps pageSet, ds *dataset, charts []chart, chartsLink string, multi bool) {
	dir := hostDir(ds, multi)
	ds.up = upFrom(dir)
	defer func() { ds.up = "" }()
	reading := readingNote(ds.up)
	for _, w := range ds.workloads {
		var b strings.Builder
		pageHeader(&b, w.name, ds.up, ds, multi)
		b.WriteString(reading)
		writeWorkload(&b, ds, w)
		ps[path.Join(dir, slug(w.name)+".md")] = finish(&b)
	}

	var b strings.Builder
	pageHeader(&b, "Strategy guide: the comparisons", ds.up, ds, multi)
	writeGuideDetails(&b, ds, "##")
	ps[path.Join(dir, "guide.md")] = finish(&b)

	if len(crossToolchains(ds)) >= 2 {
		b.Reset()
		pageHeader(&b, "Across Go versions: every configuration", ds.up, ds, multi)
		b.WriteString(reading)
		writeCrossVersion(&b, ds)
		ps[path.Join(dir, "versions.md")] = finish(&b)
	}

	b.Reset()
	pageHeader(&b, "Runs: machines, toolchains, precision, commands", ds.up, ds, multi)
	writeMachine(&b, ds)
	writePrecision(&b, ds)
	writePartial(&b, ds)
	writeCommands(&b, ds)
	ps[path.Join(dir, "runs.md")] = finish(&b)

	if len(charts) > 0 {
		b.Reset()
		pageHeader(&b, "Charts", ds.up, ds, multi)
		writeCharts(&b, charts, upFrom(dir)+chartsLink)
		ps[path.Join(dir, "charts.md")] = finish(&b)
	}
}

// addProfilesPage adds the profiles' summaries, when there are any.
func addProfilesPage(ps pageSet, ex extras) {
	if len(ex.profiles) == 0 {
		return
	}
	var b strings.Builder
	b.WriteString(header + "\n\n# Profiles\n\nPart of the [benchmark results](../README.md).\n\n")
	writeProfiles(&b, ex, "../")
	ps[profilesPage] = finish(&b)
}

func finish(b *strings.Builder) string { return strings.TrimRight(b.String(), "\n") + "\n" }

// readingNote is how to read a page's cells, with links from a page up levels below
// the README.
func readingNote(up string) string {
	var b strings.Builder
	excluded := ""
	if len(excludedNames()) > 0 {
		excluded = "yes"
	}
	execute(&b, reading, map[string]string{"Baseline": strategies.Baseline(), "Excluded": excluded, "Up": up})
	return b.String()
}

// writeFiles replaces the generated files under dir: the pages of ps, after removing the
// pages a previous run generated (a workload or host that is gone leaves no stale page).
func writeFiles(dir string, ps pageSet) error {
	old := filepath.Join(dir, tablesDir)
	if err := removeGenerated(old, ".md"); err != nil {
		return err
	}
	for rel, content := range ps {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	return nil
}

// removeGenerated removes, under dir, the files with extension ext that the report
// generated: Markdown pages that start with its header, or any SVG (the charts
// directory is the report's own). Other files are left alone.
func removeGenerated(dir, ext string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(p) != ext {
			return nil
		}
		if ext == ".md" {
			data, err := os.ReadFile(p)
			if err != nil || !strings.HasPrefix(string(data), header) {
				return err
			}
		}
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("removing the stale page %s: %w", p, err)
		}
		return nil
	})
}

// pageLink is the link from the README to a page of ds.
func pageLink(ds *dataset, multi bool, name string) string {
	return path.Join(hostDir(ds, multi), name)
}

// workloadLinks lists ds's workload pages as links from the README.
func workloadLinks(ds *dataset, multi bool) string {
	var links []string
	for _, w := range ds.workloads {
		links = append(links, markdown.Link(w.name, pageLink(ds, multi, slug(w.name)+".md")))
	}
	return strings.Join(links, " · ")
}

// link is the link to f from the page being written.
func (ds *dataset) link(f *rawFile) string { return ds.up + f.link }

// partialNote is the marker the README puts next to anything taken from a partial file.
func (f *rawFile) partialNote() string {
	if f == nil || f.complete {
		return ""
	}
	return " (partial run)"
}
