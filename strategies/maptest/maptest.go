// Package maptest checks implementations of strategies.Map, from one goroutine and under
// concurrent use, in the manner of testing/fstest: it runs a scenario against a map and returns what it found as
// data, whose Err method describes what went wrong, so that tests and programs can use it
// alike.
//
// The checks of the suite's correctness gate (strategies.Check) are defined here, once
// for the whole suite, so that any map, the registry's or a nested module's, can be
// held to them:
//
//   - ConformAll and Conform: seeded random sequences of every Map method, from one
//     goroutine, against a plain map as the reference model; deterministic.
//   - Grow: writers grow a map from empty while readers Load keys already stored and
//     rangers Range over it; then every key is checked.
//   - RangeSemantics: what Range sees while writers store new keys and delete others:
//     a key visited twice, a key present throughout missed, a key stored after the Range
//     began.
//   - Updates: goroutines add 1 to shared counters with Update, some hot, some made by
//     the first Update; then every counter must equal the Updates made to it.
//
// The tests of package strategies run them, the last two under -race. The safety matrix
// (scripts/safety) runs them in a child process, because what it looks for in the unsafe
// baseline, the runtime's "fatal error: concurrent map writes", cannot be recovered: the
// child prints its result with WriteResult and the driver reads it back with ParseResult.
//
// Keys are laid out so that the scenarios can tell them apart: stable keys from 0 up,
// writer w's new keys from (w+1)*MaxPerWriter up, and the keys writers delete below 0.
package maptest

import (
	"fmt"
	"time"
)

// MaxPerWriter bounds the keys of one writer so that writers' key spaces never overlap,
// even where int has 32 bits.
const MaxPerWriter = 1 << 24

// MaxWriters bounds the writers so that every key fits in an int32.
const MaxWriters = 120

func checkWriters(n int) error {
	if n < 1 || n > MaxWriters {
		return fmt.Errorf("writers %d out of range [1, %d]", n, MaxWriters)
	}
	return nil
}

// newKey is writer w's i-th key: writers' key spaces are disjoint and at least MaxPerWriter.
func newKey(w, i int) int { return (w+1)*MaxPerWriter + i }

// victimKey is the i-th key that the writers of RangeSemantics delete once: negative, so
// apart from stable and new keys.
func victimKey(i int) int { return -(i + 1) }

// churnKey is the i-th key that writer w of RangeSemantics stores and deletes over and
// over: below every victim key.
func churnKey(w, i int) int { return -(newKey(w, i) + 1) }

// valueOf is the value stored for key k.
func valueOf(k int) int { return k*3 + 1 }

// millis returns the time since t in milliseconds, for people reading a raw result line.
func millis(since time.Time) float64 {
	return float64(time.Since(since).Microseconds()) / 1000
}
