// Command report regenerates results/README.md from the raw benchmark files that
// make bench (scripts/bench) writes, with SVG charts beside it:
//
//	go run ./scripts/report [-out results/README.md] [-charts results/charts] [FILES or DIRS...]
//
// With no FILES it reads every raw file in the directory of -out: the *.txt files there,
// except the benchstat summaries (*.benchstat.txt), the samples set aside beside a raw file
// (*.slow-state.txt) and the safety matrix's evidence (safety-*.txt). A directory named
// is searched recursively for raw files: the downloaded artifacts of several machines,
// say, one directory each. Results are grouped by the host each raw file names, and
// never summarised across hosts. Beside the README it writes the pages under tables/,
// the charts and cells.csv, replacing the ones a previous run generated. The output
// depends only on the input files: the same files give the same bytes (no clock, no
// absolute paths).
//
// The work is package internal/report's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/internal/report"
)

func main() { cli.Main("report", run) }

// run is the whole command: it parses args, reads the raw files, writes the README and the
// charts, and reports what it wrote on stdout; warnings (syntax errors in the raw files,
// skipped files) go to stderr.
func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.FlagSet("report", stderr)
	out := fs.String("out", filepath.Join("results", "README.md"), "the README to write; its directory is the results directory (safety-*.md, profiles/*/summary.md and, with no FILES, the raw files)")
	charts := fs.String("charts", "", "directory for the SVG charts (default: charts beside -out, i.e. results/charts)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./scripts/report [-out results/README.md] [-charts results/charts] [FILES or DIRS...]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("parsing flags: %w", err)
	}
	return report.Generate(report.Options{Out: *out, Charts: *charts, Files: fs.Args()}, stdout, stderr)
}
