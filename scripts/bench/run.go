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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
)

// columnOrder is the order of benchstat's strategy columns; the first is the base the
// others are compared with.
var columnOrder = []string{"rwmutex", "mutex", "syncmap", "sharded", "cmap", "xsync", "unsafe"}

// config is what a run was asked to do.
type config struct {
	count      int
	benchtime  string
	cpus       []int
	strategies []string // nil: all
	workloads  []*bench.Workload
	toolchains []toolchain // from -go-versions; nil: the go on PATH
	full       bool
	out        string
	goCmd      string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	count := fs.Int("count", 6, "run each benchmark `n` times (benchstat needs 6 for confidence intervals)")
	benchtime := fs.String("benchtime", "100ms", "go test -benchtime `duration` per sample")
	cpu := fs.String("cpu", "", "comma-separated GOMAXPROCS `list` (default 1, 2, 4, ... up to the CPU count)")
	strats := fs.String("strategies", "", "comma- or space-separated strategy `names` (default all)")
	works := fs.String("workloads", "", "comma- or space-separated workload `names` (default "+strings.Join(bench.DefaultWorkloads, ",")+")")
	full := fs.Bool("full", false, "run the full parameter matrix instead of the default one")
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
	cfg.full, cfg.out, cfg.goCmd = *full, *out, *goCmd
	if cfg.toolchains, err = parseToolchains(*versions); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return execute(ctx, cfg, stdout, stderr)
}

// newConfig validates the flags' values; nothing runs before they are all valid.
func newConfig(count int, benchtime, cpu, strats, works string) (*config, error) {
	cfg := &config{count: count, benchtime: benchtime}
	if count < 1 {
		return nil, fmt.Errorf("-count %d: want at least 1", count)
	}
	if benchtime == "" {
		return nil, errors.New("-benchtime is empty")
	}
	if cpu == "" {
		cfg.cpus = defaultCPUs(runtime.NumCPU())
	} else {
		for _, f := range fields(cpu) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("-cpu %q: %q is not a positive integer", cpu, f)
			}
			cfg.cpus = append(cfg.cpus, n)
		}
	}
	for _, name := range fields(strats) {
		if _, err := strategies.Lookup[int, int](name); err != nil {
			return nil, err
		}
		cfg.strategies = append(cfg.strategies, name)
	}
	names := fields(works)
	if len(names) == 0 {
		names = bench.DefaultWorkloads
	}
	for _, name := range names {
		w, err := bench.Lookup(name)
		if err != nil {
			return nil, err
		}
		cfg.workloads = append(cfg.workloads, w)
	}
	return cfg, nil
}

// fields splits a list given as "a,b", "a b" or "a, b".
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// defaultCPUs returns 1, 2, 4, ... up to n, and n itself.
func defaultCPUs(n int) []int {
	var cpus []int
	for p := 1; p < n; p *= 2 {
		cpus = append(cpus, p)
	}
	return append(cpus, n)
}

// plan returns, per GOMAXPROCS value, how many result lines one configuration's run will
// produce, and their sum.
func (cfg *config) plan() (perCPU []int, total int) {
	for _, p := range cfg.cpus {
		n := 0
		for _, w := range cfg.workloads {
			n += len(w.Cases(cfg.strategies, []int{p}, cfg.full)) * cfg.count
		}
		perCPU = append(perCPU, n)
		total += n
	}
	return perCPU, total
}

// benchRegexp selects the chosen workloads' Benchmark functions.
func (cfg *config) benchRegexp() string {
	var names []string
	for _, w := range cfg.workloads {
		names = append(names, w.Name)
	}
	return "^Benchmark(" + strings.Join(names, "|") + ")$"
}

