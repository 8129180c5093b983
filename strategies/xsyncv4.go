package strategies

// xsyncv4Info describes the xsyncv4 strategy in the registry. Its adapter lives in the
// nested module in strategies/xsyncv4: github.com/puzpuzpuz/xsync/v4 declares go 1.24,
// and a requirement on it would raise the root module's go line above go1.23, the last
// release with the classic hash map.
var xsyncv4Info = Info{
	Name:           "xsyncv4",
	Description:    "github.com/puzpuzpuz/xsync/v4 Map: lock-free reads, bucket locks for writes (built for go1.24 and newer)",
	Concurrent:     true,
	Range:          "no snapshot: each key at most once; a key present throughout is visited; f may write the map",
	Capacity:       "xsync.WithPresize(hint)",
	Len:            "Size(): sums striped counters, O(1) in entries",
	Update:         "Compute: f runs under the key's bucket lock",
	UpdateAtomic:   true,
	WriteAllocates: true,
	Module:         "github.com/puzpuzpuz/xsync/v4",
	Nested:         "strategies/xsyncv4",
	MinGo:          "go1.24",
}
