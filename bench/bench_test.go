package bench

import (
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

func BenchmarkGrow(b *testing.B)        { Run(b, "Grow") }
func BenchmarkRapidGrow(b *testing.B)   { Run(b, "RapidGrow") }
func BenchmarkRange(b *testing.B)       { Run(b, "Range") }
func BenchmarkMix(b *testing.B)         { Run(b, "Mix") }
func BenchmarkUpdate(b *testing.B)      { Run(b, "Update") }
func BenchmarkLoadOrStore(b *testing.B) { Run(b, "LoadOrStore") }
func BenchmarkMemory(b *testing.B)      { Run(b, "Memory") }
func BenchmarkOverhead(b *testing.B)    { Run(b, "Overhead") }
func BenchmarkShards(b *testing.B)      { Run(b, "Shards") }
func BenchmarkCustomMix(b *testing.B)   { Run(b, "CustomMix") }
func BenchmarkReplay(b *testing.B)      { Run(b, "Replay") }
