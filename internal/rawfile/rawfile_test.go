package rawfile

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

func TestMarkerRoundTrip(t *testing.T) {
	p := Pass{N: 12, Procs: 2, Kind: "extra"}
	got, ok := ParseMarker(Marker(p))
	if !ok || got != p {
		t.Fatalf("ParseMarker(Marker(%+v)) = %+v, %v", p, got, ok)
	}
	for _, bad := range []string{"# cmapbench pass x", "pass 3", "# cmapbench pass 3 gomaxprocs=two kind=min"} {
		if _, ok := ParseMarker(bad); ok {
			t.Errorf("ParseMarker(%q) succeeded", bad)
		}
	}
}

// A raw file with markers is still read by benchfmt as if they were not there, and each
// result's line maps to its pass.
func TestPassOfLine(t *testing.T) {
	text := "goos: linux\n" +
		Marker(Pass{1, 1, "min"}) + "\n" +
		"BenchmarkX/strategy=a 10 5 ns/op 70 canary-ns\n" +
		Marker(Pass{2, 2, "min"}) + "\n" +
		"BenchmarkX/strategy=a-2 10 7 ns/op\n"
	lines, err := PassOfLine(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(strings.NewReader(text), "f")
	var passes []int
	var values []float64
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			t.Fatalf("benchfmt: %v", r.Result())
		}
		_, line := res.Pos()
		passes = append(passes, lines[line])
		v, _ := Value(res, "ns/op")
		values = append(values, v)
		if c, ok := Value(res, CanaryUnit); ok && c != 70 {
			t.Errorf("canary %v", c)
		}
	}
	if len(passes) != 2 || passes[0] != 1 || passes[1] != 2 || values[0] != 5 || values[1] != 7 {
		t.Errorf("passes %v values %v", passes, values)
	}
}
