package bench

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var segment = regexp.MustCompile(`^[a-z]+=[A-Za-z0-9.%-]+$`)

func TestCaseNames(t *testing.T) {
	for _, w := range Workloads() {
		if w == replayWorkload {
			continue // no case until a trace is given: TestReplayRoundTrip checks its names
		}
		for _, full := range []bool{false, true} {
			seen := map[string]bool{}
			for _, c := range append(w.Cases(nil, []int{1}, full), w.Cases(nil, []int{4}, full)...) {
				name := c.Name()
				seen[name] = true
				segs := strings.Split(name, "/")
				for _, s := range segs {
					if !segment.MatchString(s) {
						t.Errorf("%s/%s: segment %q is not key=value", w.Name, name, s)
					}
				}
				if w.PerStrategy && !strings.HasPrefix(name, "strategy=") {
					t.Errorf("%s/%s: strategy is not the first segment", w.Name, name)
				}
			}
			if len(seen) == 0 {
				t.Errorf("%s (full=%v) has no case at 1 or 4 CPUs", w.Name, full)
			}
		}
	}
}

func TestCasesUnique(t *testing.T) {
	for _, w := range Workloads() {
		n := names(w.Cases(nil, []int{1, 2, 4}, true))
		if len(n) != len(slices.Compact(slices.Sorted(slices.Values(n)))) {
			t.Errorf("%s: duplicate case names in %v", w.Name, n)
		}
	}
}

func TestFullMatrixExtendsDefault(t *testing.T) {
	for _, w := range Workloads() {
		def := names(w.Cases(nil, []int{4}, false))
		full := names(w.Cases(nil, []int{4}, true))
		for _, n := range def {
			if !slices.Contains(full, n) {
				t.Errorf("%s: default case %s is missing from the full matrix", w.Name, n)
			}
		}
	}
	grow, _ := Lookup("Grow")
	if !slices.Contains(names(grow.Cases(nil, []int{4}, true)), "strategy=xsync/keys=1000000/presize=false/readers=0") {
		t.Error("the full Grow matrix has no keys=1000000 case")
	}
}

func names(cases []Case) []string {
	var n []string
	for _, c := range cases {
		n = append(n, c.Name())
	}
	return n
}

// TestUnsafeOnlyAlone checks the rule that the unsafe strategy never runs where two
// goroutines touch it, and that cases which do not fit the CPUs are left out.
func TestUnsafeOnlyAlone(t *testing.T) {
	for _, procs := range [][]int{{1}, {2}, {4}, {1, 2, 4}} {
		for _, w := range Workloads() {
			for _, c := range w.Cases(nil, procs, true) {
				if c.Strategy != "unsafe" && !w.UsesUnsafe {
					continue
				}
				for _, p := range procs {
					if g := w.Goroutines(c, p); g != 1 {
						t.Errorf("-cpu %v: %s/%s runs unsafe with %d goroutines at %d", procs, w.Name, c.Name(), g, p)
					}
				}
			}
		}
	}
	has := func(w string, procs int, name string) bool {
		wl, err := Lookup(w)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(names(wl.Cases(nil, []int{procs}, false)), name)
	}
	for _, tc := range []struct {
		w     string
		procs int
		name  string
		want  bool
	}{
		{"Grow", 1, "strategy=unsafe/keys=1000/presize=false/readers=0", true},
		{"Grow", 2, "strategy=unsafe/keys=1000/presize=false/readers=0", false},
		{"Grow", 1, "strategy=xsync/keys=1000/presize=false/readers=1", false}, // no spare P for the reader
		{"Grow", 2, "strategy=xsync/keys=1000/presize=false/readers=1", true},
		{"Range", 1, "strategy=unsafe/keys=1000/writers=0/visit=all", true},
		{"Range", 4, "strategy=unsafe/keys=1000/writers=0/visit=all", true},
		{"Range", 4, "strategy=unsafe/keys=1000/writers=1/visit=all", false},
		{"Range", 1, "strategy=mutex/keys=1000/writers=1/visit=all", false},
		{"Range", 2, "strategy=mutex/keys=1000/writers=procs-1/visit=all", false}, // same as writers=1
		{"Range", 4, "strategy=mutex/keys=1000/writers=procs-1/visit=all", true},
		{"Mix", 2, "strategy=unsafe/keys=1000/keytype=int/dist=uniform/reads=90%/parallelism=1", false},
		{"Mix", 1, "strategy=unsafe/keys=1000/keytype=int/dist=uniform/reads=90%/parallelism=1", true},
		{"Mix", 1, "strategy=unsafe/keys=1000/keytype=int/dist=uniform/reads=90%/parallelism=4", false}, // four goroutines
		{"Mix", 1, "strategy=mutex/keys=1000/keytype=int/dist=uniform/reads=90%/parallelism=4", true},   // oversubscribed on purpose
		{"Update", 1, "strategy=unsafe/keys=1000/dist=uniform/parallelism=1", true},
		{"Update", 2, "strategy=unsafe/keys=1000/dist=uniform/parallelism=1", false},
		{"LoadOrStore", 2, "strategy=unsafe/keys=1000/hits=90%", false},
		{"Memory", 4, "strategy=unsafe/keys=1000000/keytype=int", true},
		{"Overhead", 1, "keys=1000/impl=unsafe", true},
		{"Overhead", 2, "keys=1000/impl=unsafe", false},
	} {
		if got := has(tc.w, tc.procs, tc.name); got != tc.want {
			t.Errorf("%s at %d CPUs has %s: %v, want %v", tc.w, tc.procs, tc.name, got, tc.want)
		}
	}
}

