package bench

import (
	"strconv"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

var shardsWorkload = &Workload{
	Name: "Shards",
	Doc:  "the `sharded` strategy at 1 to 256 shards on a Mix and a Grow case (`op=mix`: Mix keys=1000 reads=90% uniform; `op=grow`: Grow keys=100000)",
	Situations: []Situation{
		{Title: "Shard count", Question: "the sharded strategy at several shard counts, on Mix keys=1000 reads=90%", Params: []string{"op=mix"}, Series: "shards", Uses: Chart},
	},
	Params: []Param{
		{Key: "op", Default: []string{"mix", "grow"}},
		{Key: "shards", Default: []string{"1", "4", "16", "64", "256"}},
	},
	Goroutines: func(c Case, procs int) int { return procs },
	Run: func(b *testing.B, c Case) {
		n := c.Int("shards")
		s := strategies.Strategy[int, int]{
			Info: strategies.Info{Name: "sharded-" + strconv.Itoa(n), Concurrent: true},
			New:  func(capacity int) strategies.Map[int, int] { return strategies.NewSharded[int, int](n, capacity) },
		}
		if c.Get("op") == "grow" {
			runGrow(b, s, intKeys(100000), false, 0)
			return
		}
		runMix(b, s, traceSpec{keys: 1000, dist: distUniform, reads: 90}, 1)
	},
}
