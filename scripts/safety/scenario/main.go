// Command scenario is the child program of the safety matrix (scripts/safety). It runs one
// scenario against one strategy and, when it gets to the end, prints one line
//
//	SAFETY-RESULT {json}
//
// on standard output. The driver builds it twice, plain and with -race, and runs it in a
// child process, because what it looks for in the unsafe baseline (the runtime's
// "fatal error: concurrent map ...") kills the whole process and cannot be recovered.
//
// Usage:
//
//	scenario -mode info
//	scenario -strategy NAME -mode grow [-writers 2 -keys 20000 -readers 1 -rangers 1 -pause 1ms]
//	scenario -strategy NAME -mode rangesem [-writers 2 -ranges 200 -stable 512 -victims 512 -newkeys 4096]
//	scenario -strategy NAME -mode conform
//
// Modes:
//
//   - info: print the toolchain and platform the binary was built for, and whether it was
//     built with -race.
//   - grow: writers grow the map from empty while readers Load keys already stored and
//     rangers Range over it, then every key is checked (see maptest.Grow).
//   - rangesem: measure what Range sees while writers store new keys and delete others
//     (see maptest.RangeSemantics). Concurrent strategies only.
//   - conform: the conformance check, from one goroutine, with int and string keys,
//     without and with a capacity hint (see maptest.ConformAll).
//
// The process sets its core file size limit to zero where it can: the driver runs the
// unsafe baseline with GOTRACEBACK=crash, which ends in SIGABRT.
package main

import (
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/cmapbench/cmapbench/internal/cli"
	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

func main() { cli.Main("scenario", run) }

func run(args []string, stdout, stderr io.Writer) error {
	fs := cli.FlagSet("scenario", stderr)
	var (
		name = fs.String("strategy", "", "strategy name (required except in -mode info)")
		mode = fs.String("mode", "grow", "scenario: info, grow, rangesem or conform")
		grow maptest.GrowConfig
		rsem maptest.RangeConfig
	)
	fs.IntVar(&grow.Writers, "writers", 2, "goroutines storing keys, each its own")
	fs.IntVar(&grow.Keys, "keys", 20000, "grow: keys each writer stores")
	fs.IntVar(&grow.Readers, "readers", 1, "grow: goroutines loading keys already stored")
	fs.IntVar(&grow.Rangers, "rangers", 1, "grow: goroutines ranging over the map")
	fs.DurationVar(&grow.Pause, "pause", time.Millisecond, "grow: how long a ranger sleeps between Ranges")
	fs.IntVar(&rsem.Ranges, "ranges", 200, "rangesem: Ranges to measure")
	fs.IntVar(&rsem.Stable, "stable", 512, "rangesem: keys stored before the writers start and never deleted")
	fs.IntVar(&rsem.Victims, "victims", 512, "rangesem: keys stored before the writers start, which they delete")
	fs.IntVar(&rsem.NewKeys, "newkeys", 4096, "rangesem: new keys each writer stores per round (each round starts from an empty map)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	rsem.Writers = grow.Writers

	if *mode == "info" {
		return maptest.WriteResult(stdout, maptest.Info{
			GoVersion:  runtime.Version(),
			GOOS:       runtime.GOOS,
			GOARCH:     runtime.GOARCH,
			NumCPU:     runtime.NumCPU(),
			GOMAXPROCS: runtime.GOMAXPROCS(0),
			Race:       raceEnabled,
		})
	}
	s, err := strategies.Lookup[int, int](*name)
	if err != nil {
		return err
	}
	switch *mode {
	case "grow":
		if err := grow.Check(); err != nil {
			return err
		}
		disableCoreDumps()
		return maptest.WriteResult(stdout, maptest.Grow(s.New(0), grow))
	case "rangesem":
		if !s.Concurrent {
			return fmt.Errorf("strategy %q is not concurrent: rangesem would only crash", s.Name)
		}
		if err := rsem.Check(); err != nil {
			return err
		}
		disableCoreDumps()
		return maptest.WriteResult(stdout, maptest.RangeSemantics(func() strategies.Map[int, int] { return s.New(0) }, rsem))
	case "conform":
		ss, err := strategies.Lookup[string, int](s.Name)
		if err != nil {
			return err
		}
		return maptest.WriteResult(stdout, maptest.ConformAll(s.New, ss.New))
	default:
		return fmt.Errorf("unknown -mode %q (valid: info, grow, rangesem, conform)", *mode)
	}
}
