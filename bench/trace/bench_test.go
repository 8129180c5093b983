package trace

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// anyMap is what BenchmarkRecord calls: sync.Map and SyncMap both have these methods,
// so both pay the same indirect call.
type anyMap interface {
	Load(key any) (any, bool)
	Store(key, value any)
	LoadOrStore(key, value any) (any, bool)
}

// BenchmarkRecord measures what recording costs: each case runs on a sync.Map
// (recorded=false) and on a SyncMap that records into a file (recorded=true); the
// difference is the cost per recorded op. It reports the file's bytes per op kept in
// it, and the shares of the timed ops that sampling left out (the file reached half of
// DefaultMaxBytes) and that were dropped because the writer fell behind.
func BenchmarkRecord(b *testing.B) {
	const nkeys = 1 << 12
	ints := make([]any, nkeys)
	strs := make([]any, nkeys)
	for i := range nkeys {
		ints[i] = i * 7919
		strs[i] = fmt.Sprintf("sess-%016x", uint64(i)*0x9e3779b97f4a7c15)
	}
	for _, op := range []Kind{Load, Store, LoadOrStore} {
		for _, kt := range []string{KeyInt, KeyString} {
			keys := ints
			if kt == KeyString {
				keys = strs
			}
			for _, recorded := range []bool{false, true} {
				for _, par := range []bool{false, true} {
					name := fmt.Sprintf("op=%v/keys=%s/recorded=%v/parallel=%v", op, kt, recorded, par)
					b.Run(name, func(b *testing.B) {
						benchRecord(b, op, keys, recorded, par)
					})
				}
			}
		}
	}
}

func benchRecord(b *testing.B, op Kind, keys []any, recorded, par bool) {
	var m anyMap = new(sync.Map)
	var rec *Recorder
	if recorded {
		var err error
		rec, err = Create(filepath.Join(b.TempDir(), "b.trace"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		m = NewSyncMap(rec)
	}
	for _, k := range keys {
		m.Store(k, k)
	}
	mask := len(keys) - 1
	loop := func(i int) {
		k := keys[i&mask]
		switch op {
		case Load:
			m.Load(k)
		case Store:
			m.Store(k, k)
		case LoadOrStore:
			m.LoadOrStore(k, k)
		}
	}
	var before Stats
	if rec != nil {
		before = rec.Stats()
	}
	b.ResetTimer()
	if par {
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				loop(i)
				i += 17
			}
		})
	} else {
		for i := 0; i < b.N; i++ {
			loop(i)
		}
	}
	b.StopTimer()
	if rec != nil {
		if err := rec.Close(); err != nil {
			b.Fatal(err)
		}
		st := rec.Stats()
		ops := float64(st.Ops - before.Ops)
		kept := st.Ops - st.Sampled - st.Dropped
		b.ReportMetric(float64(st.Bytes)/float64(kept), "file-B/op")
		b.ReportMetric(float64(st.Sampled-before.Sampled)/ops*100, "sampled-%")
		b.ReportMetric(float64(st.Dropped-before.Dropped)/ops*100, "dropped-%")
	}
}
