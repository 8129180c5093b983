// Package trace records how a program uses one map, so that the suite can replay the
// recording on every concurrent-map strategy, and reads recordings back.
//
// Recording takes two lines: make a Recorder and use a SyncMap (a sync.Map that records
// every call) in place of the program's sync.Map, or wrap a typed map with Wrap:
//
//	rec, err := trace.Create("sessions.trace", trace.Options{})
//	...
//	m := trace.NewSyncMap(rec)
//	defer rec.Close()
//
// A recording holds, for every map call, its kind (the method), the key's id and the
// key's size class, in streams: sequences of ops in the order they were made. The
// pooled wrappers (SyncMap and Map) take a stream from a sync.Pool for each call and put
// it back, so a stream holds the ops of the goroutines that ran in turn on one P, in the
// order they were made; there are about as many streams as Ps (more under the race
// detector, whose sync.Pool drops items at random). A Stream made with Recorder.Stream
// is exactly one goroutine's, in its exact order. One Recorder records one map: the ops
// of two maps in one recording could not be told apart. Read returns the streams with
// the header of the recording.
//
// # Cost
//
// Recording an op adds a pool Get and Put, the hash of the key and a store into the
// stream's buffer to the map call: no lock shared between goroutines, and no allocation
// for integer and string keys. BenchmarkRecord measures it at about 20 ns an op, on a
// 2-core AMD EPYC with Go 1.23 and Go 1.26, on top of sync.Map's Load of about 20 ns. A
// full buffer (4096 ops) goes to a single writer goroutine without waiting: if the
// writer has fallen behind (a slow disk), the block is dropped and counted in
// Trace.Dropped, so a recorded program never waits for the disk. When the writer has
// not yet taken the blocks before, the goroutine that hands it one yields its P
// (runtime.Gosched), so that the writer runs even when the program keeps every P busy.
//
// # Keys
//
// A recording holds no key and no value. A key's id is a 32-bit hash of the key under a
// random seed made when the recording starts (hash/maphash); that seed never leaves the
// process, so ids cannot be turned back into keys. Keys of every integer type (all sizes,
// signed or not, uintptr, named types too) hash their value as 8 bytes, so equal values
// of different integer types share an id; strings hash their bytes; keys of other
// comparable types hash with maphash.Comparable from Go 1.24 on, and before it through
// their type and fmt's %#v text, which is much slower. Header.Seed is another random
// number, the name of the recording's key-id space: ids from recordings with different
// seeds are unrelated. Two keys of a recording share an id by chance: of n distinct keys,
// some two do with probability about n²/2³³ (1 in 86 for 10,000 keys), and a million
// keys hold about 116 such pairs. A key's size class is bits.Len of its size in bytes (ClassLen turns
// it back into a length), so that a replay can make keys of the same sizes.
//
// # Size bound
//
// The file never grows past Options.MaxBytes (DefaultMaxBytes, 64 MiB, by default).
// Below half of the bound, every block is kept; past it, each stream keeps one of every
// 2 of its blocks, past 3/4 one of every 4, and so on: one of every 2^k once the room
// left is at most MaxBytes/2^k. A block that would not fit is left out as well. The ops
// of the blocks left out are counted in Trace.Sampled. The end block's room is kept
// from the start.
//
// # File format
//
// A file is a header, then blocks, the last of them an end block; all integers are
// little-endian. The header takes 118 bytes plus the length of the Go version:
//
//	off    size  field
//	0      8     magic "\x89cmtrace"
//	8      2     format version (1)
//	10     2     flags: bit 0 set when the recording is complete (the other bits are 0)
//	12     8     Header.Seed
//	20     4     GOMAXPROCS at the start of the recording
//	24     8     start of the recording, Unix time in nanoseconds
//	32     80    ops kept in the file, per kind (10 × uint64, in Kind order)
//	112    1     key-type mask: bit 0 integer keys, bit 1 string keys, bit 2 other keys
//	113    1     n, the length of the Go version
//	114    n     the Go version of the recording program (runtime.Version())
//	114+n  4     CRC-32C of bytes 0 to 114+n
//
// The recorder writes the header when the recording starts, with the flags, the counts
// and the key-type mask zero. When it writes to an io.WriterAt (an *os.File), Close
// writes the header again in place with the complete flag, the counts and the mask of
// all recorded keys set. A file written to a plain io.Writer (a pipe) keeps the zeros:
// its end block alone says that it is complete.
//
// Every block starts with a 22-byte block header:
//
//	off  size  field
//	0    1     type: 1 for an ops block, 2 for the end block
//	1    1     key-type mask of the block's keys (ops block) or of all recorded keys (end)
//	2    4     stream id (0 in the end block)
//	6    4     op count (0 in the end block)
//	10   4     payload length in bytes
//	14   4     CRC-32C of the payload
//	18   4     CRC-32C of bytes 0 to 18 of the block header
//	22         payload
//
// The recorder writes each block with one Write, so a program that dies leaves whole
// blocks and at most one torn block at the end, which ReadPrefix leaves out.
//
// The payload of an ops block is its ops in recorded order, each of 1 to 6 bytes. The
// low 4 bits of an op's first byte are its kind. Range and Clear have no key and take
// that one byte, whose high 4 bits are zero. An op with a key is a miss or a hit of a
// table of 2048 recent keys that the writer and the reader keep alike, emptied at the
// start of every block so that every block decodes alone:
//
//	miss: bit 4 clear; bits 5-7 the key's size class, or 7 for a class of 7 or more,
//	      which the next byte then holds; then the key id (4 bytes). The key (id and
//	      class) then fills table slot id mod 2048.
//	hit:  bit 4 set; bits 5-7 the high 3 bits of an 11-bit table slot, whose low 8 bits
//	      are the next byte. The op's key is the one in that slot.
//
// A miss takes 5 bytes (6 for a class of 7 or more: strings of 64 bytes or longer) and a
// hit 2, so blocks whose keys repeat take about 2 bytes an op and blocks of distinct
// keys about 5.
//
// The end block's payload holds the totals of the recording (104 bytes):
//
//	off  size  field
//	0    80    ops kept in the file, per kind (10 × uint64)
//	80   8     ops left out by sampling (Trace.Sampled)
//	88   8     ops left out because the writer fell behind (Trace.Dropped)
//	96   8     number of ops blocks in the file
//
// A reader checks every checksum; that every block's ops fill its payload exactly;
// that the counts of the end block, and those of the header when its complete flag is
// set, equal what the blocks hold; and that nothing follows the end block. It rejects a
// file of a newer format version with an error that names both versions.
package trace
