package trace

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallRecording returns a complete recording of a few blocks of 8 ops in 3 streams,
// with every kind, misses and hits, and a key of the escaped size classes. Through a
// file its header is finished in place; through a buffer it is not.
func smallRecording(t testing.TB, viaFile bool) []byte {
	var buf bytes.Buffer
	w := any(&buf)
	var path string
	if viaFile {
		path = filepath.Join(t.TempDir(), "small.trace")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		w = f
	}
	r, err := newRecorder(w.(interface{ Write([]byte) (int, error) }), Options{}, 8, 64)
	if err != nil {
		t.Fatal(err)
	}
	recordSmall(r)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if !viaFile {
		return buf.Bytes()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// recordSmall records 3 streams of 20 ops into r.
func recordSmall(r *Recorder) {
	for g := range 3 {
		s := r.Stream()
		for i := range 20 {
			k := Kind((i + g) % NumKinds)
			var key any
			switch i % 4 {
			case 0:
				key = i % 3
			case 1:
				key = "key" + strings.Repeat("-", g*40)
			case 2:
				key = struct{ A, B int }{i, g}
			default:
				key = int8(i)
			}
			s.Record(k, key)
		}
		s.Flush()
	}
}

// readErr returns the FormatError of reading data, failing the test if there is none
// or if its offset is out of range.
func readErr(t *testing.T, data []byte, prefix bool) *FormatError {
	t.Helper()
	tr, err := read(bytes.NewReader(data), prefix)
	if err == nil {
		t.Fatalf("read (prefix %v) of a bad file succeeded: %d streams", prefix, len(tr.Streams))
	}
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("read (prefix %v): %v is not a FormatError", prefix, err)
	}
	if fe.Offset < 0 || fe.Offset > int64(len(data)) {
		t.Fatalf("read (prefix %v): %v: offset out of the file's %d bytes", prefix, err, len(data))
	}
	if !strings.HasPrefix(err.Error(), "trace: offset ") {
		t.Errorf("error %q", err)
	}
	return fe
}

// blockOffsets returns the offsets of the blocks of a valid recording.
func blockOffsets(t testing.TB, data []byte) []int {
	var h Header
	off, _, _, err := parseHeader(data, &h)
	if err != nil {
		t.Fatal(err)
	}
	var offs []int
	for off < len(data) {
		offs = append(offs, off)
		off += blockHeaderSize + int(le32(data[off+10:]))
	}
	return offs
}

func TestReadSmall(t *testing.T) {
	for _, viaFile := range []bool{true, false} {
		data := smallRecording(t, viaFile)
		for _, prefix := range []bool{false, true} {
			tr, err := read(bytes.NewReader(data), prefix)
			if err != nil {
				t.Fatal(err)
			}
			if !tr.Complete || len(tr.Streams) != 3 || tr.KeyType != KeyMixed {
				t.Errorf("complete %v, %d streams, key type %q", tr.Complete, len(tr.Streams), tr.KeyType)
			}
			var total uint64
			for _, c := range tr.Counts {
				total += c
			}
			if total != 60 {
				t.Errorf("counts %v, want 60 ops", tr.Counts)
			}
		}
	}
}

func TestReadCorrupt(t *testing.T) {
	data := smallRecording(t, true)
	offs := blockOffsets(t, data)
	hsize := offs[0]
	end := offs[len(offs)-1]
	mid := offs[len(offs)/2]
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(data)) }
	for _, tc := range []struct {
		name   string
		data   []byte
		offset int
		msg    string
	}{
		{"empty", nil, 0, "truncated header"},
		{"not a recording", []byte("hello, world"), 0, "magic"},
		{"future version", edit(func(b []byte) []byte { b[offVersion] = 2; return b }), offVersion,
			"format version 2 is newer than this reader's version 1"},
		{"version 0", edit(func(b []byte) []byte { b[offVersion] = 0; return b }), offVersion, "unknown format version 0"},
		{"truncated header", data[:50], 50, "truncated header"},
		{"header checksum", edit(func(b []byte) []byte { b[offSeed] ^= 1; return b }), hsize - 4, "header checksum"},
		{"block header checksum", edit(func(b []byte) []byte { b[mid+6] ^= 1; return b }), mid, "block header checksum"},
		{"payload checksum", edit(func(b []byte) []byte { b[mid+blockHeaderSize+1] ^= 1; return b }), mid, "payload checksum"},
		{"truncated block", data[:mid+blockHeaderSize+3], mid, "truncated block"},
		{"no end block", data[:end], end, "end block is missing"},
		{"bytes after the end", append(bytes.Clone(data), 0), len(data), "after the end block"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, prefix := range []bool{false, true} {
				fe := readErr(t, tc.data, prefix)
				if fe.Offset != int64(tc.offset) || !strings.Contains(fe.Msg, tc.msg) {
					t.Errorf("prefix %v: %v; want offset %d and %q", prefix, fe, tc.offset, tc.msg)
				}
			}
		})
	}
}

