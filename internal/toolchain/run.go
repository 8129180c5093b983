package toolchain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// waitDelay bounds how long Run waits for a killed child's output pipes to close.
const waitDelay = 5 * time.Second

// A Cmd is a child process to run.
type Cmd struct {
	Path    string        // the program: a name looked up in PATH, or a path
	Args    []string      // its arguments, without the program
	Env     []string      // its environment; nil: the caller's
	Dir     string        // its working directory; "": the caller's
	Timeout time.Duration // its time limit; 0: none but the context's

	// Stdout and Stderr receive the child's output as it comes. When nil, the output is
	// collected in the Result instead.
	Stdout, Stderr io.Writer
}

// Result is what one child process did.
type Result struct {
	Stdout, Stderr []byte        // what it wrote, when the Cmd collected it
	ExitCode       int           // -1 when a signal ended it
	Status         string        // "exit status 2", "signal: aborted", "killed after 10s (timeout)"
	TimedOut       bool          // it outlived its time limit and was killed
	Lived          time.Duration // from start to exit
}

// Run runs the child in a process group of its own and returns when it has exited. When
// the time limit passes or ctx is done, the whole group is killed; once the child has
// exited, whatever it left in its group is killed too (for the go command: compilers and
// linkers it started), so no process outlives its run. How the child ended is in the
// Result; the error is for what went wrong on this side: the child could not start, or
// its output could not be delivered to Stdout or Stderr (a Writer's error).
func (c *Cmd) Run(ctx context.Context) (Result, error) {
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Env, cmd.Dir = c.Env, c.Dir
	cmd.Stdout, cmd.Stderr = c.Stdout, c.Stderr
	if c.Stdout == nil {
		cmd.Stdout = &stdout
	}
	if c.Stderr == nil {
		cmd.Stderr = &stderr
	}
	cmd.WaitDelay = waitDelay
	ownProcessGroup(cmd)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("starting %s: %w", c.Path, err)
	}
	err := cmd.Wait()
	r := Result{Lived: time.Since(start), ExitCode: -1}
	killProcessGroup(cmd)
	r.Stdout, r.Stderr = stdout.Bytes(), stderr.Bytes()
	if cmd.ProcessState != nil {
		r.ExitCode = cmd.ProcessState.ExitCode()
		r.Status = cmd.ProcessState.String()
	}
	if ctx.Err() != nil && r.ExitCode != 0 {
		r.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded) && c.Timeout > 0
		if r.TimedOut {
			r.Status = fmt.Sprintf("killed after %v (timeout)", c.Timeout)
		} else {
			r.Status = "killed: " + context.Cause(ctx).Error()
		}
	}
	if r.Status == "" && err != nil {
		r.Status = err.Error()
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) && !errors.Is(err, exec.ErrWaitDelay) && ctx.Err() == nil {
		return r, fmt.Errorf("passing on the output of %s: %w", c.Path, err)
	}
	return r, nil
}

// Err returns nil when the child exited with status 0, and otherwise an error that says
// how it ended (its Status).
func (r Result) Err() error {
	if r.ExitCode == 0 && !r.TimedOut {
		return nil
	}
	return errors.New(r.Status)
}

// Output runs the child, whose Stdout must be nil, and returns its standard output,
// trimmed of surrounding space. When the child does not exit with status 0, the error names the command and carries
// the end of its standard error.
func (c *Cmd) Output(ctx context.Context) (string, error) {
	r, err := c.Run(ctx)
	if err != nil {
		return "", err
	}
	if err := r.Err(); err != nil {
		return "", fmt.Errorf("%s: %w\n%s", c.String(), err, Tail(r.Stderr))
	}
	return strings.TrimSpace(string(r.Stdout)), nil
}

// String returns the command line: the program and its arguments, separated by spaces.
func (c *Cmd) String() string {
	return strings.Join(append([]string{c.Path}, c.Args...), " ")
}

// Tail returns the end of a child's output, trimmed, for an error message: its last 4000
// bytes at most.
func Tail(b []byte) string {
	const max = 4000
	s := strings.TrimSpace(string(b))
	if len(s) > max {
		s = "..." + s[len(s)-max:]
	}
	return s
}
