package trace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var writeCorpus = flag.Bool("corpus", false, "write the seed corpus of FuzzRead into testdata/fuzz/FuzzRead")

// FuzzRead reads arbitrary bytes with Read and ReadPrefix, as they are and with their
// checksums made valid (so that mutations reach the op decoder), and checks that every
// error is a FormatError with an offset in the file and that every trace read is
// consistent.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data)
		if sealed := reseal(data); !bytes.Equal(sealed, data) {
			checkRead(t, sealed)
		}
	})
}

func checkRead(t *testing.T, data []byte) {
	var whole *Trace
	for _, prefix := range []bool{false, true} {
		tr, err := read(bytes.NewReader(data), prefix)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("prefix %v: error %v is not a FormatError", prefix, err)
			}
			if fe.Offset < 0 || fe.Offset > int64(len(data)) {
				t.Fatalf("prefix %v: %v: offset out of the %d bytes", prefix, err, len(data))
			}
			if prefix && whole != nil {
				t.Fatalf("Read succeeded but ReadPrefix failed: %v", err)
			}
			continue
		}
		if !prefix && !tr.Complete {
			t.Fatal("Read returned an unfinished trace")
		}
		var counts [NumKinds]uint64
		for _, s := range tr.Streams {
			if len(s) == 0 {
				t.Fatal("empty stream")
			}
			for _, op := range s {
				if op.Kind >= NumKinds || (!op.Kind.hasKey() && (op.Class != 0 || op.Key != 0)) || op.Class > 64 {
					t.Fatalf("invalid op %+v", op)
				}
				counts[op.Kind]++
			}
		}
		if counts != tr.Counts {
			t.Fatalf("prefix %v: counts %v, the streams hold %v", prefix, tr.Counts, counts)
		}
		if !prefix {
			whole = tr
		} else if whole != nil && fmt.Sprint(whole) != fmt.Sprint(tr) {
			t.Fatal("Read and ReadPrefix of a complete trace differ")
		}
	}
}

// reseal returns data with the checksums of its header and of its blocks made valid,
// as far as its header and its block lengths allow.
func reseal(data []byte) []byte {
	b := bytes.Clone(data)
	if len(b) < headerFixed {
		return b
	}
	hs := headerSize(int(b[offGoLen]))
	if len(b) < hs {
		return b
	}
	binary.LittleEndian.PutUint32(b[hs-4:], crc32.Checksum(b[:hs-4], castagnoli))
	for off := hs; off+blockHeaderSize <= len(b); {
		n := blockHeaderSize + int(le32(b[off+10:]))
		if uint64(n) > uint64(len(b)-off) {
			binary.LittleEndian.PutUint32(b[off+18:], crc32.Checksum(b[off:off+18], castagnoli))
			break
		}
		finishBlock(b[off : off+n])
		off += n
	}
	return b
}

// corpus returns the seed corpus of FuzzRead, by file name: valid-* files are complete
// recordings, unfinished-* ones unfinished recordings, bad-* ones invalid files.
func corpus(t testing.TB) map[string][]byte {
	c := map[string][]byte{
		"valid-file":   smallRecording(t, true),
		"valid-stream": smallRecording(t, false),
	}

	var buf bytes.Buffer
	r, err := NewRecorder(&buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	c["valid-empty"] = bytes.Clone(buf.Bytes())

	buf.Reset()
	r, err = newRecorder(&buf, Options{MaxBytes: minMaxBytes}, 8, 64)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Stream()
	for i := range 800 {
		s.Record(Kind(i%NumKinds), i%50)
		if i%64 == 0 {
			r.drain()
		}
	}
	r.Close()
	c["valid-sampled"] = bytes.Clone(buf.Bytes())

	w := &blockingWriter{release: make(chan struct{})}
	r, err = newRecorder(w, Options{}, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := r.Stream()
			for i := range 40 {
				s.Record(Store, fmt.Sprint(g, i))
			}
		}()
	}
	wg.Wait()
	close(w.release)
	r.Close()
	c["valid-dropped"] = w.buf.Bytes()

	data, last := unfinished(t, 3, 8)
	c["unfinished"] = data
	c["unfinished-torn"] = data[:last+blockHeaderSize+7]
	c["unfinished-torn-header"] = data[:last+9]

	valid := c["valid-file"]
	offs := blockOffsets(t, valid)
	mid, end := offs[len(offs)/2], offs[len(offs)-1]
	c["bad-truncated"] = valid[:mid+blockHeaderSize+4]
	c["bad-no-end"] = valid[:end]
	c["bad-checksum"] = bytes.Clone(valid)
	c["bad-checksum"][mid+blockHeaderSize+2] ^= 0x40
	c["bad-future-version"] = bytes.Clone(valid)
	c["bad-future-version"][offVersion] = formatVersion + 1
	c["bad-trailing"] = append(bytes.Clone(valid), "more"...)
	c["bad-header-checksum"] = bytes.Clone(valid)
	c["bad-header-checksum"][offProcs] ^= 1
	c["bad-not-a-trace"] = []byte("go test fuzz v1\n")
	return c
}

// TestFuzzCorpus checks the checked-in seed corpus of FuzzRead: each file reads as its
// name says. With -corpus, it writes the corpus first.
func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	if *writeCorpus {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range corpus(t) {
			text := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("%d files in %s, want the seed corpus", len(files), dir)
	}
	for _, file := range files {
		name := file.Name()
		text, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		data, err := unmarshalSeed(string(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, rerr := Read(bytes.NewReader(data))
		_, perr := ReadPrefix(bytes.NewReader(data))
		switch {
		case strings.HasPrefix(name, "valid-") && (rerr != nil || perr != nil):
			t.Errorf("%s: %v, %v", name, rerr, perr)
		case strings.HasPrefix(name, "unfinished") && (rerr == nil || perr != nil):
			t.Errorf("%s: Read error %v, ReadPrefix error %v", name, rerr, perr)
		case strings.HasPrefix(name, "bad-") && (rerr == nil || perr == nil):
			t.Errorf("%s: Read error %v, ReadPrefix error %v", name, rerr, perr)
		}
	}
}

// unmarshalSeed returns the []byte of a corpus file of one []byte argument.
func unmarshalSeed(text string) ([]byte, error) {
	rest, ok := strings.CutPrefix(text, "go test fuzz v1\n[]byte(")
	if !ok {
		return nil, errors.New("not a corpus file of one []byte")
	}
	rest, ok = strings.CutSuffix(strings.TrimSpace(rest), ")")
	if !ok {
		return nil, errors.New("no closing parenthesis")
	}
	s, err := strconv.Unquote(rest)
	return []byte(s), err
}
