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
	// visitAll names the visit= value of a full Range.
	visitAll = "all"
	// churnPerWriter is how many keys of its own each writer stores and deletes in turn,
	// so the map's size stays within churnPerWriter*writers of keys while it iterates.
	churnPerWriter = 64
)

var rangeWorkload = &Workload{
	Name: "Range",
	Doc:  "one Range over a warm map of `keys` entries that visits them all (`visit=all`) or stops after 64 (`visit=64`, the same work whatever the map's iteration order), while `writers` goroutines store and delete other keys",
	Metrics: []Metric{
		{Unit: "ns/entry", Doc: "per visited entry", Table: true},
		{Unit: "writes/s", Doc: "every write of the writers during the timed interval, counted exactly", Table: true},
	},
	Situations: []Situation{
		{Title: "Iteration under writes", Question: "full Ranges over 100,000 entries while every other P stores and deletes (ns/op favours a Range that locks the writers out: read the writes/s column beside it; at one P nothing writes)", Params: []string{"keys=100000", "writers=" + ProcsMinusOne, "visit=all"}, Extra: "writes/s", Uses: Guide | Chart | Profile},
	},
	PerStrategy: true,
	Params: []Param{
		{Key: "keys", Default: []string{"1000", "100000"}},
		{Key: "writers", Default: []string{"0", "1", ProcsMinusOne}},
		{Key: "visit", Default: []string{visitAll, "64"}},
	},
	Goroutines: func(c Case, procs int) int { return 1 + rangeWriters(c, procs) },
	Fits:       func(c Case, procs int) bool { return 1+rangeWriters(c, procs) <= procs },
	Redundant: func(c Case, procs []int) bool {
		return c.Get("writers") == ProcsMinusOne && !slices.ContainsFunc(procs, func(p int) bool { return p-1 > 1 })
	},
	Run: func(b *testing.B, c Case) {
		visit := 0
		if v := c.Get("visit"); v != visitAll {
			visit = c.Int("visit")
		}
		runRange(b, lookupStrategy[int](b, c.Strategy), c.Int("keys"), rangeWriters(c, runtime.GOMAXPROCS(0)), visit)
	},
}

func rangeWriters(c Case, procs int) int {
	w := Effective(c.Get("writers"), procs)
	n, err := strconv.Atoi(w)
	if err != nil {
		panic("bench: writers=" + w)
	}
	return n
}

// rangeWriter is one writer's count of its writes, on its own cache lines: at[e] is the
// count it had reached when it saw mark e (1: the timed interval began, 2: it ended).
type rangeWriter struct {
	at   [3]int64
	seen atomic.Int64 // the last mark it has recorded; the ranger waits for it
	_    [88]byte
}

// rangeCrew is the writers of a Range case: each stores and deletes churnPerWriter
// keys of its own until stop, counting its writes and recording the count when it sees
// a mark.
type rangeCrew struct {
	ws         []rangeWriter
	stop, mark atomic.Int64
	wg         sync.WaitGroup
	begin      chan struct{} // closed when the writers may start
}

// start starts a writer per element of ws, writer w on churn(w), as timed work.
func (r *rangeCrew) start(m strategies.Map[int, int], churn func(w int) []int) {
	r.begin = make(chan struct{})
	for w := range r.ws {
		keys, rw := churn(w), &r.ws[w]
		r.wg.Add(1)
		go RunTimed(func() {
			defer r.wg.Done()
			<-r.begin
			var count, seen int64
			for i := 0; r.stop.Load() == 0; i++ {
				if e := r.mark.Load(); e != seen {
					rw.at[e] = count
					seen = e
					rw.seen.Store(e) // publishes at[e] to the ranger
				}
				k := keys[i%churnPerWriter]
				if i/churnPerWriter%2 == 0 {
					m.Store(k, i)
				} else {
					m.Delete(k)
				}
				count++
			}
		})
	}
}

// waitMark sets mark e and waits until every writer has recorded its count at it.
func (r *rangeCrew) waitMark(e int64) {
	r.mark.Store(e)
	for i := range r.ws {
		for r.ws[i].seen.Load() != e {
		}
	}
}

// finish stops the writers and returns how many writes they made between marks 1 and 2.
func (r *rangeCrew) finish() int64 {
	r.stop.Store(1)
	r.wg.Wait()
	var w int64
	for i := range r.ws {
		w += r.ws[i].at[2] - r.ws[i].at[1]
	}
	return w
}

// runRange times Ranges over a warm map of n entries; visit > 0 stops each Range after
// visit entries (all of them when 0). Meanwhile writers goroutines store and delete keys
// of their own, counting every write; the ranger marks the start and the end of the timed
// interval, and each writer records its count when it sees a mark, so writes/s counts
// the writes of exactly that interval (to within the one write in progress).
func runRange(b *testing.B, s strategies.Strategy[int, int], n, writers, visit int) {
	keys := intKeys(n + writers*churnPerWriter)
	m := warm(s, keys[:n], nil)
	r := &rangeCrew{ws: make([]rangeWriter, writers)}
	r.start(m, func(w int) []int { return keys[n+w*churnPerWriter : n+(w+1)*churnPerWriter] })
	// The callbacks are made once, outside the timed loop: a closure passed to Range
	// escapes, and making one per op would add an allocation the map does not make.
	visited, sum, left := 0, 0, 0
	all := func(k, v int) bool {
		visited++
		sum += v
		return true
	}
	some := func(k, v int) bool {
		visited++
		sum += v
		left--
		return left > 0
	}
	f := all
	if visit > 0 {
		f = some
		if visit > n {
			b.Fatalf("visit=%d exceeds keys=%d", visit, n)
		}
	}
	close(r.begin)
	var elapsed time.Duration
	measure(b, func() {
		t0 := time.Now()
		r.waitMark(1)
		for i := 0; i < b.N; i++ {
			before := visited
			left = visit
			m.Range(f)
			if got := visited - before; visit == 0 && got < n || visit > 0 && got != visit {
				b.Fatalf("a Range visited %d entries; want %d", got, max(visit, n))
			}
		}
		r.waitMark(2)
		elapsed = time.Since(t0)
	})
	writes := r.finish()
	keep(sum)
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(visited), "ns/entry")
	if writers > 0 {
		b.ReportMetric(float64(writes)/elapsed.Seconds(), "writes/s")
	}
}
