package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cmapbench/cmapbench/bench/trace"
	"github.com/cmapbench/cmapbench/strategies"
)

// loggedOp is an op as a map saw it: its kind and the key id it was replayed from.
type loggedOp struct {
	kind trace.Kind
	id   uint32
}

// logMap is a map that logs the ops called on it, for one goroutine: it tells which
// recorded key id each key came from by a table of the replayed keys.
type logMap[K comparable] struct {
	strategies.Map[K, int]
	ids map[K]uint32
	log []loggedOp
}

func (m *logMap[K]) add(k trace.Kind, key K) {
	id, ok := m.ids[key]
	if !ok && k != trace.Range {
		panic(fmt.Sprintf("replayed key %v is no recorded key's", key))
	}
	m.log = append(m.log, loggedOp{k, id})
}

func (m *logMap[K]) Load(key K) (int, bool) {
	m.add(trace.Load, key)
	return m.Map.Load(key)
}

func (m *logMap[K]) Store(key K, v int) {
	m.add(trace.Store, key)
	m.Map.Store(key, v)
}

func (m *logMap[K]) LoadOrStore(key K, v int) (int, bool) {
	m.add(trace.LoadOrStore, key)
	return m.Map.LoadOrStore(key, v)
}

func (m *logMap[K]) Delete(key K) {
	m.add(trace.Delete, key)
	m.Map.Delete(key)
}

func (m *logMap[K]) Update(key K, f func(int, bool) int) int {
	m.add(trace.Swap, key)
	return m.Map.Update(key, f)
}

func (m *logMap[K]) Range(f func(K, int) bool) {
	var zero K
	m.add(trace.Range, zero)
	m.Map.Range(f)
}

// recordStreams records streams of ops, one goroutine per stream, each op's key
// being keyOf(i) for key index i, and reads the file back.
func recordStreams[K comparable](t *testing.T, streams [][]trace.Kind, key func(stream, i int) K) (*trace.Trace, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rec.trace")
	rec, err := trace.Create(path, trace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for s, kinds := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := rec.Stream()
			for i, k := range kinds {
				if k == trace.Range {
					st.Record(k, nil)
					continue
				}
				st.Record(k, key(s, i))
			}
			st.Flush()
		}()
	}
	wg.Wait()
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	tr, err := trace.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return tr, path
}

// TestReplayRoundTrip records streams of ops, replays the file through the timed loop
// on a map that logs what it is called with, and checks that each stream's replayed ops
// are its recorded ones, in order, by kind and key id; for int and string keys.
func TestReplayRoundTrip(t *testing.T) {
	kinds := []trace.Kind{trace.Load, trace.Store, trace.LoadOrStore, trace.Delete, trace.Swap, trace.CompareAndSwap, trace.Range}
	var streams [][]trace.Kind
	for s := range 3 {
		var ks []trace.Kind
		for i := range 500 + 300*s {
			ks = append(ks, kinds[(i*7+s)%len(kinds)])
		}
		streams = append(streams, ks)
	}
	t.Run("keytype=int", func(t *testing.T) {
		tr, path := recordStreams(t, streams, func(s, i int) int { return s*1_000_000 + i%97 })
		checkReplay[int](t, tr, path, streams)
	})
	t.Run("keytype=string", func(t *testing.T) {
		tr, path := recordStreams(t, streams, func(s, i int) string { return fmt.Sprintf("session-%d-%d", s, i%89) + strings.Repeat("x", i%40) })
		checkReplay[string](t, tr, path, streams)
	})
}

