package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/stats"
	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// precisionReport says how precise a configuration's results are, and whether its A/A
// control passed: the text that heads its summary.
func (s *sampler) precisionReport(tc *toolchainRun) string {
	var b strings.Builder
	ctl := s.control(tc)
	if s.cfg.control != "" {
		verdict := "sound"
		if ctl.Failed() {
			verdict = fmt.Sprintf("FAILED: more than %.0f%% of the cases differ, so differences between strategies in this run are not to be trusted", stats.MaxControlRate*100)
		}
		fmt.Fprintf(&b, "A/A control: %s and %s%s (the same map under two names) differ significantly (p ≤ %.2f) in %d of %d cases (%.1f%%): %s. A sound run stays near %.0f%%.\n",
			s.cfg.control, s.cfg.control, bench.ControlSuffix, stats.Alpha, ctl.Differ, ctl.Cases, 100*ctl.Rate(), verdict, stats.Alpha*100)
	} else {
		b.WriteString("A/A control: none (-control none).\n")
	}

	var cells []*cell
	var widths []float64
	kept, aside := 0, 0
	for _, c := range tc.cells {
		kept += len(c.ns)
		aside += c.setAside
		if len(c.ns) == 0 {
			continue
		}
		cells = append(cells, c)
		widths = append(widths, c.interval().Width())
	}
	fmt.Fprintf(&b, "Samples: %d minimum passes and %d extra rounds per GOMAXPROCS value; %d samples kept", s.minimum, s.extra, kept)
	if aside > 0 {
		fmt.Fprintf(&b, ", %d set aside (taken at more than one P in the machine's slow state, in %s) and taken again", aside, filepath.Base(tc.slowPath))
	}
	b.WriteString(".\n")
	if s.canary.fastest > 0 {
		var states []string
		for _, p := range s.cpus {
			states = append(states, fmt.Sprintf("GOMAXPROCS %d: %d fast, %d slow", p, s.canary.fast[p], s.canary.slow[p]))
		}
		fmt.Fprintf(&b, "Machine state (canary: a cache line's round trip between two cores, fastest %.0f ns; slow above %.0f ns), over the whole run: %s.\n",
			s.canary.fastest, slowFactor*s.canary.fastest, strings.Join(states, "; "))
	}
	if len(s.thinned) > 0 {
		fmt.Fprintf(&b, "GOMAXPROCS %s left out to fit the budget.\n", joinInts(s.thinned))
	}
	within := 0
	for _, w := range widths {
		if w <= s.cfg.precision {
			within++
		}
	}
	slices.Sort(widths)
	median := math.NaN()
	if len(widths) > 0 {
		median = widths[len(widths)/2]
	}
	fmt.Fprintf(&b, "Precision (ns/op; B/entry for Memory): %d of %d cases within the target ±%g%%; the median interval is ±%s. Extra passes stopped: %s.\n",
		within, len(cells), s.cfg.precision*100, pctString(median), s.stopped)
	var missed []*cell
	for _, c := range cells {
		if c.interval().Width() > s.cfg.precision {
			missed = append(missed, c)
		}
	}
	if len(missed) > 0 {
		slices.SortFunc(missed, func(a, b *cell) int { return cmp.Compare(b.interval().Width(), a.interval().Width()) })
		fmt.Fprintf(&b, "Cases that missed the target, widest first:\n")
		for _, c := range missed {
			fmt.Fprintf(&b, "  %-90s ±%s (n=%d)\n", c.name, pctString(c.interval().Width()), len(c.ns))
		}
	}
	return b.String()
}

// control compares the A/A control's two copies in every case of a configuration.
func (s *sampler) control(tc *toolchainRun) stats.Control {
	var ctl stats.Control
	if s.cfg.control == "" {
		return ctl
	}
	type slot struct {
		g        *group
		strategy string
	}
	byStrategy := map[slot]*cell{}
	for _, c := range tc.cells {
		byStrategy[slot{c.group, c.strategy}] = c
	}
	for _, c := range tc.cells {
		if c.strategy != s.cfg.control {
			continue
		}
		if other := byStrategy[slot{c.group, c.strategy + bench.ControlSuffix}]; other != nil {
			ctl.Add(c.ns, other.ns)
		}
	}
	return ctl
}

// summarise writes benchstat's tables beside the raw files, in text and CSV, headed by
// the precision report, and prints them: per configuration, one table per workload with
// the strategies as columns (the registry's first the base); with several toolchains also per
// workload and strategy, with the toolchains as columns (the first the base).
func summarise(ctx context.Context, cfg *config, s *sampler, stdout, stderr io.Writer) error {
	s.prog.finish(s.pass)
	order := strategyColumns(cfg.order, cfg.strategies)
	for i := range s.tcs {
		tc := &s.tcs[i]
		base := strings.TrimSuffix(tc.path, ".txt")
		head := s.precisionReport(tc)
		err := cfg.writeSummary(ctx, base, head, []string{tc.path}, stdout, stderr, func(w *bench.Workload) []string {
			if w.PerStrategy {
				return []string{"-col", order}
			}
			return []string{"-col", "/" + w.Params[len(w.Params)-1].Key}
		})
		if err != nil {
			return err
		}
	}
	if len(s.tcs) < 2 {
		return nil
	}
	var names []string
	for _, tc := range s.tcs {
		names = append(names, tc.Name)
	}
	base := strings.TrimSuffix(s.tcs[0].path, s.tcs[0].Name+".txt") + "versions"
	return cfg.writeSummary(ctx, base, "", paths(s.tcs), stdout, stderr, func(w *bench.Workload) []string {
		args := []string{"-col", "toolchain@(" + strings.Join(names, " ") + ")", "-ignore", "goversion,goexperiment"}
		if w.PerStrategy {
			args = append(args, "-table", order)
		}
		return args
	})
}

// strategyColumns is benchstat's projection of the strategies, in display order: the
// chosen ones (all when nil) of order. The @(list) also filters: a strategy not in order
// would drop out of every table, so order must be the registry's.
func strategyColumns(order, chosen []string) string {
	order = slices.DeleteFunc(slices.Clone(order), func(st string) bool {
		return chosen != nil && !slices.Contains(chosen, st)
	})
	return "/strategy@(" + strings.Join(order, " ") + ")"
}

// writeSummary runs benchstat on files once per workload, with the projections cols
// returns, and writes BASE.benchstat.txt (headed by head) and BASE.benchstat.csv. The
// canary's readings are left out of the tables.
func (cfg *config) writeSummary(ctx context.Context, base, head string, files []string, stdout, stderr io.Writer, cols func(*bench.Workload) []string) error {
	var text, csv bytes.Buffer
	if head != "" {
		text.WriteString(head + "\n")
	}
	for _, w := range cfg.workloads {
		for _, format := range []string{"text", "csv"} {
			args := append([]string{"run", "golang.org/x/perf/cmd/benchstat", "-format", format, "-filter", ".name:" + w.Name + " -.unit:" + rawfile.CanaryUnit}, cols(w)...)
			table, err := (&toolchain.Cmd{Path: cfg.goCmd, Args: append(args, files...)}).Output(ctx)
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