func execute(ctx context.Context, cfg *config, stdout, stderr io.Writer) error {
	_, perConfig := cfg.plan()
	if perConfig == 0 {
		return errors.New("nothing to run: no case of the chosen workloads fits the chosen strategies and -cpu values")
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

	start := time.Now()
	commit := gitCommit(ctx)
	for i := range tcs {
		tc := &tcs[i]
		f, path, err := createResultFile(cfg.out, tc.name, start)
		if err != nil {
			return err
		}
		defer f.Close()
		tc.file, tc.path = f, path
		fmt.Fprintf(f, "goversion: %s\ntoolchain: %s\ngoexperiment: %s\nncpu: %d\ngomaxprocs: %s\ncommit: %s\ndate: %s\ncount: %d\nbenchtime: %s\ncommand: %s\nxsync: %s\ncmap: %s\n\n",
			tc.goversion, tc.name, cmp.Or(tc.experiment, "none"), runtime.NumCPU(), joinInts(cfg.cpus), commit,
			start.UTC().Format(time.RFC3339), cfg.count, cfg.benchtime, cfg.command(),
			linkedVersion("github.com/puzpuzpuz/xsync/v3"), linkedVersion("github.com/orcaman/concurrent-map/v2"))
		fmt.Fprintf(stderr, "raw results for %s: %s\n", tc.name, path)
	}
	total := perConfig * len(tcs)
	fmt.Fprintf(stderr, "%d benchmark runs\n", total)

	// Samples are interleaved: each pass runs every benchmark once (-count 1), and the
	// toolchains take turns pass by pass, so that drift of the machine over the run
	// spreads over all configurations instead of masquerading as a difference between them.
	prog := newProgress(stderr, total, start)
	failures := map[string][]string{}
passes:
	for _, p := range cfg.cpus {
		for round := 0; round < cfg.count; round++ {
			for i := range tcs {
				tc := &tcs[i]
				if err := cfg.pass(ctx, tc, p, prog, stderr); err != nil {
					failures[tc.name] = append(failures[tc.name], fmt.Sprintf("-cpu %d pass %d: %v", p, round+1, err))
					if ctx.Err() != nil {
						break passes
					}
				}
			}
		}
	}
	prog.finish()
	var failed []string
	for i := range tcs {
		tc := &tcs[i]
		status := "complete"
		if ctx.Err() != nil {
			status = "interrupted"
		} else if f := failures[tc.name]; len(f) > 0 {
			status = "failed"
			failed = append(failed, fmt.Sprintf("%s (results in %s are partial; see the FAIL lines there): %s", tc.name, tc.path, strings.Join(f, "; ")))
		}
		fmt.Fprintf(tc.file, "\nrun-status: %s\n", status)
		if err := tc.file.Close(); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: the results so far are in %s", strings.Join(paths(tcs), ", "))
	}
	if err := summarise(ctx, cfg, tcs, stdout, stderr); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("benchmarks failed for %s", strings.Join(failed, "; "))
	}
	return nil
}

