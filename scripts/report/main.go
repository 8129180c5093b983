// Command report regenerates results/README.md from the raw benchmark files that
// make bench (scripts/bench) writes, with SVG charts beside it:
//
//	go run ./scripts/report [-out results/README.md] [-charts results/charts] [FILES...]
//
// With no FILES it reads every raw file in the directory of -out: the *.txt files there,
// except the benchstat summaries (*.benchstat.txt) and the safety matrix's evidence
// (safety-*.txt). The output depends only on the input files: the same files give the same
// bytes (no clock, no absolute paths).
//
// Parsing is golang.org/x/perf/benchfmt, grouping benchproc, statistics benchmath (medians
// with 95% confidence intervals, Mann-Whitney U tests at alpha 0.05, as benchstat does);
// charts are drawn with gonum.org/v1/plot.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cmapbench/cmapbench/internal/rawfile"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// run is the whole command: it parses args, reads the raw files, writes the README and the
// charts, and reports what it wrote on stdout; warnings (syntax errors in the raw files,
// skipped files) go to stderr.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", filepath.Join("results", "README.md"), "the README to write; its directory is the results directory (safety-*.md, profiles/*/summary.md and, with no FILES, the raw files)")
	charts := fs.String("charts", "", "directory for the SVG charts (default: charts beside -out, i.e. results/charts)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./scripts/report [-out results/README.md] [-charts results/charts] [FILES...]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("parsing flags: %w", err)
	}
	resultsDir := filepath.Dir(*out)
	chartsDir := *charts
	if chartsDir == "" {
		chartsDir = filepath.Join(resultsDir, "charts")
	}

	files := fs.Args()
	explicit := len(files) > 0
	if !explicit {
		var err error
		files, err = discoverRawFiles(resultsDir)
		if err != nil {
			return err
		}
		if len(files) == 0 {
			return fmt.Errorf("no raw benchmark files (*.txt) in %s: run make bench first, or name the files", resultsDir)
		}
	}

	raws, err := loadFiles(files, resultsDir, explicit, stderr)
	if err != nil {
		return err
	}
	if len(raws) == 0 {
		return fmt.Errorf("none of the %d files holds benchmark results", len(files))
	}
	ds := newDataset(raws)

	chartsLink, err := relLink(resultsDir, chartsDir)
	if err != nil {
		return err
	}
	drawn, err := buildCharts(ds)
	if err != nil {
		return err
	}
	extras, err := loadExtras(resultsDir)
	if err != nil {
		return err
	}
	readme := renderReadme(ds, drawn, chartsLink, extras)

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
	if err := os.MkdirAll(resultsDir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", resultsDir, err)
	}
	if err := os.WriteFile(*out, []byte(readme), 0o644); err != nil {
		return fmt.Errorf("writing the README: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s from %d raw files (%d toolchains) and %d charts in %s\n",
		*out, len(raws), len(ds.toolchains), len(drawn), chartsDir)
	return nil
}

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