func checkReplay[K int | string](t *testing.T, tr *trace.Trace, path string, recorded [][]trace.Kind) {
	t.Helper()
	w, _, err := Replay(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Cases([]string{"mutex"}, []int{1}, false); len(got) != 1 || got[0].Name() != fmt.Sprintf("strategy=mutex/trace=rec/streams=%d", len(recorded)) {
		t.Fatalf("cases %v", got)
	}
	if want := replayKeyType(tr); want != map[any]string{0: keyInt, "": keyString}[any(*new(K))] {
		t.Fatalf("trace of %s keys replays with %s keys", tr.KeyType, want)
	}
	d := prepareReplay[K](tr)
	if len(d.streams) != len(tr.Streams) {
		t.Fatalf("%d streams prepared, %d read", len(d.streams), len(tr.Streams))
	}
	var matched int
	for si, ops := range tr.Streams {
		// The keys the replay makes, and the id each came from: distinct ids, distinct keys.
		ids := map[K]uint32{}
		for _, op := range ops {
			if op.Kind == trace.Range {
				continue
			}
			k := replayKey[K](op.Key, op.Class)
			if id, ok := ids[k]; ok && id != op.Key {
				t.Fatalf("ids %d and %d replay as the same key %v", id, op.Key, k)
			}
			ids[k] = op.Key
			if s, ok := any(k).(string); ok && len(s) != trace.ClassLen(op.Class) {
				t.Fatalf("key id %d of class %d replays as %q, %d bytes; want %d", op.Key, op.Class, s, len(s), trace.ClassLen(op.Class))
			}
		}
		m := &logMap[K]{Map: strategies.NewMutex[K, int](0), ids: ids}
		var st replayStream
		replayLoop[K](m, d.streams[si], &st, len(ops)/2)
		replayLoop[K](m, d.streams[si], &st, len(ops)-len(ops)/2+3) // wraps around
		var want []loggedOp
		for _, op := range append(slices.Clip(ops), ops[:3]...) {
			k := op.Kind
			if k == trace.CompareAndSwap {
				k = trace.Swap // both replay as Update
			}
			want = append(want, loggedOp{k, op.Key})
		}
		if !slices.Equal(m.log, want) {
			t.Errorf("stream %d: replayed %d ops, differing from the %d recorded (first replayed %v, recorded %v)", si, len(m.log), len(want), m.log[:min(5, len(m.log))], want[:min(5, len(want))])
		}
		// Which recorded stream it is: kinds in the same order.
		for _, kinds := range recorded {
			if len(kinds) == len(ops) && slices.EqualFunc(kinds, ops, func(k trace.Kind, op trace.Op) bool { return k == op.Kind }) {
				matched++
				break
			}
		}
	}
	if matched != len(recorded) {
		t.Errorf("%d of %d recorded streams read back whole and in order", matched, len(recorded))
	}
}

// TestReplayBadTraces checks that a trace Replay cannot run whole is an error that says
// why: a truncated file (with the offset), ops no strategy has, keys too long to make,
// no file.
func TestReplayBadTraces(t *testing.T) {
	tr, path := recordStreams(t, [][]trace.Kind{{trace.Load, trace.Store, trace.Load}}, func(s, i int) int { return i })
	if len(tr.Streams) != 1 {
		t.Fatalf("%d streams", len(tr.Streams))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.trace")
	if err := os.WriteFile(cut, b[:len(b)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Replay(cut); err == nil || !strings.Contains(err.Error(), "offset") || !strings.Contains(err.Error(), "cut.trace") {
		t.Errorf("Replay of a truncated trace: %v; want an error naming the file and the offset", err)
	}
	_, lad := recordStreams(t, [][]trace.Kind{{trace.Load, trace.LoadAndDelete}}, func(s, i int) int { return i })
	if _, _, err := Replay(lad); err == nil || !strings.Contains(err.Error(), "1 LoadAndDelete ops") {
		t.Errorf("Replay of a trace with LoadAndDelete: %v; want an error naming the op kind", err)
	}
	_, long := recordStreams(t, [][]trace.Kind{{trace.Load}}, func(s, i int) string { return strings.Repeat("k", 70_000) })
	if _, _, err := Replay(long); err == nil || !strings.Contains(err.Error(), "size class 17 (65536 bytes or more)") {
		t.Errorf("Replay of a trace with 70,000-byte keys: %v; want an error naming the size class", err)
	}
	if _, _, err := Replay(filepath.Join(t.TempDir(), "none.trace")); err == nil {
		t.Errorf("Replay of a missing file succeeded")
	}
}

// TestReplayLeavesOut checks that a trace with Swaps leaves out the strategies without
// an atomic Update, with the reason, and that the unsafe strategy runs only a trace of
// one stream.
func TestReplayLeavesOut(t *testing.T) {
	_, swaps := recordStreams(t, [][]trace.Kind{{trace.Load, trace.Swap}, {trace.Store}}, func(s, i int) int { return i })
	w, _, err := Replay(swaps)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range w.Cases(nil, []int{1}, false) {
		names = append(names, c.Strategy)
	}
	for _, info := range strategies.Infos() {
		if _, excluded := info.Excluded(); excluded || info.Nested != "" {
			continue
		}
		runs := slices.Contains(names, info.Name)
		if want := info.UpdateAtomic && info.Concurrent; runs != want {
			t.Errorf("%s: runs the trace with Swaps: %v, want %v", info.Name, runs, want)
		}
		if !info.UpdateAtomic && !strings.Contains(w.LeavesOut(info.Name), "Swap") {
			t.Errorf("%s: left out for %q", info.Name, w.LeavesOut(info.Name))
		}
	}
	_, one := recordStreams(t, [][]trace.Kind{{trace.Load, trace.Store}}, func(s, i int) int { return i })
	if w, _, err = Replay(one); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(w.Cases(nil, []int{1, 2}, false), func(c Case) bool { return c.Strategy == strategies.Baseline() }) {
		t.Errorf("a trace of one stream does not run %s", strategies.Baseline())
	}
}

// TestReplayTimesEveryKind checks the ops Replay times: about one in latencyEvery, and
// spread over the trace's pattern. A stream that alternates Load and Store must have both
// timed (timing every latencyEvery-th op would time only one of them), and a key recorded
// many times is made once.
func TestReplayTimesEveryKind(t *testing.T) {
	var ops []trace.Op
	for i := range 64 * 100 {
		kind := trace.Load
		if i%2 == 1 {
			kind = trace.Store
		}
		ops = append(ops, trace.Op{Kind: kind, Key: uint32(i % 10), Class: 5})
	}
	d := prepareReplay[string](&trace.Trace{Streams: [][]trace.Op{ops}})
	timed := map[trace.Kind]int{}
	keys := map[string]bool{}
	for _, e := range d.streams[0] {
		if e.op&timedOp != 0 {
			timed[trace.Kind(e.op&^timedOp)]++
		}
		keys[e.key] = true
	}
	if timed[trace.Load] < 25 || timed[trace.Store] < 25 || timed[trace.Load]+timed[trace.Store] > 200 {
		t.Errorf("timed %d Loads and %d Stores of 3200 each, want about 50 each", timed[trace.Load], timed[trace.Store])
	}
	if len(keys) != 10 {
		t.Errorf("%d distinct keys, want the trace's 10", len(keys))
	}
}
