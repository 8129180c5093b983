//go:build linux

package toolchain

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gone reports whether process pid has ended (a zombie counts as ended: it runs no more).
func gone(pid int) bool {
	err := syscall.Kill(pid, 0)
	if errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	// pid (comm) STATE ...
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if gone(pid) {
			return
		}
	}
	t.Errorf("process %d outlived its run", pid)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

// TestRunKillsGroup checks that no process outlives its run: a child that hangs is
// killed at its timeout with what it started, and what a finished child left behind is
// killed too.
func TestRunKillsGroup(t *testing.T) {
	env := os.Environ()
	start := time.Now()
	hung := &Cmd{Path: "/bin/sh", Args: []string{"-c", "sleep 30 >/dev/null 2>&1 & echo $!; wait"}, Env: env, Timeout: 300 * time.Millisecond}
	r, err := hung.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !r.TimedOut || r.ExitCode != -1 || !strings.Contains(r.Status, "timeout") || time.Since(start) > 10*time.Second {
		t.Errorf("hung child: %+v after %v; want killed at its timeout", r, time.Since(start))
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(string(r.Stdout))); err == nil {
		waitGone(t, pid)
	} else {
		t.Errorf("no pid from the child: %q", r.Stdout)
	}

	finished := &Cmd{Path: "/bin/sh", Args: []string{"-c", "sleep 30 >/dev/null 2>&1 & echo $!"}, Env: env, Timeout: time.Minute}
	r, err = finished.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.TimedOut || r.ExitCode != 0 {
		t.Errorf("finished child: %+v", r)
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(string(r.Stdout))); err == nil {
		waitGone(t, pid)
	} else {
		t.Errorf("no pid from the child: %q", r.Stdout)
	}
}
