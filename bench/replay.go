package bench

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/bench/trace"
	"github.com/cmapbench/cmapbench/strategies"
)

// ReplayName is the workload that replays a recorded trace (make bench TRACE=path).
const ReplayName = "Replay"

// replayKinds are the op kinds Replay runs, in report order: the kinds the strategies'
// interface has (Swap and CompareAndSwap as an atomic Update).
var replayKinds = []trace.Kind{trace.Load, trace.Store, trace.LoadOrStore, trace.Delete, trace.Swap, trace.CompareAndSwap, trace.Range}

// kindUnit is the unit of the mean latency of one op of kind k: ns/Load.
func kindUnit(k trace.Kind) string { return "ns/" + k.String() }

// replayWorkload is the catalog's Replay, which has no case until a trace is given.
var replayWorkload = replayOf("", nil)

// replayOf returns the Replay workload of trace t, called name (nil t: the catalog's).
func replayOf(name string, t *trace.Trace) *Workload {
	w := &Workload{
		Name: ReplayName,
		Doc: "one op of a trace recorded with package bench/trace (`make bench TRACE=path`): one goroutine per recorded `streams`, at every GOMAXPROCS, " +
			"each replaying its stream's ops in recorded order (wrapping around) on a map that one untimed pass over the whole trace has warmed; key ids become keys of the recorded type and size class",
		Metrics: []Metric{
			{Unit: "ops/s", Doc: "throughput: ops of all streams per second", Table: true},
			{Unit: "p50-ns", Doc: "median latency of single ops, one in 64 timed (one clock read included)"},
			{Unit: "p99-ns", Doc: "99th percentile of the same", Table: true},
			{Unit: "p99.9-ns", Doc: "99.9th percentile of the same"},
			{Unit: "ns/KIND", Doc: "median latency of one op of that kind (ns/Load, ns/Store, ...), from the same timed ops less the clock's own cost; a median, because a timed op that a goroutine switch interrupts costs milliseconds"},
		},
		PerStrategy: true,
		Goroutines:  func(c Case, procs int) int { return c.Int("streams") },
		Open:        replaySituation,
		Run:         runReplay,
	}
	if t == nil {
		// No values: no case until a trace is given.
		w.Params = []Param{{Key: "trace"}, {Key: "streams"}}
		return w
	}
	w.Params = []Param{
		{Key: "trace", Default: []string{name}},
		{Key: "streams", Default: []string{strconv.Itoa(len(t.Streams))}},
	}
	if t.Counts[trace.Swap]+t.Counts[trace.CompareAndSwap] > 0 {
		w.LeftOut = func(s strategies.Info) string {
			if !s.UpdateAtomic {
				return "the trace has Swap or CompareAndSwap ops, which replay as an atomic Update, and " + s.Name + " has none: " + s.Update
			}
			return ""
		}
	}
	return w
}

// replaySituation is the guide's situation for the replay of the trace that get names.
func replaySituation(get func(key string) string) Situation {
	return Situation{
		Title:    "Replay of " + get("trace"),
		Question: "the recorded trace " + get("trace") + ", its " + get("streams") + " streams replayed at once, each in recorded order",
		Params:   []string{"trace=" + get("trace"), "streams=" + get("streams")},
		Uses:     Guide,
	}
}

// ErrNoTrace is why Replay has no case: no trace was given.
var ErrNoTrace = errors.New("Replay replays a recorded trace: give one with -replay (make bench TRACE=path)")

// Replay returns the Replay workload of the trace at path, and the trace. The trace
// must be whole (its recording finished) and hold only ops the strategies can replay.
func Replay(path string) (*Workload, *trace.Trace, error) {
	t, err := trace.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("TRACE %s: %w", path, err)
	}
	var total uint64
	for k, n := range t.Counts {
		total += n
		if kind := trace.Kind(k); n > 0 && !slices.Contains(replayKinds, kind) {
			return nil, nil, fmt.Errorf("TRACE %s: %d %s ops: the strategies' interface has no %s, so no strategy can replay them (replayable: %s)",
				path, n, kind, kind, kindList(replayKinds))
		}
	}
	if total == 0 || len(t.Streams) == 0 {
		return nil, nil, fmt.Errorf("TRACE %s: the trace holds no ops", path)
	}
	if t.KeyType == trace.KeyString {
		for _, ops := range t.Streams {
			for _, op := range ops {
				if op.Class > maxReplayClass {
					return nil, nil, fmt.Errorf("TRACE %s: a key of size class %d (%d bytes or more): the replay makes string keys of at most %d bytes",
						path, op.Class, 1<<(op.Class-1), trace.ClassLen(maxReplayClass))
				}
			}
		}
	}
	return replayOf(TraceName(path), t), t, nil
}