// pass runs every chosen benchmark once with toolchain tc at GOMAXPROCS p, appending the
// output to tc's raw file.
func (cfg *config) pass(ctx context.Context, tc *toolchain, p int, prog *progress, stderr io.Writer) error {
	args := []string{
		"-test.run", "^$", "-test.bench", cfg.benchRegexp(), "-test.benchmem",
		"-test.count", "1", "-test.benchtime", cfg.benchtime, "-test.cpu", strconv.Itoa(p),
	}
	if cfg.strategies != nil {
		args = append(args, "-strategies", strings.Join(cfg.strategies, ","))
	}
	if cfg.full {
		args = append(args, "-full")
	}
	cmd := exec.CommandContext(ctx, tc.bin, args...)
	cmd.Dir = "bench"
	cmd.Env = tc.env()
	prog.label = tc.name
	cmd.Stdout = io.MultiWriter(tc.file, prog)
	cmd.Stderr = stderr
	return cmd.Run()
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

// command renders the run as the make command that repeats it.
func (cfg *config) command() string {
	var cpus []string
	for _, p := range cfg.cpus {
		cpus = append(cpus, strconv.Itoa(p))
	}
	var works []string
	for _, w := range cfg.workloads {
		works = append(works, w.Name)
	}
	s := fmt.Sprintf("make bench COUNT=%d BENCHTIME=%s CPU=%s WORKLOADS=%s", cfg.count, cfg.benchtime, strings.Join(cpus, ","), strings.Join(works, ","))
	if cfg.strategies != nil {
		s += " STRATEGIES=" + strings.Join(cfg.strategies, ",")
	}
	if cfg.full {
		s += " FULL=1"
	}
	if len(cfg.toolchains) > 0 {
		var v []string
		for _, tc := range cfg.toolchains {
			v = append(v, tc.version+strings.TrimPrefix(":"+tc.experiment, ":"))
		}
		s = strings.Replace(s, "make bench ", "make bench-matrix ", 1) + fmt.Sprintf(" GO_VERSIONS=%q", strings.Join(v, " "))
	}
	return s
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

// summarise writes benchstat's tables beside the raw files, in text and CSV, and prints
// the text: per configuration, one table per workload with the strategies as columns
// (rwmutex the base); with several toolchains also per workload and strategy, with the
// toolchains as columns (the first the base).
func summarise(ctx context.Context, cfg *config, tcs []toolchain, stdout, stderr io.Writer) error {
	order := slices.DeleteFunc(slices.Clone(columnOrder), func(s string) bool {
		return cfg.strategies != nil && !slices.Contains(cfg.strategies, s)
	})
	for _, tc := range tcs {
		base := strings.TrimSuffix(tc.path, ".txt")
		err := cfg.writeSummary(ctx, base, []string{tc.path}, stdout, stderr, func(w *bench.Workload) []string {
			if w.PerStrategy {
				return []string{"-col", "/strategy@(" + strings.Join(order, " ") + ")"}
			}
			return []string{"-col", "/" + w.Params[len(w.Params)-1].Key}
		})
		if err != nil {
			return err
		}
	}
	if len(tcs) < 2 {
		return nil
	}
	var names []string
	for _, tc := range tcs {
		names = append(names, tc.name)
	}
	base := strings.TrimSuffix(tcs[0].path, tcs[0].name+".txt") + "versions"
	return cfg.writeSummary(ctx, base, paths(tcs), stdout, stderr, func(w *bench.Workload) []string {
		args := []string{"-col", "toolchain@(" + strings.Join(names, " ") + ")", "-ignore", "goversion,goexperiment"}
		if w.PerStrategy {
			args = append(args, "-table", "/strategy@("+strings.Join(order, " ")+")")
		}
		return args
	})
}

// writeSummary runs benchstat on files once per workload, with the projections cols
// returns, and writes BASE.benchstat.txt and BASE.benchstat.csv.
func (cfg *config) writeSummary(ctx context.Context, base string, files []string, stdout, stderr io.Writer, cols func(*bench.Workload) []string) error {
	var text, csv bytes.Buffer
	for _, w := range cfg.workloads {
		for _, format := range []string{"text", "csv"} {
			args := append([]string{"run", "golang.org/x/perf/cmd/benchstat", "-format", format, "-filter", ".name:" + w.Name}, cols(w)...)
			table, err := output(ctx, cfg.goCmd, append(args, files...)...)
			if err != nil {
				return fmt.Errorf("summarising %s: %w", w.Name, err)
			}
			if format == "text" {
				fmt.Fprintf(&text, "## %s: %s\n\n%s\n\n", w.Name, w.Doc, table)
			} else {
				fmt.Fprintf(&csv, "%s\n\n", table)
			}
		}
	}
	var from []string
	for _, f := range files {
		from = append(from, filepath.Base(f))
	}
	header := fmt.Sprintf("generated by go run ./scripts/bench from %s. DO NOT EDIT.\n\n", strings.Join(from, ", "))
	if err := os.WriteFile(base+".benchstat.txt", []byte(header+text.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(base+".benchstat.csv", csv.Bytes(), 0o644); err != nil {
		return err
	}
	if _, err := stdout.Write(text.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "summary: %s.benchstat.txt (and .csv)\n", base)
	return nil
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
