package report

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/internal/results"
	toolchains "github.com/cmapbench/cmapbench/internal/toolchain"
)

// rawPaths expands the files and directories named into the raw files to read. A
// directory is searched recursively (the artifacts of several machines, each in a
// directory of its own), except for the report's own output and the other commands'
// directories. With nothing named, the raw files directly in dir are read; found
// reports whether the files were found rather than named one by one.
func rawPaths(named []string, dir string) (paths []string, found bool, err error) {
	if len(named) == 0 {
		paths, err := results.RawFiles(dir)
		if err != nil {
			return nil, false, err
		}
		if len(paths) == 0 {
			return nil, false, fmt.Errorf("no raw benchmark files (*.txt) in %s: run make bench first, or name the files", dir)
		}
		return paths, true, nil
	}
	for _, n := range named {
		fi, err := os.Stat(n)
		if err != nil {
			return nil, false, fmt.Errorf("reading raw files: %w", err)
		}
		if !fi.IsDir() {
			paths = append(paths, n)
			continue
		}
		found = true
		before := len(paths)
		err = filepath.WalkDir(n, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if p != n && slices.Contains(skipDirs, d.Name()) {
				return filepath.SkipDir
			}
			files, err := results.RawFiles(p)
			paths = append(paths, files...)
			return err
		})
		if err != nil {
			return nil, false, fmt.Errorf("searching %s for raw files: %w", n, err)
		}
		if len(paths) == before {
			return nil, false, fmt.Errorf("no raw benchmark files (*.txt) under %s", n)
		}
	}
	return paths, found, nil
}

// skipDirs are the directories a search for raw files does not enter: the report's
// pages and charts, make profile's and make claims' output, and make bench's binaries.
var skipDirs = []string{tablesDir, "charts", "profiles", "claims", ".bin"}

// splitHosts makes one dataset per host, ordered by host label. Results of two hosts
// never meet in one dataset, so no median, interval or comparison mixes them.
func splitHosts(raws []*rawFile) []*dataset {
	byHost := map[results.Host][]*rawFile{}
	var hosts []results.Host
	for _, f := range raws {
		if byHost[f.host] == nil {
			hosts = append(hosts, f.host)
		}
		byHost[f.host] = append(byHost[f.host], f)
	}
	slices.SortFunc(hosts, func(a, b results.Host) int {
		return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.String(), b.String()))
	})
	var out []*dataset
	uses := map[string]int{}
	for _, h := range hosts {
		ds := newDataset(byHost[h])
		ds.host = h
		// Two machines may share a label (two CPU models under one default label): the
		// second gets a number, so that neither's pages or charts overwrite the other's.
		ds.slug = slug(h.Label)
		if uses[ds.slug]++; uses[ds.slug] > 1 {
			ds.slug += "-" + strconv.Itoa(uses[ds.slug])
		}
		out = append(out, ds)
	}
	return out
}

// plainToolchains are ds's configurations without a GOEXPERIMENT: the Go releases.
func plainToolchains(ds *dataset) []*toolchain {
	var out []*toolchain
	for _, tc := range ds.toolchains {
		if _, x := toolchains.SplitName(tc.name); x == "" {
			out = append(out, tc)
		}
	}
	return out
}

// variant returns the configuration of release's Go version with experiment x that
// measured workload wl; nil when there is none.
func variant(ds *dataset, release *toolchain, x, wl string) *toolchain {
	v, _ := toolchains.SplitName(release.name)
	for _, tc := range ds.toolchains {
		if tv, tx := toolchains.SplitName(tc.name); tv == v && tx == x && tc.source[wl] != nil {
			return tc
		}
	}
	return nil
}

// hostLine describes a host and what ran on it, for the README's first lines.
func hostLine(ds *dataset) string {
	var plain, withX []string
	for _, tc := range ds.toolchains {
		if v, x := toolchains.SplitName(tc.name); x == "" {
			plain = append(plain, markdown.Code(tc.name))
		} else {
			withX = append(withX, markdown.Code(v+" GOEXPERIMENT="+x))
		}
	}
	s := fmt.Sprintf("**%s** (%s): %s", ds.host.Label, ds.host.Details(), strings.Join(plain, ", "))
	if len(withX) > 0 {
		s += "; and " + strings.Join(withX, ", ")
	}
	return s + fmt.Sprintf(" (%d raw %s)", len(ds.files), plural(len(ds.files), "file", "files"))
}
