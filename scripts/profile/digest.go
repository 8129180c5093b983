package main

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/google/pprof/profile"
)

// cpuSummary is what the summary needs from a CPU profile.
type cpuSummary struct {
	total    int64            // CPU ns outside setup
	setup    int64            // CPU ns in setup
	wall     int64            // the profile's duration, ns
	byCat    []int64          // CPU ns per category; the last element is other
	flat     map[string]int64 // CPU ns per leaf function (short name)
	labelled int              // samples that carry the label bench.LabelKey
}

// allocSummary is what the summary needs from an allocation profile.
type allocSummary struct {
	total int64 // alloc_space bytes outside setup
	sites map[string]int64
}

// mutexSummary is what the summary needs from a mutex profile.
type mutexSummary struct {
	delay       int64 // ns
	contentions int64
	frames      map[string]int64 // delay per releasing frame
}

// sampleIndex returns the index of the sample value of type typ.
func sampleIndex(p *profile.Profile, typ, unit string) (int, error) {
	i, err := p.SampleIndexByName(typ)
	if err != nil {
		return 0, err
	}
	if u := p.SampleType[i].Unit; u != unit {
		return 0, fmt.Errorf("sample type %s is in %s, want %s", typ, u, unit)
	}
	return i, nil
}

// stackOf returns a sample's function names, leaf first, inlined frames innermost first.
func stackOf(s *profile.Sample) []string {
	var names []string
	for _, loc := range s.Location {
		if len(loc.Line) == 0 {
			names = append(names, fmt.Sprintf("0x%x", loc.Address))
		}
		for _, l := range loc.Line {
			if l.Function == nil {
				names = append(names, "?")
				continue
			}
			names = append(names, l.Function.Name)
		}
	}
	return names
}

func summariseCPU(p *profile.Profile, cl *classifier) (*cpuSummary, error) {
	vi, err := sampleIndex(p, "cpu", "nanoseconds")
	if err != nil {
		return nil, err
	}
	s := &cpuSummary{wall: p.DurationNanos, byCat: make([]int64, len(cl.cats)+1), flat: map[string]int64{}}
	for _, smp := range p.Sample {
		if labelOf(smp) != "" {
			s.labelled++
		}
		v := smp.Value[vi]
		stack := trimSkew(stackOf(smp))
		if cpuSetup(smp, stack) {
			s.setup += v
			continue
		}
		s.total += v
		cat := cl.classify(stack)
		if cat < 0 {
			cat = len(cl.cats)
		}
		s.byCat[cat] += v
		if len(stack) > 0 {
			s.flat[shortName(stack[0])] += v
		}
	}
	return s, nil
}

// allocatorEntries are the runtime's allocation entry points; an allocation site is the
// first frame that is not one (the heap profile usually hides them already).
var allocatorEntries = []string{
	"runtime.mallocgc", "runtime.newobject", "runtime.newarray", "runtime.makeslice", "runtime.growslice",
	"runtime.convT", "runtime.profilealloc", "runtime.mProf_Malloc",
}

func summariseAlloc(p *profile.Profile) (*allocSummary, error) {
	vi, err := sampleIndex(p, "alloc_space", "bytes")
	if err != nil {
		return nil, err
	}
	s := &allocSummary{sites: map[string]int64{}}
	for _, smp := range p.Sample {
		v := smp.Value[vi]
		stack := stackOf(smp)
		if v == 0 || allocSetup(stack) {
			continue
		}
		s.total += v
		site := "?"
		if i := slices.IndexFunc(stack, func(name string) bool { return !hasAnyPrefix(baseName(name), allocatorEntries) }); i >= 0 {
			site = shortName(stack[i])
		}
		s.sites[site] += v
	}
	return s, nil
}

func summariseMutex(p *profile.Profile, cl *classifier) (*mutexSummary, error) {
	ci, err := sampleIndex(p, "contentions", "count")
	if err != nil {
		return nil, err
	}
	di, err := sampleIndex(p, "delay", "nanoseconds")
	if err != nil {
		return nil, err
	}
	locking := cl.index[catLocking]
	s := &mutexSummary{frames: map[string]int64{}}
	for _, smp := range p.Sample {
		stack := stackOf(smp)
		if contentionSetup(stack) {
			continue
		}
		s.contentions += smp.Value[ci]
		s.delay += smp.Value[di]
		// The stack starts in the Unlock that released a contended lock: name the
		// first frame outside the lock's own code.
		frame := "?"
		if i := slices.IndexFunc(stack, func(name string) bool { return cl.frameCategory(name) != locking }); i >= 0 {
			frame = shortName(stack[i])
		}
		s.frames[frame] += smp.Value[di]
	}
	return s, nil
}

// ranked is a name with a value, for top-N lists.
type ranked struct {
	name  string
	value int64
}

// top returns the n largest entries of m, largest first, ties by name.
func top(m map[string]int64, n int) []ranked {
	var rs []ranked
	for k, v := range m {
		if v > 0 {
			rs = append(rs, ranked{k, v})
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int { return cmp.Or(cmp.Compare(b.value, a.value), cmp.Compare(a.name, b.name)) })
	return rs[:min(n, len(rs))]
}
