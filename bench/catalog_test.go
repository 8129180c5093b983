package bench

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestREADMEIsCurrent fails while a generated section of the README differs from what the
// catalog makes: after changing a workload or a strategy, run go generate ./bench.
func TestREADMEIsCurrent(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for name, body := range ReadmeSections() {
		got, ok := ReplaceSection(text, name, body)
		if !ok {
			t.Errorf("README.md has no %q section", name)
		} else if got != text {
			t.Errorf("README.md's %q section is stale: run go generate ./bench", name)
		}
	}
}

func TestReplaceSection(t *testing.T) {
	begin, end := fmt.Sprintf(BeginMarker, "x"), fmt.Sprintf(EndMarker, "x")
	text := "a\n" + begin + "\nold\n" + end + "\nb\n"
	got, ok := ReplaceSection(text, "x", "new\n")
	if want := "a\n" + begin + "\n\nnew\n" + end + "\nb\n"; !ok || got != want {
		t.Errorf("ReplaceSection = %q, %v; want %q", got, ok, want)
	}
	if _, ok := ReplaceSection("no markers", "x", "new"); ok {
		t.Error("ReplaceSection found markers that are not there")
	}
}

// TestSituationsAreCases checks every situation against its workload: it names each
// parameter but the series (and those it leaves at their Implied value) once, with a value the full matrix runs, and at GOMAXPROCS 1
// and 4 at least one case of the full matrix runs it (where the workload runs at all).
func TestSituationsAreCases(t *testing.T) {
	for _, w := range Workloads() {
		if w.Doc == "" {
			t.Errorf("%s has no Doc", w.Name)
		}
		for _, s := range w.Situations {
			if s.Title == "" || s.Question == "" || s.Uses == 0 {
				t.Errorf("%s: a situation lacks a title, a question or a use: %+v", w.Name, s)
			}
			var keys []string
			for _, kv := range s.Params {
				k, v, _ := strings.Cut(kv, "=")
				i := slices.IndexFunc(w.Params, func(p Param) bool { return p.Key == k })
				if i < 0 || !slices.Contains(append(slices.Clip(w.Params[i].Default), w.Params[i].Full...), v) {
					t.Errorf("%s: %q is not a parameter value of the workload", s.Label(w), kv)
				}
				keys = append(keys, k)
			}
			if s.Series != "" {
				keys = append(keys, s.Series)
			}
			slices.Sort(keys)
			var want []string
			for _, p := range w.Params {
				if p.Implied == "" || slices.Contains(keys, p.Key) {
					want = append(want, p.Key)
				}
			}
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Errorf("%s names parameters %v (with its series); the workload has %v", s.Label(w), keys, want)
			}
			for _, procs := range []int{1, 4} {
				cases := w.Cases(nil, []int{procs}, true)
				if len(cases) > 0 && !slices.ContainsFunc(cases, func(c Case) bool { return s.RunsCase(c, procs) }) {
					t.Errorf("%s: no case runs it at GOMAXPROCS %d", s.Label(w), procs)
				}
			}
		}
	}
}

func TestRunsEffectiveValues(t *testing.T) {
	s := Situation{Params: []string{"keys=100000", "writers=" + ProcsMinusOne}}
	vals := map[string]string{"keys": "100000", "writers": "1"}
	get := func(k string) string { return vals[k] }
	if !s.Runs(get, 2) {
		t.Error("writers=1 at 2 Ps does not run writers=procs-1")
	}
	if s.Runs(get, 4) {
		t.Error("writers=1 at 4 Ps runs writers=procs-1")
	}
	vals["keys"] = "1000"
	if s.Runs(get, 2) {
		t.Error("keys=1000 runs keys=100000")
	}
}

func TestSituationsByUse(t *testing.T) {
	for _, use := range []Use{Guide, Chart, Profile, Footprint} {
		if len(Situations(use)) == 0 {
			t.Errorf("no situation has use %d", use)
		}
	}
	if n := len(Situations(Footprint)); n != 1 {
		t.Errorf("%d situations give the guide its B/entry; want 1", n)
	}
}