func TestLookupUnknownWorkload(t *testing.T) {
	_, err := Lookup("Nope")
	if err == nil {
		t.Fatal("Lookup(Nope) succeeded")
	}
	for _, w := range Workloads() {
		if !strings.Contains(err.Error(), w.Name) {
			t.Errorf("error %q does not list %s", err, w.Name)
		}
	}
	for _, name := range DefaultWorkloads {
		if _, err := Lookup(name); err != nil {
			t.Error(err)
		}
	}
}

func TestStrategyFilter(t *testing.T) {
	defer func(s string) { strategyFilter = s }(strategyFilter)
	strategyFilter = "xsync, syncmap"
	got, err := selectedStrategies()
	if err != nil || !slices.Equal(got, []string{"xsync", "syncmap"}) {
		t.Fatalf("selectedStrategies() = %v, %v", got, err)
	}
	strategyFilter = "xsync,nope"
	if _, err := selectedStrategies(); err == nil || !strings.Contains(err.Error(), "rwmutex") {
		t.Fatalf("selectedStrategies() with an unknown name: err = %v, want one listing the valid names", err)
	}
	w, _ := Lookup("RapidGrow")
	for _, c := range w.Cases([]string{"cmap"}, []int{2}, false) {
		if c.Strategy != "cmap" {
			t.Errorf("Cases([cmap]) returned %s", c.Name())
		}
	}
}

func TestKeysDistinct(t *testing.T) {
	const n = 100000
	ints := map[int]bool{}
	for _, k := range intKeys(n) {
		ints[k] = true
	}
	strs := map[string]bool{}
	for _, k := range stringKeys(n) {
		strs[k] = true
	}
	if len(ints) != n || len(strs) != n {
		t.Fatalf("%d distinct int keys and %d distinct string keys of %d", len(ints), len(strs), n)
	}
	if &intKeys(n)[0] != &intKeys(n)[0] {
		t.Error("intKeys does not cache its keys")
	}
}

// indexesOf returns spec's trace as key indexes and operations.
func indexesOf(spec traceSpec) ([]uint32, []uint8) {
	keySet.Lock()
	defer keySet.Unlock()
	return traceIndexes(spec)
}

