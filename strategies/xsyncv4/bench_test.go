package xsyncv4

import (
	"testing"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
)

// TestMain runs the suite's workloads with xsyncv4 beside the root module's strategies,
// through package bench's driver: the runner builds this package's test binary for
// toolchains that can build xsync/v4.
func TestMain(m *testing.M) {
	bench.Main(m, bench.Nested{
		Name:    "xsyncv4",
		Ints:    func(capacity int) strategies.Map[int, int] { return New[int, int](capacity) },
		Strings: func(capacity int) strategies.Map[string, int] { return New[string, int](capacity) },
	})
}

func BenchmarkGrow(b *testing.B)        { bench.Run(b, "Grow") }
func BenchmarkRapidGrow(b *testing.B)   { bench.Run(b, "RapidGrow") }
func BenchmarkRange(b *testing.B)       { bench.Run(b, "Range") }
func BenchmarkMix(b *testing.B)         { bench.Run(b, "Mix") }
func BenchmarkUpdate(b *testing.B)      { bench.Run(b, "Update") }
func BenchmarkLoadOrStore(b *testing.B) { bench.Run(b, "LoadOrStore") }
func BenchmarkMemory(b *testing.B)      { bench.Run(b, "Memory") }
func BenchmarkOverhead(b *testing.B)    { bench.Run(b, "Overhead") }
func BenchmarkShards(b *testing.B)      { bench.Run(b, "Shards") }
func BenchmarkCustomMix(b *testing.B)   { bench.Run(b, "CustomMix") }
func BenchmarkReplay(b *testing.B)      { bench.Run(b, "Replay") }
