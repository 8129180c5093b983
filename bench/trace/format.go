package trace

// The layout of a file is documented in the package doc, under File format; the
// constants and encoders here follow it.

import (
	"encoding/binary"
	"hash/crc32"
)

// formatVersion is the format version that this package writes and reads.
const formatVersion = 1

const (
	magic = "\x89cmtrace"

	headerFixed = 114 // bytes of the header before the Go version
	offVersion  = 8
	offFlags    = 10
	offSeed     = 12
	offProcs    = 20
	offStart    = 24
	offCounts   = 32
	offMask     = 112
	offGoLen    = 113
	maxGoLen    = 255

	flagComplete = 1

	blockHeaderSize = 22
	blockOps        = 1 // block types
	blockEnd        = 2
	endPayloadSize  = NumKinds*8 + 3*8
	endBlockSize    = blockHeaderSize + endPayloadSize

	// Ops encoding.
	opHit       = 1 << 4
	classEscape = 7
	tableBits   = 11
	tableSize   = 1 << tableBits
	maxOpSize   = 6 // a miss with a class of 7 or more
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// headerSize returns the size of a header that holds a Go version of goLen bytes.
func headerSize(goLen int) int { return headerFixed + goLen + 4 }

// header is the part of a file's header that the recorder fills in.
type header struct {
	version   uint16
	flags     uint16
	seed      uint64
	procs     uint32
	start     int64
	counts    [NumKinds]uint64
	mask      uint8
	goVersion string
}

// appendHeader appends the encoding of h to b.
func appendHeader(b []byte, h *header) []byte {
	start := len(b)
	gv := h.goVersion
	if len(gv) > maxGoLen {
		gv = gv[:maxGoLen]
	}
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint16(b, h.version)
	b = binary.LittleEndian.AppendUint16(b, h.flags)
	b = binary.LittleEndian.AppendUint64(b, h.seed)
	b = binary.LittleEndian.AppendUint32(b, h.procs)
	b = binary.LittleEndian.AppendUint64(b, uint64(h.start))
	for _, c := range h.counts {
		b = binary.LittleEndian.AppendUint64(b, c)
	}
	b = append(b, h.mask, byte(len(gv)))
	b = append(b, gv...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[start:], castagnoli))
}

// appendBlockHeader appends the header of a block to b, with a payload length and
// checksums that finishBlock fills in once the payload follows.
func appendBlockHeader(b []byte, typ, mask uint8, stream, ops uint32) []byte {
	b = append(b, typ, mask)
	b = binary.LittleEndian.AppendUint32(b, stream)
	b = binary.LittleEndian.AppendUint32(b, ops)
	// The payload length and the checksums, set by finishBlock.
	return append(b, make([]byte, 12)...)
}

// finishBlock sets the payload length and the checksums of the block that b holds.
func finishBlock(b []byte) {
	head, payload := b[:blockHeaderSize], b[blockHeaderSize:]
	binary.LittleEndian.PutUint32(head[10:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(head[14:], crc32.Checksum(payload, castagnoli))
	binary.LittleEndian.PutUint32(head[18:], crc32.Checksum(head[:18], castagnoli))
}

// tableEntry is a slot of the table of recent keys.
type tableEntry struct {
	id    uint32
	class uint8
	full  bool
}

// encoder encodes ops blocks. Its table is reset for every block.
type encoder struct {
	table [tableSize]tableEntry
}

// appendOps appends the payload that encodes ops to b.
func (e *encoder) appendOps(b []byte, ops []Op) []byte {
	clear(e.table[:])
	for _, op := range ops {
		if !op.Kind.hasKey() {
			b = append(b, byte(op.Kind))
			continue
		}
		slot := op.Key & (tableSize - 1)
		t := &e.table[slot]
		if t.full && t.id == op.Key && t.class == op.Class {
			b = append(b, byte(op.Kind)|opHit|byte(slot>>8)<<5, byte(slot))
			continue
		}
		*t = tableEntry{id: op.Key, class: op.Class, full: true}
		if op.Class < classEscape {
			b = append(b, byte(op.Kind)|op.Class<<5)
		} else {
			b = append(b, byte(op.Kind)|classEscape<<5, op.Class)
		}
		b = binary.LittleEndian.AppendUint32(b, op.Key)
	}
	return b
}

// appendEnd appends an end block to b.
func appendEnd(b []byte, mask uint8, counts *[NumKinds]uint64, sampled, dropped, blocks uint64) []byte {
	start := len(b)
	b = appendBlockHeader(b, blockEnd, mask, 0, 0)
	for _, c := range counts {
		b = binary.LittleEndian.AppendUint64(b, c)
	}
	b = binary.LittleEndian.AppendUint64(b, sampled)
	b = binary.LittleEndian.AppendUint64(b, dropped)
	b = binary.LittleEndian.AppendUint64(b, blocks)
	finishBlock(b[start:])
	return b
}
