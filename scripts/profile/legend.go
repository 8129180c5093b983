package main

import (
	"fmt"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
)

// render writes the summary.
func render(b *strings.Builder, meta map[string]string, cases []*caseRuns) {
	fmt.Fprintf(b, "%s\n\n", summaryHeader)
	b.WriteString("# Where the time goes: CPU, allocation and mutex profiles\n\n")
	if v := meta["goversion"]; v != "" {
		fmt.Fprintf(b, "%s, %s/%s, %s (GOMAXPROCS) on a machine with %s CPUs, %s per run.\n\n",
			v, meta["goos"], meta["goarch"], markdown.Code("-cpu "+meta["cpu"]), meta["ncpu"], markdown.Code("-benchtime "+meta["benchtime"]))
	}
	if c := meta["command"]; c != "" {
		fmt.Fprintf(b, "Recorded with %s. The bench package's test binary was built once (%s) and run once per\n", markdown.Code(c), markdown.Code(meta["build"]))
		fmt.Fprintf(b, "case and strategy, selecting one sub-benchmark:\n\n    %s\n\n", meta["run"])
	}
	b.WriteString("Each case's directory holds, per strategy S, `S.cpu.pprof`, `S.alloc.pprof`, `S.mutex.pprof` and `S.bench.txt`\n")
	b.WriteString("(the exact command, then the test binary's output). Open one with `go tool pprof -top CASE/S.cpu.pprof`\n")
	b.WriteString("(`-sample_index=alloc_space` for allocations, `-sample_index=delay` for mutexes).\n\n")
	renderLegend(b)
	for _, c := range cases {
		renderCase(b, c)
	}
}

// legendHead is the legend's first part, line by line: the table's columns and the
// categories.
var legendHead = []string{
	"## How to read it",
	"",
	"- `ns/op`, `B/op`, `allocs/op` are the profiled run's own result: one sample, slowed a little by the",
	"  profilers. Compare strategies with `make bench`; read these tables for *why* one is slower.",
	"- `wall s` is the profile's length (setup included), `CPU s` the CPU time it sampled (100 samples per",
	"  second per busy thread): CPU s well below wall s × GOMAXPROCS means idle Ps, goroutines parked on a",
	"  lock or waiting for each other. `setup` is the part of CPU s spent outside the timed loop (see below),",
	"  left out of the category shares. A share rests on CPU s × 100 samples: read differences of a few",
	"  percent as noise.",
	"- The category columns split the rest of CPU s; each sample goes to exactly one category, so a row adds up to 100%.",
	"  Walking the sample's stack from the leaf (the function running) towards the root, inlined frames",
	"  included, the first frame whose function name starts with one of a category's prefixes gives the sample",
	"  its category (at one frame, categories are tried in the order below, so a growth frame of the map",
	"  package is growth, not map). Further out, a frame of a category listed under *inside* takes the sample",
	"  over: an atomic add inlined in `RWMutex.RLock` is locking, `mallocgc` called by a resize is growth, the",
	"  runtime lock the allocator takes is alloc & GC. A sample with no frame in any category is *other*.",
	"  Functions not listed (hashing, `memmove`, `memclr`, `procyield`) take their caller's category.",
	"- A sample on `runtime.asyncPreempt` is counted, in the categories and the top functions, for the",
	"  function it interrupted: in the profiles checked (go1.23.12, go1.26.8) every such sample sat on its",
	"  first instruction, not in the register saves that follow, so it stands for the interrupted code",
	"  (signal delivery skews it there), not for preemption work.",
}

func renderLegend(b *strings.Builder) {
	for _, line := range legendHead {
		b.WriteString(line + "\n")
	}
	fmt.Fprintf(b, "- Setup is left out of every share. The bench package labels a goroutine %s while it\n",
		markdown.Code(bench.LabelKey+"="+bench.LabelTimed))
	fmt.Fprintf(b, "  runs timed work, and the benchmark goroutine %s after its timed region: CPU samples go\n",
		markdown.Code(bench.LabelKey+"="+bench.LabelSetup))
	b.WriteString("  by that label. Allocation and mutex profiles carry no labels; there the timed region is marked by\n")
	fmt.Fprintf(b, "  %s, under which all timed work runs: an allocation counts only\n", markdown.Code(timedEntry))
	b.WriteString("  with that frame in its stack. A CPU sample without the label, or a contention without the frame, is\n")
	fmt.Fprintf(b, "  setup when a frame starts with %s (the benchmark goroutine before\n", codeList(outsidePrefixes))
	b.WriteString("  its first timed region, testing's forced GCs and name matching, the profiler's writer, package\n")
	b.WriteString("  initialisation), and otherwise counts: the runtime's own goroutines (GC workers, idle Ps, the\n")
	b.WriteString("  scheduler's locks) serve the timed region. One cost of setup stays in: GC cycles that setup's\n")
	b.WriteString("  allocations start run in the GC's own goroutines (alloc & GC, mostly where Mix builds a large map of\n")
	b.WriteString("  pointers).\n")
	b.WriteString("- Allocation sites: the leaf frame of the heap profile's alloc_space samples (the runtime hides its own\n")
	fmt.Fprintf(b, "  allocator frames), sampled every %d KiB allocated and scaled back up by the runtime.\n", memProfileRate>>10)
	b.WriteString("- Mutex contention: the delay goroutines spent waiting for a sync.Mutex, sync.RWMutex or runtime lock,\n")
	fmt.Fprintf(b, "  recorded for 1 contention in %d and scaled back up, at the first frame outside the lock's code\n", mutexProfileFraction)
	b.WriteString("  that released it (the waiter's cost, attributed to the holder).\n\n")
	t := markdown.Table{Header: []string{"category", "what", "function-name prefixes (type arguments removed)", "inside"}, NumFrom: 4}
	for _, c := range Categories {
		t.Add(c.Name, c.Doc, codeList(c.Prefixes), strings.Join(c.Inside, ", "))
	}
	t.Add(catOther, "no frame in any category (signal handling, runtime code not listed)")
	t.Write(b)
}
