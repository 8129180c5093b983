// Command allocs measures, with testing.AllocsPerRun, the allocations of one
// "for k, v := range m" over a map[int]int of 1,000 entries and of one sync.Map Range over
// 1,000 entries. It prints one line per measurement: "allocs NAME PER-RUN".
package main

import (
	"fmt"
	"sync"
	"testing"
)

const (
	entries = 1000
	runs    = 1000
)

var sink int

func main() {
	m := make(map[int]int, entries)
	var sm sync.Map
	for i := range entries {
		m[i] = i
		sm.Store(i, i)
	}
	rangeMap := testing.AllocsPerRun(runs, func() {
		for k, v := range m {
			sink += k + v
		}
	})
	rangeSync := testing.AllocsPerRun(runs, func() {
		sm.Range(func(k, v any) bool {
			sink += k.(int) + v.(int)
			return true
		})
	})
	fmt.Printf("allocs map-range %g\n", rangeMap)
	fmt.Printf("allocs syncmap-range %g\n", rangeSync)
	fmt.Printf("entries %d runs %d\n", entries, runs)
}
