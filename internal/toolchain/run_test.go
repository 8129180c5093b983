//go:build unix

package toolchain

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOutput(t *testing.T) {
	ok := &Cmd{Path: "/bin/sh", Args: []string{"-c", "echo '  out  '; echo noise >&2"}}
	if got, err := ok.Output(context.Background()); err != nil || got != "out" {
		t.Errorf("Output = %q, %v; want the trimmed standard output", got, err)
	}
	bad := &Cmd{Path: "/bin/sh", Args: []string{"-c", "echo partial; echo 'it broke' >&2; exit 3"}}
	_, err := bad.Output(context.Background())
	if err == nil {
		t.Fatal("Output of a failing command succeeded")
	}
	for _, want := range []string{"/bin/sh -c echo partial", ": exit status 3\nit broke"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := (&Cmd{Path: filepath.Join(t.TempDir(), "no-such-program")}).Run(context.Background()); err == nil || !strings.Contains(err.Error(), "starting ") {
		t.Errorf("Run of a missing program: %v, want an error starting it", err)
	}
}

func TestRunStreamsAndUsesDirAndEnv(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	c := &Cmd{Path: "/bin/sh", Args: []string{"-c", "pwd; echo $CMAPBENCH_TEST >&2; exit 2"},
		Dir: dir, Env: []string{"CMAPBENCH_TEST=yes"}, Stdout: &stdout, Stderr: &stderr}
	r, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(dir)
	if got := strings.TrimSpace(stdout.String()); got != dir && got != real {
		t.Errorf("the child ran in %q, want %q", got, dir)
	}
	if stderr.String() != "yes\n" || len(r.Stdout) != 0 || len(r.Stderr) != 0 {
		t.Errorf("stderr %q, result output %q %q: want the output streamed, not collected", stderr.String(), r.Stdout, r.Stderr)
	}
	if r.ExitCode != 2 || r.Status != "exit status 2" || r.Err() == nil || r.Err().Error() != "exit status 2" {
		t.Errorf("result %+v, Err %v", r, r.Err())
	}
}

// failingWriter fails every write, as a full disk does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestRunReportsWriterError checks that output the child wrote but Run could not pass on
// is an error, though the child itself exited with status 0.
func TestRunReportsWriterError(t *testing.T) {
	c := &Cmd{Path: "/bin/sh", Args: []string{"-c", "echo result"}, Stdout: failingWriter{}}
	r, err := c.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Run = %+v, %v; want the writer's error", r, err)
	}
	if r.ExitCode != 0 {
		t.Errorf("exit code %d, want 0", r.ExitCode)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	r, err := (&Cmd{Path: "/bin/sh", Args: []string{"-c", "sleep 30"}, Timeout: time.Minute}).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.TimedOut || r.Status != "killed: context canceled" || r.Err() == nil || time.Since(start) > 10*time.Second {
		t.Errorf("cancelled child: %+v after %v", r, time.Since(start))
	}
}

// fakeGo writes a go command that answers go env GOVERSION with the GOTOOLCHAIN it runs
// under (go1.26.8 for local), as the real one does, except that it cannot fetch
// go1.99.0 and that GOTOOLCHAIN=go1.24.0 runs go1.26.8 (a toolchain pinned elsewhere).
// Any other command writes its arguments and GOFLAGS into the file after -o.
func fakeGo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "go")
	script := `#!/bin/sh
if [ "$1 $2" = "env GOVERSION" ]; then
	case "$GOTOOLCHAIN" in
	go1.99.0) echo "go: download go1.99.0: toolchain not available" >&2; exit 1;;
	go1.24.0|local|"") echo go1.26.8;;
	*) echo "$GOTOOLCHAIN";;
	esac
	exit 0
fi
all="$*"
while [ "$1" != "-o" ]; do shift; done
echo "$all GOFLAGS=$GOFLAGS" > "$2"
`
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestResolve(t *testing.T) {
	goCmd := fakeGo(t)
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOEXPERIMENT", "nosynchashtriemap")
	t.Setenv("GOFLAGS", "-race -mod=mod")
	tcs, err := Resolve(context.Background(), goCmd, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The go on PATH: its own version and the caller's experiment.
	if len(tcs) != 1 || tcs[0].Name != "go1.26.8" || tcs[0].RuntimeVersion() != "go1.26.8 X:nosynchashtriemap" {
		t.Fatalf("the go on PATH resolved as %+v", tcs)
	}
	specs, _ := ParseList("go1.23.12 go1.25.0:noswissmap")
	tcs, err = Resolve(context.Background(), goCmd, "", specs)
	if err != nil {
		t.Fatal(err)
	}
	if tcs[0].Name != "go1.23.12" || tcs[0].RuntimeVersion() != "go1.23.12" || tcs[0].Experiment() != "" {
		t.Errorf("go1.23.12 resolved as %+v", tcs[0])
	}
	if tcs[1].Name != "go1.25.0-noswissmap" || tcs[1].GoVersion != "go1.25.0" || tcs[1].RuntimeVersion() != "go1.25.0 X:noswissmap" {
		t.Errorf("go1.25.0:noswissmap resolved as %+v", tcs[1])
	}

	out := filepath.Join(t.TempDir(), "bin")
	if err := tcs[1].BuildTest(context.Background(), out, "./bench"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "test -c -o "+out+" ./bench GOFLAGS=-mod=mod\n" {
		t.Errorf("go test -c ran as %q; want -race dropped from GOFLAGS", b)
	}
	for race, want := range map[bool]string{
		false: "build -trimpath -o " + out + " ./prog GOFLAGS=-mod=mod\n",
		true:  "build -trimpath -race -o " + out + " ./prog GOFLAGS=-race -mod=mod\n",
	} {
		if err := tcs[1].Build(context.Background(), out, "./prog", race, "-trimpath"); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(out); string(b) != want {
			t.Errorf("Build(race=%v) ran go %q, want %q", race, b, want)
		}
	}

	for list, want := range map[string]string{
		"go1.99.0": "toolchain go1.99.0 is not available: " + goCmd + " env GOVERSION: exit status 1\ngo: download go1.99.0",
		"go1.24.0": "toolchain go1.24.0: GOTOOLCHAIN=go1.24.0 runs go1.26.8 (is GOTOOLCHAIN pinned elsewhere",
	} {
		specs, _ := ParseList(list)
		if _, err := Resolve(context.Background(), goCmd, "", specs); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(%s) = %v, want an error containing %q", list, err, want)
		}
	}
}
