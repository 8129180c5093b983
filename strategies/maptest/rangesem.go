package maptest

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

// RangeConfig sizes the rangesem scenario.
type RangeConfig struct {
	Writers int // goroutines storing new keys and deleting victims
	Ranges  int // Ranges to measure
	Stable  int // keys present for the whole round
	Victims int // keys present at the start of the round, deleted by the writers
	NewKeys int // new keys each writer stores per round
	// Churn, when not 0, is how many keys of its own each writer also stores and deletes
	// over and over, one per new key: it stores all of them, then deletes all of them, and
	// so on. The safety matrix leaves it at 0.
	Churn int
}

// Check reports whether the sizes are usable.
func (c RangeConfig) Check() error {
	if err := checkWriters(c.Writers); err != nil {
		return err
	}
	if c.Ranges < 1 {
		return fmt.Errorf("ranges %d must be at least 1", c.Ranges)
	}
	if c.Stable < 1 || c.Stable > MaxPerWriter || c.Victims < 0 || c.Victims > MaxPerWriter {
		return fmt.Errorf("stable %d must be in [1, %d] and victims %d in [0, %[2]d]", c.Stable, MaxPerWriter, c.Victims)
	}
	if c.NewKeys < 1 || c.NewKeys > MaxPerWriter {
		return fmt.Errorf("newkeys %d out of range [1, %d]", c.NewKeys, MaxPerWriter)
	}
	if c.Churn < 0 || c.Churn > MaxPerWriter {
		return fmt.Errorf("churn %d out of range [0, %d]", c.Churn, MaxPerWriter)
	}
	return nil
}

// RangeResult counts, over the measured Ranges, those that showed each behaviour. A Range
// is measured when its first call of f happens while the writers are still running.
//
// "Began" is taken in the sense that favours the strategy in each check. A key is present
// throughout when its Store returned before Range was called. A key is inserted after the
// Range began when its Store began after the Range's first call of f: by then a lock-based
// Range holds its lock and a snapshotting Range has taken its snapshot, so only a Range
// that really sees writes made during the iteration can show it.
type RangeResult struct {
	Ranges     int `json:"ranges"`      // Ranges measured
	Concurrent int `json:"concurrent"`  // of those, Ranges that overlapped a Store (begun, not returned, before the Range began, or begun during it)
	Rounds     int `json:"rounds"`      // fresh maps used
	Twice      int `json:"twice"`       // Ranges that visited some key more than once
	TwiceKeys  int `json:"twice_keys"`  // keys visited more than once, summed over Ranges
	Missed     int `json:"missed"`      // Ranges that missed a key present from before they began to their end
	MissedKeys int `json:"missed_keys"` // such keys missed, summed over Ranges
	After      int `json:"after"`       // Ranges that visited a key whose Store began after they began
	AfterKeys  int `json:"after_keys"`  // such keys visited, summed over Ranges
	// Millis is the wall time of the whole measurement.
	Millis float64 `json:"ms"`
	// First says what went wrong first, for a message and as evidence; a result line
	// carries it when there is one.
	First string `json:"first,omitempty"`
}

// Err describes what every strategy's Range promises and r shows was broken: a key
// visited twice, or a key present throughout missed. It returns nil when neither was.
// Seeing keys stored after the Range began is allowed to most strategies and is not an
// error; nor is measuring fewer Ranges than asked for, which r.Ranges tells.
func (r RangeResult) Err() error {
	var problems []string
	if r.Twice > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d Ranges visited a key twice (%d keys in all)", r.Twice, r.Ranges, r.TwiceKeys))
	}
	if r.Missed > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d Ranges missed a key present throughout (%d keys in all)", r.Missed, r.Ranges, r.MissedKeys))
	}
	return problemsError(problems, r.First)
}

// RangeSemantics measures what Range sees under concurrent writes. Each round takes a
// fresh map from newMap, stores c.Stable stable keys and c.Victims victim keys, then starts
// c.Writers writers that each store c.NewKeys new keys (growing the map), delete victims
// and, with c.Churn, store and delete churn keys, while this goroutine Ranges over the map
// again and again, recording every key each Range visits. Rounds go on until c.Ranges
// Ranges have been measured, or 100 rounds per Range asked for have gone by.
//
// For each Range it checks:
//   - twice: a key visited more than once;
//   - missed: a stable key, or a new key whose Store had returned before Range was called
//     (new keys are never deleted), not visited;
//   - after: a new key visited whose Store began after the Range's first call of f (its
//     writer announced it only then).
//
// It panics if c.Check fails.
func RangeSemantics(newMap func() strategies.Map[int, int], c RangeConfig) RangeResult {
	if err := c.Check(); err != nil {
		panic("maptest.RangeSemantics: " + err.Error())
	}
	s := &rangeRun{
		c:           c,
		issued:      make([]atomic.Int64, c.Writers),
		stored:      make([]atomic.Int64, c.Writers),
		startIssued: make([]int64, c.Writers),
		startStored: make([]int64, c.Writers),
		seen:        make(map[int]int),
	}
	began := time.Now()
	maxRounds := 100*c.Ranges + 100
	for s.res.Ranges < c.Ranges && s.res.Rounds < maxRounds {
		s.round(newMap())
	}
	s.res.Millis = millis(began)
	return s.res
}

