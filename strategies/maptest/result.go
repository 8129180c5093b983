package maptest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ResultPrefix starts the line that carries a finished scenario's result in the output of
// a program that runs it.
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
