//go:build !unix

package toolchain

import "os/exec"

// ownProcessGroup does nothing where there are no Unix process groups: cancelling cmd
// kills the process itself (exec.CommandContext's default).
func ownProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup does nothing where there are no Unix process groups.
func killProcessGroup(cmd *exec.Cmd) {}
