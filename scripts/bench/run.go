package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/report"
	"github.com/cmapbench/cmapbench/strategies"
)

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
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
	if cfg.toolchains, err = parseToolchains(*versions); err != nil {
		return err
	}
	if cfg.seed == 0 {
		cfg.seed = uint64(time.Now().UnixNano())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// Progress and the test binaries' standard error share stderr from two goroutines.
	return execute(ctx, cfg, stdout, &lockedWriter{w: stderr})
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
	s, err := newSampler(cfg)
	if err != nil {
		return err
	}
	// Every toolchain is checked and every binary built before any benchmark runs, so a
	// typo or an unavailable toolchain stops the run at once.
	tcs, err := resolveToolchains(ctx, cfg.goCmd, cfg.toolchains)
	if err != nil {
		return err
	}
	binDir := filepath.Join(cfg.out, ".bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	for i := range tcs {
		tc := &tcs[i]
		if tc.bin, err = filepath.Abs(filepath.Join(binDir, "bench-"+tc.name+".test")); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "building ./bench with %s\n", tc.name)
		if _, err := tc.output(ctx, cfg.goCmd, "test", "-c", "-o", tc.bin, "./bench"); err != nil {
			return fmt.Errorf("building with %s: %w", tc.name, err)
		}
	}

	commit := gitCommit(ctx)
	for i := range tcs {
		tc := &tcs[i]
		f, path, err := createResultFile(cfg.out, tc.name, start)
		if err != nil {
			return err
		}
		defer f.Close()
		tc.file, tc.path = f, path
		tc.header = fmt.Sprintf("goversion: %s\ntoolchain: %s\ngoexperiment: %s\nncpu: %d\ngomaxprocs: %s\ncommit: %s\ndate: %s\n"+
			"count: %d\nbenchtime: %s\nbudget: %s\nprecision: %g%%\ncontrol: %s\nshuffle-seed: %d\ncommand: %s\n%s",
			tc.goversion, tc.name, cmp.Or(tc.experiment, "none"), runtime.NumCPU(), joinInts(cfg.cpus), commit,
			start.UTC().Format(time.RFC3339), cfg.count, cfg.benchtime, cfg.budget, cfg.precision*100, cmp.Or(cfg.control, "none"),
			cfg.seed, cfg.command(),
			moduleLines())
		fmt.Fprintf(f, "%s\n", tc.header)
		fmt.Fprintf(stderr, "raw results for %s: %s\n", tc.name, path)
	}

	s.tcs = tcs
	s.start, s.deadline = start, start.Add(time.Duration(len(tcs))*cfg.budget-summaryReserve)
	s.stderr = stderr
	runErr := s.sample(ctx)

	var failed []string
	for i := range tcs {
		tc := &tcs[i]
		status := "complete"
		if ctx.Err() != nil {
			status = "interrupted"
		} else if len(tc.failures) > 0 {
			status = "failed"
			failed = append(failed, fmt.Sprintf("%s (results in %s are partial; see the FAIL lines there): %s", tc.name, tc.path, strings.Join(tc.failures, "; ")))
		}
		fmt.Fprintf(tc.file, "\nrun-status: %s\n", status)
		if err := tc.file.Close(); err != nil {
			return err
		}
		if tc.slowFile != nil {
			if err := tc.slowFile.Close(); err != nil {
				return err
			}
		}
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

// summaryReserve is kept from the budget for building the summary after the last pass.
const summaryReserve = 20 * time.Second

// moduleLines are the header lines "NAME: VERSION" of the strategies whose map comes from
// a module, in registry order.
func moduleLines() string {
	var b strings.Builder
	for _, info := range strategies.Infos() {
		if info.Module != "" {
			fmt.Fprintf(&b, "%s: %s\n", info.Name, linkedVersion(info.Module))
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

func paths(tcs []toolchain) []string {
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
	rev, err := output(ctx, "git", "rev-parse", "HEAD")
	if err != nil {
		return "unknown"
	}
	if st, err := output(ctx, "git", "status", "--porcelain", "--untracked-files=no"); err == nil && st != "" {
		rev += "-dirty"
	}
	return rev
}

// createResultFile creates a new raw result file named after the Go version and time,
// adding a suffix rather than touching a file that exists.
func createResultFile(dir, goversion string, now time.Time) (*os.File, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	base := fmt.Sprintf("%s-%s", now.UTC().Format("20060102-150405"), goversion)
	for i := 0; i < 100; i++ {
		name := base
		if i > 0 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		path := filepath.Join(dir, name+".txt")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, path, err
	}
	return nil, "", fmt.Errorf("cannot find a free file name for %s in %s", base, dir)
}

// output runs a command and returns its trimmed standard output; the error carries its
// standard error.
func output(ctx context.Context, name string, args ...string) (string, error) {
	return runOutput(exec.CommandContext(ctx, name, args...))
}

func runOutput(cmd *exec.Cmd) (string, error) {
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, strings.TrimSpace(errBuf.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
