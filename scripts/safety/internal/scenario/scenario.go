// Package scenario holds the workloads of the safety matrix (scripts/safety) and the
// results they report. The child program scripts/safety/scenario runs them, one per
// process, and prints the result as one line that starts with ResultPrefix; the driver
// reads that line back with ParseResult.
package scenario

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// ResultPrefix starts the line that carries a finished scenario's result.
const ResultPrefix = "SAFETY-RESULT "

// Info describes the binary that runs the scenarios.
type Info struct {
	GoVersion  string `json:"goversion"`
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	NumCPU     int    `json:"ncpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Race       bool   `json:"race"` // built with -race
}

// WriteResult writes v as a result line.
func WriteResult(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding result: %w", err)
	}
	if _, err := fmt.Fprintf(w, "%s%s\n", ResultPrefix, b); err != nil {
		return fmt.Errorf("writing result: %w", err)
	}
	return nil
}

// ErrNoResult is returned by ParseResult when the output holds no result line: the
// scenario did not get to the end.
var ErrNoResult = errors.New("no result line")

// ParseResult decodes the last result line of out into v.
func ParseResult(out []byte, v any) error {
	var last []byte
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Bytes(); bytes.HasPrefix(line, []byte(ResultPrefix)) {
			last = append(last[:0], line[len(ResultPrefix):]...)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading output: %w", err)
	}
	if last == nil {
		return ErrNoResult
	}
	if err := json.Unmarshal(last, v); err != nil {
		return fmt.Errorf("decoding result %q: %w", last, err)
	}
	return nil
}

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

// valueOf is the value stored for key k.
func valueOf(k int) int { return k*3 + 1 }

// millis returns the time since t in milliseconds, for people reading a raw result line.
func millis(since time.Time) float64 {
	return float64(time.Since(since).Microseconds()) / 1000
}