func kindList(ks []trace.Kind) string {
	var s []string
	for _, k := range ks {
		s = append(s, k.String())
	}
	return strings.Join(s, ", ")
}

// maxReplayClass is the largest size class of the string keys a replay makes: keys of
// 32 to 64 KiB, replayed as 49,151 bytes.
const maxReplayClass = 16

// TraceName is how a trace file is named in benchmark names: its base name without the
// extension, with any character but ASCII letters, digits, '.' and '-' replaced by '-'.
func TraceName(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '-'
	}, base)
	if name == "" {
		return "trace"
	}
	return name
}

// replayStream is one stream's state in Replay, on cache lines of its own: where it
// stopped and the latencies of its timed ops, per kind.
type replayStream struct {
	cursor int
	hist   [trace.NumKinds]histogram
	_      [64]byte
}

// replayData is a trace prepared for replay with keys of type K: per stream, its ops
// with their keys, built before timing.
type replayData[K comparable] struct {
	streams [][]entry[K]
}

// replayTrace holds the trace this test binary replays (-replay) and its prepared ops.
var replayTrace struct {
	sync.Mutex
	path    string
	w       *Workload
	t       *trace.Trace
	ints    *replayData[int]
	strings *replayData[string]
}

// replayKeyType is the key type a trace replays with: strings for string keys, ints
// for every other type.
func replayKeyType(t *trace.Trace) string {
	if t.KeyType == trace.KeyString {
		return keyString
	}
	return keyInt
}

// replayKey returns the key of type K for key id with size class class: for ints, the
// suite's int key of the id (distinct ids, distinct keys); for strings, a string of
// the class's length made from the id (distinct ids, distinct keys, from 4 bytes on).
func replayKey[K int | string](id uint32, class uint8) K {
	var k any
	switch any(*new(K)).(type) {
	case int:
		k = keyOf(uint64(id))
	case string:
		n := trace.ClassLen(class)
		id4 := string([]byte{byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)})
		switch {
		case n >= 8:
			k = strings.Repeat("k", n-8) + fmt.Sprintf("%08x", id)
		case n >= 4:
			k = id4 + strings.Repeat("k", n-4)
		default:
			k = id4[4-n:]
		}
	}
	return k.(K)
}

// prepareReplay returns t's ops with keys of type K, laid out per stream; string keys
// in one block of memory per stream, in op order, as Mix's trace does.
func prepareReplay[K int | string](t *trace.Trace) *replayData[K] {
	d := &replayData[K]{}
	type keyID struct {
		id    uint32
		class uint8
	}
	for si, ops := range t.Streams {
		// One key per distinct id and class: a key recorded many times is made once.
		index := map[keyID]int{}
		var keys []K
		at := make([]int, len(ops))
		for i, op := range ops {
			id := keyID{op.Key, op.Class}
			k, ok := index[id]
			if !ok {
				k = len(keys)
				index[id] = k
				keys = append(keys, replayKey[K](op.Key, op.Class))
			}
			at[i] = k
		}
		if ks, ok := any(keys).([]string); ok {
			keys = any(packed(ks)).([]K)
		}
		// The ops timed: one in latencyEvery, drawn with a seed of the stream's own, so
		// that a pattern of the trace whose length divides latencyEvery is not timed at
		// the same place on every pass.
		r := rand.New(rand.NewPCG(uint64(si), latencyEvery))
		s := make([]entry[K], len(ops))
		for i, op := range ops {
			s[i] = entry[K]{keys[at[i]], uint8(op.Kind)}
			if r.Uint64N(latencyEvery) == 0 {
				s[i].op |= timedOp
			}
		}
		d.streams = append(d.streams, s)
	}
	return d
}

// timedOp marks an op of a prepared stream that replayLoop times; the kind is in the
// other bits.
const timedOp = 0x80

// loadReplayTrace reads the trace at path for this test binary, once, and returns its
// Replay workload.
func loadReplayTrace(path string) (*Workload, error) {
	replayTrace.Lock()
	defer replayTrace.Unlock()
	if replayTrace.t != nil && replayTrace.path == path {
		return replayTrace.w, nil
	}
	w, t, err := Replay(path)
	if err != nil {
		return nil, err
	}
	replayTrace.path, replayTrace.w, replayTrace.t, replayTrace.ints, replayTrace.strings = path, w, t, nil, nil
	return w, nil
}

