// Command genreadme writes the README's catalog sections (the strategy and workload
// tables) from the catalog: run it with go generate ./bench.
package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/cli"
)

func main() { cli.Main("genreadme", run) }

func run(args []string, _, stderr io.Writer) error {
	fs := cli.FlagSet("genreadme", stderr)
	path := fs.String("readme", "../README.md", "the README to update")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := os.ReadFile(*path)
	if err != nil {
		return err
	}
	text := string(b)
	sections := bench.ReadmeSections()
	for _, name := range slices.Sorted(maps.Keys(sections)) {
		var ok bool
		if text, ok = bench.ReplaceSection(text, name, sections[name]); !ok {
			return fmt.Errorf("%s has no %q section: add the lines %q and %q where it goes", *path, name,
				fmt.Sprintf(bench.BeginMarker, name), fmt.Sprintf(bench.EndMarker, name))
		}
	}
	return os.WriteFile(*path, []byte(text), 0o644)
}
