package bench

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"
)

func TestMain(m *testing.M) {
	flag.BoolVar(&fullMatrix, "full", false, "run the full parameter matrix, not the default one")
	flag.StringVar(&strategyFilter, "strategies", "", "run only these comma-separated strategies")
	flag.StringVar(&planFile, "plan", "", "run the sub-benchmarks this `file` lists, in its order")
	flag.BoolVar(&canary, "canary", false, "probe the machine's state around every sample (canary-ns)")
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		// A config line benchstat reads; go test prints only goos, goarch, pkg and cpu.
		fmt.Printf("goversion: %s\n", runtime.Version())
	}
	os.Exit(m.Run())
}

func BenchmarkGrow(b *testing.B)        { Run(b, "Grow") }
func BenchmarkRapidGrow(b *testing.B)   { Run(b, "RapidGrow") }
func BenchmarkRange(b *testing.B)       { Run(b, "Range") }
func BenchmarkMix(b *testing.B)         { Run(b, "Mix") }
func BenchmarkUpdate(b *testing.B)      { Run(b, "Update") }
func BenchmarkLoadOrStore(b *testing.B) { Run(b, "LoadOrStore") }
func BenchmarkMemory(b *testing.B)      { Run(b, "Memory") }
func BenchmarkOverhead(b *testing.B)    { Run(b, "Overhead") }
func BenchmarkShards(b *testing.B)      { Run(b, "Shards") }
