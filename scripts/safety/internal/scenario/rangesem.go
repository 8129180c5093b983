package scenario

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
}

// RangeSemantics measures what Range sees under concurrent writes. Each round takes a
// fresh map from newMap, stores c.Stable stable keys and c.Victims victim keys, then starts
// c.Writers writers that each store c.NewKeys new keys (growing the map) and delete victims,
// while this goroutine Ranges over the map again and again, recording every key each Range
// visits. Rounds go on until c.Ranges Ranges have been measured.
//
// For each Range it checks:
//   - twice: a key visited more than once;
//   - missed: a stable key, or a new key whose Store had returned before Range was called
//     (new keys are never deleted), not visited;
//   - after: a new key visited whose Store began after the Range's first call of f (its
//     writer announced it only then).
func RangeSemantics(newMap func() strategies.Map[int, int], c RangeConfig) RangeResult {
	var (
		res         RangeResult
		issued      = make([]atomic.Int64, c.Writers) // writer w has begun storing keys [0, issued[w])
		stored      = make([]atomic.Int64, c.Writers) // writer w has stored keys [0, stored[w])
		startIssued = make([]int64, c.Writers)
		startStored = make([]int64, c.Writers)
		seen        = make(map[int]int)
	)
	began := time.Now()
	maxRounds := 100*c.Ranges + 100
	for res.Ranges < c.Ranges && res.Rounds < maxRounds {
		res.Rounds++
		m := newMap()
		for i := 0; i < c.Stable; i++ {
			m.Store(i, valueOf(i))
		}
		for i := 0; i < c.Victims; i++ {
			m.Store(victimKey(i), valueOf(victimKey(i)))
		}
		var (
			start       = make(chan struct{})
			writers     sync.WaitGroup
			writersDone atomic.Bool
		)
		for w := 0; w < c.Writers; w++ {
			issued[w].Store(0)
			stored[w].Store(0)
			writers.Add(1)
			go func() {
				defer writers.Done()
				<-start
				victim := w // this writer deletes victims w, w+Writers, w+2*Writers, ...
				for i := 0; i < c.NewKeys; i++ {
					issued[w].Store(int64(i + 1))
					k := newKey(w, i)
					m.Store(k, valueOf(k))
					stored[w].Store(int64(i + 1))
					if i%2 == 1 && victim < c.Victims {
						m.Delete(victimKey(victim))
						victim += c.Writers
					}
				}
			}()
		}
		go func() {
			writers.Wait()
			writersDone.Store(true)
		}()
		close(start)

		for !writersDone.Load() && res.Ranges < c.Ranges {
			clear(seen)
			for w := range startStored {
				startStored[w] = stored[w].Load()
			}
			first, measured := true, false
			m.Range(func(k, _ int) bool {
				if first {
					first = false
					measured = !writersDone.Load()
					for w := range startIssued {
						startIssued[w] = issued[w].Load()
					}
				}
				seen[k]++
				return true
			})
			if !measured {
				continue
			}
			res.Ranges++
			for w := range startStored {
				if issued[w].Load() > startStored[w] {
					res.Concurrent++
					break
				}
			}
			twice, missed, after := 0, 0, 0
			for k, n := range seen {
				if n > 1 {
					twice++
				}
				if k >= MaxPerWriter {
					w, i := k/MaxPerWriter-1, k%MaxPerWriter
					if int64(i) >= startIssued[w] {
						after++
					}
				}
			}
			for i := 0; i < c.Stable; i++ {
				if seen[i] == 0 {
					missed++
				}
			}
			for w, n := range startStored {
				for i := 0; i < int(n); i++ {
					if seen[newKey(w, i)] == 0 {
						missed++
					}
				}
			}
			res.TwiceKeys += twice
			res.MissedKeys += missed
			res.AfterKeys += after
			if twice > 0 {
				res.Twice++
			}
			if missed > 0 {
				res.Missed++
			}
			if after > 0 {
				res.After++
			}
			// Let a writer that waits for a lock the Range held get in before the next one.
			runtime.Gosched()
		}
		writers.Wait()
	}
	res.Millis = millis(began)
	return res
}

// victimKey is the i-th victim key: negative, so apart from stable and new keys.
func victimKey(i int) int { return -(i + 1) }
