package trace

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"time"
)

// Header describes a recording.
type Header struct {
	Version int // format version of the file
	// Seed is a random 64-bit id of the recording's key-id space: key ids of recordings
	// with different seeds are unrelated. It is not the seed of the key hash, which never
	// leaves the recording process.
	Seed       uint64
	KeyType    string    // KeyInt, KeyString, KeyOther or KeyMixed; "" if no op had a key
	GoVersion  string    // runtime.Version() of the recording program
	GOMAXPROCS int       // at the start of the recording
	Start      time.Time // when the recording started
	// Counts holds the number of ops kept in the file, per kind (indexed by Kind).
	Counts [NumKinds]uint64
	// Complete reports whether Close ran: the file holds everything the recorder kept.
	Complete bool
}

// Trace is a recording read back.
type Trace struct {
	Header
	// Streams holds the ops of each recorded stream in recorded order, the streams in
	// the order they were made. A stream whose ops were all sampled out or dropped is
	// left out.
	Streams [][]Op
	// Sampled counts the ops left out by sampling once the file neared its size bound.
	// Sampling leaves out whole blocks: a stream's ops are in order but may have gaps.
	Sampled uint64
	// Dropped counts the ops left out because the writer fell behind (a slow disk).
	// Both are 0 in an unfinished recording, whose end block with the totals is missing.
	Dropped uint64
}

// A FormatError reports a file that is not a valid recording: truncated, corrupted, or
// of a newer format version. Every error of Read and ReadPrefix about the contents of
// the file is one.
type FormatError struct {
	Offset int64  // the offset in the file of the byte or the block that is wrong
	Msg    string // what is wrong
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("trace: offset %d: %s", e.Offset, e.Msg)
}

func errAt(off int, format string, args ...any) *FormatError {
	return &FormatError{Offset: int64(off), Msg: fmt.Sprintf(format, args...)}
}

// Read reads a whole recording. A recording without its end block (one whose program
// did not call Close, or a truncated file) is an error: ReadPrefix reads those.
func Read(r io.Reader) (*Trace, error) { return read(r, false) }

// ReadFile reads the whole recording in the file at path, as Read does.
func ReadFile(path string) (*Trace, error) {
	data, err := os.ReadFile(path) // sized once from the file's size
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	return parsed(data, false)
}

// ReadPrefix reads a recording that may be unfinished, as a program that crashed leaves
// it: all its complete blocks, without the torn block that may end it. Its Complete is
// false and its counts are those of the blocks read. A corrupted block is still an
// error, and so is a file whose header says it is complete but that lacks its end.
func ReadPrefix(r io.Reader) (*Trace, error) { return read(r, true) }

func read(r io.Reader, prefix bool) (*Trace, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("trace: reading: %w", err)
	}
	return parsed(data, prefix)
}

