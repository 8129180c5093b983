package scenario

import (
	"fmt"
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
}

// Grow grows m from empty: c.Writers goroutines store c.Keys keys each, while c.Readers
// goroutines Load keys already stored and c.Rangers goroutines Range over the map. All of
// them start together. It then checks every key single-handed.
func Grow(m strategies.Map[int, int], c GrowConfig) GrowResult {
	var (
		start    = make(chan struct{})
		done     atomic.Bool
		progress = make([]atomic.Int64, c.Writers) // keys [0, progress[w]) of writer w are stored
		writers  sync.WaitGroup
		others   sync.WaitGroup
		badLoads atomic.Int64
		loads    atomic.Int64
		ranges   atomic.Int64
	)
	for w := 0; w < c.Writers; w++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			<-start
			for i := 0; i < c.Keys; i++ {
				k := newKey(w, i)
				m.Store(k, valueOf(k))
				progress[w].Store(int64(i + 1))
			}
		}()
	}
	for r := 0; r < c.Readers; r++ {
		others.Add(1)
		go func() {
			defer others.Done()
			<-start
			x := uint64(r)*0x9e3779b97f4a7c15 + 1
			var n, bad int64
			for !done.Load() {
				x = x*6364136223846793005 + 1442695040888963407
				w := int(x>>33) % c.Writers
				stored := progress[w].Load()
				if stored == 0 {
					continue
				}
				k := newKey(w, int((x>>13)%uint64(stored)))
				if v, ok := m.Load(k); !ok || v != valueOf(k) {
					bad++
				}
				n++
			}
			loads.Add(n)
			badLoads.Add(bad)
		}()
	}
	for g := 0; g < c.Rangers; g++ {
		others.Add(1)
		go func() {
			defer others.Done()
			<-start
			var n int64
			sum := 0
			for !done.Load() {
				m.Range(func(k, v int) bool {
					sum += v
					return true
				})
				n++
				if c.Pause > 0 {
					time.Sleep(c.Pause)
				}
			}
			ranges.Add(n)
			sink.Add(int64(sum))
		}()
	}

	began := time.Now()
	close(start)
	writers.Wait()
	done.Store(true)
	others.Wait()

	res := GrowResult{Want: c.Writers * c.Keys, Len: m.Len()}
	for w := 0; w < c.Writers; w++ {
		for i := 0; i < c.Keys; i++ {
			k := newKey(w, i)
			if v, ok := m.Load(k); !ok || v != valueOf(k) {
				res.Missing++
			}
		}
	}
	res.BadLoads, res.Loads, res.Ranges = badLoads.Load(), loads.Load(), ranges.Load()
	res.Millis = millis(began)
	return res
}

// sink keeps the rangers' sums alive.
var sink atomic.Int64
