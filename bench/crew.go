package bench

import "sync/atomic"

// paddedCounter is an atomic counter alone on its cache lines.
type paddedCounter struct {
	atomic.Int64
	_ [120]byte
}

// crew runs one op on n goroutines at once, b.N times, without a goroutine wake-up in
// any op: member 0 is the benchmark goroutine; members 1..n-1 park between timed loops
// and, while a loop runs, spin on an atomic epoch and run work once for each new value.
// Waking a parked goroutine takes microseconds, as long as a small op itself; spinning
// leaves in each op only the handing over of two cache lines (the epoch and the done
// count), which the noop strategy's figure shows.
//
// The crew never has more members than GOMAXPROCS, so no spinning member waits for a
// time slice.
type crew struct {
	n     int
	work  func(member int)
	epoch paddedCounter // bumped to start an op
	done  paddedCounter // ops finished by helpers, summed over helpers
	park  atomic.Bool   // set to send the spinning helpers back to their channels
	acks  paddedCounter // helpers that went back
	wake  []chan int64  // per helper: the epoch it starts spinning at
}

// newCrew starts the n-1 helpers, parked. A helper works only between begin and end,
// around the timed loop, so its whole body runs as timed work (RunTimed).
func newCrew(n int, work func(member int)) *crew {
	c := &crew{n: n, work: work}
	for i := 1; i < n; i++ {
		ch := make(chan int64)
		c.wake = append(c.wake, ch)
		go RunTimed(func() { c.helper(i, ch) })
	}
	return c
}

func (c *crew) helper(i int, wake chan int64) {
	for seen := range wake {
		for {
			if c.park.Load() {
				c.acks.Add(1)
				break
			}
			if e := c.epoch.Load(); e != seen {
				seen = e
				c.work(i)
				c.done.Add(1)
			}
		}
	}
}

// begin sets the helpers spinning; call it before the timed loop.
func (c *crew) begin() {
	e := c.epoch.Load()
	for _, ch := range c.wake {
		ch <- e
	}
}

// op runs work on every member and returns when all have finished.
func (c *crew) op() {
	target := c.done.Load() + int64(c.n-1)
	c.epoch.Add(1)
	c.work(0)
	for c.done.Load() < target {
	}
}

// end parks the helpers; call it after the timed loop.
func (c *crew) end() {
	c.park.Store(true)
	for c.acks.Load() < int64(c.n-1) {
	}
	c.acks.Store(0)
	c.park.Store(false)
}

// stop ends the helpers; the crew cannot be used again.
func (c *crew) stop() {
	for _, ch := range c.wake {
		close(ch)
	}
}
