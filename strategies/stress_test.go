package strategies

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Sizes of the stress test: small enough to finish quickly under -race, large enough
// that every strategy's table grows several times while readers and rangers run.
const (
	stressWriters   = 4
	stressReaders   = 2
	stressRangers   = 2
	stressPerWriter = 4000
)

func stressKey(w, i int) int { return w*1_000_000 + i }
func stressValue(k int) int  { return k*3 + 1 }

// TestStressGrow grows every concurrent strategy from empty with several writers while
// readers load keys already published as inserted and rangers iterate. Run it under
// -race (make test does): the race detector checks the strategies' synchronisation, the
// test checks that no inserted key is ever missing and no value is ever torn or wrong.
func TestStressGrow(t *testing.T) {
	for _, s := range All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run("strategy="+s.Name, func(t *testing.T) {
			t.Parallel()
			stressGrow(t, s.New(0))
		})
	}
}

func stressGrow(t *testing.T, m Map[int, int]) {
	var (
		progress [stressWriters]atomic.Int64 // keys [0, progress[w]) of writer w are stored
		done     atomic.Bool
		writers  sync.WaitGroup
		others   sync.WaitGroup
		errs     = make(chan error, stressWriters+stressReaders+stressRangers)
	)
	for w := 0; w < stressWriters; w++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := 0; i < stressPerWriter; i++ {
				k := stressKey(w, i)
				if i%2 == 0 {
					m.Store(k, stressValue(k))
				} else if v, loaded := m.LoadOrStore(k, stressValue(k)); loaded || v != stressValue(k) {
					errs <- fmt.Errorf("LoadOrStore(new key %d) = %d, %v", k, v, loaded)
					return
				}
				progress[w].Store(int64(i + 1))
			}
		}()
	}
	for r := 0; r < stressReaders; r++ {
		others.Add(1)
		go func() {
			defer others.Done()
			x := uint64(r + 1)
			for !done.Load() {
				x = x*6364136223846793005 + 1442695040888963407
				w := int(x>>33) % stressWriters
				n := progress[w].Load()
				if n == 0 {
					continue
				}
				k := stressKey(w, int((x>>13)%uint64(n)))
				if v, ok := m.Load(k); !ok || v != stressValue(k) {
					errs <- fmt.Errorf("Load(%d) of a published key = %d, %v", k, v, ok)
					return
				}
			}
		}()
	}
	for g := 0; g < stressRangers; g++ {
		others.Add(1)
		go func() {
			defer others.Done()
			for !done.Load() {
				// Keys published before the Range starts are present throughout it.
				var before [stressWriters]int64
				for w := range before {
					before[w] = progress[w].Load()
				}
				seen := map[int]bool{}
				var bad error
				m.Range(func(k, v int) bool {
					if v != stressValue(k) {
						bad = fmt.Errorf("Range: %d=%d, want value %d", k, v, stressValue(k))
						return false
					}
					if seen[k] {
						bad = fmt.Errorf("Range visited %d twice", k)
						return false
					}
					seen[k] = true
					return true
				})
				if bad == nil {
					for w := range before {
						for i := 0; i < int(before[w]); i++ {
							if !seen[stressKey(w, i)] {
								bad = fmt.Errorf("Range missed %d, stored before it began", stressKey(w, i))
								break
							}
						}
					}
				}
				if bad != nil {
					errs <- bad
					return
				}
				// A Range holds the lock-based maps' locks throughout; pause so that
				// writers make progress between Ranges instead of queueing behind them.
				time.Sleep(time.Millisecond)
			}
		}()
	}
	writers.Wait()
	done.Store(true)
	others.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := m.Len(), stressWriters*stressPerWriter; got != want {
		t.Errorf("final Len = %d, want %d", got, want)
	}
	for w := 0; w < stressWriters; w++ {
		for i := 0; i < stressPerWriter; i++ {
			k := stressKey(w, i)
			if v, ok := m.Load(k); !ok || v != stressValue(k) {
				t.Fatalf("final Load(%d) = %d, %v", k, v, ok)
			}
		}
	}
}

// Sizes of the Range-under-writes test.
const (
	rangeStable  = 2000 // keys present for the whole test
	rangeChurn   = 500  // keys each writer stores and deletes over and over
	rangeWriters = 3
	rangeRounds  = 40
)

// TestRangeUnderWrites checks, for every concurrent strategy, that while writers store and
// delete other keys, a Range visits every key present for the whole iteration exactly
// once, and any other key at most once.
func TestRangeUnderWrites(t *testing.T) {
	for _, s := range All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run("strategy="+s.Name, func(t *testing.T) {
			t.Parallel()
			m := s.New(0)
			for k := 0; k < rangeStable; k++ {
				m.Store(k, k)
			}
			var done atomic.Bool
			var wg sync.WaitGroup
			for w := 0; w < rangeWriters; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					base := rangeStable + w*rangeChurn
					for i := 0; !done.Load(); i++ {
						k := base + i%rangeChurn
						if i/rangeChurn%2 == 0 {
							m.Store(k, k)
						} else {
							m.Delete(k)
						}
					}
				}()
			}
			for round := 0; round < rangeRounds; round++ {
				visits := map[int]int{}
				m.Range(func(k, v int) bool {
					visits[k]++
					return true
				})
				for k, n := range visits {
					if n != 1 {
						t.Errorf("round %d: key %d visited %d times", round, k, n)
					}
				}
				for k := 0; k < rangeStable; k++ {
					if visits[k] != 1 {
						t.Fatalf("round %d: stable key %d visited %d times, want 1", round, k, visits[k])
					}
				}
			}
			done.Store(true)
			wg.Wait()
		})
	}
}
