package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// waitDelay bounds how long Wait waits for a killed child's output pipes to close.
const waitDelay = 5 * time.Second

// childRun is what one child process did.
type childRun struct {
	Stdout, Stderr []byte
	ExitCode       int           // -1 when a signal ended it
	Status         string        // "exit status 2", "signal: aborted", "killed after 10s (timeout)"
	TimedOut       bool          // it outlived its timeout and was killed
	Lived          time.Duration // from start to exit
}

// runChild runs name with args and env in its own process group, and returns when it has
// exited. When timeout passes or ctx is cancelled, the whole group is killed; once the
// child has exited, whatever it left in its group is killed too, so no process outlives
// its run. Only a failure to start it is an error.
func runChild(ctx context.Context, timeout time.Duration, env []string, name string, args ...string) (childRun, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = waitDelay
	ownProcessGroup(cmd)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return childRun{}, fmt.Errorf("starting %s: %w", name, err)
	}
	err := cmd.Wait()
	r := childRun{Lived: time.Since(start), ExitCode: -1}
	killProcessGroup(cmd)
	r.Stdout, r.Stderr = stdout.Bytes(), stderr.Bytes()
	if cmd.ProcessState != nil {
		r.ExitCode = cmd.ProcessState.ExitCode()
		r.Status = cmd.ProcessState.String()
	}
	if ctx.Err() != nil && r.ExitCode != 0 {
		r.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
		if r.TimedOut {
			r.Status = fmt.Sprintf("killed after %v (timeout)", timeout)
		} else {
			r.Status = "killed: " + context.Cause(ctx).Error()
		}
	}
	if r.Status == "" && err != nil {
		r.Status = err.Error()
	}
	return r, nil
}

// withEnv returns env with each "KEY=value" of set replacing any earlier KEY.
func withEnv(env []string, set ...string) []string {
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		key, _, _ := strings.Cut(kv, "=")
		replaced := false
		for _, s := range set {
			if k, _, _ := strings.Cut(s, "="); k == key {
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, kv)
		}
	}
	return append(out, set...)
}

// lookupEnv returns the value of key in env.
func lookupEnv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}
