package bench

//go:generate go run ./internal/genloops
//go:generate go run ./internal/genreadme -readme ../README.md

import (
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/bench/trace"
	"github.com/cmapbench/cmapbench/strategies"
)

// The timed loops. Each is written once, here, generic in the map type M, and go generate
// compiles a copy for each strategy into loops_gen.go, with M (and K) replaced by the
// strategy's concrete type. A method call on a type parameter goes through the generic
// dictionary, one indirect call per operation even when every type gets its own
// instantiation; in a copy for one concrete type the call is direct and can be inlined,
// so the harness costs every strategy only what it costs a plain map (BenchmarkOverhead).
//
// Rules for this file, which the generator relies on: it holds only template functions;
// each has a type parameter M constrained by strategies.Map[K, int] or
// strategies.Map[int, int], and optionally K before it; the names M and K mean nothing
// else in it. After editing, run go generate ./bench (a test fails while loops_gen.go is
// stale).

// mixLoop is one goroutine's timed loop in Mix: it walks the trace from its own offset,
// so goroutines do not run the same operations in step.
func mixLoop[K comparable, M strategies.Map[K, int]](pb *testing.PB, m M, tr []entry[K], g uint64) {
	mask := uint64(len(tr) - 1)
	i := g * 0x9e3779b97f4a7c15
	sum, misses := 0, 0
	for pb.Next() {
		e := &tr[i&mask]
		i++
		switch e.op {
		case opLoad:
			if v, ok := m.Load(e.key); ok {
				sum += v
			} else {
				misses++
			}
		case opStore:
			m.Store(e.key, int(i))
		default:
			m.Delete(e.key)
		}
	}
	keep(sum + misses)
}

// growInsert is one Grow writer's part of an op: it stores its keys in order, timing one
// Store in latencyEvery, and publishes how many keys it has stored, for the readers.
func growInsert[M strategies.Map[int, int]](m M, keys []int, hist *histogram, progress *paddedCounter) {
	for i, k := range keys {
		if i%latencyEvery == 0 {
			t0 := time.Now()
			m.Store(k, i)
			hist.record(int64(time.Since(t0)))
			progress.Store(int64(i + 1))
			continue
		}
		m.Store(k, i)
	}
	progress.Store(int64(len(keys)))
}

// growRead is one Grow reader's part of an op: until no writer is left, it loads random
// keys among those the writers have published as stored. It returns the sum of the
// values and how many of those keys were missing (never, in a correct map).
func growRead[M strategies.Map[int, int]](m M, ws []growWriter, progress []paddedCounter, left *paddedCounter, r *rng) (sum, misses int) {
	for left.Load() > 0 {
		w := r.below(uint64(len(ws)))
		n := progress[w].Load()
		if n == 0 {
			continue
		}
		v, ok := m.Load(ws[w].keys[r.below(uint64(n))])
		if !ok {
			misses++
		}
		sum += v
	}
	return sum, misses
}

// rapidLoop is one goroutine's part of a RapidGrow op: ops operations of the RapidGrow mix
// on goroutine g's own keys, from a generator seeded by g, so that every op does the same
// operations. It returns the sum of the loaded values and how many of its keys are left.
func rapidLoop[M strategies.Map[int, int]](m M, g uint64, ops int) (sum, live int) {
	r := newRNG(g)
	// Goroutine g's present keys are rapidKey(g, i) for lo <= i < hi: deletes take the
	// oldest, inserts add the next, reads and updates pick one at random.
	var lo, hi uint64
	for n := 0; n < ops; n++ {
		x := r.next()
		op := (x >> 32) % 100
		if hi == lo || (op >= rapidReads && op < rapidReads+rapidInserts) {
			m.Store(rapidKey(g, hi), int(hi))
			hi++
			continue
		}
		switch {
		case op < rapidReads:
			v, _ := m.Load(rapidKey(g, lo+r.below(hi-lo)))
			sum += v
		case op < rapidReads+rapidInserts+rapidDeletes:
			m.Delete(rapidKey(g, lo))
			lo++
		default:
			m.Store(rapidKey(g, lo+r.below(hi-lo)), int(x))
		}
	}
	return sum, int(hi - lo)
}

