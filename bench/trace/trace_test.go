package trace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// record returns the op that Record(k, key) records in r.
func opOf(r *Recorder, k Kind, key any) Op {
	op, _ := r.op(k, key)
	return op
}

// streamOps records n ops of stream g into s and returns them as they should read back.
func streamOps(r *Recorder, s *Stream, g, n int) []Op {
	want := make([]Op, 0, n)
	for i := range n {
		k := Kind((i*7 + g) % NumKinds)
		var key any
		switch {
		case !k.hasKey():
		case i%3 == 0:
			key = fmt.Sprintf("g%d-key-%d", g, i%500)
		case i%3 == 1:
			key = int64(g*1000 + i%700)
		default:
			key = strings.Repeat("x", i%300) // classes 0 to 9, the escape path too
		}
		s.Record(k, key)
		want = append(want, opOf(r, k, key))
	}
	return want
}

func TestRoundTrip(t *testing.T) {
	for _, dest := range []string{"file", "buffer"} {
		t.Run("dest="+dest, func(t *testing.T) {
			var buf bytes.Buffer
			var f *os.File
			var w = any(&buf)
			if dest == "file" {
				var err error
				f, err = os.Create(filepath.Join(t.TempDir(), "t.trace"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				w = f
			}
			const goroutines, perStream = 4, 5000
			r, err := newRecorder(w.(interface{ Write([]byte) (int, error) }), Options{}, 100, 1024)
			if err != nil {
				t.Fatal(err)
			}
			streams := make([]*Stream, goroutines)
			for g := range streams {
				streams[g] = r.Stream()
			}
			want := make([][]Op, goroutines)
			var wg sync.WaitGroup
			for g := range streams {
				wg.Add(1)
				go func() {
					defer wg.Done()
					want[g] = streamOps(r, streams[g], g, perStream)
					if g%2 == 0 {
						streams[g].Flush()
					}
				}()
			}
			wg.Wait()
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			st := r.Stats()
			if st.Ops != goroutines*perStream || st.Sampled != 0 || st.Dropped != 0 {
				t.Fatalf("Stats = %+v, want %d ops, none sampled or dropped", st, goroutines*perStream)
			}
			data := buf.Bytes()
			if f != nil {
				var err error
				if data, err = os.ReadFile(f.Name()); err != nil {
					t.Fatal(err)
				}
			}
			if int64(len(data)) != st.Bytes {
				t.Errorf("file of %d bytes, Stats.Bytes = %d", len(data), st.Bytes)
			}
			tr, err := Read(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Streams) != goroutines {
				t.Fatalf("read %d streams, want %d", len(tr.Streams), goroutines)
			}
			var counts [NumKinds]uint64
			for g, ops := range tr.Streams {
				if len(ops) != len(want[g]) {
					t.Fatalf("stream %d: read %d ops, want %d", g, len(ops), len(want[g]))
				}
				for i := range ops {
					if ops[i] != want[g][i] {
						t.Fatalf("stream %d op %d = %+v, want %+v", g, i, ops[i], want[g][i])
					}
					counts[ops[i].Kind]++
				}
			}
			h := tr.Header
			if !h.Complete || h.Counts != counts || h.KeyType != KeyMixed || h.Version != formatVersion ||
				h.Seed != r.hdr.seed || h.GoVersion != runtime.Version() ||
				h.GOMAXPROCS != runtime.GOMAXPROCS(0) || h.Start.UnixNano() != r.hdr.start {
				t.Errorf("header = %+v", h)
			}
			if tr.Sampled != 0 || tr.Dropped != 0 {
				t.Errorf("Sampled, Dropped = %d, %d, want 0", tr.Sampled, tr.Dropped)
			}
			// The header is finished in place only in the file.
			var hdr Header
			_, complete, _, ferr := parseHeader(data, &hdr)
			if ferr != nil || complete != (f != nil) || (f != nil && hdr.Counts != counts) {
				t.Errorf("header as written: complete %v, counts %v, error %v", complete, hdr.Counts, ferr)
			}
		})
	}
}

func TestSyncMap(t *testing.T) {
	var buf bytes.Buffer
	r, err := NewRecorder(&buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := NewSyncMap(r)
	m.Store("a", 1)
	if v, ok := m.Load("a"); !ok || v != 1 {
		t.Errorf("Load(a) = %v, %v", v, ok)
	}
	m.LoadOrStore("b", 2)
	m.LoadAndDelete("a")
	m.Delete("b")
	m.Swap("c", 3)
	if !m.CompareAndSwap("c", 3, 4) {
		t.Error("CompareAndSwap(c, 3, 4) failed")
	}
	n := 0
	m.Range(func(key, value any) bool { n++; return true })
	if n != 1 {
		t.Errorf("Range saw %d entries, want 1", n)
	}
	if !m.CompareAndDelete("c", 4) {
		t.Error("CompareAndDelete(c, 4) failed")
	}
	m.Clear()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	tr, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Under the race detector the pool drops handles at random, so the ops may be split
	// among streams: look at them by kind.
	var byKind [NumKinds][]Op
	for _, s := range tr.Streams {
		for _, op := range s {
			byKind[op.Kind] = append(byKind[op.Kind], op)
		}
	}
	for k, ops := range byKind {
		if len(ops) != 1 {
			t.Fatalf("%v: %d ops, want 1", Kind(k), len(ops))
		}
	}
	id := func(k Kind) uint32 { return byKind[k][0].Key }
	a, b, c := id(Store), id(LoadOrStore), id(Swap)
	if id(Load) != a || id(LoadAndDelete) != a || id(Delete) != b ||
		id(CompareAndSwap) != c || id(CompareAndDelete) != c {
		t.Errorf("ids of one key differ: %+v", byKind)
	}
	if a == b || b == c || a == c {
		t.Errorf("ids of different keys are equal: %x %x %x", a, b, c)
	}
	for k, ops := range byKind {
		want := Op{Kind: Kind(k), Class: 1, Key: ops[0].Key}
		if !Kind(k).hasKey() {
			want = Op{Kind: Kind(k)}
		}
		if ops[0] != want {
			t.Errorf("op %+v, want %+v", ops[0], want)
		}
	}
	if tr.KeyType != KeyString {
		t.Errorf("KeyType = %q, want %q", tr.KeyType, KeyString)
	}
}

func TestWrap(t *testing.T) {
	var buf bytes.Buffer
	r, err := NewRecorder(&buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := Wrap[int, string](strategies.NewMutex[int, string](0), r)
	m.Store(1, "one")
	if v, ok := m.Load(1); !ok || v != "one" {
		t.Errorf("Load(1) = %q, %v", v, ok)
	}
	m.LoadOrStore(2, "two")
	m.Range(func(int, string) bool { return true })
	m.Delete(1)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	tr, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[Kind]Op{}
	for _, s := range tr.Streams {
		for _, op := range s {
			if _, dup := got[op.Kind]; dup {
				t.Errorf("two %v ops", op.Kind)
			}
			got[op.Kind] = op
		}
	}
	one, two := opOf(r, Load, 1).Key, opOf(r, Load, 2).Key
	want := map[Kind]Op{
		Store:       {Store, 4, one},
		Load:        {Load, 4, one},
		LoadOrStore: {LoadOrStore, 4, two},
		Range:       {Kind: Range},
		Delete:      {Delete, 4, one},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ops = %v, want %v", got, want)
	}
	if one == two {
		t.Errorf("keys 1 and 2 share id %x", one)
	}
	if tr.KeyType != KeyInt {
		t.Errorf("KeyType = %q, want %q", tr.KeyType, KeyInt)
	}
}

type (
	namedInt    int16
	namedUint   uint32
	namedString string
	point       struct{ X, Y int }
)

// keyerOp is the op that a Map[K, V] records for key.
func keyerOp[K comparable](r *Recorder, key K) (Op, uint8) {
	k := newKeyer[K]()
	id, class, mask := k.key(r.seed, key)
	return Op{Kind: Load, Class: class, Key: id}, mask
}

func TestKeys(t *testing.T) {
	r, err := NewRecorder(&bytes.Buffer{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := &point{1, 2}
	check := func(name string, typed Op, tmask uint8, key any, class, mask uint8) {
		t.Helper()
		op, m := r.op(Load, key)
		if typed != op || tmask != m {
			t.Errorf("%s: typed %+v mask %d, interface %+v mask %d", name, typed, tmask, op, m)
		}
		if op.Class != class || m != mask {
			t.Errorf("%s: class %d mask %d, want %d and %d", name, op.Class, m, class, mask)
		}
	}
	op, m := keyerOp(r, int(-5))
	check("int", op, m, int(-5), 4, maskInt)
	op, m = keyerOp(r, int8(-5))
	check("int8", op, m, int8(-5), 1, maskInt)
	op, m = keyerOp(r, int16(-5))
	check("int16", op, m, int16(-5), 2, maskInt)
	op, m = keyerOp(r, int32(-5))
	check("int32", op, m, int32(-5), 3, maskInt)
	op, m = keyerOp(r, uint8(200))
	check("uint8", op, m, uint8(200), 1, maskInt)
	op, m = keyerOp(r, uint16(60000))
	check("uint16", op, m, uint16(60000), 2, maskInt)
	op, m = keyerOp(r, uint32(1<<31))
	check("uint32", op, m, uint32(1<<31), 3, maskInt)
	op, m = keyerOp(r, uint64(1<<63))
	check("uint64", op, m, uint64(1<<63), 4, maskInt)
	op, m = keyerOp(r, uintptr(7))
	check("uintptr", op, m, uintptr(7), 4, maskInt)
	op, m = keyerOp(r, namedInt(-5))
	check("namedInt", op, m, namedInt(-5), 2, maskInt)
	op, m = keyerOp(r, namedUint(9))
	check("namedUint", op, m, namedUint(9), 3, maskInt)
	op, m = keyerOp(r, "session")
	check("string", op, m, "session", 3, maskString)
	op, m = keyerOp(r, namedString("session"))
	check("namedString", op, m, namedString("session"), 3, maskString)
	op, m = keyerOp(r, "")
	check("empty string", op, m, "", 0, maskString)
	op, m = keyerOp(r, point{1, 2})
	check("struct", op, m, point{1, 2}, 5, maskOther)
	op, m = keyerOp(r, p)
	check("pointer", op, m, p, 4, maskOther)
	op, m = keyerOp[any](r, 3.5)
	check("interface", op, m, 3.5, 4, maskOther)
	op, m = keyerOp[any](r, nil)
	check("nil", op, m, nil, 0, maskOther)

	// Equal integer values share an id whatever their type; other keys do not.
	id := func(key any) uint32 { return opOf(r, Load, key).Key }
	if id(int(-5)) != id(int8(-5)) || id(int(-5)) != id(namedInt(-5)) || id(uint8(7)) != id(uintptr(7)) {
		t.Error("equal integers of different types have different ids")
	}
	if id(5) == id(6) || id("5") == id(5) || id(point{1, 2}) == id(point{2, 1}) || id(p) == id(&point{1, 2}) {
		t.Error("different keys share an id")
	}
	if id(point{1, 2}) != id(point{1, 2}) || id("x") != id(namedString("x")) {
		t.Error("equal keys have different ids")
	}
}

func TestRecordAllocs(t *testing.T) {
	r, err := NewRecorder(&bytes.Buffer{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m := Wrap[int, int](strategies.NewMutex[int, int](0), r)
	ms := Wrap[string, int](strategies.NewMutex[string, int](0), r)
	if raceEnabled {
		t.Skip("under the race detector, sync.Pool drops handles at random and new ones allocate")
	}
	var keys [2]any = [2]any{12345, "key"}
	if n := testing.AllocsPerRun(10000, func() {
		m.record(Load, 12345)
		ms.record(Load, "key")
		r.record(Load, keys[0])
		r.record(Load, keys[1])
	}); n != 0 {
		t.Errorf("recording an op allocates %v times", n)
	}
}

func TestSampling(t *testing.T) {
	var buf bytes.Buffer
	const max = 16 << 10
	r, err := newRecorder(&buf, Options{MaxBytes: max}, 64, 64)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Stream()
	const n = 64 * 1000
	for i := range n {
		s.Record(Store, i)
		if i%(64*32) == 0 {
			r.drain() // so that no block is dropped
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	st := r.Stats()
	if buf.Len() > max || int64(buf.Len()) != st.Bytes {
		t.Errorf("file of %d bytes (Stats.Bytes %d), bound %d", buf.Len(), st.Bytes, max)
	}
	tr, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	kept := uint64(len(tr.Streams[0]))
	if tr.Dropped != 0 || tr.Sampled == 0 || kept+tr.Sampled != n || tr.Counts[Store] != kept ||
		st.Sampled != tr.Sampled || st.Ops != n {
		t.Errorf("kept %d, sampled %d, dropped %d of %d ops; stats %+v", kept, tr.Sampled, tr.Dropped, n, st)
	}
	// The kept ops are whole blocks of the stream, in order; every block is kept until
	// the file reaches half its bound, and some are kept past that.
	next := 0
	blocks := 0
	for i, op := range tr.Streams[0] {
		if i%64 == 0 {
			for next < n && opOf(r, Store, next) != op {
				next++
			}
			blocks++
		}
		if next >= n || opOf(r, Store, next) != op {
			t.Fatalf("op %d is not in recorded order", i)
		}
		next++
	}
	whole := (max / 2) / (blockHeaderSize + 64*5)
	if blocks <= whole || opOf(r, Store, whole*64) != tr.Streams[0][whole*64] {
		t.Errorf("kept %d blocks; want the first %d and some more", blocks, whole)
	}
	t.Logf("kept %d of %d blocks, %d bytes", blocks, n/64, st.Bytes)
}

// blockingWriter blocks every Write after the first until release is closed.
type blockingWriter struct {
	release chan struct{}
	mu      sync.Mutex
	buf     bytes.Buffer
	writes  int
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	first := w.writes == 0
	w.writes++
	w.mu.Unlock()
	if !first {
		<-w.release
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func TestSlowWriter(t *testing.T) {
	w := &blockingWriter{release: make(chan struct{})}
	r, err := newRecorder(w, Options{}, 64, 4)
	if err != nil {
		t.Fatal(err)
	}
	// The writer takes one block and blocks in Write; 4 more fill the queue; the rest
	// are dropped, and Record returns all the same.
	const n = 64 * 100
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := r.Stream()
			for i := range n {
				s.Record(Store, i)
			}
		}()
	}
	wg.Wait()
	st := r.Stats()
	if st.Dropped == 0 || st.Dropped > 2*n {
		t.Fatalf("with the writer blocked, Stats = %+v, want some ops dropped", st)
	}
	close(w.release)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	st = r.Stats()
	tr, err := Read(&w.buf)
	if err != nil {
		t.Fatal(err)
	}
	var kept uint64
	for _, s := range tr.Streams {
		kept += uint64(len(s))
	}
	if tr.Dropped != st.Dropped || kept+tr.Dropped+tr.Sampled != 2*n || st.Ops != 2*n {
		t.Errorf("kept %d, dropped %d, sampled %d of %d ops; stats %+v", kept, tr.Dropped, tr.Sampled, 2*n, st)
	}
}

// unfinished returns a recording of blocks whole blocks of n ops in one stream whose
// recorder has not been closed, and the offset of its last block.
func unfinished(t testing.TB, blocks, n int) (data []byte, last int) {
	var buf bytes.Buffer
	r, err := newRecorder(&buf, Options{}, n, 64)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Stream()
	for i := range blocks * n {
		if i%n == 0 {
			r.drain()
			last = buf.Len()
		}
		s.Record(Load, i)
	}
	r.drain()
	data = bytes.Clone(buf.Bytes())
	r.Close()
	return data, last
}

func TestReadPrefix(t *testing.T) {
	data, last := unfinished(t, 5, 64)
	for _, tc := range []struct {
		name string
		data []byte
		ops  int
	}{
		{"whole blocks", data, 5 * 64},
		{"cut in the last block", data[:last+blockHeaderSize+100], 4 * 64},
		{"cut in the last block's header", data[:last+10], 4 * 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ReadPrefix(bytes.NewReader(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if tr.Complete || len(tr.Streams) != 1 || len(tr.Streams[0]) != tc.ops || tr.Counts[Load] != uint64(tc.ops) || tr.KeyType != KeyInt {
				t.Errorf("read complete=%v, %d streams, counts %v, key type %q; want %d ops", tr.Complete, len(tr.Streams), tr.Counts, tr.KeyType, tc.ops)
			}
			_, err = Read(bytes.NewReader(tc.data))
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("Read: %v, want a FormatError", err)
			}
			want := int64(last)
			if len(tc.data) == len(data) {
				want = int64(len(data))
			}
			if fe.Offset != want {
				t.Errorf("Read: %v, want offset %d", err, want)
			}
		})
	}
}

func TestCloseTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.trace")
	r, err := Create(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := NewSyncMap(r)
	m.Store(1, 1)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	m.Store(2, 2) // ignored
	r.Stream().Record(Load, 3)
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	tr, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Counts != [NumKinds]uint64{Store: 1} {
		t.Errorf("counts %v, want one Store", tr.Counts)
	}
	var nilRec *Recorder
	NewSyncMap(nilRec).Store(1, 1)
	Wrap[int, int](strategies.NewMutex[int, int](0), nil).Store(1, 1)
}

func TestOptions(t *testing.T) {
	if _, err := NewRecorder(&bytes.Buffer{}, Options{MaxBytes: 100}); err == nil {
		t.Error("MaxBytes 100 accepted")
	}
	if _, err := Create(filepath.Join(t.TempDir(), "no", "such", "dir"), Options{}); err == nil {
		t.Error("Create in a missing directory succeeded")
	}
}

// TestIdleStreams checks that streams of handles that the GC took from the pool are used
// again, so that their number stays bounded.
func TestIdleStreams(t *testing.T) {
	r, err := NewRecorder(&bytes.Buffer{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m := NewSyncMap(r)
	const rounds = 200
	for i := range rounds {
		m.Store(i, i)
		// The first GC moves the pool's handle to its victim cache, the second drops it.
		runtime.GC()
		runtime.GC()
		runtime.Gosched()
	}
	r.mu.Lock()
	n, h := len(r.streams), r.handles
	r.mu.Unlock()
	t.Logf("%d streams, %d handles after %d GCs", n, h, rounds)
	if h < rounds/2 {
		t.Errorf("%d handles made in %d rounds: the GC did not take them from the pool", h, rounds)
	}
	if n > rounds/4 {
		t.Errorf("%d streams after %d GCs: idle streams are not used again", n, rounds)
	}
}

func TestClassLen(t *testing.T) {
	for c, want := range map[uint8]int{0: 0, 1: 1, 2: 2, 3: 5, 4: 11, 5: 23, 6: 47} {
		if got := ClassLen(c); got != want {
			t.Errorf("ClassLen(%d) = %d, want %d", c, got, want)
		}
	}
	for c := uint8(1); c < 64; c++ {
		if n := ClassLen(c); sizeClass(uintptr(n)) != c {
			t.Errorf("ClassLen(%d) = %d, of class %d", c, n, sizeClass(uintptr(n)))
		}
	}
}

func TestKindString(t *testing.T) {
	if Load.String() != "Load" || CompareAndDelete.String() != "CompareAndDelete" ||
		Clear.String() != "Clear" || Kind(12).String() != "Kind(12)" {
		t.Error("Kind.String")
	}
}

func TestSyncMapConcurrent(t *testing.T) {
	var buf bytes.Buffer
	r, err := NewRecorder(&buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := NewSyncMap(r)
	const goroutines, n = 4, 20000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				key := fmt.Sprint(g*n + i%1000)
				switch i % 4 {
				case 0:
					m.Store(key, i)
				case 3:
					m.Delete(key)
				default:
					m.Load(key)
				}
			}
		}()
	}
	wg.Wait()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	tr, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var kept uint64
	for _, s := range tr.Streams {
		kept += uint64(len(s))
	}
	if kept+tr.Sampled+tr.Dropped != goroutines*n || tr.Counts[Store]+tr.Counts[Load]+tr.Counts[Delete] != kept {
		t.Errorf("kept %d (counts %v), sampled %d, dropped %d of %d ops", kept, tr.Counts, tr.Sampled, tr.Dropped, goroutines*n)
	}
	t.Logf("%d streams, %d ops kept, %d dropped", len(tr.Streams), kept, tr.Dropped)
}

// TestHeaderInPlace checks where Close writes the finished header: where the recording
// started in a file that held something before it, and nowhere in a file opened for
// appending (Close reports it; the file still reads as complete).
func TestHeaderInPlace(t *testing.T) {
	for _, appending := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "t.trace")
		if err := os.WriteFile(path, []byte("before the recording"), 0o644); err != nil {
			t.Fatal(err)
		}
		flags := os.O_WRONLY
		if appending {
			flags |= os.O_APPEND
		}
		f, err := os.OpenFile(path, flags, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Seek(0, io.SeekEnd); err != nil {
			t.Fatal(err)
		}
		r, err := NewRecorder(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		NewSyncMap(r).Load("x")
		err = r.Close()
		if appending != (err != nil) {
			t.Errorf("appending %v: Close: %v", appending, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data, ok := bytes.CutPrefix(data, []byte("before the recording"))
		if !ok {
			t.Fatalf("appending %v: the file's start was overwritten", appending)
		}
		tr, err := Read(bytes.NewReader(data))
		if err != nil || tr.Counts[Load] != 1 {
			t.Fatalf("appending %v: %v; counts %v", appending, err, tr.Counts)
		}
		var h Header
		if _, complete, _, err := parseHeader(data, &h); err != nil || complete == appending {
			t.Errorf("appending %v: header as written: complete %v, error %v", appending, complete, err)
		}
	}
}

// failingWriter fails every Write after the first n.
type failingWriter struct {
	bytes.Buffer
	n int
}

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errDiskFull
	}
	w.n--
	return w.Buffer.Write(p)
}

func TestWriteError(t *testing.T) {
	w := &failingWriter{n: 3} // the header and 2 blocks
	r, err := newRecorder(w, Options{}, 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Stream()
	for i := range 16 * 10 {
		s.Record(Delete, i)
		if i%16 == 15 {
			r.drain()
		}
	}
	if err := r.Close(); !errors.Is(err, errDiskFull) {
		t.Fatalf("Close: %v, want %v", err, errDiskFull)
	}
	if st := r.Stats(); st.Ops != 160 || st.Dropped != 160-32 || st.Bytes != int64(w.Len()) {
		t.Errorf("Stats %+v, want 160 ops of which 128 dropped, %d bytes", st, w.Len())
	}
	tr, err := ReadPrefix(&w.Buffer)
	if err != nil || tr.Counts[Delete] != 32 || tr.Complete {
		t.Fatalf("ReadPrefix: %v, counts %v", err, tr.Counts)
	}
	if _, err := NewRecorder(&failingWriter{}, Options{}); !errors.Is(err, errDiskFull) {
		t.Errorf("NewRecorder with a failing writer: %v", err)
	}
}

func TestRecordInvalidKind(t *testing.T) {
	r, err := NewRecorder(&bytes.Buffer{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer func() {
		if recover() == nil {
			t.Error("Record of Kind(16) did not panic")
		}
	}()
	r.Stream().Record(16, 1)
}
