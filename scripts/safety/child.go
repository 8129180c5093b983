package main

import (
	"context"
	"time"

	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// childRun is what one child process did.
type childRun = toolchain.Result

// runChild runs name with args and env in its own process group, and returns when it has
// exited. When timeout passes or ctx is cancelled, the whole group is killed; once the
// child has exited, whatever it left in its group is killed too, so no process outlives
// its run. Only a failure to start it is an error.
func runChild(ctx context.Context, timeout time.Duration, env []string, name string, args ...string) (childRun, error) {
	return (&toolchain.Cmd{Path: name, Args: args, Env: env, Timeout: timeout}).Run(ctx)
}

// withEnv returns env with each "KEY=value" of set replacing any earlier KEY.
func withEnv(env []string, set ...string) []string { return toolchain.WithEnv(env, set...) }

// lookupEnv returns the value of key in env.
func lookupEnv(env []string, key string) string { return toolchain.LookupEnv(env, key) }
