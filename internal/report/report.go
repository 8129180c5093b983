// Package report turns the raw benchmark files that make bench writes into the published
// page (results/README.md) with SVG charts beside it, and renders the strategy guide that
// make bench prints at the end of a run. What it knows of the suite (workloads, their
// metrics and representative cases, the strategies and their order) it takes from the
// catalog, packages bench and strategies.
//
// Parsing is golang.org/x/perf/benchfmt, grouping benchproc, statistics benchmath
// (medians with 95% confidence intervals, Mann-Whitney U tests at alpha 0.05, as
// benchstat does); charts are drawn with gonum.org/v1/plot. The output depends only on
// the input files: the same files give the same bytes (no clock, no absolute paths).
package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Options says what Generate reads and writes.
type Options struct {
	// Out is the README to write; its directory is the results directory (safety-*.md,
	// profiles/*/summary.md and, with no Files, the raw files).
	Out string
	// Charts is the directory for the SVG charts; "" means charts beside Out.
	Charts string
	// Files are the raw files to read; none means every raw file in Out's directory.
	Files []string
}

// Generate writes the README, the pages and charts beside it, and the CSV export, and
// reports what it wrote on stdout; warnings (syntax errors in the raw files, skipped
// files) go to stderr.
func Generate(opts Options, stdout, stderr io.Writer) error {
	resultsDir := filepath.Dir(opts.Out)
	chartsDir := cmp.Or(opts.Charts, filepath.Join(resultsDir, "charts"))
	datasets, err := loadDatasets(opts.Files, resultsDir, stderr)
	if err != nil {
		return err
	}
	chartsLink, err := relLink(resultsDir, chartsDir)
	if err != nil {
		return err
	}
	extras, err := loadExtras(resultsDir)
	if err != nil {
		return err
	}
	multi := len(datasets) > 1
	pages := pageSet{}
	var sites []site
	var drawn []chart
	for _, ds := range datasets {
		charts, err := buildCharts(ds)
		if err != nil {
			return err
		}
		if multi {
			for i := range charts {
				charts[i].file = ds.slug + "-" + charts[i].file
			}
		}
		addHostPages(pages, ds, charts, chartsLink, multi)
		sites = append(sites, site{ds, charts})
		drawn = append(drawn, charts...)
	}
	addProfilesPage(pages, extras)
	pages[csvName] = string(exportCSV(sites))
	pages[filepath.Base(opts.Out)] = renderReadme(sites, chartsLink, extras, csvName)

	if err := removeGenerated(chartsDir, ".svg"); err != nil {
		return err
	}
	if len(drawn) > 0 {
		if err := os.MkdirAll(chartsDir, 0o755); err != nil {
			return fmt.Errorf("creating the charts directory: %w", err)
		}
	}
	for _, c := range drawn {
		if err := os.WriteFile(filepath.Join(chartsDir, c.file), c.svg, 0o644); err != nil {
			return fmt.Errorf("writing chart: %w", err)
		}
	}
	if err := writeFiles(resultsDir, pages); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s, %d pages and %s from %d raw files (%d hosts) and %d charts in %s\n",
		opts.Out, len(pages)-2, csvName, countFiles(datasets), len(datasets), len(drawn), chartsDir)
	return nil
}

// Guide writes the strategy guide for the raw files named (a run's files, one per
// toolchain) to w, as Markdown: what make bench prints at the end of a run. Files of
// several hosts get a guide each.
func Guide(files []string, w io.Writer, warn io.Writer) error {
	if len(files) == 0 {
		return errors.New("the guide needs the raw files of a run; none was named")
	}
	datasets, err := loadDatasets(files, ".", warn)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, ds := range datasets {
		if len(datasets) > 1 {
			fmt.Fprintf(&b, "Host %s:\n\n", ds.host)
		}
		b.WriteString(renderGuide(ds))
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// loadDatasets reads the raw files (the files named, the files found in the directories
// named, or with none named those in dir) and groups them into a dataset per host.
func loadDatasets(named []string, dir string, warn io.Writer) ([]*dataset, error) {
	paths, found, err := rawPaths(named, dir)
	if err != nil {
		return nil, err
	}
	raws, err := loadFiles(paths, dir, !found, warn)
	if err != nil {
		return nil, err
	}
	if len(raws) == 0 {
		return nil, fmt.Errorf("none of the %d files holds benchmark results", len(paths))
	}
	return splitHosts(raws), nil
}

// countFiles counts the raw files of the datasets.
func countFiles(datasets []*dataset) int {
	n := 0
	for _, ds := range datasets {
		n += len(ds.files)
	}
	return n
}
