module github.com/cmapbench/cmapbench

go 1.23.0

require (
	github.com/orcaman/concurrent-map/v2 v2.0.1
	github.com/puzpuzpuz/xsync/v3 v3.5.1
)
