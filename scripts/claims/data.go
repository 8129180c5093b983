package main

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/cmapbench/cmapbench/internal/results"
	"github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
)

// version is what the evidence directory holds for one toolchain.
type version struct {
	Name    string
	Sources []loc
	Runs    map[string]evidence // by probe name
}

// file returns the evidence file name of one probe: go1.26.8-growth.txt.
func (v *version) file(probe string) string { return v.Name + "-" + probe + ".txt" }

// all returns the locs with key.
func (v *version) all(key string) []loc {
	var ls []loc
	for _, l := range v.Sources {
		if l.Key == key {
			ls = append(ls, l)
		}
	}
	return ls
}

// one returns the first loc with key.
func (v *version) one(key string) (loc, bool) {
	ls := v.all(key)
	if len(ls) == 0 {
		return loc{}, false
	}
	return ls[0], true
}

// probeNames are the evidence names every toolchain has.
func probeNames() []string {
	names := []string{sourcesProbe}
	for _, p := range probes() {
		names = append(names, p.name)
	}
	return names
}

// loadVersions reads an evidence directory: every toolchain with a sources file, in
// version order, with all its probes' evidence.
func loadVersions(fsys fs.FS) ([]*version, error) {
	names, err := fs.Glob(fsys, "*-"+sourcesProbe+".txt")
	if err != nil {
		return nil, fmt.Errorf("listing the evidence: %w", err)
	}
	var vs []*version
	for _, n := range names {
		v := &version{Name: strings.TrimSuffix(n, "-"+sourcesProbe+".txt"), Runs: map[string]evidence{}}
		for _, p := range probeNames() {
			b, err := fs.ReadFile(fsys, v.file(p))
			if err != nil {
				return nil, fmt.Errorf("reading the evidence: %w", err)
			}
			if p == sourcesProbe {
				if v.Sources, err = parseSources(string(b)); err != nil {
					return nil, fmt.Errorf("%s: %w", v.file(p), err)
				}
				continue
			}
			if v.Runs[p], err = parseEvidence(string(b)); err != nil {
				return nil, fmt.Errorf("%s: %w", v.file(p), err)
			}
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("no evidence (no *-%s.txt file)", sourcesProbe)
	}
	slices.SortFunc(vs, func(a, b *version) int { return toolchain.Compare(a.Name, b.Name) })
	return vs, nil
}

// A safetyReport is the newest safety report of one toolchain, as far as the claims
// quote it: its file name and sync.Map's row of its Range-semantics table.
type safetyReport struct {
	File   string
	Header []string
	Row    []string // nil when the report has no row for sync.Map
}

// rangeSection starts the safety report's section that the claims quote.
const rangeSection = "## Range semantics"

// syncMapStrategy returns the registry's entry for sync.Map: the strategy built on it.
func syncMapStrategy() strategies.Info {
	for _, info := range strategies.Infos() {
		if info.BuildsOn == strategies.OnSyncMap {
			return info
		}
	}
	return strategies.Info{}
}

// loadSafety returns, for each toolchain name, its newest safety report in fsys, as the
// report picks it (results.NewestReports): a toolchain go1.25.0-noswissmap is the Go
// version go1.25.0 X:noswissmap.
func loadSafety(fsys fs.FS, names []string) (map[string]safetyReport, error) {
	newest, err := results.NewestReports(fsys, "safety")
	if err != nil {
		return nil, err
	}
	reports := map[string]safetyReport{}
	syncName := syncMapStrategy().Name
	for goVersion, file := range newest {
		v, x := toolchain.SplitName(goVersion)
		for _, name := range names {
			if nv, nx := toolchain.SplitName(name); nv != v || nx != x {
				continue
			}
			b, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, fmt.Errorf("reading a safety report: %w", err)
			}
			r := safetyReport{File: path.Base(file)}
			r.Header, r.Row = rangeRow(string(b), syncName)
			reports[name] = r
		}
	}
	return reports, nil
}

// rangeRow returns the header and the row of strategy name of the first table in the
// report's Range-semantics section.
func rangeRow(report, name string) (header, row []string) {
	_, section, ok := strings.Cut(report, rangeSection)
	if !ok {
		return nil, nil
	}
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "## ") {
			break
		}
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		switch {
		case header == nil:
			header = cells
		case len(cells) > 0 && cells[0] == name:
			return header, cells
		}
	}
	return header, nil
}
