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
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	defer f.Close()
	return Read(f)
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
	t := new(Trace)
	off, complete, mask, err := parseHeader(data, &t.Header)
	if err != nil {
		return nil, err
	}

	var (
		counts  [NumKinds]uint64
		kmask   uint8 // key-type mask of the blocks read
		nblocks uint64
		ended   bool
		table   = new([tableSize]tableEntry)
		index   = make(map[uint32]int) // stream id -> index in t.Streams
		ids     []uint32               // stream ids, in the order of t.Streams
	)
	for off < len(data) {
		rest := len(data) - off
		if rest < blockHeaderSize {
			if prefix && !complete {
				break // a torn block header ends an unfinished recording
			}
			return nil, errAt(off, "truncated block: %d bytes left, a block header takes %d", rest, blockHeaderSize)
		}
		h := data[off : off+blockHeaderSize]
		if got, want := crc32.Checksum(h[:18], castagnoli), le32(h[18:]); got != want {
			return nil, errAt(off, "block header checksum mismatch (stored %08x, computed %08x)", want, got)
		}
		typ, bmask, sid, nops, plen := h[0], h[1], le32(h[2:]), le32(h[6:]), le32(h[10:])
		if uint64(plen) > uint64(rest-blockHeaderSize) {
			if prefix && !complete {
				break // a torn block ends an unfinished recording
			}
			return nil, errAt(off, "truncated block: its payload takes %d bytes, %d are left", plen, rest-blockHeaderSize)
		}
		poff := off + blockHeaderSize
		payload := data[poff : poff+int(plen)]
		if got, want := crc32.Checksum(payload, castagnoli), le32(h[14:]); got != want {
			return nil, errAt(off, "block payload checksum mismatch (stored %08x, computed %08x)", want, got)
		}
		if bmask&^maskAll != 0 {
			return nil, errAt(off+1, "unknown key-type bits %#x", bmask)
		}
		switch typ {
		case blockOps:
		case blockEnd:
			hcounts := t.Counts
			if err := checkEnd(t, payload, off, bmask, sid, nops, &counts, kmask, nblocks); err != nil {
				return nil, err
			}
			if complete && (hcounts != counts || mask != bmask) {
				return nil, errAt(offCounts, "the header's counts or key types differ from the end block's")
			}
			off = poff + int(plen)
			if off != len(data) {
				return nil, errAt(off, "%d bytes after the end block", len(data)-off)
			}
			ended = true
			continue
		default:
			return nil, errAt(off, "unknown block type %d", typ)
		}

		// An ops block.
		if nops == 0 {
			return nil, errAt(off+6, "block of 0 ops")
		}
		if nops > plen {
			return nil, errAt(off+6, "block of %d ops in %d bytes: an op takes at least 1", nops, plen)
		}
		i, ok := index[sid]
		if !ok {
			i = len(t.Streams)
			index[sid] = i
			ids = append(ids, sid)
			t.Streams = append(t.Streams, nil)
		}
		ops, keyed, err := decodeOps(t.Streams[i], payload, poff, int(nops), table)
		if err != nil {
			return nil, err
		}
		if (keyed > 0) != (bmask != 0) {
			return nil, errAt(off+1, "key-type mask %#x does not fit a block with %d ops that have a key", bmask, keyed)
		}
		for _, op := range ops[len(t.Streams[i]):] {
			counts[op.Kind]++
		}
		t.Streams[i] = ops
		kmask |= bmask
		nblocks++
		off = poff + int(plen)
	}

	if !ended {
		if complete {
			return nil, errAt(len(data), "the end block is missing, but the header says the recording is complete: the file is truncated")
		}
		if !prefix {
			return nil, errAt(len(data), "the end block is missing: the recording is unfinished (its program did not call Close) or truncated; ReadPrefix reads its complete blocks")
		}
		t.Counts = counts
		t.KeyType = keyType(kmask)
	}
	t.Complete = ended

	// Order the streams by id: the order in which the recorder made them.
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
	streams := make([][]Op, len(order))
	for i, j := range order {
		streams[i] = t.Streams[j]
	}
	t.Streams = streams
	return t, nil
}

