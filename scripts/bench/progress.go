package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress reports on w which benchmark is running, in which phase of the run, and how
// long the phase should take yet.
type progress struct {
	w        io.Writer
	start    time.Time
	phase    string // "round 3/10", "extra round 2"
	label    string // the configuration running now, shown before the benchmark name
	total    int    // runs planned in the phase
	done     int    // runs finished in the phase
	all      int    // runs finished in the whole run
	terminal bool   // w is a terminal: rewrite one status line
	now      func() time.Time
}

func newProgress(w io.Writer, start time.Time) *progress {
	p := &progress{w: w, start: start, now: time.Now}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

// result counts a finished run.
func (p *progress) result() {
	p.done++
	p.all++
}

// report shows the benchmark that starts now.
func (p *progress) report(name string) {
	now := p.now()
	elapsed := now.Sub(p.start).Round(time.Second)
	left := "?"
	if p.done > 0 {
		// The run's rate so far, over the runs left in the phase.
		rate := float64(now.Sub(p.start)) / float64(p.all)
		left = "~" + time.Duration(rate*float64(p.total-p.done)).Round(time.Second).String()
	}
	pct := 0
	if p.total > 0 {
		pct = 100 * p.done / p.total
	}
	if p.label != "" {
		name = p.label + " " + name
	}
	status := fmt.Sprintf("[%s: %d/%d %d%%, %s elapsed, %s left in it] %s", p.phase, p.done, p.total, pct, elapsed, left, name)
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", status)
	} else {
		fmt.Fprintln(p.w, status)
	}
}

func (p *progress) finish(passes int) {
	if p.terminal {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "done: %d runs in %d passes in %s\n", p.all, passes, p.now().Sub(p.start).Round(time.Second))
}
