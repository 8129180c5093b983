module github.com/cmapbench/cmapbench/strategies/xsyncv4

go 1.24

// The root module's go line is go1.23.0; its binaries get go1.23's GODEBUG defaults.
// This module's benchmarks run the root module's strategies too, so they get the same.
godebug default=go1.23

require github.com/cmapbench/cmapbench v0.0.0

require (
	github.com/alphadose/haxmap v1.4.0 // indirect
	github.com/cornelk/hashmap v1.0.8 // indirect
	github.com/orcaman/concurrent-map/v2 v2.0.1 // indirect
	github.com/puzpuzpuz/xsync/v3 v3.5.1 // indirect
	github.com/puzpuzpuz/xsync/v4 v4.5.0
	golang.org/x/exp v0.0.0-20250620022241-b7579e27df2b // indirect
)

replace github.com/cmapbench/cmapbench => ../..
