package maptest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cmapbench/cmapbench/strategies"
)

func TestResultRoundTrip(t *testing.T) {
	var out bytes.Buffer
	out.WriteString("some other output\n")
	want := GrowResult{Want: 10, Len: 9, Missing: 1, Ranges: 3, Millis: 1.5}
	if err := WriteResult(&out, want); err != nil {
		t.Fatal(err)
	}
	out.WriteString("trailing line\n")
	var got GrowResult
	if err := ParseResult(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("ParseResult = %+v, want %+v", got, want)
	}
	if err := ParseResult([]byte("fatal error: concurrent map writes\n"), &got); !errors.Is(err, ErrNoResult) {
		t.Errorf("ParseResult without a result line = %v, want ErrNoResult", err)
	}
}

// TestResultLines pins the result lines the safety matrix's child program prints: the
// driver of another version of the suite may read them. What went wrong first is
// carried only when something did, so a clean result line is unchanged.
func TestResultLines(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{GrowResult{Want: 40000, Len: 40000, Loads: 7, Ranges: 2, Millis: 12.5},
			`SAFETY-RESULT {"want":40000,"len":40000,"missing":0,"bad_loads":0,"loads":7,"ranges":2,"ms":12.5}`},
		{GrowResult{Want: 4, Len: 3, Missing: 1, Ranges: 1, Millis: 1, First: "final Load(16777216) = 0, false"},
			`SAFETY-RESULT {"want":4,"len":3,"missing":1,"bad_loads":0,"loads":0,"ranges":1,"ms":1,"first":"final Load(16777216) = 0, false"}`},
		{RangeResult{Ranges: 200, Concurrent: 150, Rounds: 3, After: 12, AfterKeys: 40, Millis: 99},
			`SAFETY-RESULT {"ranges":200,"concurrent":150,"rounds":3,"twice":0,"twice_keys":0,"missed":0,"missed_keys":0,"after":12,"after_keys":40,"ms":99}`},
		{RangeResult{Ranges: 2, Missed: 1, MissedKeys: 1, Millis: 5, First: "Range 0: stable key 7 missed"},
			`SAFETY-RESULT {"ranges":2,"concurrent":0,"rounds":0,"twice":0,"twice_keys":0,"missed":1,"missed_keys":1,"after":0,"after_keys":0,"ms":5,"first":"Range 0: stable key 7 missed"}`},
		{ConformResult{Cases: 4, Failed: []string{"keytype=int/capacity=0: seed 1 op 2 key 0: Len = 1, want 0"}},
			`SAFETY-RESULT {"cases":4,"failed":["keytype=int/capacity=0: seed 1 op 2 key 0: Len = 1, want 0"]}`},
		{Info{GoVersion: "go1.23.12", GOOS: "linux", GOARCH: "amd64", NumCPU: 2, GOMAXPROCS: 2, Race: true},
			`SAFETY-RESULT {"goversion":"go1.23.12","goos":"linux","goarch":"amd64","ncpu":2,"gomaxprocs":2,"race":true}`},
	} {
		var out bytes.Buffer
		if err := WriteResult(&out, tc.v); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); got != tc.want+"\n" {
			t.Errorf("WriteResult(%+v) =\n%s\nwant\n%s", tc.v, got, tc.want)
		}
	}
}

// gated returns the concurrent strategies the gate lets through: those whose scenarios
// must come out clean.
func gated() []strategies.Strategy[int, int] {
	var out []strategies.Strategy[int, int]
	for _, s := range strategies.All[int, int]() {
		if _, excluded := s.Excluded(); s.Concurrent && !excluded {
			out = append(out, s)
		}
	}
	return out
}

// TestGrowConcurrent runs the grow scenario in-process on every concurrent strategy the
// gate lets through, with and without Verify. Under -race it is the same check the
// safety matrix makes in a child process.
func TestGrowConcurrent(t *testing.T) {
	for _, verify := range []bool{false, true} {
		c := GrowConfig{Writers: 2, Keys: 2000, Readers: 1, Rangers: 1, Pause: 100 * time.Microsecond, Verify: verify}
		for _, s := range gated() {
			r := Grow(s.New(0), c)
			if err := r.Err(); err != nil || r.Want != 4000 || r.Len != r.Want || r.Ranges < int64(c.Rangers) {
				t.Errorf("%s, verify %v: Grow = %+v, %v; want Len 4000, a Range per ranger and no error", s.Name, verify, r, err)
			}
		}
	}
}

// TestRangeSemanticsGuarantees checks the measurement against what is guaranteed by
// construction or documented: no strategy the gate lets through visits a key twice or
// misses a key present throughout, and a Range of the lock-holding strategies never sees
// a key whose Store began after its first visit. Whether the others do is what the
// safety matrix reports.
func TestRangeSemanticsGuarantees(t *testing.T) {
	for _, c := range []RangeConfig{
		{Writers: 2, Ranges: 20, Stable: 256, Victims: 256, NewKeys: 1024},
		{Writers: 2, Ranges: 20, Stable: 256, Victims: 256, NewKeys: 1024, Churn: 100},
	} {
		for _, s := range gated() {
			r := RangeSemantics(func() strategies.Map[int, int] { return s.New(0) }, c)
			if r.Ranges != c.Ranges {
				t.Fatalf("%s, churn %d: measured %d Ranges in %d rounds, want %d", s.Name, c.Churn, r.Ranges, r.Rounds, c.Ranges)
			}
			if err := r.Err(); err != nil {
				t.Errorf("%s, churn %d: %v", s.Name, c.Churn, err)
			}
			if (s.Name == "mutex" || s.Name == "rwmutex") && r.After != 0 {
				t.Errorf("%s, churn %d: %+v: a lock-holding Range saw a key stored after it began", s.Name, c.Churn, r)
			}
		}
	}
}

