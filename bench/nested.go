package bench

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// Nested is a strategy that a nested module builds (strategies.Info.Nested): the root
// module's registry lists it but cannot construct it, because its library needs a newer
// Go than the root module's go line. The nested module's benchmarks pass it to Main, and
// the workloads then run it beside the registry's strategies, through the same driver.
type Nested struct {
	Name    string
	Ints    func(capacity int) strategies.Map[int, int]
	Strings func(capacity int) strategies.Map[string, int]
}

// nested holds the strategies the running test binary's Main was given.
var nested []Nested

// Main is the TestMain of a package of the suite's benchmarks: it parses the suite's
// flags, prints the goversion config line and runs the tests and benchmarks, with the
// nested strategies given added to the registry's.
func Main(m *testing.M, more ...Nested) {
	nested = more
	flag.BoolVar(&fullMatrix, "full", false, "run the full parameter matrix, not the default one")
	flag.StringVar(&strategyFilter, "strategies", "", "run only these comma-separated strategies")
	flag.StringVar(&planFile, "plan", "", "run the sub-benchmarks this `file` lists, in its order")
	flag.BoolVar(&canary, "canary", false, "probe the machine's state around every sample (canary-ns)")
	flag.StringVar(&mixSpec, "mix", "", "the `mix` CustomMix runs: comma-separated key=value ("+MixDefaults()+")")
	flag.StringVar(&tracePath, "replay", "", "the trace `file` Replay replays (recorded with package bench/trace; not -trace, which go test takes for its execution trace)")
	flag.Parse()
	if mixSpec != "" {
		if _, err := ParseMix(mixSpec); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if tracePath != "" {
		if _, err := loadReplayTrace(tracePath); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		// A config line benchstat reads; go test prints only goos, goarch, pkg and cpu.
		fmt.Printf("goversion: %s\n", runtime.Version())
	}
	os.Exit(m.Run())
}

// nestedStrategy returns the nested strategy called name with key type K, if Main was
// given one.
func nestedStrategy[K strategies.Key](name string) (strategies.Strategy[K, int], bool) {
	for _, n := range nested {
		if n.Name != name {
			continue
		}
		info, err := strategies.Describe(name)
		if err != nil {
			return strategies.Strategy[K, int]{}, false
		}
		var newMap any
		switch any(*new(K)).(type) {
		case int:
			newMap = n.Ints
		case string:
			newMap = n.Strings
		default:
			return strategies.Strategy[K, int]{}, false
		}
		return strategies.Strategy[K, int]{Info: info, New: newMap.(func(int) strategies.Map[K, int])}, true
	}
	return strategies.Strategy[K, int]{}, false
}

// Available returns the names of the strategies this binary can run, in registry order:
// those the root module builds and the nested ones Main was given, that the correctness
// gate lets through.
func Available() []string {
	var names []string
	for _, name := range strategies.Measured() {
		info, _ := strategies.Describe(name)
		if _, ok := nestedStrategy[int](name); info.Nested == "" || ok {
			names = append(names, name)
		}
	}
	return names
}