func replayDataFor[K int | string]() *replayData[K] {
	replayTrace.Lock()
	defer replayTrace.Unlock()
	var d any
	switch any(*new(K)).(type) {
	case int:
		if replayTrace.ints == nil {
			replayTrace.ints = prepareReplay[int](replayTrace.t)
		}
		d = replayTrace.ints
	case string:
		if replayTrace.strings == nil {
			replayTrace.strings = prepareReplay[string](replayTrace.t)
		}
		d = replayTrace.strings
	}
	return d.(*replayData[K])
}

func runReplay(b *testing.B, c Case) {
	if replayTrace.t == nil {
		b.Skip(ErrNoTrace)
	}
	if got, want := c.Get("trace"), TraceName(replayTrace.path); got != want {
		b.Fatalf("%s: the trace given with -replay is %s (%s)", c.Name(), want, replayTrace.path)
	}
	if replayKeyType(replayTrace.t) == keyString {
		replay(b, lookupStrategy[string](b, c.Strategy), replayDataFor[string]())
	} else {
		replay(b, lookupStrategy[int](b, c.Strategy), replayDataFor[int]())
	}
}

// replayGrain is how many ops a stream takes at a time from the b.N shared by all.
const replayGrain = 64

// replay times b.N ops of the trace d on a warm map of strategy s: one goroutine per
// stream, each taking replayGrain ops at a time of its own stream while ops are left.
func replay[K int | string](b *testing.B, s strategies.Strategy[K, int], d *replayData[K]) {
	wc := warmCacheFor[K]()
	m := wc.get(b, func() strategies.Map[K, int] {
		m := s.New(0)
		warmReplay(m, d)
		return m
	})
	if wc.state == nil {
		wc.state = make([]replayStream, len(d.streams))
	}
	sts := wc.state.([]replayStream)
	loop := loopsFor(m).replayLoop
	clock := clockCost()
	var next atomic.Int64
	n := int64(b.N)
	measure(b, func() {
		var wg sync.WaitGroup
		for i := range d.streams {
			wg.Add(1)
			go RunTimed(func() {
				defer wg.Done()
				sum := 0
				for {
					end := next.Add(replayGrain)
					start := end - replayGrain
					if start >= n {
						break
					}
					sum += loop(m, d.streams[i], &sts[i], int(min(end, n)-start))
				}
				keep(sum)
			})
		}
		wg.Wait()
	})
	var all histogram
	var perKind [trace.NumKinds]histogram
	for i := range sts {
		for k := range sts[i].hist {
			perKind[k].merge(&sts[i].hist[k])
			all.merge(&sts[i].hist[k])
		}
		sts[i].hist = [trace.NumKinds]histogram{}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	if all.total > 0 {
		b.ReportMetric(all.quantile(0.50), "p50-ns")
		b.ReportMetric(all.quantile(0.99), "p99-ns")
		b.ReportMetric(all.quantile(0.999), "p99.9-ns")
	}
	for _, k := range replayKinds {
		if h := &perKind[k]; h.total > 0 {
			b.ReportMetric(max(h.quantile(0.5)-clock, 0), kindUnit(k))
		}
	}
}

// warmReplay runs every stream's ops once on m, untimed, taking the streams' ops in
// turn, one at a time: the state the trace leaves a map in.
func warmReplay[K comparable](m strategies.Map[K, int], d *replayData[K]) {
	var st replayStream
	sum := 0
	for i := 0; ; i++ {
		more := false
		for _, ops := range d.streams {
			if i < len(ops) {
				more = true
				st.cursor = i
				sum += replayLoop(m, ops, &st, 1)
			}
		}
		if !more {
			keep(sum)
			return
		}
	}
}

// visitEntry is the function Replay's Range calls for each entry: it visits them all.
func visitEntry[K comparable](K, int) bool { return true }

// clockCost returns the time of one timed empty region, as the timed ops pay it: the
// median of 1001 tries.
func clockCost() float64 {
	var d [1001]time.Duration
	for i := range d {
		t0 := time.Now()
		d[i] = time.Since(t0)
	}
	slices.Sort(d[:])
	return float64(d[len(d)/2])
}
