package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
)

// config is what a run was asked to do.
type config struct {
	count      int // minimum samples per case: the number of minimum passes
	maxCount   int // extra passes stop for a case once each of its cells has this many samples
	benchtime  string
	cpus       []int
	cpuGiven   bool     // -cpu was set: never leave a value out
	strategies []string // nil: all the correctness gate lets through (strategies.Measured)
	// order is the display order of strategies, the registry's: benchstat's columns
	// follow it, and its first is the base the others are compared with.
	order      []string
	control    string // the strategy measured twice (A/A control), "" for none
	workloads  []*bench.Workload
	toolchains []toolchain.Spec // from -go-versions; nil: the go on PATH
	full       bool
	out        string
	goCmd      string
	budget     time.Duration // per configuration (toolchain)
	precision  float64       // target half-width of the median's interval: 0.05 for ± 5%
	seed       uint64        // shuffles the strategies of every pass
	mix        string        // the custom mix (-mix), "" for none
	trace      string        // the absolute path of the trace to replay (-trace), "" for none
	traceArg   string        // the trace's path as given
	host       string        // the host label written into the raw files
	hostGiven  bool          // -host was set: the command repeats it
}

// addUser adds the user's workloads: the custom mix that mix describes (make bench
// MIX=...) and the replay of the trace at tracePath (make bench TRACE=...). With no
// -workloads they are the only ones run; with them, they run beside them, in the place
// of CustomMix and Replay if they are named. Replay named without a trace is an error.
func (cfg *config) addUser(mix, tracePath string, worksGiven bool) error {
	var user []*bench.Workload
	if mix != "" {
		w, err := bench.ParseMix(mix)
		if err != nil {
			return err
		}
		cfg.mix = mix
		user = append(user, w)
	}
	if tracePath != "" {
		w, _, err := bench.Replay(tracePath)
		if err != nil {
			return err
		}
		if cfg.trace, err = filepath.Abs(tracePath); err != nil {
			return err
		}
		cfg.traceArg = tracePath
		user = append(user, w)
	}
	if !worksGiven && len(user) > 0 {
		cfg.workloads = nil
	}
	for _, w := range user {
		if i := slices.IndexFunc(cfg.workloads, func(c *bench.Workload) bool { return c.Name == w.Name }); i >= 0 {
			cfg.workloads[i] = w
		} else {
			cfg.workloads = append(cfg.workloads, w)
		}
	}
	if slices.ContainsFunc(cfg.workloads, func(w *bench.Workload) bool { return w.Name == bench.ReplayName && cfg.trace == "" }) {
		return bench.ErrNoTrace
	}
	return nil
}

// newConfig validates the flags' values; nothing runs before they are all valid.
func newConfig(count int, benchtime, cpu, strats, works string) (*config, error) {
	cfg := &config{count: count, maxCount: 3 * count, benchtime: benchtime, precision: 0.05, order: strategies.Measured()}
	if count < 1 {
		return nil, fmt.Errorf("-count %d: want at least 1", count)
	}
	if benchtime == "" {
		return nil, errors.New("-benchtime is empty")
	}
	if cpu == "" {
		cfg.cpus = defaultCPUs(runtime.NumCPU())
	} else {
		cfg.cpuGiven = true
		for _, f := range cli.List(cpu) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("-cpu %q: %q is not a positive integer", cpu, f)
			}
			if slices.Contains(cfg.cpus, n) {
				return nil, fmt.Errorf("-cpu %q: %d is listed twice", cpu, n)
			}
			cfg.cpus = append(cfg.cpus, n)
		}
	}
	for _, name := range cli.List(strats) {
		s, err := strategies.Describe(name)
		if err == nil {
			// A strategy the gate excludes is never measured: its numbers would be published.
			err = s.Gate()
		}
		if err != nil {
			return nil, err
		}
		if slices.Contains(cfg.strategies, name) {
			return nil, fmt.Errorf("-strategies %q: %s is listed twice", strats, name)
		}
		cfg.strategies = append(cfg.strategies, name)
	}
	names := cli.List(works)
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