// broken is a mutex map that breaks one promise.
type broken struct {
	strategies.Map[int, int]
	skip      bool // Range skips the first key
	twice     bool // Range visits the first key twice
	loaded    bool // LoadOrStore reports every key present
	dropEvery int  // Store drops every dropEvery-th key
	stores    int
}

func newBroken(b broken) *broken {
	b.Map = strategies.NewMutex[int, int](0)
	return &b
}

func (b *broken) Range(f func(k, v int) bool) {
	first := true
	b.Map.Range(func(k, v int) bool {
		if first {
			first = false
			if b.skip {
				return true
			}
			if b.twice && !f(k, v) {
				return false
			}
		}
		return f(k, v)
	})
}

func (b *broken) LoadOrStore(k, v int) (int, bool) {
	actual, loaded := b.Map.LoadOrStore(k, v)
	return actual, loaded || b.loaded
}

// Store is called by one writer only in the tests below, so stores needs no lock.
func (b *broken) Store(k, v int) {
	b.stores++
	if b.dropEvery > 0 && b.stores%b.dropEvery == 0 {
		return
	}
	b.Map.Store(k, v)
}

// TestScenariosCatchBrokenMaps checks that each check can fail: a map that breaks a
// promise gets an error that says which.
func TestScenariosCatchBrokenMaps(t *testing.T) {
	grow := GrowConfig{Writers: 1, Keys: 3000, Readers: 1, Rangers: 1, Verify: true}
	for _, tc := range []struct {
		name       string
		m          *broken
		err, first string
	}{
		{"Range skips a key", newBroken(broken{skip: true}), "Ranges visited a key twice", ", stored before it began"},
		{"Range visits a key twice", newBroken(broken{twice: true}), "Ranges visited a key twice", " twice"},
		{"LoadOrStore finds new keys", newBroken(broken{loaded: true}), "LoadOrStores of new keys found them present", "LoadOrStore(new key "},
		{"Store drops keys", newBroken(broken{dropEvery: 100}), "lost keys: Len 2985 of 3000", ""},
	} {
		r := Grow(tc.m, grow)
		err := r.Err()
		if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(r.First, tc.first) || r.First == "" {
			t.Errorf("Grow on a map whose %s: %v (first %q); want an error with %q, first with %q", tc.name, err, r.First, tc.err, tc.first)
		}
	}

	rangesem := RangeConfig{Writers: 1, Ranges: 5, Stable: 100, NewKeys: 2000}
	for _, tc := range []struct {
		name string
		b    broken
		want string
	}{
		{"Range skips a key", broken{skip: true}, "Ranges missed a key present throughout"},
		{"Range visits a key twice", broken{twice: true}, "Ranges visited a key twice"},
	} {
		r := RangeSemantics(func() strategies.Map[int, int] { return newBroken(tc.b) }, rangesem)
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "; first: Range ") {
			t.Errorf("RangeSemantics on a map whose %s: %+v, %v; want an error with %q and the first problem", tc.name, r, err, tc.want)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	bad := []interface{ Check() error }{
		GrowConfig{Writers: 0, Keys: 1},
		GrowConfig{Writers: 1, Keys: 0},
		GrowConfig{Writers: 1, Keys: 1, Readers: -1},
		GrowConfig{Writers: MaxWriters + 1, Keys: 1},
		RangeConfig{Writers: 1, Ranges: 0, Stable: 1, NewKeys: 1},
		RangeConfig{Writers: 1, Ranges: 1, Stable: 0, NewKeys: 1},
		RangeConfig{Writers: 1, Ranges: 1, Stable: 1, NewKeys: MaxPerWriter + 1},
		RangeConfig{Writers: 1, Ranges: 1, Stable: 1, NewKeys: 1, Churn: -1},
	}
	for _, c := range bad {
		if c.Check() == nil {
			t.Errorf("%+v: Check() = nil, want an error", c)
		}
	}
}

// TestKeysApart checks that the key spaces of stable, new, victim and churn keys are
// disjoint at their edges and fit in an int32.
func TestKeysApart(t *testing.T) {
	const last = MaxPerWriter - 1
	lowestNew, highestNew := newKey(0, 0), newKey(MaxWriters-1, last)
	highestVictim, lowestVictim := victimKey(0), victimKey(last)
	highestChurn, lowestChurn := churnKey(0, 0), churnKey(MaxWriters-1, last)
	if lowestNew <= last || highestVictim >= 0 || highestChurn >= lowestVictim || newKey(0, last) >= newKey(1, 0) {
		t.Errorf("key spaces overlap: stable [0, %d], new [%d, %d], victims [%d, %d], churn [%d, %d]",
			last, lowestNew, highestNew, lowestVictim, highestVictim, lowestChurn, highestChurn)
	}
	if highestNew > 1<<31-1 || lowestChurn < -1<<31 {
		t.Errorf("keys [%d, %d] do not fit in an int32", lowestChurn, highestNew)
	}
}
