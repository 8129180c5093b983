// Command safety runs the suite's safety matrix for the Go toolchain that the go command
// on PATH selects (GOTOOLCHAIN=go1.23.12 selects that one), or for each exact toolchain
// of -go-versions in turn (fetched through GOTOOLCHAIN, as for scripts/bench: go1.23.12,
// go1.25.0:noswissmap):
//
//	go run ./scripts/safety [-go-versions list] [-runs 20] [-strategies unsafe,mutex,...]
//	                        [-timeout 10s] [-out results] [-go go] [-keys 20000] [-ranges 200]
//
// It builds the child program scripts/safety/scenario twice with the go command, plain and
// with -race, and runs, for every strategy, the checks of the suite's correctness gate:
// the conformance check, and the grow scenario, in which writers grow the map from empty
// while other goroutines Load and Range.
//
//   - Every strategy runs the conformance check, which must agree with the registry: a
//     strategy that declares no conformance failure must pass it, and one that declares
//     one must fail it.
//   - Every concurrent strategy runs the grow scenario under -race and must come out
//     clean: a race report, a crash, a timeout or a lost key is a failure.
//   - The unsafe baseline runs it -runs times without -race, with GOTRACEBACK=crash, and
//     each run is recorded with the fatal error that ended it (concurrent map writes,
//     concurrent map read and map write, concurrent map iteration and map write) or none,
//     its exit status and how long it lived; one trimmed traceback per kind is kept as
//     evidence. Then it runs once under -race, which must flag it. A crash of the baseline
//     is the expected result and never a failure.
//   - Every concurrent strategy also runs the rangesem scenario, which measures whether a
//     Range under concurrent writes sees a key twice, misses a key present throughout (both
//     failures), or sees a key stored after it began.
//
// What these checks find wrong with a strategy the gate already excludes (see
// strategies.Check) is reported with its evidence files but is not a failure.
//
// The table goes to standard output in Markdown and, with the evidence files beside it, to
// -out as safety-GOVERSION-TIMESTAMP.md, one report per toolchain. Files are created
// exclusively: an earlier report is never overwritten (a name already taken gets a -2,
// -3, ... suffix). Progress goes to standard error. The command exits non-zero when a
// matrix has a failure; a toolchain's failure does not stop the next toolchain's matrix.
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
	"strings"
	"syscall"
	"time"

	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

func main() { cli.Main("safety", run) }

// errFailures is wrapped by the error run returns when the matrix has failures.
var errFailures = errors.New("safety matrix failed")

// config is the command line.
type config struct {
	runs     int      // runs of the unsafe baseline without -race
	names    []string // strategies, in registry order
	timeout  time.Duration
	out      string // directory for the report and evidence; "" saves nothing
	goCmd    string
	versions []toolchain.Spec // from -go-versions; nil: the toolchain the go command selects
	grow     maptest.GrowConfig
	rangesem maptest.RangeConfig
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := cli.FlagSet("safety", stderr)
	var (
		c        config
		list     = fs.String("strategies", "", "comma-separated strategies to run (default all: "+strings.Join(strategies.Names(), ",")+")")
		versions = fs.String("go-versions", "", "run the matrix under each of these exact toolchains in turn (`list` of VERSION or VERSION:EXPERIMENT, e.g. \"go1.23.12 go1.25.0:noswissmap go1.26.8\"); default: the one the go command selects")
	)
	fs.IntVar(&c.runs, "runs", 20, "runs of the unsafe baseline without -race")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "limit of one child run; a child still running then is killed and recorded as hung")
	fs.StringVar(&c.out, "out", "results", `directory for the report and the evidence files ("" saves nothing)`)
	fs.StringVar(&c.goCmd, "go", "go", "go command that builds the scenario program (its environment applies, GOTOOLCHAIN included unless -go-versions is given)")
	fs.IntVar(&c.grow.Keys, "keys", 20000, "grow scenario: keys each of the 2 writers stores")
	fs.IntVar(&c.rangesem.Ranges, "ranges", 200, "rangesem scenario: Ranges measured per concurrent strategy")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: safety [flags]\n\nRuns the safety matrix for the Go toolchain the go command selects, or for each of -go-versions.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}

	// The fixed scenario; the flags above only scale it.
	c.grow.Writers, c.grow.Readers, c.grow.Rangers, c.grow.Pause = 2, 1, 1, time.Millisecond
	c.rangesem.Writers, c.rangesem.Stable, c.rangesem.Victims, c.rangesem.NewKeys = 2, 512, 512, 4096

	names, err := selectStrategies(*list)
	if err != nil {
		return c, err
	}
	c.names = names
	if c.versions, err = toolchain.ParseList(*versions); err != nil {
		return c, fmt.Errorf("-go-versions: %w", err)
	}
	switch {
	case c.runs < 1:
		return c, fmt.Errorf("-runs %d: want at least 1", c.runs)
	case c.timeout <= 0:
		return c, fmt.Errorf("-timeout %v: want a positive duration", c.timeout)
	case c.goCmd == "":
		return c, errors.New("-go: want a go command")
	}
	if err := c.grow.Check(); err != nil {
		return c, fmt.Errorf("grow scenario: %w", err)
	}
	if err := c.rangesem.Check(); err != nil {
		return c, fmt.Errorf("rangesem scenario: %w", err)
	}
	return c, nil
}

