// Command claims checks, under each exact Go toolchain of -go-versions (fetched through
// GOTOOLCHAIN; default: the toolchain the go command selects), the claims about map
// growth and iteration that the suite started from, and writes the evidence-backed page
// results/claims.md:
//
//	go run ./scripts/claims [-go-versions "go1.23.12 go1.26.8"] [-out results] [-attempts 10] [-go go]
//
// For every toolchain it builds the probe programs under scripts/claims/probes with that
// toolchain (plain, -trimpath) and runs them: gctrace (a growing map under
// GODEBUG=gctrace=1), traceback (a racy map under the default GOTRACEBACK and under
// GOTRACEBACK=crash, retried up to -attempts times, as the runtime's check is
// best-effort), growth (the inserts at which a map allocates) and allocs (allocations of
// a range loop and of a sync.Map Range). It also finds, in the toolchain's GOROOT, the
// source lines that decide the claims (go list names the files compiled by default;
// go/parser finds the declarations), so that every FILE:LINE on the page is found again
// when the page is regenerated. The verdicts are computed from this evidence alone; the
// page also quotes the newest safety report per toolchain found in -out
// (safety-GOVERSION-*.md, written by make safety).
//
// Output: -out/claims.md and the evidence directory -out/claims/, one file per toolchain
// and probe (GOVERSION-PROBE.txt: the command, how it ended, its standard output and
// standard error; GOVERSION-sources.txt: the cited source lines). The command owns that
// directory and regenerates it as a whole, deliberately: the evidence is written to a
// new directory beside it, and only when every toolchain's probes have run and the page
// has rendered is the old directory removed and the new one renamed into its place, and
// claims.md replaced. A failed run leaves the published page and evidence as they were.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/internal/toolchain"
)

func main() { cli.Main("claims", run) }

// The outputs' names inside -out.
const (
	pageName    = "claims.md"
	evidenceDir = "claims"
)

// config is the command line.
type config struct {
	versions []toolchain.Spec
	out      string
	attempts int
	goCmd    string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := cli.FlagSet("claims", stderr)
	var c config
	versions := fs.String("go-versions", "", "check the claims under each of these exact toolchains (`list` of VERSION or VERSION:EXPERIMENT, e.g. \"go1.23.12 go1.26.8\"); default: the one the go command selects")
	fs.StringVar(&c.out, "out", "results", "directory of "+pageName+" and of the evidence directory "+evidenceDir+"/, which is regenerated as a whole")
	fs.IntVar(&c.attempts, "attempts", 10, "runs of the traceback probe, per setting, until the runtime detects the race")
	fs.StringVar(&c.goCmd, "go", "go", "go command that builds the probes")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: claims [flags]\n\nChecks the map claims per toolchain and writes %s with its evidence.\n\n", pageName)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	var err error
	if c.versions, err = toolchain.ParseList(*versions); err != nil {
		return c, fmt.Errorf("-go-versions: %w", err)
	}
	switch {
	case c.attempts < 1:
		return c, fmt.Errorf("-attempts %d: want at least 1", c.attempts)
	case c.out == "":
		return c, errors.New("-out: want a directory")
	}
	return c, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	goPath, err := exec.LookPath(cfg.goCmd)
	if err != nil {
		return fmt.Errorf("finding the go command: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "claims: "+format+"\n", a...) }

	tcs, err := toolchain.Resolve(ctx, goPath, "", cfg.versions)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return fmt.Errorf("making the output directory: %w", err)
	}
	tmp, err := os.MkdirTemp(cfg.out, "."+evidenceDir+"-new-")
	if err != nil {
		return fmt.Errorf("making the new evidence directory: %w", err)
	}
	defer os.RemoveAll(tmp) // gone already when it was renamed into place
	for _, tc := range tcs {
		if err := collect(ctx, tc, tmp, cfg.attempts, logf); err != nil {
			return fmt.Errorf("%s: %w", tc.Name, err)
		}
	}
	page, err := renderDir(tmp, cfg.out)
	if err != nil {
		return err
	}
	if err := publish(cfg.out, tmp, page); err != nil {
		return err
	}
	logf("wrote %s and %s/", filepath.Join(cfg.out, pageName), filepath.Join(cfg.out, evidenceDir))
	_, err = io.WriteString(stdout, page)
	return err
}

// renderDir renders the page from the evidence in dir and the safety reports in out.
func renderDir(dir, out string) (string, error) {
	vs, err := loadVersions(os.DirFS(dir))
	if err != nil {
		return "", err
	}
	safety, err := loadSafety(os.DirFS(out), names(vs))
	if err != nil {
		return "", err
	}
	return render(evidenceDir, vs, safety)
}

// publish puts the new evidence directory in place of out/claims (removing the old one,
// which the command owns) and replaces out/claims.md with page, through a temporary
// file renamed over it.
func publish(out, tmp, page string) error {
	final := filepath.Join(out, evidenceDir)
	if err := os.RemoveAll(final); err != nil {
		return fmt.Errorf("removing the old evidence: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("putting the new evidence in place: %w", err)
	}
	if err := os.Chmod(final, 0o755); err != nil {
		return fmt.Errorf("opening the evidence directory: %w", err)
	}
	f, err := os.CreateTemp(out, "."+pageName+"-new-")
	if err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := io.WriteString(f, page); err != nil {
		f.Close()
		return fmt.Errorf("writing the page: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	if err := os.Rename(f.Name(), filepath.Join(out, pageName)); err != nil {
		return fmt.Errorf("putting the page in place: %w", err)
	}
	return nil
}
