//go:build unix

package main

import "syscall"

// disableCoreDumps sets this process's core file size limit to zero: under
// GOTRACEBACK=crash the fatal error ends in SIGABRT, which could otherwise leave a core
// file behind (or feed a system crash reporter).
func disableCoreDumps() {
	_ = syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{})
}
