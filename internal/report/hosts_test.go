package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/internal/golden"
)

// TestMergeHosts merges the raw files of two hosts, found by searching a directory as
// make report RAW=dir does with downloaded artifacts, into one report with a section
// per host, and checks that no summary mixes them: each host's tables are the ones a
// report of that host alone shows.
func TestMergeHosts(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	opts := Options{Out: filepath.Join(dir, "README.md"), Files: []string{filepath.Join("testdata", "hosts")}}
	if err := Generate(opts, &stdout, &stderr); err != nil {
		t.Fatalf("Generate: %v\n%s", err, stderr.String())
	}
	readme, err := os.ReadFile(opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/hosts.golden.md", readme, *update)
	for _, want := range []string{
		"Measured on 2 hosts",
		"- **gh-ubuntu-24.04-arm** (Neoverse-N2, 4 CPUs, linux/arm64): `go1.26.8` (1 raw file)",
		"- **laptop** (AMD EPYC, 2 CPUs, linux/amd64): `go1.23.12`, `go1.26.8` (2 raw files)",
		"### Where the hosts disagree",
		"| Read-mostly | go1.26.8 | gh-ubuntu-24.04-arm |",
		"### laptop", "### gh-ubuntu-24.04-arm",
		"](tables/laptop/mix.md)", "](tables/gh-ubuntu-24.04-arm/mix.md)",
		"](charts/laptop-",
	} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("the merged README lacks %q", want)
		}
	}

	// Each host's page equals the page of a report of that host's files alone, but for
	// the links and the host line.
	for _, host := range []string{"laptop", "arm"} {
		alone := t.TempDir()
		o := Options{Out: filepath.Join(alone, "README.md"), Files: []string{filepath.Join("testdata", "hosts", host)}}
		if err := Generate(o, &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		label := map[string]string{"laptop": "laptop", "arm": "gh-ubuntu-24.04-arm"}[host]
		merged := tableRows(t, filepath.Join(dir, "tables", label, "mix.md"))
		single := tableRows(t, filepath.Join(alone, "tables", "mix.md"))
		if merged != single || !strings.Contains(single, "| 1000 |") {
			t.Errorf("%s: the merged report's Mix table differs from the report of that host alone:\nmerged:\n%s\nalone:\n%s", host, merged, single)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, csvName))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nlaptop,AMD EPYC,2,linux,amd64,go1.26.8,Mix,", "\ngh-ubuntu-24.04-arm,Neoverse-N2,4,linux,arm64,go1.26.8,Mix,"} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("the CSV lacks a row starting %q", want)
		}
	}
}

// tableRows returns the table rows of a page: the lines that start with "|".
func tableRows(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "|") {
			rows = append(rows, l)
		}
	}
	return strings.Join(rows, "\n")
}

// TestHostsSharingALabel merges two machines under one label (two CPU models that share
// a default label): each keeps pages and charts of its own, and the guide of make bench
// answers per host.
func TestHostsSharingALabel(t *testing.T) {
	dir := t.TempDir()
	arm, err := os.ReadFile(filepath.Join("testdata", "hosts", "arm", "20261121-080000-go1.26.8.txt"))
	if err != nil {
		t.Fatal(err)
	}
	raws := filepath.Join(dir, "raw")
	for _, sub := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(raws, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	a := writeRaw(t, filepath.Join(raws, "a"), "20261121-080000-go1.26.8.txt", strings.Replace(string(arm), "host: gh-ubuntu-24.04-arm", "host: box", 1))
	b := writeRaw(t, filepath.Join(raws, "b"), "20261121-080000-go1.26.8.txt", strings.NewReplacer("host: gh-ubuntu-24.04-arm", "host: box", "cpu: Neoverse-N2", "cpu: Ampere Altra").Replace(string(arm)))
	var stdout bytes.Buffer
	out := filepath.Join(dir, "README.md")
	if err := Generate(Options{Out: out, Files: []string{raws}}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "(2 hosts)") {
		t.Errorf("stdout: %s, want 2 hosts", stdout.String())
	}
	for _, p := range []string{"tables/box/mix.md", "tables/box-2/mix.md", "charts/box-read-mostly-go1.26.8.svg", "charts/box-2-read-mostly-go1.26.8.svg"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Errorf("two hosts labelled box: %v", err)
		}
	}
	var guide strings.Builder
	if err := Guide([]string{a, b}, &guide, io.Discard); err != nil {
		t.Fatal(err)
	}
	if g := guide.String(); strings.Count(g, "| Read-mostly |") != 2 || !strings.Contains(g, "Host box (Ampere Altra, 4 CPUs, linux/arm64):") {
		t.Errorf("the run's guide of two hosts is not one guide per host:\n%s", g)
	}
}
