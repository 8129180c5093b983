package scenario

import (
	"bytes"
	"errors"
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

// TestGrowConcurrent runs the grow scenario in-process on every concurrent strategy. Under
// -race it is the same check the driver makes in a child process.
func TestGrowConcurrent(t *testing.T) {
	c := GrowConfig{Writers: 2, Keys: 2000, Readers: 1, Rangers: 1, Pause: 100 * time.Microsecond}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	for _, s := range strategies.All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			r := Grow(s.New(0), c)
			if r.Want != 4000 || r.Len != r.Want || r.Missing != 0 || r.BadLoads != 0 {
				t.Errorf("Grow = %+v, want Len 4000 and nothing missing", r)
			}
		})
	}
}

// TestRangeSemanticsGuarantees checks the measurement against what is guaranteed by
// construction or documented: no strategy visits a key twice or misses a key present
// throughout, and a Range of the lock-holding strategies never sees a key whose Store
// began after its first visit. Whether the others do is what the driver reports.
func TestRangeSemanticsGuarantees(t *testing.T) {
	c := RangeConfig{Writers: 2, Ranges: 20, Stable: 256, Victims: 256, NewKeys: 1024}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	for _, s := range strategies.All[int, int]() {
		if !s.Concurrent {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			r := RangeSemantics(func() strategies.Map[int, int] { return s.New(0) }, c)
			if r.Ranges != c.Ranges {
				t.Fatalf("measured %d Ranges in %d rounds, want %d", r.Ranges, r.Rounds, c.Ranges)
			}
			if r.Twice != 0 || r.Missed != 0 {
				t.Errorf("%+v: a key visited twice or missed", r)
			}
			if (s.Name == "mutex" || s.Name == "rwmutex") && r.After != 0 {
				t.Errorf("%+v: a lock-holding Range saw a key stored after it began", r)
			}
		})
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
	}
	for _, c := range bad {
		if c.Check() == nil {
			t.Errorf("%+v: Check() = nil, want an error", c)
		}
	}
}