// rangeRun is the state of one RangeSemantics.
type rangeRun struct {
	c      RangeConfig
	res    RangeResult
	issued []atomic.Int64 // writer w has begun storing keys [0, issued[w])
	stored []atomic.Int64 // writer w has stored keys [0, stored[w])
	// At the Range's call, and at its first call of f.
	startIssued, startStored []int64
	seen                     map[int]int // visits of each key by the current Range
}

// round fills m, runs the writers on it, and measures Ranges until they are done or
// enough Ranges have been measured.
func (s *rangeRun) round(m strategies.Map[int, int]) {
	s.res.Rounds++
	for i := range s.c.Stable {
		m.Store(i, valueOf(i))
	}
	for i := range s.c.Victims {
		m.Store(victimKey(i), valueOf(victimKey(i)))
	}
	var (
		start       = make(chan struct{})
		writers     sync.WaitGroup
		writersDone atomic.Bool
	)
	for w := range s.c.Writers {
		s.issued[w].Store(0)
		s.stored[w].Store(0)
		writers.Add(1)
		go func() {
			defer writers.Done()
			<-start
			s.write(m, w)
		}()
	}
	go func() {
		writers.Wait()
		writersDone.Store(true)
	}()
	close(start)

	for !writersDone.Load() && s.res.Ranges < s.c.Ranges {
		if s.measure(m, &writersDone) {
			// Let a writer that waits for a lock the Range held get in before the next one.
			runtime.Gosched()
		}
	}
	writers.Wait()
}

// write is writer w of one round: it stores its new keys, announcing each in issued[w]
// before its Store and in stored[w] after, deletes its share of the victims (victims w,
// w+Writers, w+2*Writers, ...) and stores and deletes its churn keys.
func (s *rangeRun) write(m strategies.Map[int, int], w int) {
	victim := w
	for i := range s.c.NewKeys {
		s.issued[w].Store(int64(i + 1))
		k := newKey(w, i)
		m.Store(k, valueOf(k))
		s.stored[w].Store(int64(i + 1))
		if i%2 == 1 && victim < s.c.Victims {
			m.Delete(victimKey(victim))
			victim += s.c.Writers
		}
		if s.c.Churn > 0 {
			k := churnKey(w, i%s.c.Churn)
			if i/s.c.Churn%2 == 0 {
				m.Store(k, valueOf(k))
			} else {
				m.Delete(k)
			}
		}
	}
}

// measure makes one Range and, when its first call of f came while the writers ran,
// adds what it saw to the result and reports true.
func (s *rangeRun) measure(m strategies.Map[int, int], writersDone *atomic.Bool) bool {
	clear(s.seen)
	for w := range s.startStored {
		s.startStored[w] = s.stored[w].Load()
	}
	first, measured := true, false
	m.Range(func(k, _ int) bool {
		if first {
			first = false
			measured = !writersDone.Load()
			for w := range s.startIssued {
				s.startIssued[w] = s.issued[w].Load()
			}
		}
		s.seen[k]++
		return true
	})
	if !measured {
		return false
	}
	s.res.Ranges++
	for w := range s.startStored {
		if s.issued[w].Load() > s.startStored[w] {
			s.res.Concurrent++
			break
		}
	}
	s.count()
	return true
}

// count adds the Range just made to the result.
func (s *rangeRun) count() {
	twice, missed, after := 0, 0, 0
	for k, n := range s.seen {
		if n > 1 {
			twice++
			s.problem("key %d visited %d times", k, n)
		}
		if k >= MaxPerWriter {
			w, i := k/MaxPerWriter-1, k%MaxPerWriter
			if int64(i) >= s.startIssued[w] {
				after++
			}
		}
	}
	for i := range s.c.Stable {
		if s.seen[i] == 0 {
			missed++
			s.problem("stable key %d missed", i)
		}
	}
	for w, n := range s.startStored {
		for i := range int(n) {
			if k := newKey(w, i); s.seen[k] == 0 {
				missed++
				s.problem("key %d missed, stored before the Range began", k)
			}
		}
	}
	s.res.TwiceKeys += twice
	s.res.MissedKeys += missed
	s.res.AfterKeys += after
	if twice > 0 {
		s.res.Twice++
	}
	if missed > 0 {
		s.res.Missed++
	}
	if after > 0 {
		s.res.After++
	}
}

// problem records what went wrong, if it is the first thing that did.
func (s *rangeRun) problem(format string, args ...any) {
	if s.res.First == "" {
		s.res.First = fmt.Sprintf("Range %d: %s", s.res.Ranges, fmt.Sprintf(format, args...))
	}
}