// updateLoop is one goroutine's timed loop in Update: it adds 1 to the value of each key
// of the trace, from its own offset.
func updateLoop[M strategies.Map[int, int]](pb *testing.PB, m M, tr []entry[int], g uint64) {
	mask := uint64(len(tr) - 1)
	i := g * 0x9e3779b97f4a7c15
	sum := 0
	for pb.Next() {
		sum += m.Update(tr[i&mask].key, increment)
		i++
	}
	keep(sum)
}

// fillLoop is goroutine g's timed loop in LoadOrStore: it walks the trace from its own
// offset. A Load entry asks for a resident key. A Store entry is a miss on the
// goroutine's own next new key, which it stores, evicting the own key it stored ownLag
// misses before. A Delete entry is a miss on the herd's current key: the first goroutine
// to ask for it stores it, the others find it, and the first to come back for it a second
// time moves the herd on, evicting the key herdLag steps back. A goroutine away so long
// that the key it asked for was evicted meanwhile stores it again, and takes it back.
func fillLoop[M strategies.Map[int, int]](pb *testing.PB, m M, tr []entry[int], g uint64, own *fillMember, herd *paddedCounter) {
	mask := uint64(len(tr) - 1)
	i := g * 0x9e3779b97f4a7c15
	next, asked := own.next, own.asked
	sum, stores := 0, 0
	for pb.Next() {
		e := &tr[i&mask]
		i++
		switch e.op {
		case opLoad:
			v, loaded := m.LoadOrStore(e.key, int(i))
			sum += v
			if !loaded {
				stores++
			}
		case opStore:
			if _, loaded := m.LoadOrStore(ownKey(g, next), int(i)); !loaded {
				stores++
			}
			m.Delete(ownKey(g, next-ownLag))
			next++
		default:
			h := uint64(herd.Load())
			if h == asked && herd.CompareAndSwap(int64(h), int64(h+1)) {
				h++
				m.Delete(herdKey(h - herdLag))
			}
			asked = h
			v, loaded := m.LoadOrStore(herdKey(h), int(i))
			if loaded {
				sum += v
				continue
			}
			stores++
			if uint64(herd.Load()) >= h+herdLag {
				m.Delete(herdKey(h))
			}
		}
	}
	own.next, own.asked, own.stores = next, asked, own.stores+stores
	keep(sum)
}

// replayLoop is one stream's share of Replay's timed loop: n ops of its recorded stream,
// in order from where it stopped (wrapping around at the end), timing the ops that
// prepareReplay marked (one in latencyEvery, chosen at random, so that no pattern of
// the trace is timed at the same place every time) into their kind's histogram. Swap
// and CompareAndSwap, read-modify-writes, replay as an atomic Update. It returns the sum
// of the values read, for keep.
func replayLoop[K comparable, M strategies.Map[K, int]](m M, ops []entry[K], st *replayStream, n int) int {
	i := st.cursor
	sum := 0
	for range n {
		e := &ops[i]
		i++
		if i == len(ops) {
			i = 0
		}
		timed := e.op&timedOp != 0
		var t0 time.Time
		if timed {
			t0 = time.Now()
		}
		kind := e.op &^ timedOp
		switch trace.Kind(kind) {
		case trace.Load:
			v, _ := m.Load(e.key)
			sum += v
		case trace.Store:
			m.Store(e.key, i)
		case trace.LoadOrStore:
			v, _ := m.LoadOrStore(e.key, i)
			sum += v
		case trace.Delete:
			m.Delete(e.key)
		case trace.Swap, trace.CompareAndSwap:
			sum += m.Update(e.key, increment)
		case trace.Range:
			m.Range(visitEntry[K])
		}
		if timed {
			st.hist[kind].record(int64(time.Since(t0)))
		}
	}
	st.cursor = i
	return sum
}
