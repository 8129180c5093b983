package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/internal/results"
	"github.com/cmapbench/cmapbench/internal/toolchain"
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
	workloads  []string // workloads of the catalog's Profile situations; nil: all
	out        string
	toolchains []toolchain.Spec // from -go-versions; nil: the go on PATH
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.FlagSet("profile", stderr)
	cpu := fs.Int("cpu", runtime.NumCPU(), "GOMAXPROCS `n` the benchmarks run at")
	benchtime := fs.String("benchtime", "1s", "go test -benchtime of each profiled run (a `duration`, or Nx)")
	strats := fs.String("strategies", "", "comma-separated strategy `names` (default all)")
	works := fs.String("workloads", "", "comma-separated workload `names` of the profiled situations; Mix selects both Mix cases (default "+strings.Join(workloadNames(), ",")+")")
	out := fs.String("out", filepath.Join("results", "profiles"), "record under `dir`/GOVERSION")
	versions := fs.String("go-versions", "", "record under each of these exact toolchains in turn (`list` of VERSION or VERSION:EXPERIMENT, e.g. \"go1.23.12 go1.25.0:noswissmap go1.26.8\"); default: the go on PATH")
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
	for _, name := range cli.List(*strats) {
		if _, err := strategies.Describe(name); err != nil {
			return fmt.Errorf("-strategies: %w", err)
		}
		if slices.Contains(cfg.strategies, name) {
			return fmt.Errorf("-strategies %q: %s is listed twice", *strats, name)
		}
		cfg.strategies = append(cfg.strategies, name)
	}
	for _, name := range cli.List(*works) {
		if !slices.Contains(workloadNames(), name) {
			return fmt.Errorf("-workloads: unknown workload %q (valid: %s)", name, strings.Join(workloadNames(), ", "))
		}
		cfg.workloads = append(cfg.workloads, name)
	}
	var err error
	if cfg.toolchains, err = toolchain.ParseList(*versions); err != nil {
		return fmt.Errorf("-go-versions: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return record(ctx, cfg, stdout, stderr)
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
	if v := os.Getenv("GOTOOLCHAIN"); v != "" && cfg.toolchains == nil {
		fmt.Fprintf(&b, "GOTOOLCHAIN=%s ", v)
	}
	b.WriteString("go run ./scripts/profile")
	if cfg.toolchains != nil {
		var list []string
		for _, s := range cfg.toolchains {
			list = append(list, s.String())
		}
		b.WriteString(" -go-versions " + shellQuote(strings.Join(list, " ")))
	}
	fmt.Fprintf(&b, " -cpu %d -benchtime %s", cfg.cpu, cfg.benchtime)
	if cfg.strategies != nil {
		b.WriteString(" -strategies " + strings.Join(cfg.strategies, ","))
	}
	if cfg.workloads != nil {
		b.WriteString(" -workloads " + strings.Join(cfg.workloads, ","))
	}
	b.WriteString(" -out " + shellQuote(cfg.out))
	return b.String()
}

// record profiles every planned run under each toolchain in turn, each into a new
// directory with its summary. A toolchain whose runs fail does not stop the next one.
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
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	// Every toolchain is checked before anything is recorded.
	tcs, err := toolchain.Resolve(ctx, "go", root, cfg.toolchains)
	if err != nil {
		return err
	}
	var errs []error
	for _, tc := range tcs {
		err := recordWith(ctx, cfg, tc, cases, total, stdout, stderr)
		if err != nil && len(tcs) > 1 {
			err = fmt.Errorf("%s: %w", tc.Name, err)
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

// moduleRoot returns the directory of the module's go.mod.
func moduleRoot(ctx context.Context) (string, error) {
	gomod, err := (&toolchain.Cmd{Path: "go", Args: []string{"env", "GOMOD"}}).Output(ctx)
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run from inside the cmapbench module (go env GOMOD is empty)")
	}
	return filepath.Dir(gomod), nil
}

// recordWith builds the test binary with tc, profiles every planned run into a new
// directory and writes the summary.
func recordWith(ctx context.Context, cfg *config, tc *toolchain.Toolchain, cases []*profileCase, total int, stdout, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "cmapbench-profile-")
	if err != nil {
		return fmt.Errorf("making a directory for the test binary: %w", err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bench.test")
	start := time.Now()
	var names []string
	for _, pc := range cases {
		names = append(names, pc.strategies...)
	}
	pkg, err := bench.PackageFor(tc.GoVersion, names)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "building ./%s with %s\n%s", pkg.Dir, tc.Name, pkg.AbsentLines(tc.Name))
	built := tc.In(pkg.Dir)
	if err := built.BuildTest(ctx, bin, "."); err != nil {
		return fmt.Errorf("building the test binary: %w", err)
	}

	dir, err := results.Mkdir(cfg.out, tc.Name)
	if err != nil {
		return fmt.Errorf("creating the run directory: %w", err)
	}
	fmt.Fprintf(stderr, "profiles: %s (%d runs of %s at -cpu %d)\n", dir, total, cfg.benchtime, cfg.cpu)
	if err := writeRecord(dir, cfg, tc); err != nil {
		return err
	}
	// The test binary runs in the bench directory: give it absolute output paths.
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	failures, n, err := runCases(ctx, cfg, built, pkg, bin, absDir, cases, total, start, stderr)
	if err != nil {
		return err
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

// writeRecord writes dir/record.txt: what was recorded, how, and with what.
func writeRecord(dir string, cfg *config, tc *toolchain.Toolchain) error {
	meta := []string{
		"goversion: " + tc.RuntimeVersion(),
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
	return nil
}

// runCases runs the test binary once per case and strategy, each case's profiles in its
// own directory under absDir. It returns the runs that failed and the number of runs
// started; an interrupt stops it after the run under way.
// The toolchain's Dir is the package's directory, where the binary runs.
func runCases(ctx context.Context, cfg *config, tc *toolchain.Toolchain, pkg bench.Package, bin, absDir string, cases []*profileCase, total int, start time.Time, stderr io.Writer) ([]string, int, error) {
	var failures []string
	n := 0
	for _, pc := range cases {
		caseDir := filepath.Join(absDir, pc.dirName())
		if err := os.Mkdir(caseDir, 0o755); err != nil {
			return nil, n, err
		}
		for _, c := range pc.cases {
			n++
			if !pkg.Runs(c) {
				continue
			}
			fmt.Fprintf(stderr, "[%d/%d %s elapsed] %s: %s\n", n, total, time.Since(start).Round(time.Second), pc.title(), c.Strategy)
			full := !slices.ContainsFunc(pc.workload.Cases([]string{c.Strategy}, []int{cfg.cpu}, false), func(d bench.Case) bool { return d.Name() == c.Name() })
			args := testArgs(benchPattern(c), safeName(c.Strategy), caseDir, cfg, full)
			if err := runOne(ctx, tc, bin, args, caseDir, safeName(c.Strategy)); err != nil {
				failures = append(failures, fmt.Sprintf("%s %s: %v", pc.title(), c.Strategy, err))
				fmt.Fprintf(stderr, "  failed: %v\n", err)
				if ctx.Err() != nil {
					return failures, n, nil
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
	}
	return failures, n, nil
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

// runOne runs the test binary once in its package's directory (tc's Dir), with tc's
// environment, and saves its output, preceded by the command, as stem.bench.txt.
func runOne(ctx context.Context, tc *toolchain.Toolchain, bin string, args []string, caseDir, stem string) error {
	cmd := &toolchain.Cmd{Path: bin, Args: args, Dir: tc.Dir, Env: tc.Env}
	r, err := cmd.Run(ctx)
	if err != nil {
		return err
	}
	out, errOut := string(r.Stdout), string(r.Stderr)
	// The command as it ran, relative to the case directory where its profiles are.
	shown := slices.Clone(args)
	for i, a := range shown {
		if a == caseDir {
			shown[i] = "."
		}
	}
	text := "command: " + shellJoin(append([]string{"bench.test"}, shown...)) + "\n" + out
	if err := os.WriteFile(filepath.Join(caseDir, stem+".bench.txt"), []byte(text), 0o644); err != nil {
		return fmt.Errorf("saving the output: %w", err)
	}
	if err := r.Err(); err != nil {
		tail := strings.TrimSpace(errOut + "\n" + lastLines(out, 5))
		return fmt.Errorf("%w\n%s", err, tail)
	}
	if n := len(resultLines(out)); n != 1 {
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
