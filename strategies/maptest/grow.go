package maptest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

// GrowConfig sizes the grow scenario.
type GrowConfig struct {
	Writers int // goroutines storing keys, each its own
	Keys    int // keys each writer stores
	Readers int // goroutines loading keys already stored
	Rangers int // goroutines ranging over the map
	// Pause is how long a ranger sleeps between Ranges, so that writers of the lock-based
	// strategies, which wait for a whole Range, make progress between them.
	Pause time.Duration
	// Verify makes writers and rangers check what they see as they go: writers store every
	// other key with LoadOrStore, which must find it absent, and each Range must visit every
	// key at most once, with its value, and every key stored before it began. The writers
	// also wait until every reader and ranger is running, so that they do overlap. It
	// changes which races the runtime's map checks catch; the safety matrix leaves it off.
	Verify bool
}

// Check reports whether the sizes are usable.
func (c GrowConfig) Check() error {
	if err := checkWriters(c.Writers); err != nil {
		return err
	}
	if c.Keys < 1 || c.Keys > MaxPerWriter {
		return fmt.Errorf("keys %d out of range [1, %d]", c.Keys, MaxPerWriter)
	}
	if c.Readers < 0 || c.Rangers < 0 || c.Pause < 0 {
		return fmt.Errorf("readers %d, rangers %d and pause %v must not be negative", c.Readers, c.Rangers, c.Pause)
	}
	return nil
}

// GrowResult is what a grow run that got to the end reports.
type GrowResult struct {
	Want     int     `json:"want"`      // keys stored in all
	Len      int     `json:"len"`       // Len() at the end
	Missing  int     `json:"missing"`   // stored keys absent (or with a wrong value) at the end
	BadLoads int64   `json:"bad_loads"` // Loads of keys already stored that failed during the run
	Loads    int64   `json:"loads"`     // Loads made by the readers
	Ranges   int64   `json:"ranges"`    // Ranges completed by the rangers
	Millis   float64 `json:"ms"`        // from the start of the writers to the end of the checks
	// With Verify only: LoadOrStores of new keys that found them present or returned
	// another value, and Ranges that visited a key twice or with a wrong value, or missed
	// a key stored before they began.
	BadLoadOrStores int64 `json:"bad_load_or_stores,omitempty"`
	BadRanges       int64 `json:"bad_ranges,omitempty"`
	// First says what went wrong first, for a message and as evidence; a result line
	// carries it when there is one.
	First string `json:"first,omitempty"`
}

// Err describes what r shows went wrong: a key lost or with a wrong value, a failed Load
// of a stored key, and with Verify a bad LoadOrStore or Range. It returns nil when nothing
// did.
func (r GrowResult) Err() error {
	var problems []string
	if r.Len != r.Want || r.Missing > 0 || r.BadLoads > 0 {
		problems = append(problems, fmt.Sprintf("lost keys: Len %d of %d stored, %d missing at the end, %d failed Loads of stored keys",
			r.Len, r.Want, r.Missing, r.BadLoads))
	}
	if r.BadLoadOrStores > 0 {
		problems = append(problems, fmt.Sprintf("%d LoadOrStores of new keys found them present", r.BadLoadOrStores))
	}
	if r.BadRanges > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d Ranges visited a key twice or with a wrong value, or missed a key stored before they began",
			r.BadRanges, r.Ranges))
	}
	return problemsError(problems, r.First)
}

// Grow grows m from empty: c.Writers goroutines store c.Keys keys each, while c.Readers
// goroutines Load keys already stored and c.Rangers goroutines Range over the map. All of
// them start together. It then checks every key single-handed. It panics if c.Check fails.
func Grow(m strategies.Map[int, int], c GrowConfig) GrowResult {
	if err := c.Check(); err != nil {
		panic("maptest.Grow: " + err.Error())
	}
	g := &growRun{m: m, c: c, start: make(chan struct{}), progress: make([]atomic.Int64, c.Writers)}
	g.running.Add(c.Readers + c.Rangers)
	var writers, others sync.WaitGroup
	for w := range c.Writers {
		writers.Add(1)
		go func() { defer writers.Done(); g.write(w) }()
	}
	for r := range c.Readers {
		others.Add(1)
		go func() { defer others.Done(); g.read(r) }()
	}
	for range c.Rangers {
		others.Add(1)
		go func() { defer others.Done(); g.rangeOver() }()
	}

	began := time.Now()
	close(g.start)
	writers.Wait()
	g.done.Store(true)
	others.Wait()

	res := GrowResult{Want: c.Writers * c.Keys, Len: m.Len()}
	for w := range c.Writers {
		for i := range c.Keys {
			k := newKey(w, i)
			if v, ok := m.Load(k); !ok || v != valueOf(k) {
				res.Missing++
				g.problem("final Load(%d) = %d, %v", k, v, ok)
			}
		}
	}
	if res.Len != res.Want {
		g.problem("final Len = %d, want %d", res.Len, res.Want)
	}
	res.BadLoads, res.Loads, res.Ranges = g.badLoads.Load(), g.loads.Load(), g.ranges.Load()
	res.BadLoadOrStores, res.BadRanges = g.badLoadOrStores.Load(), g.badRanges.Load()
	res.First = g.first
	res.Millis = millis(began)
	return res
}

