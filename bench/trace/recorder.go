package trace

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxBytes is the bound on a file's size when Options.MaxBytes is 0: 64 MiB, room
// for about 13 million ops of distinct keys before sampling starts at half of it.
const DefaultMaxBytes = 64 << 20

// minMaxBytes is the smallest MaxBytes accepted: a header with the longest Go version,
// an end block and one block of a few ops.
const minMaxBytes = 1 << 10

// Options configures a Recorder.
type Options struct {
	// MaxBytes bounds the size of the file: the recorder never writes more. Past half of
	// it the recorder samples blocks (see the package doc). 0 means DefaultMaxBytes; the
	// smallest bound accepted is 1 KiB.
	MaxBytes int64
}

// Stats says how much a Recorder has recorded so far.
type Stats struct {
	// Ops counts the ops handed to the writer: those kept in the file, those sampled out
	// and those dropped. Ops wait in their stream's buffer until it fills, its Flush or
	// Close.
	Ops uint64
	// Sampled counts the ops left out by sampling (see Trace.Sampled).
	Sampled uint64
	// Dropped counts the ops left out because the writer fell behind (see Trace.Dropped).
	Dropped uint64
	// Bytes is the size of the file written so far.
	Bytes int64
}

// Tuning of a recorder: the package uses the defaults, the tests smaller values.
const (
	defaultBlockOps = 4096 // ops of a full stream buffer, one block in the file
	defaultQueue    = 64   // full buffers that may wait for the writer
)

// A Recorder records how a program uses one map into a file: each map call as an Op of
// one of its streams. Its methods and those of the wrappers made with it may be called
// from any goroutine, but Close must not run concurrently with recording: call it once
// the map is no longer used (ops recorded after Close are ignored).
type Recorder struct {
	w        io.Writer
	at       io.WriterAt // w as an io.WriterAt, for rewriting the header; or nil
	base     int64       // offset of the header in at
	file     *os.File    // the file that Create opened and Close closes, or nil
	seed     maphash.Seed
	hdr      header
	max      int64
	blockOps int

	closed atomic.Bool
	pool   sync.Pool // of *handle: the streams of the pooled wrappers
	bufs   sync.Pool // of *opsBuf

	mu      sync.Mutex
	streams []*stream // every stream made, flushed by Close
	idle    []*stream // streams whose handle the GC took from the pool
	handles int       // handles made for the pool

	queue chan block    // full buffers for the writer
	done  chan struct{} // closed when the writer goroutine returns

	handed      atomic.Uint64
	sampled     atomic.Uint64
	dropped     atomic.Uint64
	droppedMask atomic.Uint32
	bytes       atomic.Int64

	// Owned by the writer goroutine until done is closed, then by Close.
	wmask   uint8 // key-type mask of every block handed over
	wcounts [NumKinds]uint64
	wblocks uint64
	werr    error

	closeOnce sync.Once
	closeErr  error
}

// stream is the state of one stream: its ops not yet handed to the writer. It is used
// by one goroutine at a time.
type stream struct {
	rec  *Recorder
	id   uint32
	seq  uint64  // blocks handed over so far, the next block's sequence number
	buf  *opsBuf // nil until the stream records an op
	mask uint8   // key-type mask of buf's keys
}

type opsBuf struct{ ops []Op }

// block is a full buffer on its way to the writer, or a barrier (buf nil, sync set).
type block struct {
	stream uint32
	seq    uint64
	mask   uint8
	buf    *opsBuf
	sync   chan struct{}
}

// handle is what the pool of the wrappers' streams holds. When the GC takes a handle
// from the pool its finalizer puts the stream on the idle list, from which the next new
// handle takes it: a long-running program does not leave a stream behind at every GC.
type handle struct{ s *stream }