// TestReadEveryFlip checks that a flipped bit anywhere in a recording is an error.
func TestReadEveryFlip(t *testing.T) {
	for _, viaFile := range []bool{true, false} {
		data := smallRecording(t, viaFile)
		for i := range data {
			for _, bit := range []byte{0x01, 0x10, 0x80} {
				b := bytes.Clone(data)
				b[i] ^= bit
				readErr(t, b, false)
				readErr(t, b, true)
			}
		}
	}
}

// TestReadEveryCut checks every prefix of a recording: Read rejects them all, at the
// offset of the block that the cut tears (or of the cut, between blocks); ReadPrefix
// reads the whole blocks of an unfinished one and rejects a cut finished one.
func TestReadEveryCut(t *testing.T) {
	for _, viaFile := range []bool{true, false} {
		data := smallRecording(t, viaFile)
		offs := blockOffsets(t, data)
		for n := range len(data) {
			cut := data[:n]
			fe := readErr(t, cut, false)
			if n < offs[0] {
				if fe.Offset != int64(n) && fe.Offset != 0 {
					t.Errorf("Read of %d bytes: %v", n, fe)
				}
				continue // a cut header
			}
			want, ops := 0, 0 // the offset of the torn block; the ops of the whole ones
			for _, o := range offs {
				if o <= n {
					want = o
				}
				if size := blockHeaderSize + int(le32(data[o+10:])); o+size <= n {
					ops += int(le32(data[o+6:]))
				}
			}
			if fe.Offset != int64(want) {
				t.Errorf("Read of %d bytes: %v, want offset %d", n, fe, want)
			}
			if viaFile {
				readErr(t, cut, true) // the header says complete: truncated
				continue
			}
			tr, err := ReadPrefix(bytes.NewReader(cut))
			if err != nil {
				t.Fatalf("ReadPrefix of %d bytes: %v", n, err)
			}
			got := 0
			for _, s := range tr.Streams {
				got += len(s)
			}
			var total uint64
			for _, c := range tr.Counts {
				total += c
			}
			if tr.Complete || got != ops || total != uint64(ops) {
				t.Fatalf("ReadPrefix of %d bytes: complete %v, %d ops (counts %d), want %d", n, tr.Complete, got, total, ops)
			}
		}
	}
}

// crafted returns a file of a header h (an unfinished one if h is nil) and blocks,
// each given as its type, mask, stream, op count and payload, with valid checksums.
func crafted(h *header, blocks ...rawBlock) []byte {
	if h == nil {
		h = &header{version: formatVersion, procs: 1, goVersion: "go1.x"}
	}
	b := appendHeader(nil, h)
	for _, blk := range blocks {
		start := len(b)
		b = appendBlockHeader(b, blk.typ, blk.mask, blk.stream, blk.ops)
		b = append(b, blk.payload...)
		finishBlock(b[start:])
	}
	return b
}

type rawBlock struct {
	typ, mask   uint8
	stream, ops uint32
	payload     []byte
}

func opsBlock(mask uint8, ops uint32, payload ...byte) rawBlock {
	return rawBlock{typ: blockOps, mask: mask, ops: ops, payload: payload}
}

// endBlock returns an end block for counts, with blocks ops blocks.
func endBlock(mask uint8, counts [NumKinds]uint64, blocks uint64) rawBlock {
	b := appendEnd(nil, mask, &counts, 0, 0, blocks)
	return rawBlock{typ: blockEnd, mask: mask, payload: b[blockHeaderSize:]}
}