// parseHeader reads the header at the start of data into h and returns its size, its
// complete flag and its key-type mask.
func parseHeader(data []byte, h *Header) (size int, complete bool, mask uint8, err *FormatError) {
	n := len(data)
	if n < len(magic) {
		if string(data) == magic[:n] {
			return 0, false, 0, errAt(n, "truncated header: %d bytes, a header takes at least %d", n, headerSize(0))
		}
		return 0, false, 0, errAt(0, "not a recording: the file does not start with the magic %q", magic)
	}
	if string(data[:len(magic)]) != magic {
		return 0, false, 0, errAt(0, "not a recording: the file does not start with the magic %q", magic)
	}
	if n < offVersion+2 {
		return 0, false, 0, errAt(n, "truncated header: %d bytes, a header takes at least %d", n, headerSize(0))
	}
	switch v := le16(data[offVersion:]); {
	case v > formatVersion:
		return 0, false, 0, errAt(offVersion, "format version %d is newer than this reader's version %d: read it with a newer version of this package", v, formatVersion)
	case v < formatVersion:
		return 0, false, 0, errAt(offVersion, "unknown format version %d (this reader reads version %d)", v, formatVersion)
	}
	if n < headerFixed {
		return 0, false, 0, errAt(n, "truncated header: %d bytes, a header takes at least %d", n, headerSize(0))
	}
	size = headerSize(int(data[offGoLen]))
	if n < size {
		return 0, false, 0, errAt(n, "truncated header: %d bytes, this header takes %d", n, size)
	}
	if got, want := crc32.Checksum(data[:size-4], castagnoli), le32(data[size-4:]); got != want {
		return 0, false, 0, errAt(size-4, "header checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	flags := le16(data[offFlags:])
	if flags&^flagComplete != 0 {
		return 0, false, 0, errAt(offFlags, "unknown header flags %#x", flags)
	}
	complete = flags&flagComplete != 0
	procs := le32(data[offProcs:])
	if procs == 0 || procs > 1<<24 {
		return 0, false, 0, errAt(offProcs, "GOMAXPROCS %d out of range", procs)
	}
	mask = data[offMask]
	if mask&^maskAll != 0 {
		return 0, false, 0, errAt(offMask, "unknown key-type bits %#x", mask)
	}
	for k := range h.Counts {
		h.Counts[k] = le64(data[offCounts+8*k:])
		if !complete && h.Counts[k] != 0 {
			return 0, false, 0, errAt(offCounts+8*k, "%v count %d in the header of an unfinished recording", Kind(k), h.Counts[k])
		}
	}
	if !complete && mask != 0 {
		return 0, false, 0, errAt(offMask, "key types in the header of an unfinished recording")
	}
	h.Version = formatVersion
	h.Seed = le64(data[offSeed:])
	h.GOMAXPROCS = int(procs)
	h.Start = time.Unix(0, int64(le64(data[offStart:])))
	h.GoVersion = string(data[headerFixed : size-4])
	h.KeyType = keyType(mask)
	return size, complete, mask, nil
}

// checkEnd checks the end block at off against what the ops blocks held (counts,
// kmask, nblocks) and sets the totals of t from it.
func checkEnd(t *Trace, payload []byte, off int, bmask uint8, sid, nops uint32, counts *[NumKinds]uint64, kmask uint8, nblocks uint64) *FormatError {
	poff := off + blockHeaderSize
	switch {
	case sid != 0:
		return errAt(off+2, "end block with stream id %d", sid)
	case nops != 0:
		return errAt(off+6, "end block with op count %d", nops)
	case len(payload) != endPayloadSize:
		return errAt(off+10, "end block payload of %d bytes, want %d", len(payload), endPayloadSize)
	case bmask&kmask != kmask:
		return errAt(off+1, "end block key-type mask %#x lacks key types of the blocks (%#x)", bmask, kmask)
	}
	for k := range counts {
		if c := le64(payload[8*k:]); c != counts[k] {
			return errAt(poff+8*k, "end block counts %d %v ops, the blocks hold %d", c, Kind(k), counts[k])
		}
	}
	if b := le64(payload[96:]); b != nblocks {
		return errAt(poff+96, "end block counts %d blocks, the file holds %d", b, nblocks)
	}
	t.Counts = *counts
	t.Sampled = le64(payload[80:])
	t.Dropped = le64(payload[88:])
	t.KeyType = keyType(bmask)
	return nil
}

// decodeOps appends the n ops that payload encodes to ops and returns them with the
// number of ops that have a key. base is the offset of payload in the file.
func decodeOps(ops []Op, payload []byte, base, n int, table *[tableSize]tableEntry) ([]Op, int, *FormatError) {
	clear(table[:])
	ops = slices.Grow(ops, n)
	keyed := 0
	i := 0
	for j := 0; j < n; j++ {
		if i >= len(payload) {
			return nil, 0, errAt(base+i, "the block's payload ends at op %d of %d", j, n)
		}
		b := payload[i]
		k := Kind(b & 0x0f)
		if k >= NumKinds {
			return nil, 0, errAt(base+i, "invalid op kind %d", b&0x0f)
		}
		if !k.hasKey() {
			if b>>4 != 0 {
				return nil, 0, errAt(base+i, "%v op with key bits %#x", k, b>>4)
			}
			ops = append(ops, Op{Kind: k})
			i++
			continue
		}
		keyed++
		if b&opHit != 0 {
			if i+2 > len(payload) {
				return nil, 0, errAt(base+i, "the block's payload ends in op %d of %d", j, n)
			}
			slot := uint32(b>>5)<<8 | uint32(payload[i+1])
			e := table[slot]
			if !e.full {
				return nil, 0, errAt(base+i, "op refers to key slot %d, which is empty", slot)
			}
			ops = append(ops, Op{Kind: k, Class: e.class, Key: e.id})
			i += 2
			continue
		}
		class := b >> 5
		p := i + 1
		if class == classEscape {
			if p >= len(payload) {
				return nil, 0, errAt(base+i, "the block's payload ends in op %d of %d", j, n)
			}
			class = payload[p]
			if class < classEscape || class > 64 {
				return nil, 0, errAt(base+p, "invalid size class %d", class)
			}
			p++
		}
		if p+4 > len(payload) {
			return nil, 0, errAt(base+i, "the block's payload ends in op %d of %d", j, n)
		}
		id := le32(payload[p:])
		table[id&(tableSize-1)] = tableEntry{id: id, class: class, full: true}
		ops = append(ops, Op{Kind: k, Class: class, Key: id})
		i = p + 4
	}
	if i != len(payload) {
		return nil, 0, errAt(base+i, "%d bytes after the block's %d ops", len(payload)-i, n)
	}
	return ops, keyed, nil
}
