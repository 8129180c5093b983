package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/pprof/profile"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/strategies"
)

// Profile file suffixes in a case directory, after the strategy's name.
const (
	suffixCPU   = ".cpu.pprof"
	suffixAlloc = ".alloc.pprof"
	suffixMutex = ".mutex.pprof"
	suffixBench = ".bench.txt"
)

// strategyRun is one strategy's profiles in one case.
type strategyRun struct {
	strategy string
	bench    *benchResult
	cpu      *cpuSummary
	alloc    *allocSummary
	mutex    *mutexSummary
	problems []string
}

// caseRuns is one case directory.
type caseRuns struct {
	dir  string
	runs []*strategyRun
}

// loadCases finds the case directories and their strategies' files, in the order of the
// catalog's Profile situations.
func loadCases(dir string) ([]*caseRuns, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the profiles: %w", err)
	}
	var cases []*caseRuns
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading the profiles: %w", err)
		}
		var names []string
		for _, f := range files {
			for _, suf := range []string{suffixCPU, suffixBench} {
				if s, ok := strings.CutSuffix(f.Name(), suf); ok {
					names = append(names, s)
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		slices.SortFunc(names, compareStrategies())
		c := &caseRuns{dir: e.Name()}
		for _, s := range slices.Compact(names) {
			c.runs = append(c.runs, &strategyRun{strategy: s})
		}
		cases = append(cases, c)
	}
	slices.SortFunc(cases, func(a, b *caseRuns) int {
		return cmp.Or(cmp.Compare(caseRank(a.dir), caseRank(b.dir)), cmp.Compare(a.dir, b.dir))
	})
	return cases, nil
}

// compareStrategies returns the comparison that orders strategies as the registry does;
// unknown names come last.
func compareStrategies() func(a, b string) int {
	names := strategies.Names()
	rank := func(s string) int {
		if i := slices.Index(names, s); i >= 0 {
			return i
		}
		return len(names)
	}
	return func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b)) }
}

// summarise reads the strategy's files in caseDir; what is missing or unreadable is
// noted in r.problems.
func (r *strategyRun) summarise(caseDir string, cl *classifier) {
	stem := filepath.Join(caseDir, r.strategy)
	if b, err := os.ReadFile(stem + suffixBench); err != nil {
		r.problems = append(r.problems, fileProblem(stem+suffixBench, err))
	} else if r.bench = parseBenchText(string(b)); r.bench == nil {
		r.problems = append(r.problems, "no benchmark result in "+filepath.Base(stem+suffixBench))
	}
	r.cpu = readSummary(r, stem+suffixCPU, func(p *profile.Profile) (*cpuSummary, error) { return summariseCPU(p, cl) })
	if r.cpu != nil && r.cpu.labelled == 0 && r.cpu.total+r.cpu.setup > 0 {
		r.problems = append(r.problems, fmt.Sprintf("%s: no sample carries the label %s, so setup is told apart only by its goroutine "+
			"(a profile older than the label, or too short to sample the timed region)", filepath.Base(stem+suffixCPU), markdown.Code(bench.LabelKey)))
	}
	r.alloc = readSummary(r, stem+suffixAlloc, summariseAlloc)
	r.mutex = readSummary(r, stem+suffixMutex, func(p *profile.Profile) (*mutexSummary, error) { return summariseMutex(p, cl) })
}

// readSummary reads the profile at path and summarises it with f; on failure it notes
// the problem in r and returns nil.
func readSummary[S any](r *strategyRun, path string, f func(*profile.Profile) (*S, error)) *S {
	p, err := readProfile(path)
	if err != nil {
		r.problems = append(r.problems, fileProblem(path, err))
		return nil
	}
	s, err := f(p)
	if err != nil {
		r.problems = append(r.problems, fmt.Sprintf("%s: %v", filepath.Base(path), err))
		return nil
	}
	return s
}

func readProfile(path string) (*profile.Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return profile.Parse(f)
}

// fileProblem describes a file that could not be read, by its base name.
func fileProblem(path string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return filepath.Base(path) + " is missing"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Sprintf("%s: %v", filepath.Base(path), err)
}