// TestReadInvalid checks the errors for contents that pass the checksums but are wrong.
func TestReadInvalid(t *testing.T) {
	hs := headerSize(len("go1.x"))
	p0 := hs + blockHeaderSize // the first block's payload
	miss := []byte{byte(Load) | 4<<5, 1, 2, 3, 4}
	complete := &header{version: formatVersion, flags: flagComplete, procs: 1, goVersion: "go1.x",
		counts: [NumKinds]uint64{Load: 1}, mask: maskInt}
	good := crafted(complete, opsBlock(maskInt, 1, miss...), endBlock(maskInt, [NumKinds]uint64{Load: 1}, 1))
	if _, err := Read(bytes.NewReader(good)); err != nil {
		t.Fatalf("the valid crafted file: %v", err)
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		offset int
		msg    string
	}{
		{"unknown flags", crafted(&header{version: formatVersion, flags: 2, procs: 1, goVersion: "go1.x"}), offFlags, "flags"},
		{"GOMAXPROCS 0", crafted(&header{version: formatVersion, goVersion: "go1.x"}), offProcs, "GOMAXPROCS"},
		{"unknown key types", crafted(&header{version: formatVersion, flags: flagComplete, procs: 1, mask: 8}), offMask, "key-type"},
		{"counts of an unfinished header", crafted(&header{version: formatVersion, procs: 1, counts: [NumKinds]uint64{Store: 1}}),
			offCounts + 8, "Store count 1"},
		{"unknown block type", crafted(nil, rawBlock{typ: 3}), hs, "unknown block type 3"},
		{"block mask", crafted(nil, opsBlock(16, 1, miss...)), hs + 1, "key-type bits"},
		{"empty block", crafted(nil, opsBlock(0, 0)), hs + 6, "0 ops"},
		{"more ops than bytes", crafted(nil, opsBlock(maskInt, 6, miss...)), hs + 6, "6 ops in 5 bytes"},
		{"invalid kind", crafted(nil, opsBlock(0, 1, 12)), p0, "invalid op kind 12"},
		{"Range with key bits", crafted(nil, opsBlock(0, 1, byte(Range)|0x20)), p0, "Range op with key bits"},
		{"hit of an empty slot", crafted(nil, opsBlock(maskInt, 1, byte(Load)|opHit, 9)), p0, "slot 9"},
		{"escaped small class", crafted(nil, opsBlock(maskInt, 1, byte(Load)|7<<5, 6, 1, 2, 3, 4)), p0 + 1, "size class 6"},
		{"class 65", crafted(nil, opsBlock(maskInt, 1, byte(Load)|7<<5, 65, 1, 2, 3, 4)), p0 + 1, "size class 65"},
		{"payload ends in an op", crafted(nil, opsBlock(maskInt, 2, append(miss, byte(Load))...)), p0 + 5, "ends in op 1 of 2"},
		{"bytes after the ops", crafted(nil, opsBlock(maskInt, 1, append(miss, 0)...)), p0 + 5, "1 bytes after"},
		{"mask without keys", crafted(nil, opsBlock(maskInt, 1, byte(Range))), hs + 1, "does not fit"},
		{"keys without mask", crafted(nil, opsBlock(0, 1, miss...)), hs + 1, "does not fit"},
		{"end counts", crafted(nil, opsBlock(maskInt, 1, miss...), endBlock(maskInt, [NumKinds]uint64{Store: 1}, 1)),
			p0 + len(miss) + blockHeaderSize, "end block counts 0 Load ops, the blocks hold 1"},
		{"end blocks", crafted(nil, opsBlock(maskInt, 1, miss...), endBlock(maskInt, [NumKinds]uint64{Load: 1}, 2)),
			p0 + len(miss) + blockHeaderSize + 96, "2 blocks"},
		{"end mask", crafted(nil, opsBlock(maskInt, 1, miss...), endBlock(maskString, [NumKinds]uint64{Load: 1}, 1)),
			p0 + len(miss) + 1, "lacks key types"},
		{"end stream", crafted(nil, rawBlock{typ: blockEnd, stream: 1, payload: make([]byte, endPayloadSize)}), hs + 2, "stream id 1"},
		{"end size", crafted(nil, rawBlock{typ: blockEnd, payload: make([]byte, 8)}), hs + 10, "payload of 8 bytes"},
		{"header mask differs", crafted(&header{version: formatVersion, flags: flagComplete, procs: 1, counts: [NumKinds]uint64{Load: 1}, mask: maskInt | maskString},
			opsBlock(maskInt, 1, miss...), endBlock(maskInt, [NumKinds]uint64{Load: 1}, 1)), offCounts, "differ"},
		{"header counts differ", crafted(&header{version: formatVersion, flags: flagComplete, procs: 1, counts: [NumKinds]uint64{Load: 2}, mask: maskInt},
			opsBlock(maskInt, 1, miss...), endBlock(maskInt, [NumKinds]uint64{Load: 1}, 1)), offCounts, "differ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, prefix := range []bool{false, true} {
				fe := readErr(t, tc.data, prefix)
				if fe.Offset != int64(tc.offset) || !strings.Contains(fe.Msg, tc.msg) {
					t.Errorf("prefix %v: %v; want offset %d and %q", prefix, fe, tc.offset, tc.msg)
				}
			}
		})
	}
}

// TestSessions checks the recording of the example program that is checked in.
func TestSessions(t *testing.T) {
	tr, err := ReadFile(filepath.Join("testdata", "sessions.trace"))
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Complete || tr.KeyType != KeyString || tr.Sampled != 0 || tr.Dropped != 0 {
		t.Errorf("header %+v, sampled %d, dropped %d", tr.Header, tr.Sampled, tr.Dropped)
	}
	var ops uint64
	for _, s := range tr.Streams {
		for _, op := range s {
			switch op.Kind {
			case Load, Store, LoadOrStore, Delete:
				if op.Class != 5 { // "sess-" and 16 hex digits
					t.Fatalf("%v op of class %d", op.Kind, op.Class)
				}
			case Range:
			default:
				t.Fatalf("%v op", op.Kind)
			}
			ops++
		}
	}
	if ops < 50000 || tr.Counts[Load] < ops/2 || tr.Counts[Range] == 0 {
		t.Errorf("%d ops, counts %v", ops, tr.Counts)
	}
}