// growRun is what the goroutines of one Grow share.
type growRun struct {
	m        strategies.Map[int, int]
	c        GrowConfig
	start    chan struct{}
	running  sync.WaitGroup // readers and rangers that have not started yet
	done     atomic.Bool
	progress []atomic.Int64 // keys [0, progress[w]) of writer w are stored

	loads, badLoads, ranges, badRanges, badLoadOrStores atomic.Int64

	mu    sync.Mutex
	first string // the first problem seen
}

// problem records what went wrong, if it is the first thing that did.
func (g *growRun) problem(format string, args ...any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.first == "" {
		g.first = fmt.Sprintf(format, args...)
	}
}

// write stores writer w's keys in order, publishing each in progress[w] once stored.
func (g *growRun) write(w int) {
	<-g.start
	if g.c.Verify {
		g.running.Wait()
	}
	for i := range g.c.Keys {
		k := newKey(w, i)
		if g.c.Verify && i%2 == 1 {
			if v, loaded := g.m.LoadOrStore(k, valueOf(k)); loaded || v != valueOf(k) {
				g.badLoadOrStores.Add(1)
				g.problem("LoadOrStore(new key %d) = %d, %v", k, v, loaded)
			}
		} else {
			g.m.Store(k, valueOf(k))
		}
		g.progress[w].Store(int64(i + 1))
	}
}

// read Loads random keys already stored until the writers are done.
func (g *growRun) read(r int) {
	<-g.start
	g.running.Done()
	x := uint64(r)*0x9e3779b97f4a7c15 + 1
	var n, bad int64
	for !g.done.Load() {
		x = x*6364136223846793005 + 1442695040888963407
		w := int(x>>33) % g.c.Writers
		stored := g.progress[w].Load()
		if stored == 0 {
			continue
		}
		k := newKey(w, int((x>>13)%uint64(stored)))
		if v, ok := g.m.Load(k); !ok || v != valueOf(k) {
			bad++
			g.problem("Load(%d) of a stored key = %d, %v", k, v, ok)
		}
		n++
	}
	g.loads.Add(n)
	g.badLoads.Add(bad)
}

// rangeOver Ranges over the map until the writers are done, pausing between Ranges, and
// once more after they are done: with Verify, that last Range must see every key.
func (g *growRun) rangeOver() {
	var (
		n, bad int64
		sum    int
		before = make([]int64, g.c.Writers)
		seen   = make(map[int]bool)
	)
	<-g.start
	g.running.Done()
	for {
		last := g.done.Load()
		if g.c.Verify {
			if msg := g.checkedRange(before, seen); msg != "" {
				bad++
				g.problem("%s", msg)
			}
		} else {
			g.m.Range(func(k, v int) bool {
				sum += v
				return true
			})
		}
		n++
		if last {
			break
		}
		if g.c.Pause > 0 {
			time.Sleep(g.c.Pause)
		}
	}
	g.ranges.Add(n)
	g.badRanges.Add(bad)
	sink.Add(int64(sum))
}

// checkedRange makes one Range and says what it did wrong, or "": a key visited twice
// or with a wrong value, or a key missed whose Store returned before the Range began.
func (g *growRun) checkedRange(before []int64, seen map[int]bool) string {
	for w := range before {
		before[w] = g.progress[w].Load()
	}
	clear(seen)
	bad := ""
	g.m.Range(func(k, v int) bool {
		switch {
		case v != valueOf(k):
			bad = fmt.Sprintf("Range: %d=%d, want value %d", k, v, valueOf(k))
		case seen[k]:
			bad = fmt.Sprintf("Range visited %d twice", k)
		}
		seen[k] = true
		return bad == ""
	})
	if bad != "" {
		return bad
	}
	for w, n := range before {
		for i := range int(n) {
			if k := newKey(w, i); !seen[k] {
				return fmt.Sprintf("Range missed %d, stored before it began", k)
			}
		}
	}
	return ""
}

// sink keeps the rangers' sums alive.
var sink atomic.Int64

// problemsError joins the problems a stress test found into one error, followed by the
// first one seen in detail; nil when there are none.
func problemsError(problems []string, first string) error {
	if len(problems) == 0 {
		return nil
	}
	if first != "" {
		problems = append(problems, "first: "+first)
	}
	return errors.New(strings.Join(problems, "; "))
}
