package maptest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

// StressUpdate sizes the counters of the stress test: hot counters every goroutine adds
// to in turn, cold ones goroutines meet on now and then, and new ones every goroutine
// races to make. The test takes StressUpdateRounds fresh maps: a lost increment can take
// many rounds to show (the race of two goroutines making one counter is narrow).
var (
	StressUpdate       = UpdateConfig{Goroutines: 6, Updates: 3000, Hot: 4, Cold: 1000}
	StressUpdateRounds = 20
)

// UpdateConfig sizes the counters scenario. A goroutine's Updates take turns among
// three kinds of counter: the next hot one, one drawn at random from the cold ones, and
// the next new one.
type UpdateConfig struct {
	Goroutines int // goroutines adding to counters, all at once
	Updates    int // Updates per goroutine
	// Hot is the number of hot counters: every goroutine adds to each of them in turn,
	// so goroutines meet on the same keys all the time.
	Hot int
	// Cold is the number of cold counters, which goroutines meet on now and then, also
	// when one is first made.
	Cold int
	// New counters are made by the first Update of a sequence of keys that every
	// goroutine walks in step (Updates/3 of them): goroutines race to make each one.
}

// updateKinds is the number of kinds of counter a goroutine's Updates take turns among.
const updateKinds = 3

// counters returns the number of counters c's Updates may touch: hot, cold and new.
func (c UpdateConfig) counters() int { return c.Hot + c.Cold + c.Updates/updateKinds + 1 }

// Check reports whether the sizes are usable.
func (c UpdateConfig) Check() error {
	switch {
	case c.Goroutines < 1 || c.Goroutines > MaxWriters:
		return fmt.Errorf("goroutines %d out of range [1, %d]", c.Goroutines, MaxWriters)
	case c.Updates < 2 || c.Updates > MaxPerWriter:
		return fmt.Errorf("updates %d out of range [2, %d]", c.Updates, MaxPerWriter)
	case c.Hot < 1 || c.Cold < 1 || c.counters() > MaxPerWriter:
		return fmt.Errorf("hot %d, cold %d and %d new counters: want at least 1 hot and 1 cold, %d in all at most", c.Hot, c.Cold, c.Updates/updateKinds+1, MaxPerWriter)
	}
	return nil
}

// UpdateResult is what an Updates run reports.
type UpdateResult struct {
	Want int64 `json:"want"` // Updates made: what the counters must sum to
	Sum  int64 `json:"sum"`  // what they sum to at the end
	Keys int   `json:"keys"` // counters updated at least once
	Len  int   `json:"len"`  // Len() at the end
	// Wrong counts the counters whose value is not the number of Updates made to them.
	Wrong int `json:"wrong"`
	// Backwards counts the Updates that returned a value no greater than the one the
	// same goroutine's previous Update of the key returned: with atomic increments, the
	// values one goroutine sees of a counter only grow.
	Backwards int64 `json:"backwards"`
	// BadCalls counts the calls of the update function with a present value of a key
	// said to be absent.
	BadCalls int64   `json:"bad_calls"`
	Millis   float64 `json:"ms"` // from the start of the goroutines to the end of the checks
	// First says what went wrong first, for a message; it is not carried in a result line.
	First string `json:"-"`
}

// Lost returns the increments lost: Updates made that the counters do not show.
func (r UpdateResult) Lost() int64 { return r.Want - r.Sum }

// Err describes what r shows went wrong: increments lost (or counted twice), a counter
// with a wrong value, a goroutine that saw a counter go back, a key missing or extra, an
// update function called with a value for an absent key. It returns nil when nothing did.
func (r UpdateResult) Err() error {
	var problems []string
	if r.Sum != r.Want || r.Wrong > 0 {
		problems = append(problems, fmt.Sprintf("lost increments: the counters sum to %d after %d Updates (%d lost); %d of %d counters wrong",
			r.Sum, r.Want, r.Lost(), r.Wrong, r.Keys))
	}
	if r.Backwards > 0 {
		problems = append(problems, fmt.Sprintf("%d Updates returned a value no greater than the same goroutine's previous Update of the key", r.Backwards))
	}
	if r.Len != r.Keys {
		problems = append(problems, fmt.Sprintf("Len %d, %d counters updated", r.Len, r.Keys))
	}
	if r.BadCalls > 0 {
		problems = append(problems, fmt.Sprintf("%d calls of the update function got a value with loaded false", r.BadCalls))
	}
	return problemsError(problems, r.First)
}

// Updates runs counters on m, which must be empty: c.Goroutines goroutines, started
// together, each make c.Updates Updates that add 1 to a counter, taking turns among the
// next of c.Hot hot counters, one of c.Cold cold counters drawn at random and the next
// new counter; the first Update of a counter makes it. Then it checks every counter
// single-handed against the Updates made to it. It panics if c.Check fails.
func Updates(m strategies.Map[int, int], c UpdateConfig) UpdateResult {
	if err := c.Check(); err != nil {
		panic("maptest.Updates: " + err.Error())
	}
	u := &updateRun{m: m, c: c, start: make(chan struct{})}
	counts := make([][]int, c.Goroutines) // per goroutine, per counter: Updates made
	var wg sync.WaitGroup
	for g := range c.Goroutines {
		counts[g] = make([]int, c.counters())
		wg.Add(1)
		go func() { defer wg.Done(); u.update(g, counts[g]) }()
	}
	began := time.Now()
	close(u.start)
	wg.Wait()

	res := UpdateResult{Want: int64(c.Goroutines * c.Updates), Len: m.Len()}
	for k := range c.counters() {
		want := 0
		for g := range counts {
			want += counts[g][k]
		}
		v, ok := m.Load(k)
		res.Sum += int64(v)
		if want > 0 {
			res.Keys++
		}
		if v != want || ok != (want > 0) {
			res.Wrong++
			u.problem("counter %d = %d, %v after %d Updates", k, v, ok, want)
		}
	}
	res.Backwards, res.BadCalls = u.backwards.Load(), u.badCalls.Load()
	res.First = u.first
	res.Millis = millis(began)
	return res
}

// updateRun is what the goroutines of one Updates run share.
type updateRun struct {
	m     strategies.Map[int, int]
	c     UpdateConfig
	start chan struct{}

	backwards, badCalls atomic.Int64

	mu    sync.Mutex
	first string // the first problem seen
}

// problem records what went wrong, if it is the first thing that did.
func (u *updateRun) problem(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.first == "" {
		u.first = fmt.Sprintf(format, args...)
	}
}

// update makes goroutine g's Updates, counting them per counter in counts.
func (u *updateRun) update(g int, counts []int) {
	add := func(old int, loaded bool) int {
		if !loaded && old != 0 {
			u.badCalls.Add(1)
			u.problem("update function called with %d, loaded false", old)
		}
		return old + 1
	}
	last := make([]int, len(counts)) // the value this goroutine's last Update of a counter returned
	x := uint64(g)*0x9e3779b97f4a7c15 + 1
	<-u.start
	for i := range u.c.Updates {
		var k int
		switch n := i / updateKinds; i % updateKinds {
		case 0:
			k = n % u.c.Hot
		case 1:
			x = x*6364136223846793005 + 1442695040888963407
			k = u.c.Hot + int((x>>33)%uint64(u.c.Cold))
		default:
			k = u.c.Hot + u.c.Cold + n
		}
		v := u.m.Update(k, add)
		if v <= last[k] {
			u.backwards.Add(1)
			u.problem("goroutine %d: Update of counter %d returned %d after %d", g, k, v, last[k])
		}
		last[k] = v
		counts[k]++
	}
}