// parsePercent parses -precision: "5" or "5%", more than 0 and less than 100.
func parsePercent(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
	if err != nil || v <= 0 || v >= 100 {
		return 0, fmt.Errorf("-precision %q: want a percentage between 0 and 100, such as 5", s)
	}
	return v / 100, nil
}

// chooseControl picks the strategy of the A/A control: the one named (it must be a
// concurrent strategy among those chosen), none, or by default the registry's base
// (strategies.Base) if chosen, else the first concurrent strategy chosen.
func chooseControl(name string, chosen []string) (string, error) {
	if chosen == nil {
		chosen = strategies.Measured()
	}
	concurrent := func(n string) bool {
		s, err := strategies.Describe(n)
		return err == nil && s.Concurrent
	}
	switch name {
	case "none":
		return "", nil
	case "":
		if slices.Contains(chosen, strategies.Base()) {
			return strategies.Base(), nil
		}
		for _, n := range chosen {
			if concurrent(n) {
				return n, nil
			}
		}
		return "", nil
	}
	if _, err := strategies.Describe(name); err != nil {
		return "", fmt.Errorf("-control: %w", err)
	}
	if !slices.Contains(chosen, name) || !concurrent(name) {
		return "", fmt.Errorf("-control %s: the control must be a concurrent strategy among those chosen (%s), or none", name, strings.Join(chosen, ", "))
	}
	return name, nil
}

// defaultCPUs returns 1, 2, 4, ... up to n, and n itself.
func defaultCPUs(n int) []int {
	var cpus []int
	for p := 1; p < n; p *= 2 {
		cpus = append(cpus, p)
	}
	return append(cpus, n)
}

// strategyNames returns the strategies each case runs for: the chosen ones (when none
// were named, all the gate lets through) and the control's copy.
func (cfg *config) strategyNames() []string {
	names := cfg.strategies
	if names == nil {
		names = strategies.Measured()
	}
	names = slices.Clone(names)
	if cfg.control != "" {
		names = append(names, cfg.control+bench.ControlSuffix)
	}
	return names
}

// command renders the run as the make command that repeats it.
func (cfg *config) command() string {
	var works []string
	for _, w := range cfg.workloads {
		works = append(works, w.Name)
	}
	s := fmt.Sprintf("make bench COUNT=%d BENCHTIME=%s BUDGET=%s PRECISION=%g", cfg.count, cfg.benchtime, cfg.budget, cfg.precision*100)
	// A -cpu list that was not given is left out: given, it would turn off the leaving out
	// of GOMAXPROCS values that do not fit the budget, and repeat another run.
	if cfg.cpuGiven {
		s += " CPU=" + joinInts(cfg.cpus)
	}
	s += fmt.Sprintf(" WORKLOADS=%s SEED=%d", strings.Join(works, ","), cfg.seed)
	if cfg.strategies != nil {
		s += " STRATEGIES=" + strings.Join(cfg.strategies, ",")
	}
	if cfg.control == "" {
		s += " CONTROL=none"
	} else if cfg.control != strategies.Base() {
		s += " CONTROL=" + cfg.control
	}
	if cfg.full {
		s += " FULL=1"
	}
	if cfg.mix != "" {
		s += fmt.Sprintf(" MIX='%s'", cfg.mix)
	}
	if cfg.traceArg != "" {
		s += " TRACE=" + cfg.traceArg
	}
	if cfg.hostGiven {
		s += " HOST=" + cfg.host
	}
	if len(cfg.toolchains) > 0 {
		var v []string
		for _, tc := range cfg.toolchains {
			v = append(v, tc.String())
		}
		s = strings.Replace(s, "make bench ", "make bench-matrix ", 1) + fmt.Sprintf(" GO_VERSIONS=%q", strings.Join(v, " "))
	}
	return s
}

// leftOut says, for each strategy named with -strategies, which chosen workloads leave it
// out, and why.
func (cfg *config) leftOut() []string {
	var notes []string
	for _, w := range cfg.workloads {
		for _, name := range cfg.strategies {
			if why := w.LeavesOut(name); why != "" {
				notes = append(notes, fmt.Sprintf("%s leaves out %s: %s", w.Name, name, why))
			}
		}
	}
	return notes
}
