package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/internal/report"
	"github.com/cmapbench/cmapbench/internal/results"
	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
)

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.FlagSet("bench", stderr)
	count := fs.Int("count", 10, "take at least `n` samples of every case (the minimum passes); from 10 on, one stray sample cannot set the interval")
	benchtime := fs.String("benchtime", "50ms", "go test -benchtime `duration` per sample")
	budget := fs.Duration("budget", 15*time.Minute, "time `budget` per toolchain, building and summarising included; after the minimum passes, extra passes use what is left")
	precision := fs.String("precision", "5", "target half-width of every median's 95% confidence interval, in `percent`; extra passes go to the cases still wider")
	cpu := fs.String("cpu", "", "comma-separated GOMAXPROCS `list` (default 1, 2, 4, ... up to the CPU count, thinned to fit the budget)")
	strats := fs.String("strategies", "", "comma- or space-separated strategy `names` (default all)")
	works := fs.String("workloads", "", "comma- or space-separated workload `names` (default "+strings.Join(bench.DefaultWorkloads, ",")+")")
	control := fs.String("control", "", "the strategy measured twice, as the A/A control (`name`, or none; default rwmutex, or the first concurrent strategy chosen)")
	full := fs.Bool("full", false, "run the full parameter matrix instead of the default one")
	seed := fs.Uint64("seed", 0, "`seed` of the per-pass shuffles (default: from the clock; recorded in the raw file)")
	out := fs.String("out", "results", "write raw results and summaries under `dir`")
	goCmd := fs.String("go", "go", "the go `command` that builds the benchmarks")
	mix := fs.String("mix", "", "run the custom `mix` these comma-separated key=value pairs describe (CustomMix; alone unless -workloads is given): "+bench.MixDefaults()+" when not given")
	tracePath := fs.String("trace", "", "replay the trace in `file` (recorded with package bench/trace) on every strategy (Replay; alone unless -workloads is given)")
	host := fs.String("host", "", "`label` naming this machine in the raw files, so that results of several machines merge (default GOOS-GOARCH-NCPUcpu, e.g. "+results.DefaultHostLabel(runtime.GOOS, runtime.GOARCH, runtime.NumCPU())+")")
	versions := fs.String("go-versions", "", "run under each of these exact toolchains (`list` of VERSION or VERSION:EXPERIMENT, e.g. \"go1.23.12 go1.25.0:noswissmap go1.26.8\"), interleaved; default: the go on PATH")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg, err := newConfig(*count, *benchtime, *cpu, *strats, *works)
	if err != nil {
		return err
	}
	if err := cfg.addUser(*mix, *tracePath, *works != ""); err != nil {
		return err
	}
	cfg.full, cfg.out, cfg.goCmd, cfg.budget, cfg.seed = *full, *out, *goCmd, *budget, *seed
	if cfg.budget <= 0 {
		return fmt.Errorf("-budget %v: want a positive duration", cfg.budget)
	}
	if cfg.precision, err = parsePercent(*precision); err != nil {
		return err
	}
	if cfg.control, err = chooseControl(*control, cfg.strategies); err != nil {
		return err
	}
	if cfg.host = *host; cfg.host == "" {
		cfg.host = results.DefaultHostLabel(runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	} else if err := results.CheckHostLabel(cfg.host); err != nil {
		return fmt.Errorf("-host: %w", err)
	}
	cfg.hostGiven = *host != ""
	if cfg.toolchains, err = toolchain.ParseList(*versions); err != nil {
		return fmt.Errorf("-go-versions: %w", err)
	}
	if cfg.seed == 0 {
		cfg.seed = uint64(time.Now().UnixNano())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// Progress and the test binaries' standard error share stderr from two goroutines. A
	// file is handed to the children as it is, and the progress line needs to see that it
	// is a terminal; any other writer is serialised.
	if _, ok := stderr.(*os.File); !ok {
		stderr = &lockedWriter{w: stderr}
	}
	return execute(ctx, cfg, stdout, stderr)
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func execute(ctx context.Context, cfg *config, stdout, stderr io.Writer) error {
	start := time.Now()
	for _, note := range cfg.leftOut() {
		fmt.Fprintf(stderr, "note: %s\n", note)
	}
	s, err := newSampler(cfg)
	if err != nil {
		return err
	}
	tcs, err := prepare(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer func() {
		for _, tc := range tcs {
			if tc.file != nil {
				tc.file.Close()
			}
		}
	}()
	if err := createRawFiles(ctx, cfg, tcs, start, stderr); err != nil {
		return err
	}

	s.tcs = tcs
	s.start, s.deadline = start, start.Add(time.Duration(len(tcs))*cfg.budget-summaryReserve)
	s.stderr = stderr
	runErr := s.sample(ctx)

	var failed []string
	var finishErrs []error
	for i := range tcs {
		tc := &tcs[i]
		status := "complete"
		if ctx.Err() != nil {
			status = "interrupted"
		} else if len(tc.failures) > 0 {
			status = "failed"
			failed = append(failed, fmt.Sprintf("%s (results in %s are partial; see the FAIL lines there): %s", tc.Name, tc.path, strings.Join(tc.failures, "; ")))
		}
		finishErrs = append(finishErrs, tc.finish(status))
	}
	if err := errors.Join(finishErrs...); err != nil {
		return fmt.Errorf("finishing the raw files: %w", err)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: the results so far are in %s", strings.Join(paths(tcs), ", "))
	}
	if runErr != nil {
		return runErr
	}
	if err := summarise(ctx, cfg, s, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	if err := report.Guide(paths(tcs), stdout, stderr); err != nil {
		return fmt.Errorf("the strategy guide: %w", err)
	}
	if len(failed) > 0 {
		return fmt.Errorf("benchmarks failed for %s", strings.Join(failed, "; "))
	}
	return nil
}

// finish writes the raw file's run-status line and closes the configuration's files.
func (tc *toolchainRun) finish(status string) error {
	_, err := fmt.Fprintf(tc.file, "\nrun-status: %s\n", status)
	err = errors.Join(err, tc.file.Close())
	tc.file = nil
	if tc.slowFile != nil {
		err = errors.Join(err, tc.slowFile.Close())
		tc.slowFile = nil
	}
	return err
}

// prepare checks every toolchain and builds its test binary before any benchmark runs,
// so that a typo or an unavailable toolchain stops the run at once.
func prepare(ctx context.Context, cfg *config, stderr io.Writer) ([]toolchainRun, error) {
	resolved, err := toolchain.Resolve(ctx, cfg.goCmd, "", cfg.toolchains)
	if err != nil {
		return nil, err
	}
	binDir := filepath.Join(cfg.out, ".bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return nil, err
	}
	tcs := make([]toolchainRun, len(resolved))
	for i, t := range resolved {
		tc := &tcs[i]
		tc.Toolchain = t
		if tc.bin, err = filepath.Abs(filepath.Join(binDir, "bench-"+tc.Name+".test")); err != nil {
			return nil, err
		}
		if tc.pkg, err = bench.PackageFor(tc.GoVersion, cfg.strategyNames()); err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "building ./%s with %s\n", tc.pkg.Dir, tc.Name)
		for name, why := range tc.pkg.Absent {
			fmt.Fprintf(stderr, "%s: %s is not measured: %s\n", tc.Name, name, why)
		}
		if err := tc.build(ctx); err != nil {
			return nil, fmt.Errorf("building with %s: %w", tc.Name, err)
		}
	}
	return tcs, nil
}

// createRawFiles creates each toolchain's raw file, named after the run's start and the
// toolchain, and writes its header: the config lines that say what is measured.
func createRawFiles(ctx context.Context, cfg *config, tcs []toolchainRun, start time.Time, stderr io.Writer) error {
	commit := gitCommit(ctx)
	for i := range tcs {
		tc := &tcs[i]
		f, path, err := results.CreateRaw(cfg.out, tc.Name, start)
		if err != nil {
			return err
		}
		tc.file, tc.path = f, path
		tc.header = fmt.Sprintf("goversion: %s\ntoolchain: %s\ngoexperiment: %s\nhost: %s\nncpu: %d\ngomaxprocs: %s\ncommit: %s\ndate: %s\n"+
			"count: %d\nbenchtime: %s\nbudget: %s\nprecision: %g%%\ncontrol: %s\nshuffle-seed: %d\ncommand: %s\n%s",
			tc.RuntimeVersion(), tc.Name, cmp.Or(tc.Experiment(), "none"), cfg.host, runtime.NumCPU(), joinInts(cfg.cpus), commit,
			start.UTC().Format(time.RFC3339), cfg.count, cfg.benchtime, cfg.budget, cfg.precision*100, cmp.Or(cfg.control, "none"),
			cfg.seed, cfg.command(),
			tc.moduleLines(ctx))
		fmt.Fprintf(f, "%s%s\n", tc.header, tc.pkg.AbsentLines(tc.Name))
		fmt.Fprintf(stderr, "raw results for %s: %s\n", tc.Name, path)
	}
	return nil
}

// summaryReserve is kept from the budget for building the summary after the last pass.
const summaryReserve = 20 * time.Second

// moduleLines are the header lines "NAME: VERSION" of the strategies whose map comes from
// a module, in registry order: those the configuration measures.
func (tc *toolchainRun) moduleLines(ctx context.Context) string {
	var b strings.Builder
	for _, info := range strategies.Infos() {
		switch {
		case info.Module == "":
		case info.Nested == "":
			fmt.Fprintf(&b, "%s: %s\n", info.Name, linkedVersion(info.Module))
		case info.Nested == tc.pkg.Dir:
			fmt.Fprintf(&b, "%s: %s\n", info.Name, tc.nestedVersion(ctx, info.Module))
		}
	}
	return b.String()
}

// linkedVersion returns the version of module path linked into this command. The test
// binaries carry no module list of their own (go test does not record one), but they are
// built from the same go.mod, so they link the same versions.
func linkedVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == path {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

func paths(tcs []toolchainRun) []string {
	var p []string
	for _, tc := range tcs {
		p = append(p, tc.path)
	}
	return p
}

func joinInts(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, ",")
}

// gitCommit returns the suite's commit, with "-dirty" when the work tree has changes, or
// "unknown" outside a git checkout.
func gitCommit(ctx context.Context) string {
	rev, err := (&toolchain.Cmd{Path: "git", Args: []string{"rev-parse", "HEAD"}}).Output(ctx)
	if err != nil {
		return "unknown"
	}
	status := &toolchain.Cmd{Path: "git", Args: []string{"status", "--porcelain", "--untracked-files=no"}}
	if st, err := status.Output(ctx); err == nil && st != "" {
		rev += "-dirty"
	}
	return rev
}
