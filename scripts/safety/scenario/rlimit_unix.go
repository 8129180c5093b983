//go:build unix

package main

import "syscall"

// disableCoreDumps sets this process's core file size limit to zero. The driver runs the
// unsafe scenario with GOTRACEBACK=crash, which ends in SIGABRT: without this, every
// crashed run could leave a core file behind (or feed a system crash reporter).
func disableCoreDumps() {
	_ = syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{})
}
