// Command gctrace grows a map[int]int to a million entries, forcing a garbage collection
// every 250,000 inserts, so that a run with GODEBUG=gctrace=1 shows what the runtime
// prints while a map grows. It prints the map's final length on standard output; the
// runtime's trace lines go to standard error.
package main

import (
	"fmt"
	"runtime"
)

const entries = 1_000_000

func main() {
	m := make(map[int]int)
	for i := range entries {
		m[i] = i
		if (i+1)%250_000 == 0 {
			runtime.GC()
		}
	}
	fmt.Println("entries", len(m))
}
