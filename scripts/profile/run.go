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

// Profiling rates passed to the test binary.
const (
	// memProfileRate samples one allocation per 64 KiB allocated on average. The
	// default, 512 KiB, leaves a one-second run of a map that allocates little with a
	// handful of samples; at 4 KiB, the profiler's own stack walks (one per ~100 Stores
	// in sync.Map) would show up in the CPU profile it runs beside. 64 KiB gives
	// thousands of samples per second of an allocating benchmark for about 1% overhead.
	memProfileRate = 64 << 10
	// mutexProfileFraction reports one contention event in 10 (the runtime scales the
	// reported counts and delays back up by 10).
	mutexProfileFraction = 10
)

// config is what a recording was asked to do.
type config struct {
	cpu        int
	benchtime  string
	strategies []string // nil: all
	workloads  []string // names from the representative table; nil: all
	out        string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cpu := fs.Int("cpu", runtime.NumCPU(), "GOMAXPROCS `n` the benchmarks run at")
	benchtime := fs.String("benchtime", "1s", "go test -benchtime of each profiled run (a `duration`, or Nx)")
	strats := fs.String("strategies", "", "comma-separated strategy `names` (default all)")
	works := fs.String("workloads", "", "comma-separated workload `names` of the profiled situations; Mix selects both Mix cases (default "+strings.Join(workloadNames(), ",")+")")
	out := fs.String("out", filepath.Join("results", "profiles"), "record under `dir`/GOVERSION")
	summarize := fs.String("summarize", "", "do not record: summarise the profiles in `dir` (write dir/summary.md and print it)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./scripts/profile [flags]\n       go run ./scripts/profile -summarize DIR\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // -h: the usage is all that was asked for
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *summarize != "" {
		return writeSummary(*summarize, stdout)
	}
	cfg := &config{cpu: *cpu, benchtime: *benchtime, out: *out}
	if cfg.cpu < 1 {
		return fmt.Errorf("-cpu %d: want at least 1", cfg.cpu)
	}
	if cfg.benchtime == "" {
		return errors.New("-benchtime is empty")
	}
	for _, name := range fields(*strats) {
		if _, err := strategies.Lookup[int, int](name); err != nil {
			return fmt.Errorf("-strategies: %w", err)
		}
		cfg.strategies = append(cfg.strategies, name)
	}
	for _, name := range fields(*works) {
		if !slices.Contains(workloadNames(), name) {
			return fmt.Errorf("-workloads: unknown workload %q (valid: %s)", name, strings.Join(workloadNames(), ", "))
		}
		cfg.workloads = append(cfg.workloads, name)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return record(ctx, cfg, stdout, stderr)
}

// fields splits a list given as "a,b", "a b" or "a, b".
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// plan returns the cases to profile at cfg.cpu, in table order.
func (cfg *config) plan() ([]*profileCase, error) {
	var cases []*profileCase
	for _, sc := range bench.Situations(bench.Profile) {
		if cfg.workloads != nil && !slices.Contains(cfg.workloads, sc.Workload.Name) {
			continue
		}
		pc, err := resolve(sc, cfg.strategies, cfg.cpu)
		if err != nil {
			return nil, err
		}
		if pc != nil {
			cases = append(cases, pc)
		}
	}
	return cases, nil
}

// command renders the recording as the command that repeats it.
func (cfg *config) command() string {
	var b strings.Builder
	if v := os.Getenv("GOTOOLCHAIN"); v != "" {
		fmt.Fprintf(&b, "GOTOOLCHAIN=%s ", v)
	}
	fmt.Fprintf(&b, "go run ./scripts/profile -cpu %d -benchtime %s", cfg.cpu, cfg.benchtime)
	if cfg.strategies != nil {
		b.WriteString(" -strategies " + strings.Join(cfg.strategies, ","))
	}
	if cfg.workloads != nil {
		b.WriteString(" -workloads " + strings.Join(cfg.workloads, ","))
	}
	b.WriteString(" -out " + shellQuote(cfg.out))
	return b.String()
}

// record builds the test binary, profiles every planned run into a new directory and
// writes the summary.
func record(ctx context.Context, cfg *config, stdout, stderr io.Writer) error {
	cases, err := cfg.plan()
	if err != nil {
		return err
	}
	total := 0
	for _, pc := range cases {
		total += len(pc.cases)
	}
	if total == 0 {
		return fmt.Errorf("nothing to record: no representative case exists for these strategies at -cpu %d", cfg.cpu)
	}
	gomod, err := output(ctx, "", "go", "env", "GOMOD")
	if err != nil {
		return err
	}
	if gomod == "" || gomod == os.DevNull {
		return errors.New("run from inside the cmapbench module (go env GOMOD is empty)")
	}
	root := filepath.Dir(gomod)
	goversion, err := output(ctx, root, "go", "env", "GOVERSION")
	if err != nil {
		return err
	}

	tmp, err := os.MkdirTemp("", "cmapbench-profile-")
	if err != nil {
		return fmt.Errorf("making a directory for the test binary: %w", err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bench.test")
	start := time.Now()
	fmt.Fprintf(stderr, "building ./bench with %s\n", goversion)
	if _, err := output(ctx, root, "go", "test", "-c", "-o", bin, "./bench"); err != nil {
		return fmt.Errorf("building the test binary: %w", err)
	}

	dir, err := createRunDir(cfg.out, goversion)
	if err != nil {
		return fmt.Errorf("creating the run directory: %w", err)
	}
	// The test binary runs in the bench directory: give it absolute output paths.
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "profiles: %s (%d runs of %s at -cpu %d)\n", dir, total, cfg.benchtime, cfg.cpu)
	meta := []string{
		"goversion: " + goversion,
		"goos: " + runtime.GOOS,
		"goarch: " + runtime.GOARCH,
		"ncpu: " + strconv.Itoa(runtime.NumCPU()),
		"cpu: " + strconv.Itoa(cfg.cpu),
		"benchtime: " + cfg.benchtime,
		"command: " + cfg.command(),
		"build: go test -c -o bench.test ./bench",
		"run: " + shellJoin(append([]string{"bench.test"}, testArgs("PATTERN", "S", "CASEDIR", cfg, false)...)),
	}
	if err := os.WriteFile(filepath.Join(dir, "record.txt"), []byte(strings.Join(meta, "\n")+"\n"), 0o644); err != nil {
		return fmt.Errorf("writing record.txt: %w", err)
	}

	var failures []string
	n := 0
	for _, pc := range cases {
		caseDir := filepath.Join(absDir, pc.dirName())
		if err := os.Mkdir(caseDir, 0o755); err != nil {
			return err
		}
		for _, c := range pc.cases {
			n++
			fmt.Fprintf(stderr, "[%d/%d %s elapsed] %s: %s\n", n, total, time.Since(start).Round(time.Second), pc.title(), c.Strategy)
			full := !slices.ContainsFunc(pc.workload.Cases([]string{c.Strategy}, []int{cfg.cpu}, false), func(d bench.Case) bool { return d.Name() == c.Name() })
			args := testArgs(benchPattern(c), safeName(c.Strategy), caseDir, cfg, full)
			if err := runOne(ctx, bin, root, args, caseDir, safeName(c.Strategy), stderr); err != nil {
				failures = append(failures, fmt.Sprintf("%s %s: %v", pc.title(), c.Strategy, err))
				fmt.Fprintf(stderr, "  failed: %v\n", err)
				if ctx.Err() != nil {
					break
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
	}
	fmt.Fprintf(stderr, "recorded %d of %d runs in %s\n", n-len(failures), total, time.Since(start).Round(time.Second))
	if err := writeSummary(dir, stdout); err != nil {
		return fmt.Errorf("summarising %s: %w", dir, err)
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d of %d runs failed (the summary in %s covers the others): %s", len(failures), total, dir, strings.Join(failures, "; "))
	}
	return nil
}

// testArgs returns the test binary's arguments that profile one sub-benchmark.
func testArgs(pattern, stem, outDir string, cfg *config, full bool) []string {
	args := []string{
		"-test.run", "^$", "-test.bench", pattern,
		"-test.benchtime", cfg.benchtime, "-test.cpu", strconv.Itoa(cfg.cpu), "-test.benchmem",
		"-test.outputdir", outDir,
		"-test.cpuprofile", stem + ".cpu.pprof",
		"-test.memprofile", stem + ".alloc.pprof", "-test.memprofilerate", strconv.Itoa(memProfileRate),
		"-test.mutexprofile", stem + ".mutex.pprof", "-test.mutexprofilefraction", strconv.Itoa(mutexProfileFraction),
	}
	if full {
		args = append(args, "-full")
	}
	return args
}

// runOne runs the test binary once in the bench package's directory and saves its
// output, preceded by the command, as stem.bench.txt.
func runOne(ctx context.Context, bin, root string, args []string, caseDir, stem string, stderr io.Writer) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = filepath.Join(root, "bench")
	var out, errBuf bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errBuf
	runErr := cmd.Run()
	// The command as it ran, relative to the case directory where its profiles are.
	shown := slices.Clone(args)
	for i, a := range shown {
		if a == caseDir {
			shown[i] = "."
		}
	}
	text := "command: " + shellJoin(append([]string{"bench.test"}, shown...)) + "\n" + out.String()
	if err := os.WriteFile(filepath.Join(caseDir, stem+".bench.txt"), []byte(text), 0o644); err != nil {
		return fmt.Errorf("saving the output: %w", err)
	}
	if runErr != nil {
		tail := strings.TrimSpace(errBuf.String() + "\n" + lastLines(out.String(), 5))
		return fmt.Errorf("%w\n%s", runErr, tail)
	}
	if n := len(resultLines(out.String())); n != 1 {
		return fmt.Errorf("got %d benchmark result lines, want 1 (pattern %s)", n, args[3])
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// createRunDir makes a new directory out/GOVERSION; when that exists (an earlier
// recording with the same toolchain), out/GOVERSION-2, -3 and so on: nothing recorded
// before is overwritten.
func createRunDir(out, goversion string) (string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	for i := 1; i <= 1000; i++ {
		name := goversion
		if i > 1 {
			name = fmt.Sprintf("%s-%d", goversion, i)
		}
		dir := filepath.Join(out, name)
		err := os.Mkdir(dir, 0o755)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return dir, nil
	}
	return "", fmt.Errorf("no free directory name for %s in %s", goversion, out)
}

// output runs a command in dir and returns its trimmed standard output; the error
// carries its standard error.
func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, strings.TrimSpace(errBuf.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}