// Create creates the file at path and returns a Recorder that records into it. Close
// finishes and closes the file.
func Create(path string, opts Options) (*Recorder, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	r, err := NewRecorder(f, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.file = f
	return r, nil
}

// NewRecorder writes the header of a recording to w and returns a Recorder that records
// into it. If w is an io.WriterAt (an *os.File), Close also writes the header again in
// place with the counts and the complete flag set, at the offset where the header
// started if w is also an io.Seeker, else at 0; a file opened with O_APPEND refuses
// that, and Close reports it, but the file is complete all the same (its end block
// says so). Close does not close w.
func NewRecorder(w io.Writer, opts Options) (*Recorder, error) {
	return newRecorder(w, opts, defaultBlockOps, defaultQueue)
}

func newRecorder(w io.Writer, opts Options, blockOps, queue int) (*Recorder, error) {
	max := opts.MaxBytes
	switch {
	case max == 0:
		max = DefaultMaxBytes
	case max < minMaxBytes:
		return nil, fmt.Errorf("trace: MaxBytes %d is below the minimum of %d", max, minMaxBytes)
	}
	r := &Recorder{
		w:        w,
		seed:     maphash.MakeSeed(),
		max:      max,
		blockOps: blockOps,
		queue:    make(chan block, queue),
		done:     make(chan struct{}),
		hdr: header{
			version:   formatVersion,
			seed:      rand.Uint64(),
			procs:     uint32(runtime.GOMAXPROCS(0)),
			start:     time.Now().UnixNano(),
			goVersion: runtime.Version(),
		},
	}
	if at, ok := w.(io.WriterAt); ok {
		r.at = at
		if s, ok := w.(io.Seeker); ok {
			off, err := s.Seek(0, io.SeekCurrent)
			if err != nil {
				off, at = 0, nil // not seekable after all (a pipe): leave the header as it is
			}
			r.base, r.at = off, at
		}
	}
	r.pool.New = r.newHandle
	// A new buffer starts small and grows to blockOps: a stream that records few ops
	// (under the race detector, sync.Pool drops handles at random, and the pooled
	// wrappers make many short streams) holds little memory.
	r.bufs.New = func() any { return &opsBuf{ops: make([]Op, 0, min(64, r.blockOps))} }
	b := appendHeader(nil, &r.hdr)
	n, err := w.Write(b)
	r.bytes.Store(int64(n))
	if err != nil {
		return nil, fmt.Errorf("trace: writing header: %w", err)
	}
	go r.writer()
	return r, nil
}

// newHandle makes a handle for the pool: with an idle stream if there is one, else
// with a new stream.
func (r *Recorder) newHandle() any {
	r.mu.Lock()
	r.handles++
	var s *stream
	if n := len(r.idle); n > 0 {
		s = r.idle[n-1]
		r.idle = r.idle[:n-1]
	} else {
		s = r.newStreamLocked()
	}
	r.mu.Unlock()
	h := &handle{s: s}
	runtime.SetFinalizer(h, r.release)
	return h
}

// release puts the stream of a handle that the GC took from the pool on the idle list.
func (r *Recorder) release(h *handle) {
	r.mu.Lock()
	r.idle = append(r.idle, h.s)
	r.mu.Unlock()
}

func (r *Recorder) newStreamLocked() *stream {
	s := &stream{rec: r, id: uint32(len(r.streams))}
	r.streams = append(r.streams, s)
	return s
}

// op returns the op of kind k on key and the key's type bit.
func (r *Recorder) op(k Kind, key any) (Op, uint8) {
	if !k.hasKey() {
		if k >= NumKinds {
			panic(fmt.Sprintf("trace: Record of invalid %v", k))
		}
		return Op{Kind: k}, 0
	}
	id, class, mask := keyOf(r.seed, key)
	return Op{Kind: k, Class: class, Key: id}, mask
}

// add records op in the stream of a pooled handle.
func (r *Recorder) add(op Op, mask uint8) {
	h := r.pool.Get().(*handle)
	h.s.add(op, mask)
	r.pool.Put(h)
}

// record records an op of kind k on key in the stream of a pooled handle. A nil
// Recorder records nothing.
func (r *Recorder) record(k Kind, key any) {
	if r == nil || r.closed.Load() {
		return
	}
	op, mask := r.op(k, key)
	r.add(op, mask)
}

// add appends op to s's buffer and hands the buffer to the writer once it is full.
func (s *stream) add(op Op, mask uint8) {
	b := s.buf
	if b == nil {
		b = s.rec.bufs.Get().(*opsBuf)
		s.buf = b
	}
	b.ops = append(b.ops, op)
	s.mask |= mask
	if len(b.ops) >= s.rec.blockOps {
		s.handoff(false)
	}
}

// handoff hands s's buffered ops to the writer. Unless wait is set it never blocks: if
// the writer's queue is full the ops are dropped and counted, and the buffer reused; if
// the writer is behind, it yields its P.
func (s *stream) handoff(wait bool) {
	b := s.buf
	if b == nil || len(b.ops) == 0 {
		return
	}
	r := s.rec
	blk := block{stream: s.id, seq: s.seq, mask: s.mask, buf: b}
	s.seq++
	s.mask = 0
	n := uint64(len(b.ops))
	r.handed.Add(n)
	if wait {
		s.buf = nil
		r.queue <- blk
		return
	}
	select {
	case r.queue <- blk:
		s.buf = nil
		if len(r.queue) > 0 {
			// The writer has not taken the block: it may be waiting for the disk, or
			// for a P while this goroutine and others keep theirs. Let it run.
			runtime.Gosched()
		}
	default:
		r.dropped.Add(n)
		r.droppedMask.Or(uint32(blk.mask))
		b.ops = b.ops[:0]
	}
}

// Stream is one goroutine's stream of ops: it keeps their exact order. A Stream is not
// safe for concurrent use.
type Stream struct {
	s *stream
}

// Stream returns a new stream. A goroutine that is done with its stream should call
// Flush; ops of a stream that is not flushed stay in its buffer until Close.
func (r *Recorder) Stream() *Stream {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &Stream{s: r.newStreamLocked()}
}

// Record records an op of kind k on key; key is ignored for Range and Clear (pass nil).
// Keys must be comparable, as for sync.Map. Record panics if k is not a valid Kind.
func (s *Stream) Record(k Kind, key any) {
	r := s.s.rec
	if r.closed.Load() {
		return
	}
	op, mask := r.op(k, key)
	s.s.add(op, mask)
}

// Flush hands the stream's buffered ops to the writer. Like a full buffer, it does not
// wait: if the writer has fallen behind, the ops are dropped and counted.
func (s *Stream) Flush() {
	if s.s.rec.closed.Load() {
		return
	}
	s.s.handoff(false)
}

// Stats returns what the recorder has done so far.
func (r *Recorder) Stats() Stats {
	return Stats{
		Ops:     r.handed.Load(),
		Sampled: r.sampled.Load(),
		Dropped: r.dropped.Load(),
		Bytes:   r.bytes.Load(),
	}
}

// Close hands every stream's buffered ops to the writer (waiting for it this time),
// writes the end block and, when the writer is an io.WriterAt, the finished header, and
// closes the file that Create opened. It returns the first error met while writing
// the recording. Calling Close again returns the same result.
func (r *Recorder) Close() error {
	r.closeOnce.Do(func() { r.closeErr = r.close() })
	return r.closeErr
}

func (r *Recorder) close() error {
	r.closed.Store(true)
	r.mu.Lock()
	streams := append([]*stream(nil), r.streams...)
	r.mu.Unlock()
	for _, s := range streams {
		s.handoff(true)
	}
	close(r.queue)
	<-r.done

	err := r.werr
	if err == nil {
		mask := r.wmask | uint8(r.droppedMask.Load())
		end := appendEnd(nil, mask, &r.wcounts, r.sampled.Load(), r.dropped.Load(), r.wblocks)
		var n int
		n, err = r.w.Write(end)
		r.bytes.Add(int64(n))
		if err == nil && r.at != nil {
			h := r.hdr
			h.flags = flagComplete
			h.counts = r.wcounts
			h.mask = mask
			_, err = r.at.WriteAt(appendHeader(nil, &h), r.base)
			if err != nil {
				err = fmt.Errorf("trace: rewriting header: %w", err)
			}
		} else if err != nil {
			err = fmt.Errorf("trace: writing end block: %w", err)
		}
	} else {
		err = fmt.Errorf("trace: writing block: %w", err)
	}
	if r.file != nil {
		err = errors.Join(err, r.file.Close())
	}
	return err
}