func TestTraceMix(t *testing.T) {
	for _, spec := range []traceSpec{{keys: 1000, dist: distUniform, reads: 90}, {keys: 1000, dist: distZipf, reads: 50}, {keys: 100000, dist: distUniform, reads: 100}} {
		idx, opsOf := indexesOf(spec)
		if len(idx) < spec.keys || len(idx)&(len(idx)-1) != 0 {
			t.Fatalf("%+v: trace length %d is not a power of two >= keys", spec, len(idx))
		}
		var ops [3]int
		for i, k := range idx {
			if int(k) >= spec.keys {
				t.Fatalf("%+v: key index %d out of range", spec, k)
			}
			ops[opsOf[i]]++
		}
		tr := idx
		reads := 100 * float64(ops[opLoad]) / float64(len(tr))
		if math.Abs(reads-float64(spec.reads)) > 1 {
			t.Errorf("%+v: %.2f%% loads", spec, reads)
		}
		if w := ops[opStore] + ops[opDelete]; w > 0 && math.Abs(float64(ops[opStore]-ops[opDelete])) > 0.1*float64(w) {
			t.Errorf("%+v: %d stores and %d deletes, want an even split", spec, ops[opStore], ops[opDelete])
		}
	}
}

func TestZipfSkew(t *testing.T) {
	// With theta 0.99 over 1000 keys, rank 0 has probability 1/zeta(1000) (about 13%)
	// and the 10 hottest ranks about 39%; uniform would give 0.1% and 1%.
	const n = 1000
	tr, _ := indexesOf(traceSpec{keys: n, dist: distZipf, reads: 100})
	counts := make([]int, n)
	for _, k := range tr {
		counts[k]++
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	z := newZipf(n, zipfTheta, map[zetaKey]float64{})
	top := float64(counts[0]) / float64(len(tr))
	if want := 1 / z.zetan; math.Abs(top-want) > 0.02 {
		t.Errorf("hottest key drew %.3f of the trace, want %.3f", top, want)
	}
	top10 := 0
	for _, c := range counts[:10] {
		top10 += c
	}
	if share := float64(top10) / float64(len(tr)); share < 0.3 || share > 0.5 {
		t.Errorf("10 hottest keys drew %.3f of the trace, want about 0.39", share)
	}
	// Scrambling scatters the hot ranks: the hottest key indexes are not 0, 1, 2.
	uniform, _ := indexesOf(traceSpec{keys: n, dist: distUniform, reads: 100})
	ucounts := make([]int, n)
	for _, k := range uniform {
		ucounts[k]++
	}
	if m := slices.Max(ucounts); float64(m)/float64(len(uniform)) > 0.005 {
		t.Errorf("uniform trace: one key drew %d of %d", m, len(uniform))
	}
}

func TestHistogram(t *testing.T) {
	for v := uint64(0); v < 1<<20; v += 1 + v/7 {
		mid := bucketMid(bucketOf(v))
		if math.Abs(mid-float64(v)) > float64(v)/histSub+1 {
			t.Fatalf("value %d: bucket middle %.1f is off by more than 1/%d", v, mid, histSub)
		}
	}
	var h histogram
	for i := 1; i <= 1000; i++ {
		h.record(int64(i * 10))
	}
	for _, tc := range []struct{ q, want float64 }{{0.5, 5000}, {0.99, 9900}, {0.999, 9990}} {
		if got := h.quantile(tc.q); math.Abs(got-tc.want) > tc.want/histSub {
			t.Errorf("quantile(%v) = %.0f, want %.0f within 1/%d", tc.q, got, tc.want, histSub)
		}
	}
	var merged histogram
	merged.merge(&h)
	merged.merge(&h)
	if merged.total != 2000 || merged.quantile(0.5) != h.quantile(0.5) {
		t.Errorf("merge: total %d, median %.0f vs %.0f", merged.total, merged.quantile(0.5), h.quantile(0.5))
	}
	if (&histogram{}).quantile(0.5) != 0 {
		t.Error("empty histogram's median is not 0")
	}
}

func TestRNGBelow(t *testing.T) {
	r := newRNG(1)
	var counts [10]int
	for i := 0; i < 100000; i++ {
		counts[r.below(10)]++
	}
	for i, c := range counts {
		if c < 9000 || c > 11000 {
			t.Errorf("below(10) gave %d %d times of 100000", i, c)
		}
	}
}

func TestEveryStrategyRegisteredRuns(t *testing.T) {
	// The bench package looks strategies up by name: every registered name this binary
	// can run must resolve for both key types the workloads use, and the others are the
	// Nested ones, which the root module cannot build.
	available := Available()
	for _, info := range strategies.Infos() {
		if !slices.Contains(available, info.Name) {
			if _, excluded := info.Excluded(); info.Nested == "" && !excluded {
				t.Errorf("strategy %s is neither Nested nor excluded by the gate, but not available", info.Name)
			}
			continue
		}
		if _, err := strategyFor[string](info.Name); err != nil {
			t.Error(err)
		}
		if _, err := strategyFor[int](info.Name); err != nil {
			t.Error(err)
		}
	}
}

// The default matrix leaves out what a Restriction keeps out; the full matrix runs it.
func TestRestrict(t *testing.T) {
	mix, _ := Lookup("Mix")
	def, full := names(mix.Cases(nil, []int{2}, false)), names(mix.Cases(nil, []int{2}, true))
	for _, tc := range []struct {
		name    string
		inDef   bool
		because string
	}{
		{"strategy=xsync/keys=1000/keytype=string/dist=uniform/reads=90%/parallelism=1", true, "string keys at 1,000 keys"},
		{"strategy=xsync/keys=1000/keytype=string/dist=zipf/reads=50%/parallelism=1", false, "string keys, write-heavy and skewed"},
		{"strategy=xsync/keys=1000000/keytype=string/dist=uniform/reads=90%/parallelism=1", false, "string keys at a million keys"},
		{"strategy=xsync/keys=1000/keytype=string/dist=uniform/reads=90%/parallelism=4", false, "string keys, four goroutines per P"},
		{"strategy=xsync/keys=1000/keytype=int/dist=uniform/reads=90%/parallelism=4", true, "four goroutines per P at 1,000 int keys"},
		{"strategy=xsync/keys=1000000/keytype=int/dist=uniform/reads=90%/parallelism=4", false, "four goroutines per P at a million keys"},
	} {
		if got := slices.Contains(def, tc.name); got != tc.inDef {
			t.Errorf("default Mix matrix has %s (%s): %v, want %v", tc.name, tc.because, got, tc.inDef)
		}
		if !slices.Contains(full, tc.name) {
			t.Errorf("full Mix matrix lacks %s (%s)", tc.name, tc.because)
		}
	}
	if !strings.Contains(WorkloadTable(), "`keytype=string` only with `keys=1000` and `dist=uniform`") {
		t.Error("the workload table does not say where string keys run by default")
	}
}

// A result recorded before Mix had its parallelism parameter ran parallelism=1: the
// situations take it as such, and not as parallelism=4.
func TestSituationImpliedValue(t *testing.T) {
	mix, _ := Lookup("Mix")
	old := map[string]string{"keys": "1000", "keytype": "int", "dist": "uniform", "reads": "90%"}
	get := func(k string) string { return old[k] }
	var read, over *Situation
	for i := range mix.Situations {
		switch s := &mix.Situations[i]; s.Title {
		case "Read-mostly":
			read = s
		case "Oversubscribed":
			over = s
		}
	}
	if read == nil || over == nil {
		t.Fatal("Mix has no Read-mostly or Oversubscribed situation")
	}
	if !read.Runs(get, 2) || over.Runs(get, 2) {
		t.Errorf("a Mix result without parallelism runs Read-mostly: %v (want true), Oversubscribed: %v (want false)", read.Runs(get, 2), over.Runs(get, 2))
	}
	// Read-mostly leaves parallelism at its implied 1: a case at 4 does not run it.
	old["parallelism"] = "4"
	if read.Runs(get, 2) || !over.Runs(get, 2) {
		t.Errorf("a Mix result at parallelism=4 runs Read-mostly: %v (want false), Oversubscribed: %v (want true)", read.Runs(get, 2), over.Runs(get, 2))
	}
}

// A nested module's benchmarks run every workload: the runner builds its test binary in
// place of this package's for the toolchains that build its strategy, so a workload it
// lacks would not be measured for any strategy there.
func TestNestedModulesRunEveryWorkload(t *testing.T) {
	for _, info := range strategies.Infos() {
		if info.Nested == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join("..", info.Nested, "bench_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range Workloads() {
			if !strings.Contains(string(b), fmt.Sprintf("bench.Run(b, %q)", w.Name)) {
				t.Errorf("%s/bench_test.go does not run workload %s", info.Nested, w.Name)
			}
		}
	}
}
