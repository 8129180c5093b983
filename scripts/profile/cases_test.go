package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
)

// TestRepresentativeResolves checks that every profiled situation has a case, once per
// strategy, at the GOMAXPROCS values make profile meets.
func TestRepresentativeResolves(t *testing.T) {
	for _, procs := range []int{1, 2, 4, 16} {
		for _, sc := range bench.Situations(bench.Profile) {
			pc, err := resolve(sc, nil, procs)
			if err != nil {
				t.Fatalf("-cpu %d: %v", procs, err)
			}
			if pc == nil {
				t.Errorf("-cpu %d: %s: no case", procs, sc.Label())
				continue
			}
			// Every concurrent strategy the gate lets through runs every case; unsafe
			// only at one P (where Range has no writer).
			want := slices.DeleteFunc(strategies.Measured(), func(s string) bool { return s == strategies.Baseline() && procs > 1 })
			if !slices.Equal(pc.strategies, want) {
				t.Errorf("-cpu %d: %s: strategies %v, want %v", procs, pc.title(), pc.strategies, want)
			}
		}
	}
}

// TestRangeAtEachCPU checks that the Range situation (writers=procs-1) resolves at each
// -cpu to the case that runs it there, and keeps one directory.
func TestRangeAtEachCPU(t *testing.T) {
	scs := bench.Situations(bench.Profile)
	rangeRep := scs[slices.IndexFunc(scs, func(sc bench.Placed) bool { return sc.Workload.Name == "Range" })]
	for procs, want := range map[int]string{
		1: "Range keys=100000 writers=0 visit=all",
		2: "Range keys=100000 writers=1 visit=all",
		4: "Range keys=100000 writers=procs-1 visit=all",
	} {
		pc, err := resolve(rangeRep, nil, procs)
		if err != nil || pc == nil {
			t.Fatalf("-cpu %d: %v, %v", procs, pc, err)
		}
		if pc.title() != want {
			t.Errorf("-cpu %d: %q, want %q", procs, pc.title(), want)
		}
		if got := pc.dirName(); got != "Range-keys=100000-writers=procs-1-visit=all" {
			t.Errorf("-cpu %d: directory %q", procs, got)
		}
	}
}

func TestPlanFilters(t *testing.T) {
	cfg := &config{cpu: 2, strategies: []string{"xsync", "unsafe"}, workloads: []string{"Mix", "Grow"}}
	cases, err := cfg.plan()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pc := range cases {
		got = append(got, pc.dirName()+":"+strings.Join(pc.strategies, ","))
	}
	// Table order, not flag order; unsafe has no case at two Ps.
	want := []string{
		"Grow-keys=100000-presize=false-readers=0:xsync",
		"Mix-keys=1000-keytype=int-dist=uniform-reads=90pct:xsync",
		"Mix-keys=1000000-keytype=int-dist=zipf-reads=90pct:xsync",
	}
	if !slices.Equal(got, want) {
		t.Errorf("plan = %q, want %q", got, want)
	}
}

func TestBenchPattern(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		for _, sc := range bench.Situations(bench.Profile) {
			pc, err := resolve(sc, nil, procs)
			if err != nil || pc == nil {
				t.Fatal(pc, err)
			}
			for _, c := range pc.cases {
				pat := benchPattern(c)
				// testing matches each '/'-separated level against one name segment.
				segs := strings.Split(pat, "/")
				names := append([]string{"Benchmark" + c.Workload.Name}, strings.Split(c.Name(), "/")...)
				if len(segs) != len(names) {
					t.Fatalf("%s: pattern %s has %d levels, name has %d", c.Name(), pat, len(segs), len(names))
				}
				for i, s := range segs {
					re := regexp.MustCompile(s)
					if !re.MatchString(names[i]) {
						t.Errorf("%s: level %q does not match %q", pat, s, names[i])
					}
					if !strings.HasPrefix(s, "^") || !strings.HasSuffix(s, "$") {
						t.Errorf("%s: level %q is not anchored", pat, s)
					}
				}
			}
		}
	}
	mix := bench.Situations(bench.Profile)[3]
	pc, _ := resolve(mix, []string{"xsync"}, 2)
	if got, want := benchPattern(pc.cases[0]), `^BenchmarkMix$/^strategy=xsync$/^keys=1000$/^keytype=int$/^dist=uniform$/^reads=90%$/^parallelism=1$`; got != want {
		t.Errorf("pattern = %s, want %s", got, want)
	}
	// A value with metacharacters is quoted.
	if re := regexp.MustCompile("^" + regexp.QuoteMeta("x=a.b+c") + "$"); re.MatchString("x=aXbbc") {
		t.Error("QuoteMeta does not quote")
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"Mix-keys=1000-reads=90%":  "Mix-keys=1000-reads=90pct",
		"Range-writers=procs-1":    "Range-writers=procs-1",
		"a b/c:d":                  "a_b_c_d",
		"xsync.cpu.pprof":          "xsync.cpu.pprof",
		"Grow-keys=1_000-presize=": "Grow-keys=1_000-presize=",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCaseInfo(t *testing.T) {
	title, why := caseInfo("Mix-keys=1000-keytype=int-dist=uniform-reads=90pct")
	if title != "Mix keys=1000 keytype=int dist=uniform reads=90%" || why == "" {
		t.Errorf("caseInfo = %q, %q", title, why)
	}
	if title, why := caseInfo("Other-x=1"); title != "Other-x=1" || why != "" {
		t.Errorf("caseInfo of an unknown directory = %q, %q", title, why)
	}
	if caseRank("Grow-keys=100000-presize=false-readers=0") >= caseRank("RapidGrow") || caseRank("RapidGrow") >= caseRank("Other") {
		t.Error("caseRank does not follow the catalog")
	}
}
