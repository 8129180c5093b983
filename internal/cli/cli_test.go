package cli

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for a command: with CLI_TEST_RUN set it runs
// Main on a command that fails (or succeeds) and exits.
func TestMain(m *testing.M) {
	switch os.Getenv("CLI_TEST_RUN") {
	case "fail":
		Main("cmd", func([]string, io.Writer, io.Writer) error { return errors.New("boom") })
		os.Exit(0) // not reached
	case "ok":
		Main("cmd", func(_ []string, stdout, _ io.Writer) error { _, err := io.WriteString(stdout, "done\n"); return err })
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestMainExit(t *testing.T) {
	for _, tt := range []struct {
		mode, stdout, stderr string
		code                 int
	}{
		{"fail", "", "cmd: boom\n", 1},
		{"ok", "done\n", "", 0},
	} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "CLI_TEST_RUN="+tt.mode)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code || stdout.String() != tt.stdout || stderr.String() != tt.stderr {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d, %q, %q", tt.mode, code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderr)
		}
	}
}
