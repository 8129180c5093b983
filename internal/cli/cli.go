// Package cli holds what every command of the suite does the same way: a main that runs
// the command's run function on the process's arguments and streams, and exits non-zero
// with the error prefixed by the command's name.
package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Run is a command: it parses args with its own FlagSet, writes its output to stdout and
// its progress and warnings to stderr, and returns what went wrong.
type Run func(args []string, stdout, stderr io.Writer) error

// Main runs run on the command line and exits 1, after printing "name: error" on
// standard error, when it fails.
func Main(name string, run Run) {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// FlagSet returns a command's FlagSet: parse errors are returned, not fatal, and usage and
// errors go to stderr.
func FlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// List splits a flag's list, given as "a,b", "a b" or "a, b", into its entries.
func List(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}
