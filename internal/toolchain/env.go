package toolchain

import "strings"

// Env returns the environment for the go command and the programs it builds under the
// Spec: base with GOTOOLCHAIN and GOEXPERIMENT set explicitly (GOEXPERIMENT= when the
// Spec names none), so that the caller's environment cannot select another toolchain
// or leak another experiment. For the go on PATH (the zero Spec) it is base unchanged.
func (s Spec) Env(base []string) []string {
	if s.Version == "" {
		return base
	}
	return WithEnv(base, "GOTOOLCHAIN="+s.Version, "GOEXPERIMENT="+s.Experiment)
}

// WithEnv returns a copy of env with each "KEY=value" of set replacing every earlier
// KEY, added at the end.
func WithEnv(env []string, set ...string) []string {
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

// LookupEnv returns the value of key in env: the last KEY=value, as the go command and
// os/exec read it; "" when env has none.
func LookupEnv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// PlainEnv returns env for a build that must not have the race detector: a -race in
// GOFLAGS (as some test setups export) is dropped. env is returned unchanged when its
// GOFLAGS has none.
func PlainEnv(env []string) []string {
	flags := strings.Fields(LookupEnv(env, "GOFLAGS"))
	kept := make([]string, 0, len(flags))
	for _, f := range flags {
		if f != "-race" && f != "--race" && f != "-race=true" && f != "--race=true" {
			kept = append(kept, f)
		}
	}
	if len(kept) == len(flags) {
		return env
	}
	return WithEnv(env, "GOFLAGS="+strings.Join(kept, " "))
}