// selectStrategies turns the -strategies list into names in registry order: by default
// every strategy the root module builds (the scenario child is one of its programs; a
// Nested strategy's nested module runs the same checks in its tests). An unknown name is
// an error that lists the valid ones; a Nested one, one that says where it is built.
func selectStrategies(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		var names []string
		for _, s := range strategies.All[int, int]() {
			names = append(names, s.Name)
		}
		return names, nil
	}
	want := map[string]bool{}
	for _, name := range cli.List(list) {
		if _, err := strategies.Lookup[int, int](name); err != nil {
			return nil, fmt.Errorf("-strategies: %w", err)
		}
		want[name] = true
	}
	var names []string
	for _, name := range strategies.Names() {
		if want[name] {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("-strategies %q names no strategy (valid: %s)", list, strings.Join(strategies.Names(), ", "))
	}
	return names, nil
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
	cfg.goCmd = goPath

	// An interrupt cancels ctx, which kills the running child's process group.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "safety: "+format+"\n", a...) }
	// Every toolchain is checked (and fetched) before any matrix runs.
	tcs, err := toolchain.Resolve(ctx, goPath, "", cfg.versions)
	if err != nil {
		return err
	}
	var errs []error
	for _, tc := range tcs {
		if cfg.versions != nil {
			logf("toolchain %s", tc.Spec)
		}
		errs = append(errs, runToolchain(ctx, cfg, tc, stdout, logf))
		if ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

// runToolchain builds the scenario program with tc, runs the matrix, and writes its
// report to stdout and, with its evidence, to cfg.out.
func runToolchain(ctx context.Context, cfg config, tc *toolchain.Toolchain, stdout io.Writer, logf func(string, ...any)) error {
	dir, err := makeTempDir()
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	logf("building %s (plain and -race) with %s", scenarioPkg, cfg.goCmd)
	bins, err := buildScenario(ctx, tc, dir)
	if err != nil {
		return fmt.Errorf("building the scenario: %w", err)
	}
	logf("%s %s/%s, %d CPUs, GOMAXPROCS %d", bins.Info.GoVersion, bins.Info.GOOS, bins.Info.GOARCH, bins.Info.NumCPU, bins.Info.GOMAXPROCS)

	m, err := runMatrix(ctx, cfg, bins, tc.Env, logf)
	if err != nil {
		return err
	}
	text, saved, err := m.save(cfg.out)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(stdout, text); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	for _, path := range saved {
		logf("wrote %s", path)
	}
	if fails := m.failures(); len(fails) > 0 {
		return fmt.Errorf("%w for %s: %s", errFailures, m.Bin.Info.GoVersion, strings.Join(fails, "; "))
	}
	return nil
}
