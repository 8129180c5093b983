module github.com/cmapbench/cmapbench

go 1.23.0

require (
	github.com/orcaman/concurrent-map/v2 v2.0.1
	github.com/puzpuzpuz/xsync/v3 v3.5.1
)

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	golang.org/x/perf v0.0.0-20250710210952-7b7c2de18447
)
