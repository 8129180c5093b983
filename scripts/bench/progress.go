package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress watches the test binary's standard output and reports on w which benchmark is
// running, how many of the planned runs are done and how long the rest should take.
// testing prints a benchmark's name, then a tab, before it runs it, and the numbers when
// it is done; progress reacts to both.
type progress struct {
	w        io.Writer
	total    int
	done     int
	start    time.Time
	line     []byte // the current, incomplete line
	shown    bool   // the current line's name has been reported
	terminal bool   // w is a terminal: rewrite one status line
	label    string // the configuration running now, shown before the benchmark name
	now      func() time.Time
}

func newProgress(w io.Writer, total int, start time.Time) *progress {
	p := &progress{w: w, total: total, start: start, now: time.Now}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progress) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			p.line = append(p.line, b...)
			p.maybeStart()
			break
		}
		p.line = append(p.line, b[:i]...)
		p.maybeStart()
		if isResult(string(p.line)) {
			p.done++
		}
		p.line, p.shown = p.line[:0], false
		b = b[i+1:]
	}
	return n, nil
}

// maybeStart reports the benchmark whose name the current line starts with.
func (p *progress) maybeStart() {
	if p.shown || !bytes.HasPrefix(p.line, []byte("Benchmark")) {
		return
	}
	tab := bytes.IndexByte(p.line, '\t')
	if tab < 0 {
		return
	}
	p.shown = true
	p.report(string(bytes.TrimSpace(p.line[:tab])))
}

func (p *progress) report(name string) {
	elapsed := p.now().Sub(p.start).Round(time.Second)
	left := "?"
	if p.done > 0 {
		rest := time.Duration(float64(elapsed) / float64(p.done) * float64(p.total-p.done))
		left = "~" + rest.Round(time.Second).String()
	}
	pct := 0
	if p.total > 0 {
		pct = 100 * p.done / p.total
	}
	if p.label != "" {
		name = p.label + " " + name
	}
	status := fmt.Sprintf("[%d/%d %d%% %s elapsed, %s left] %s", p.done, p.total, pct, elapsed, left, name)
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", status)
	} else {
		fmt.Fprintln(p.w, status)
	}
}

func (p *progress) finish() {
	if p.terminal {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "done: %d of %d planned runs in %s\n", p.done, p.total, p.now().Sub(p.start).Round(time.Second))
}

// isResult reports whether line is a benchmark result line.
func isResult(line string) bool {
	return strings.HasPrefix(line, "Benchmark") && strings.Contains(line, " ns/op")
}
