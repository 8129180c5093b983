package toolchain

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestParseList(t *testing.T) {
	specs, err := ParseList("go1.23.12, go1.25.0:noswissmap go1.25.0:nosynchashtriemap\tgo1.26rc1,go1.26.8")
	if err != nil {
		t.Fatal(err)
	}
	var names, strs []string
	for _, s := range specs {
		names = append(names, s.Name())
		strs = append(strs, s.String())
	}
	if want := []string{"go1.23.12", "go1.25.0-noswissmap", "go1.25.0-nosynchashtriemap", "go1.26rc1", "go1.26.8"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if want := []string{"go1.23.12", "go1.25.0:noswissmap", "go1.25.0:nosynchashtriemap", "go1.26rc1", "go1.26.8"}; !slices.Equal(strs, want) {
		t.Errorf("strings = %v, want %v", strs, want)
	}
	if specs[1] != (Spec{Version: "go1.25.0", Experiment: "noswissmap"}) {
		t.Errorf("go1.25.0:noswissmap parsed as %+v", specs[1])
	}
	if specs, err := ParseList(" \t,"); err != nil || specs != nil {
		t.Errorf("ParseList of an empty list = %v, %v; want nil, nil (the go on PATH)", specs, err)
	}
}

func TestParseListErrors(t *testing.T) {
	for list, want := range map[string][]string{
		"go1.26":                      {`"go1.26": not an exact toolchain version`, "VERSION:EXPERIMENT"},
		"go1.26.8+auto":               {`"go1.26.8+auto": not an exact toolchain version`},
		"go1.26.8-custom":             {"not an exact toolchain version"},
		"1.26.8":                      {"not an exact toolchain version"},
		"local":                       {`"local": not an exact`},
		"go1.23.12 go1.26:noswissmap": {`"go1.26:noswissmap": not an exact`},
		"go1.25.0:swiss":              {`"go1.25.0:swiss": unknown experiment "swiss"`, "noswissmap, nosynchashtriemap"},
		"go1.25.0:":                   {`unknown experiment ""`},
		"go1.26.8:noswissmap":         {`"go1.26.8:noswissmap": GOEXPERIMENT=noswissmap exists only in go1.24 and go1.25`},
		"go1.23.12:noswissmap":        {"only in go1.24 and go1.25"},
		"go1.24.0 go1.24.0":           {"go1.24.0 is listed twice"},
		"go1.25.0:noswissmap,go1.25.0:noswissmap": {"go1.25.0-noswissmap is listed twice"},
		// Commas separate entries: one entry names one experiment.
		"go1.25.0:noswissmap,nosynchashtriemap": {`"nosynchashtriemap": not an exact`},
	} {
		_, err := ParseList(list)
		if err == nil {
			t.Errorf("ParseList(%q) succeeded", list)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseList(%q) = %v, want an error containing %q", list, err, w)
			}
		}
	}
}

func TestExact(t *testing.T) {
	for v, want := range map[string]bool{
		"go1.23.12": true, "go1.24.0": true, "go1.25rc1": true, "go1.9.1": true, "go1.20": true,
		"go1.21": false, "go1.25": false, "go1.26": false, "go1.25.0-custom": false, "go1.25.0 X:noswissmap": false, "": false,
	} {
		if got := exact(v); got != want {
			t.Errorf("exact(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestCompare checks the order the report shows toolchains in, the one its regexp
// comparison gave.
func TestCompare(t *testing.T) {
	names := []string{"unknown", "go1.26.8", "go1.25.0-noswissmap", "go1.24rc1", "go1.23.12", "go1.25.0", "go1.24.0", "go1.9.1", "abc", "go1.25.0-nosynchashtriemap"}
	sort.Slice(names, func(i, j int) bool { return Compare(names[i], names[j]) < 0 })
	want := "go1.9.1 go1.23.12 go1.24rc1 go1.24.0 go1.25.0 go1.25.0-noswissmap go1.25.0-nosynchashtriemap go1.26.8 abc unknown"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"go1.25.0 X:noswissmap", "go1.25.0", +1},
		{"go1.25.0 X:noswissmap", "go1.25.0-noswissmap", -1}, // same configuration: by name
		{"go1.25.0:noswissmap", "go1.26.8", -1},
		{"go1.26.8", "go1.26.8", 0},
		{"go1.26.8", "devel", -1},
	} {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Compare(tt.b, tt.a); got != -tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestEnvPinsToolchain(t *testing.T) {
	base := []string{"HOME=/root", "GOTOOLCHAIN=go1.99.0", "GOEXPERIMENT=something", "GOFLAGS=-mod=mod"}
	env := Spec{Version: "go1.25.0", Experiment: "noswissmap"}.Env(base)
	if want := []string{"HOME=/root", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=go1.25.0", "GOEXPERIMENT=noswissmap"}; !slices.Equal(env, want) {
		t.Errorf("env = %q, want %q", env, want)
	}
	// Without an experiment, GOEXPERIMENT is set empty: the caller's does not leak.
	env = Spec{Version: "go1.26.8"}.Env(base)
	if LookupEnv(env, "GOEXPERIMENT") != "" || !slices.Contains(env, "GOEXPERIMENT=") || LookupEnv(env, "GOTOOLCHAIN") != "go1.26.8" {
		t.Errorf("env = %q", env)
	}
	if env := (Spec{}).Env(base); !slices.Equal(env, base) {
		t.Errorf("the go on PATH: env = %q, want the caller's unchanged", env)
	}
}

func TestPlainEnv(t *testing.T) {
	env := []string{"HOME=/root", "GOFLAGS=-buildvcs=false -race -mod=mod"}
	if got := LookupEnv(PlainEnv(env), "GOFLAGS"); got != "-buildvcs=false -mod=mod" {
		t.Errorf("plain build GOFLAGS = %q, want -race dropped", got)
	}
	if got := PlainEnv([]string{"GOFLAGS=-buildvcs=false"}); strings.Join(got, " ") != "GOFLAGS=-buildvcs=false" {
		t.Errorf("PlainEnv changed GOFLAGS without -race: %q", got)
	}
	if got := WithEnv([]string{"A=1", "B=2", "A=3"}, "A=4"); strings.Join(got, " ") != "B=2 A=4" {
		t.Errorf("WithEnv = %q", got)
	}
	if got := LookupEnv([]string{"A=1", "B=2", "A=3"}, "A"); got != "3" {
		t.Errorf("LookupEnv = %q, want the last value", got)
	}
}
