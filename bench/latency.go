package bench

import "math/bits"

// latencyEvery sets how often a growth benchmark times a single insert: one in this many.
// Timing every insert would add two clock reads to an operation of tens of nanoseconds;
// one in 64 still catches the inserts that pay for a resize.
const latencyEvery = 64

// histSub is the number of linear sub-buckets per power of two: 16 gives a resolution
// of 1/16 (about 6%) at any magnitude.
const (
	histSubBits = 4
	histSub     = 1 << histSubBits
	histBuckets = (64 - histSubBits + 1) * histSub
)

// histogram is a log-linear latency histogram in nanoseconds, in the manner of
// HdrHistogram: fixed size, no allocation to record, mergeable by addition.
type histogram struct {
	counts [histBuckets]uint64
	total  uint64
}

func bucketOf(ns uint64) int {
	if ns < histSub {
		return int(ns)
	}
	l := bits.Len64(ns) // >= histSubBits+1
	top := ns >> (l - histSubBits - 1)
	return (l-histSubBits)*histSub + int(top-histSub)
}

// bucketMid returns the middle of bucket i's range of values.
func bucketMid(i int) float64 {
	if i < histSub {
		return float64(i)
	}
	l := i/histSub + histSubBits
	lo := uint64(i%histSub+histSub) << (l - histSubBits - 1)
	width := uint64(1) << (l - histSubBits - 1)
	return float64(lo) + float64(width-1)/2
}

func (h *histogram) record(ns int64) {
	if ns < 0 {
		ns = 0
	}
	h.counts[bucketOf(uint64(ns))]++
	h.total++
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.total += o.total
}

// quantile returns the value below which a fraction q of the recorded values lie, as the
// middle of the bucket that holds it; 0 for an empty histogram.
func (h *histogram) quantile(q float64) float64 {
	if h.total == 0 {
		return 0
	}
	rank := uint64(q*float64(h.total) + 0.5)
	rank = max(rank, 1)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return bucketMid(i)
		}
	}
	return bucketMid(histBuckets - 1)
}
