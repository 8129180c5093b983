// Command traceback reads and writes one map[int]int from two goroutines without
// synchronisation while three other goroutines wait on a channel, so that the runtime's
// best-effort check ends the process with "fatal error: concurrent map read and map
// write". It first prints how many goroutines it has and how many of them park:
// "goroutines 6 parked 3". Run it under different GOTRACEBACK settings to see which
// goroutines the fatal error's traceback shows. It disables core dumps; when -for passes
// without a crash it prints "no crash" and exits 0.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

const parked = 3

var sink int

func main() {
	limit := flag.Duration("for", 3*time.Second, "how long to try")
	flag.Parse()
	disableCoreDumps()
	runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0)))

	// main, the parked goroutines, the writer and the reader.
	fmt.Printf("goroutines %d parked %d\n", parked+3, parked)
	block := make(chan struct{})
	for range parked {
		go func() { <-block }()
	}
	m := make(map[int]int)
	go func() {
		for i := 0; ; i++ {
			m[i%1024] = i
		}
	}()
	go func() {
		for i := 0; ; i++ {
			sink += m[i%1024]
		}
	}()
	time.Sleep(*limit)
	fmt.Println("no crash")
}
