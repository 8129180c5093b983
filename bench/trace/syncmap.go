package trace

import "sync"

// SyncMap is a sync.Map that records every call in a Recorder's pooled streams, then
// makes it. Its zero value is not usable: make one with NewSyncMap.
type SyncMap struct {
	m   sync.Map
	rec *Recorder
}

// NewSyncMap returns an empty SyncMap that records into r. With a nil r it records
// nothing.
func NewSyncMap(r *Recorder) *SyncMap { return &SyncMap{rec: r} }

// Load is sync.Map's Load.
func (m *SyncMap) Load(key any) (value any, ok bool) {
	m.rec.record(Load, key)
	return m.m.Load(key)
}

// Store is sync.Map's Store.
func (m *SyncMap) Store(key, value any) {
	m.rec.record(Store, key)
	m.m.Store(key, value)
}

// LoadOrStore is sync.Map's LoadOrStore.
func (m *SyncMap) LoadOrStore(key, value any) (actual any, loaded bool) {
	m.rec.record(LoadOrStore, key)
	return m.m.LoadOrStore(key, value)
}

// LoadAndDelete is sync.Map's LoadAndDelete.
func (m *SyncMap) LoadAndDelete(key any) (value any, loaded bool) {
	m.rec.record(LoadAndDelete, key)
	return m.m.LoadAndDelete(key)
}

// Delete is sync.Map's Delete.
func (m *SyncMap) Delete(key any) {
	m.rec.record(Delete, key)
	m.m.Delete(key)
}

// Swap is sync.Map's Swap.
func (m *SyncMap) Swap(key, value any) (previous any, loaded bool) {
	m.rec.record(Swap, key)
	return m.m.Swap(key, value)
}

// CompareAndSwap is sync.Map's CompareAndSwap.
func (m *SyncMap) CompareAndSwap(key, old, new any) (swapped bool) {
	m.rec.record(CompareAndSwap, key)
	return m.m.CompareAndSwap(key, old, new)
}

// CompareAndDelete is sync.Map's CompareAndDelete.
func (m *SyncMap) CompareAndDelete(key, old any) (deleted bool) {
	m.rec.record(CompareAndDelete, key)
	return m.m.CompareAndDelete(key, old)
}

// Range is sync.Map's Range. It records one Range op, before the calls of f (and the
// ops that f makes on the map).
func (m *SyncMap) Range(f func(key, value any) bool) {
	m.rec.record(Range, nil)
	m.m.Range(f)
}

// Clear is sync.Map's Clear.
func (m *SyncMap) Clear() {
	m.rec.record(Clear, nil)
	m.m.Clear()
}
