package trace

import (
	"hash/crc32"
	"slices"
	"time"
)

// Decoding the parts of a recording: its header, its end block and the ops of a block.

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
