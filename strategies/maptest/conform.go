package maptest

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/strategies"
)

// The conformance check: seeded random sequences of every Map method, run by one
// goroutine against a fresh map and against a plain map as the reference model. A small
// key space makes hits, misses, overwrites and deletes of present keys all frequent.
const (
	conformOps   = 4000
	conformKeys  = 97
	conformSeeds = 8
)

// ConformCase is one configuration of the conformance check: the key type and the
// capacity hint passed to the map's constructor.
type ConformCase struct {
	KeyType  string // "int" or "string"
	Capacity int    // 0: no hint
}

// String names the case as sub-test names do: keytype=int/capacity=0.
func (c ConformCase) String() string {
	return "keytype=" + c.KeyType + "/capacity=" + strconv.Itoa(c.Capacity)
}

// ConformCases returns the cases every strategy is checked in, in the order the check
// runs them: int and string keys, without and with a capacity hint.
func ConformCases() []ConformCase {
	return []ConformCase{{"int", 0}, {"string", 0}, {"int", 64}, {"string", 64}}
}

// IntKey and StringKey turn the check's key indexes into keys: ints spread over the key
// space, and short strings.
func IntKey(i int) int { return i * 7919 }

// StringKey is the string key of index i: "k" and i in decimal.
func StringKey(i int) string { return "k" + strconv.Itoa(i) }

// Run runs Conform in case c on maps made by newInt or newString, by c's key type.
func (c ConformCase) Run(newInt func(capacity int) strategies.Map[int, int], newString func(capacity int) strategies.Map[string, int]) error {
	switch c.KeyType {
	case "int":
		return Conform(func() strategies.Map[int, int] { return newInt(c.Capacity) }, IntKey)
	case "string":
		return Conform(func() strategies.Map[string, int] { return newString(c.Capacity) }, StringKey)
	}
	return fmt.Errorf("unknown key type %q", c.KeyType)
}

// ConformResult is what the conformance check found in every case of ConformCases.
type ConformResult struct {
	Cases int `json:"cases"` // cases run
	// Failed holds the failing cases in case order, each as "CASE: what went wrong".
	Failed []string `json:"failed,omitempty"`
}

// Err returns nil when every case passed; otherwise the first failing case's message
// (the check's evidence: the check is deterministic), and how many failed.
func (r ConformResult) Err() error {
	if len(r.Failed) == 0 {
		return nil
	}
	if len(r.Failed) == 1 {
		return errors.New(r.Failed[0])
	}
	return fmt.Errorf("%s (and %d more of %d cases)", r.Failed[0], len(r.Failed)-1, r.Cases)
}

// ConformAll runs every case of ConformCases on one strategy's maps: newInt and
// newString are its constructors for int and string keys.
func ConformAll(newInt func(capacity int) strategies.Map[int, int], newString func(capacity int) strategies.Map[string, int]) ConformResult {
	var r ConformResult
	for _, c := range ConformCases() {
		r.Cases++
		if err := c.Run(newInt, newString); err != nil {
			r.Failed = append(r.Failed, c.String()+": "+err.Error())
		}
	}
	return r
}

