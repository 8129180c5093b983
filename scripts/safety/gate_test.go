package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// conformOutput is a child's output that reports r.
func conformOutput(t *testing.T, r maptest.ConformResult) toolchain.Result {
	t.Helper()
	var out bytes.Buffer
	if err := maptest.WriteResult(&out, r); err != nil {
		t.Fatal(err)
	}
	return toolchain.Result{Stdout: out.Bytes(), Status: "exit status 0"}
}

// TestJudgeConform holds the conformance check's result to the registry: what a
// strategy declares is expected of it, and anything else is a failure of the matrix.
func TestJudgeConform(t *testing.T) {
	clean := lookup(t, "xsync")
	declared := clean
	declared.Fails = []strategies.Failure{{Check: strategies.Conformance, Evidence: "keytype=int/capacity=0: seed 1 op 2 key 0: Len = 1, want 0", Cause: "c"}}
	pass := conformOutput(t, maptest.ConformResult{Cases: 4})
	fail := conformOutput(t, maptest.ConformResult{Cases: 4, Failed: []string{declared.Fails[0].Evidence}})
	other := conformOutput(t, maptest.ConformResult{Cases: 4, Failed: []string{"keytype=int/capacity=0: seed 1 op 9 key 0: Load = 1, false; want 0, false"}})
	crash := toolchain.Result{ExitCode: 2, Status: "exit status 2", Stderr: []byte("panic: boom\n")}
	for _, tc := range []struct {
		name       string
		info       strategies.Info
		r          toolchain.Result
		failures   int // of the matrix
		expected   int
		cellPrefix string
	}{
		{"passes, none declared", clean, pass, 0, 0, "passes (4 cases)"},
		{"fails, none declared", clean, fail, 1, 0, "**FAIL**: 1 of 4 cases"},
		{"crashes", clean, crash, 1, 0, "**FAIL**: exit status 2: panic: boom"},
		{"fails as declared", declared, fail, 0, 1, "**FAIL**: 1 of 4 cases"},
		{"meets another fault first", declared, other, 0, 1, "**FAIL**: 1 of 4 cases"},
		{"passes, though declared", declared, pass, 1, 0, "passes (4 cases)"},
		{"crashes, declared", declared, crash, 1, 0, "**FAIL**: exit status 2"},
	} {
		cc, ps := judgeConform(tc.info, tc.r)
		failures, expected := sortProblems(tc.info, ps)
		if len(failures) != tc.failures || len(expected) != tc.expected || !strings.HasPrefix(conformCell(cc, nil), tc.cellPrefix) {
			t.Errorf("%s: failures %q, expected %q, cell %q; want %d, %d and %q", tc.name, failures, expected,
				conformCell(cc, nil), tc.failures, tc.expected, tc.cellPrefix)
		}
	}
}

// TestSortProblems checks that only what a check of the gate finds in an excluded
// strategy is expected: the baseline's race verdict and a registry mismatch never are.
func TestSortProblems(t *testing.T) {
	excluded := lookup(t, "xsync")
	excluded.Fails = []strategies.Failure{{Check: strategies.Conformance, Evidence: "e", Cause: "c"}}
	ps := []problem{{check: strategies.Stress, text: "lost keys"}, {check: strategies.RangeUnderWrites, text: "missed"},
		{check: "", text: "not flagged"}, {check: strategies.Conformance, text: "passes", mismatch: true}}
	failures, expected := sortProblems(excluded, ps)
	if strings.Join(failures, ",") != "not flagged,passes" || strings.Join(expected, ",") != "lost keys,missed" {
		t.Errorf("excluded: failures %q, expected %q", failures, expected)
	}
	failures, expected = sortProblems(lookup(t, "xsync"), ps)
	if len(failures) != 4 || len(expected) != 0 {
		t.Errorf("let through: failures %q, expected %q; want all four failures", failures, expected)
	}
}
