package main

import (
	"bytes"
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

// plan returns, per GOMAXPROCS value, how many result lines the run will produce.
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
	_, total := cfg.plan()
	if total == 0 {
		return errors.New("nothing to run: no case of the chosen workloads fits the chosen strategies and -cpu values")
	}
	goversion, err := output(ctx, cfg.goCmd, "env", "GOVERSION")
	if err != nil {
		return err
	}
	binDir := filepath.Join(cfg.out, ".bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	bin, err := filepath.Abs(filepath.Join(binDir, "bench-"+goversion+".test"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "building ./bench with %s\n", goversion)
	if _, err := output(ctx, cfg.goCmd, "test", "-c", "-o", bin, "./bench"); err != nil {
		return err
	}

	f, path, err := createResultFile(cfg.out, goversion, time.Now())
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(f, "goversion: %s\nncpu: %d\ncommand: %s\n\n", goversion, runtime.NumCPU(), cfg.command())
	fmt.Fprintf(stderr, "raw results: %s (%d benchmark runs)\n", path, total)

	prog := newProgress(stderr, total, time.Now())
	var failures []string
	for _, p := range cfg.cpus {
		args := []string{
			"-test.run", "^$", "-test.bench", cfg.benchRegexp(), "-test.benchmem",
			"-test.count", strconv.Itoa(cfg.count), "-test.benchtime", cfg.benchtime,
			"-test.cpu", strconv.Itoa(p),
		}
		if cfg.strategies != nil {
			args = append(args, "-strategies", strings.Join(cfg.strategies, ","))
		}
		if cfg.full {
			args = append(args, "-full")
		}
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = "bench"
		cmd.Stdout = io.MultiWriter(f, prog)
		var errBuf bytes.Buffer
		cmd.Stderr = io.MultiWriter(stderr, &errBuf)
		if err := cmd.Run(); err != nil {
			failures = append(failures, fmt.Sprintf("-cpu %d: %v", p, err))
			if ctx.Err() != nil {
				break
			}
		}
	}
	prog.finish()
	if err := f.Close(); err != nil {
		return err
	}
	if len(failures) > 0 {
		return fmt.Errorf("benchmarks failed (the results in %s are partial; see the FAIL lines there): %s", path, strings.Join(failures, "; "))
	}
	return summarise(ctx, cfg, path, stdout, stderr)
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

// summarise runs benchstat once per workload on the raw file, prints the tables and
// saves them beside it as NAME.benchstat.txt.
func summarise(ctx context.Context, cfg *config, path string, stdout, stderr io.Writer) error {
	var all bytes.Buffer
	for _, w := range cfg.workloads {
		args := []string{"run", "golang.org/x/perf/cmd/benchstat", "-filter", ".name:" + w.Name}
		switch {
		case w.PerStrategy:
			order := slices.DeleteFunc(slices.Clone(columnOrder), func(s string) bool {
				return cfg.strategies != nil && !slices.Contains(cfg.strategies, s)
			})
			args = append(args, "-col", "/strategy@("+strings.Join(order, " ")+")")
		default:
			args = append(args, "-col", "/"+w.Params[len(w.Params)-1].Key)
		}
		args = append(args, path)
		table, err := output(ctx, cfg.goCmd, args...)
		if err != nil {
			return fmt.Errorf("summarising %s: %w", w.Name, err)
		}
		fmt.Fprintf(&all, "## %s: %s\n\n%s\n\n", w.Name, w.Doc, table)
	}
	sum := strings.TrimSuffix(path, ".txt") + ".benchstat.txt"
	header := fmt.Sprintf("generated by go run ./scripts/bench from %s. DO NOT EDIT.\n\n", filepath.Base(path))
	if err := os.WriteFile(sum, []byte(header+all.String()), 0o644); err != nil {
		return err
	}
	if _, err := stdout.Write(all.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "summary: %s\n", sum)
	return nil
}

// output runs a command and returns its trimmed standard output; the error carries its
// standard error.
func output(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, strings.TrimSpace(errBuf.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