// parsed is parse with its error as an error: nil when there is none.
func parsed(data []byte, prefix bool) (*Trace, error) {
	t, ferr := parse(data, prefix)
	if ferr != nil {
		return nil, ferr
	}
	return t, nil
}

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// parse reads the recording in data; with prefix set, it accepts one without its end.
func parse(data []byte, prefix bool) (*Trace, *FormatError) {
	p := &parser{
		data:   data,
		prefix: prefix,
		t:      new(Trace),
		table:  new([tableSize]tableEntry),
		index:  make(map[uint32]int),
	}
	off, complete, mask, err := parseHeader(data, &p.t.Header)
	if err != nil {
		return nil, err
	}
	p.complete, p.mask = complete, mask
	for off < len(data) {
		b, torn, err := p.readBlock(off)
		if err != nil {
			return nil, err
		}
		if torn {
			break // a torn block ends an unfinished recording
		}
		switch b.typ {
		case blockOps:
			err = p.opsBlock(b)
		case blockEnd:
			err = p.endBlock(b)
		default:
			err = errAt(off, "unknown block type %d", b.typ)
		}
		if err != nil {
			return nil, err
		}
		off = b.next()
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.t, nil
}

// parser is the state of parse between the blocks of a recording.
type parser struct {
	data     []byte
	prefix   bool   // accept a recording without its end block
	t        *Trace // the recording read so far
	complete bool   // the header's complete flag
	mask     uint8  // the header's key-type mask

	counts  [NumKinds]uint64 // ops of the blocks read, per kind
	kmask   uint8            // key-type mask of the blocks read
	nblocks uint64           // ops blocks read
	ended   bool             // the end block has been read
	table   *[tableSize]tableEntry
	index   map[uint32]int // stream id -> index in t.Streams
	ids     []uint32       // stream ids, in the order of t.Streams
}

// fileBlock is one block of a recording as read from the file, its checksums checked.
type fileBlock struct {
	off     int    // offset of the block header in the file
	typ     uint8  // blockOps or blockEnd (not checked)
	mask    uint8  // key-type mask
	sid     uint32 // stream id
	nops    uint32 // op count
	payload []byte
}

// payloadOff returns the offset of b's payload in the file.
func (b *fileBlock) payloadOff() int { return b.off + blockHeaderSize }

// next returns the offset in the file of the block after b.
func (b *fileBlock) next() int { return b.payloadOff() + len(b.payload) }

// readBlock reads the block at off and checks its checksums and key-type mask. It
// reports a torn block (one the data ends in) when p accepts an unfinished recording
// and the header does not say it is complete; otherwise a torn block is an error.
func (p *parser) readBlock(off int) (b fileBlock, torn bool, err *FormatError) {
	data := p.data
	tornOK := p.prefix && !p.complete
	rest := len(data) - off
	if rest < blockHeaderSize {
		if tornOK {
			return fileBlock{}, true, nil
		}
		return fileBlock{}, false, errAt(off, "truncated block: %d bytes left, a block header takes %d", rest, blockHeaderSize)
	}
	h := data[off : off+blockHeaderSize]
	if got, want := crc32.Checksum(h[:18], castagnoli), le32(h[18:]); got != want {
		return fileBlock{}, false, errAt(off, "block header checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	b = fileBlock{off: off, typ: h[0], mask: h[1], sid: le32(h[2:]), nops: le32(h[6:])}
	plen := le32(h[10:])
	if uint64(plen) > uint64(rest-blockHeaderSize) {
		if tornOK {
			return fileBlock{}, true, nil
		}
		return fileBlock{}, false, errAt(off, "truncated block: its payload takes %d bytes, %d are left", plen, rest-blockHeaderSize)
	}
	b.payload = data[b.payloadOff() : b.payloadOff()+int(plen)]
	if got, want := crc32.Checksum(b.payload, castagnoli), le32(h[14:]); got != want {
		return fileBlock{}, false, errAt(off, "block payload checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	if b.mask&^maskAll != 0 {
		return fileBlock{}, false, errAt(off+1, "unknown key-type bits %#x", b.mask)
	}
	return b, false, nil
}

// endBlock checks the end block b against the blocks read and the header, and that
// nothing follows it.
func (p *parser) endBlock(b fileBlock) *FormatError {
	hcounts := p.t.Counts // checkEnd sets p.t.Counts from the end block
	if err := checkEnd(p.t, b.payload, b.off, b.mask, b.sid, b.nops, &p.counts, p.kmask, p.nblocks); err != nil {
		return err
	}
	if p.complete && (hcounts != p.counts || p.mask != b.mask) {
		return errAt(offCounts, "the header's counts or key types differ from the end block's")
	}
	if off := b.next(); off != len(p.data) {
		return errAt(off, "%d bytes after the end block", len(p.data)-off)
	}
	p.ended = true
	return nil
}

// opsBlock decodes the ops block b and appends its ops to its stream.
func (p *parser) opsBlock(b fileBlock) *FormatError {
	plen := uint32(len(b.payload))
	if b.nops == 0 {
		return errAt(b.off+6, "block of 0 ops")
	}
	if b.nops > plen {
		return errAt(b.off+6, "block of %d ops in %d bytes: an op takes at least 1", b.nops, plen)
	}
	t := p.t
	i, ok := p.index[b.sid]
	if !ok {
		i = len(t.Streams)
		p.index[b.sid] = i
		p.ids = append(p.ids, b.sid)
		t.Streams = append(t.Streams, nil)
	}
	ops, keyed, err := decodeOps(t.Streams[i], b.payload, b.payloadOff(), int(b.nops), p.table)
	if err != nil {
		return err
	}
	if (keyed > 0) != (b.mask != 0) {
		return errAt(b.off+1, "key-type mask %#x does not fit a block with %d ops that have a key", b.mask, keyed)
	}
	for _, op := range ops[len(t.Streams[i]):] {
		p.counts[op.Kind]++
	}
	t.Streams[i] = ops
	p.kmask |= b.mask
	p.nblocks++
	return nil
}

// finish checks, once the blocks are read, that the recording has its end block or
// may lack it, sets the counts of an unfinished one, and orders the streams.
func (p *parser) finish() *FormatError {
	t := p.t
	if !p.ended {
		if p.complete {
			return errAt(len(p.data), "the end block is missing, but the header says the recording is complete: the file is truncated")
		}
		if !p.prefix {
			return errAt(len(p.data), "the end block is missing: the recording is unfinished (its program did not call Close) or truncated; ReadPrefix reads its complete blocks")
		}
		t.Counts = p.counts
		t.KeyType = keyType(p.kmask)
	}
	t.Complete = p.ended
	t.Streams = sortStreams(t.Streams, p.ids)
	return nil
}

// sortStreams returns streams ordered by their ids (ids[i] is the id of streams[i]):
// the order in which the recorder made them.
func sortStreams(streams [][]Op, ids []uint32) [][]Op {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case ids[a] < ids[b]:
			return -1
		case ids[a] > ids[b]:
			return 1
		}
		return 0
	})
	sorted := make([][]Op, len(order))
	for i, j := range order {
		sorted[i] = streams[j]
	}
	return sorted
}
