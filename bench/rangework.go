package bench

import (
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

// Range workload constants.
const (
	// writersAll names the writers= value "every other P": GOMAXPROCS-1 writers.
	writersAll = "procs-1"
	// churnPerWriter is how many keys of its own each writer stores and deletes in turn,
	// so the map's size stays within churnPerWriter*writers of keys while it iterates.
	churnPerWriter = 64
	// matchEvery sets the early-exit Range's predicate: it stops at the first key with
	// key%matchEvery == 0, after about matchEvery entries.
	matchEvery = 64
	// writesEvery sets how often a writer publishes its count of writes.
	writesEvery = 64
)

var rangeWorkload = &Workload{
	Name: "Range",
	Doc: "one op is a full Range (stop=none) or a Range that stops at its first match (stop=match) over keys " +
		"entries while writers goroutines store and delete other keys; reports ns/entry and the writers' writes/s",
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000", "100000"}},
		{Key: "writers", Default: []string{"0", "1", writersAll}},
		{Key: "stop", Default: []string{"none", "match"}},
	},
	Goroutines: func(c Case, procs int) int { return 1 + rangeWriters(c, procs) },
	Fits:       func(c Case, procs int) bool { return 1+rangeWriters(c, procs) <= procs },
	Redundant: func(c Case, procs []int) bool {
		return c.Get("writers") == writersAll && !slices.ContainsFunc(procs, func(p int) bool { return p-1 > 1 })
	},
	Run: func(b *testing.B, c Case) {
		runRange(b, lookupStrategy[int](b, c.Strategy), c.Int("keys"), rangeWriters(c, runtime.GOMAXPROCS(0)), c.Get("stop") == "match")
	},
}

func rangeWriters(c Case, procs int) int {
	if w := c.Get("writers"); w != writersAll {
		n, err := strconv.Atoi(w)
		if err != nil {
			panic("bench: writers=" + w)
		}
		return n
	}
	return max(procs-1, 0)
}

func runRange(b *testing.B, s strategies.Strategy[int, int], n, writers int, early bool) {
	keys := intKeys(n + writers*churnPerWriter)
	m := s.New(0)
	for i, k := range keys[:n] {
		m.Store(k, i)
	}
	var (
		stop atomic.Bool
		wg   sync.WaitGroup
	)
	// Each writer publishes its count of writes every writesEvery writes, on its own
	// cache lines; the ranger reads the counts when its timer starts and stops.
	writes := make([]paddedCounter, writers)
	totalWrites := func() (n int64) {
		for i := range writes {
			n += writes[i].Load()
		}
		return n
	}
	begin := make(chan struct{})
	for w := 0; w < writers; w++ {
		churn := keys[n+w*churnPerWriter : n+(w+1)*churnPerWriter]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-begin
			for i := 0; !stop.Load(); i++ {
				k := churn[i%churnPerWriter]
				if i/churnPerWriter%2 == 0 {
					m.Store(k, i)
				} else {
					m.Delete(k)
				}
				if i%writesEvery == 0 {
					writes[w].Store(int64(i))
				}
			}
		}()
	}
	// The callbacks are made once, outside the timed loop: a closure passed to Range
	// escapes, and making one per op would add an allocation the map does not make.
	visited, sum := 0, 0
	full := func(k, v int) bool {
		visited++
		sum += v
		return true
	}
	match := func(k, v int) bool {
		visited++
		sum += v
		return k%matchEvery != 0
	}
	f := full
	if early {
		f = match
	}
	b.ReportAllocs()
	close(begin)
	b.ResetTimer()
	w0 := totalWrites()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		before := visited
		m.Range(f)
		if !early && visited-before < n {
			b.Fatalf("a full Range visited %d entries; %d were present throughout", visited-before, n)
		}
	}
	elapsed := time.Since(t0)
	w1 := totalWrites()
	b.StopTimer()
	stop.Store(true)
	wg.Wait()
	keep(sum)
	if visited > 0 {
		b.ReportMetric(float64(elapsed.Nanoseconds())/float64(visited), "ns/entry")
	}
	if writers > 0 {
		b.ReportMetric(float64(w1-w0)/elapsed.Seconds(), "writes/s")
	}
}
