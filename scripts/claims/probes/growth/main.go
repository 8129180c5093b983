// Command growth inserts the keys 0, 1, ... into make(map[int]int) and prints, for every
// insert that allocated, the map's length after it and what it allocated: one line
// "alloc n=LEN objects=OBJECTS bytes=BYTES". It reads runtime.ReadMemStats after every
// insert, which flushes the per-P allocation caches (runtime/metrics counts small objects
// a span at a time), with the collector off so that nothing else runs in between.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
)

func main() {
	n := flag.Int("n", 300_000, "keys to insert")
	flag.Parse()
	debug.SetGCPercent(-1)

	type event struct{ n, objects, bytes uint64 }
	events := make([]event, 0, 4096)
	m := make(map[int]int)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs, total := ms.Mallocs, ms.TotalAlloc
	for i := range *n {
		m[i] = i
		runtime.ReadMemStats(&ms)
		if ms.Mallocs != mallocs {
			events = append(events, event{uint64(len(m)), ms.Mallocs - mallocs, ms.TotalAlloc - total})
		}
		mallocs, total = ms.Mallocs, ms.TotalAlloc
	}
	fmt.Printf("inserted %d\n", len(m))
	for _, e := range events {
		fmt.Printf("alloc n=%d objects=%d bytes=%d\n", e.n, e.objects, e.bytes)
	}
	if len(events) == cap(events) {
		fmt.Fprintln(os.Stderr, "growth: the event buffer grew during the run")
	}
}