// Conform runs the conformance check on fresh maps from newMap, with keys made from
// indexes by key. It returns nil, or an error saying where the map first differed from
// the model: the seed, the operation's index and key, what the map returned and what
// the model wanted. The check is deterministic: the same map fails the same way.
func Conform[K strategies.Key](newMap func() strategies.Map[K, int], key func(int) K) error {
	for seed := uint64(1); seed <= conformSeeds; seed++ {
		c := &conformRun[K]{seed: seed, rng: rand.New(rand.NewPCG(seed, 0)), m: newMap(), ref: map[K]int{}}
		for c.op = 0; c.op < conformOps; c.op++ {
			c.k, c.v = key(c.rng.IntN(conformKeys)), c.rng.IntN(1<<20)
			if msg := c.step(); msg != "" {
				return fmt.Errorf("seed %d op %d key %v: %s", seed, c.op, c.k, msg)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(c.ref)) {
			if got, ok := c.m.Load(k); !ok || got != c.ref[k] {
				return fmt.Errorf("seed %d: final Load(%v) = %d, %v; want %d, true", seed, k, got, ok, c.ref[k])
			}
		}
	}
	return nil
}

// conformRun is one seeded sequence: the map, the model, and the operation under way.
type conformRun[K strategies.Key] struct {
	seed  uint64
	rng   *rand.Rand
	m     strategies.Map[K, int]
	ref   map[K]int
	op, v int
	k     K
}

// step makes one random operation and says how its result differed from the model's,
// or "".
func (c *conformRun[K]) step() string {
	switch r := c.rng.IntN(100); {
	case r < 27:
		got, ok := c.m.Load(c.k)
		if want, wantOK := c.ref[c.k]; got != want || ok != wantOK {
			return fmt.Sprintf("Load = %d, %v; want %d, %v", got, ok, want, wantOK)
		}
	case r < 47:
		c.m.Store(c.k, c.v)
		c.ref[c.k] = c.v
	case r < 60:
		got, loaded := c.m.LoadOrStore(c.k, c.v)
		want, wantLoaded := c.ref[c.k]
		if !wantLoaded {
			want = c.v
			c.ref[c.k] = c.v
		}
		if got != want || loaded != wantLoaded {
			return fmt.Sprintf("LoadOrStore(%d) = %d, %v; want %d, %v", c.v, got, loaded, want, wantLoaded)
		}
	case r < 72:
		return c.update()
	case r < 90:
		c.m.Delete(c.k)
		delete(c.ref, c.k)
	case r < 95:
		if got, want := c.m.Len(), len(c.ref); got != want {
			return fmt.Sprintf("Len = %d, want %d", got, want)
		}
	case r < 98:
		return c.rangeAll()
	default:
		return c.rangeSome(1 + c.rng.IntN(conformKeys))
	}
	return ""
}

// update checks an Update whose f adds c.v to the value present, or stores c.v: f must
// see the present value (the zero value and false for an absent key), Update must return
// f's result, and a Load right after must find it.
func (c *conformRun[K]) update() string {
	var (
		calls  int
		old    int
		loaded bool
		delta  = c.v
	)
	got := c.m.Update(c.k, func(o int, l bool) int {
		calls++
		old, loaded = o, l
		if l {
			return o + delta
		}
		return delta
	})
	present, wasLoaded := c.ref[c.k]
	want := delta
	if wasLoaded {
		want += present
	}
	switch {
	case calls == 0:
		return fmt.Sprintf("Update(+%d) = %d without calling f", delta, got)
	case old != present || loaded != wasLoaded:
		return fmt.Sprintf("Update(+%d) called f(%d, %v); want f(%d, %v)", delta, old, loaded, present, wasLoaded)
	case got != want:
		return fmt.Sprintf("Update(+%d) = %d; want %d, f's result", delta, got, want)
	}
	c.ref[c.k] = want
	if v, ok := c.m.Load(c.k); v != want || !ok {
		return fmt.Sprintf("Load after Update(+%d) = %d, %v; want %d, true", delta, v, ok, want)
	}
	return ""
}

// rangeAll checks that a full Range visits every entry of the model once, with its value.
func (c *conformRun[K]) rangeAll() string {
	got := map[K]int{}
	twice := ""
	c.m.Range(func(k K, v int) bool {
		if _, dup := got[k]; dup && twice == "" {
			twice = fmt.Sprintf("Range visited %v twice", k)
		}
		got[k] = v
		return true
	})
	if twice != "" {
		return twice
	}
	if d := diff(got, c.ref); d != "" {
		return fmt.Sprintf("Range of %d entries: %s", len(c.ref), d)
	}
	return ""
}

// rangeSome checks early exit: once f returns false, Range must make no more calls.
func (c *conformRun[K]) rangeSome(stop int) string {
	calls := 0
	bad := ""
	c.m.Range(func(k K, v int) bool {
		calls++
		if want, ok := c.ref[k]; (!ok || want != v) && bad == "" {
			bad = fmt.Sprintf("Range visited %v=%d, not in the model", k, v)
		}
		return calls < stop
	})
	if bad != "" {
		return bad
	}
	if want := min(stop, len(c.ref)); calls != want {
		return fmt.Sprintf("Range stopping after %d made %d calls, want %d", stop, calls, want)
	}
	return ""
}

// diff describes how got differs from want: the keys missed, those extra, and those with
// another value, a few of each, in key order; "" when they are equal.
func diff[K strategies.Key](got, want map[K]int) string {
	var missed, extra, wrong []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if v, ok := got[k]; !ok {
			missed = append(missed, fmt.Sprintf("%v=%d", k, want[k]))
		} else if v != want[k] {
			wrong = append(wrong, fmt.Sprintf("%v=%d (want %d)", k, v, want[k]))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			extra = append(extra, fmt.Sprintf("%v=%d", k, got[k]))
		}
	}
	var parts []string
	for _, p := range []struct {
		what string
		keys []string
	}{{"missed", missed}, {"saw absent", extra}, {"saw", wrong}} {
		if len(p.keys) > 0 {
			parts = append(parts, p.what+" "+few(p.keys))
		}
	}
	return strings.Join(parts, "; ")
}

// few joins the first three items of list and says how many more there are.
func few(list []string) string {
	const n = 3
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(list[:n], ", "), len(list)-n)
}
