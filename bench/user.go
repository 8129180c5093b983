package bench

// The user's workloads: a mix described on the command line (CustomMix, -mix) and a
// recorded trace (Replay, -replay). The catalog lists both; their cases come from what
// the user gives, in the runner (make bench MIX=..., TRACE=...) and in the test binary
// (the same flags), which build the same workload from it.

// userWorkload returns the workload called name as this test binary runs it: the
// catalog's, or the one the user described with -mix.
func userWorkload(name string) (*Workload, error) {
	switch {
	case name == CustomMixName && mixSpec != "":
		return ParseMix(mixSpec)
	case name == ReplayName && tracePath == "":
		return nil, ErrNoTrace
	case name == ReplayName:
		return loadReplayTrace(tracePath)
	}
	return Lookup(name)
}
