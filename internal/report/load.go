package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/results"
	"github.com/cmapbench/cmapbench/internal/stats"
	toolchains "github.com/cmapbench/cmapbench/internal/toolchain"
)

// endName is the name of a synthetic benchmark line appended after each raw file's
// content. benchfmt attaches file configuration only to results, and the runner writes
// its final "run-status: complete" after the last benchmark line; the synthetic result
// carries the configuration as it stands at the end of the file. It is dropped after
// reading.
const endName = "CmapbenchReportEndOfFile"

// rawFile is one raw benchmark file: its header (file configuration), whether the run
// finished, and its measurements.
type rawFile struct {
	path string // as given (or found)
	link string // relative to the README's directory, with forward slashes
	name string // base name
	// header dates the file: its date: line, else the timestamp in its name.
	header *results.Header

	meta      map[string]string // first value of every configuration key
	toolchain string            // the configuration's name: toolchain, else goversion
	host      results.Host      // the machine: its results are never summarised with another's
	complete  bool              // the last run-status line says complete
	skipped   int               // lines benchfmt could not parse
	results   []*benchfmt.Result
	passOf    []int // per result: its pass (0: the file has no pass markers)
	setAside  int   // samples in the file of samples set aside beside it

	samples map[sampleID][]float64
	passes  map[sampleID][]int // per sample: its pass
	stats   map[sampleID]*stat
	// control holds the A/A control's copy's samples (strategy NAME-again), kept out of
	// every table; aa is its comparison with NAME.
	control map[sampleID][]float64
	aa      stats.Control
	procs   []int          // GOMAXPROCS values measured, ascending
	used    []string       // workloads whose tables come from this file
	dropped map[string]int // values left out, per strategy the gate excludes
}

// sampleID names one set of samples in a file: a unit of one case of a workload, for one
// strategy ("" in workloads that have none) at one GOMAXPROCS.
type sampleID struct {
	workload string
	strategy string
	vals     benchproc.Key // the case's parameter values (the workload's projection); zero when it has none
	procs    int
	unit     string // as written in the file (ns/op, not benchfmt's tidied sec/op)
}

// loadFiles reads the raw files. Syntax errors are reported on warn with file:line and
// the line is skipped. When the files were found rather than named (explicit false), a
// file that holds neither results nor a goversion/toolchain/command line is not a raw file
// and is skipped with a warning.
func loadFiles(paths []string, readmeDir string, explicit bool, warn io.Writer) ([]*rawFile, error) {
	paths = append([]string(nil), paths...)
	sort.Slice(paths, func(i, j int) bool {
		bi, bj := filepath.Base(paths[i]), filepath.Base(paths[j])
		if bi != bj {
			return bi < bj
		}
		return paths[i] < paths[j]
	})
	var raws []*rawFile
	for _, p := range paths {
		rf, err := readRaw(p, warn)
		if err != nil {
			return nil, err
		}
		if len(rf.results) == 0 && rf.meta["goversion"] == "" && rf.meta["toolchain"] == "" && rf.meta["command"] == "" {
			if explicit {
				return nil, fmt.Errorf("%s: no benchmark results and no goversion, toolchain or command line: not a raw benchmark file", p)
			}
			fmt.Fprintf(warn, "warning: skipping %s: not a raw benchmark file\n", p)
			continue
		}
		if rf.link, err = relLink(readmeDir, p); err != nil {
			return nil, err
		}
		raws = append(raws, rf)
	}
	return raws, nil
}

// readRaw reads one raw file with benchfmt, the pass of each result from the runner's
// pass markers, and counts the samples set aside beside it.
func readRaw(path string, warn io.Writer) (*rawFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading raw file: %w", err)
	}
	passOfLine, err := rawfile.PassOfLine(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("reading raw file %s: %w", path, err)
	}
	rf := &rawFile{path: path, name: filepath.Base(path), meta: map[string]string{}}
	if rf.setAside, err = countSetAside(strings.TrimSuffix(path, ".txt") + rawfile.SetAsideSuffix); err != nil {
		return nil, err
	}
	in := io.MultiReader(bytes.NewReader(data), strings.NewReader("\nBenchmark"+endName+" 1 0 end\n"))
	r := benchfmt.NewReader(in, path)
	status := ""
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			fmt.Fprintf(warn, "warning: %v (line skipped)\n", rec)
			rf.skipped++
		case *benchfmt.Result:
			for _, c := range rec.Config {
				if _, ok := rf.meta[c.Key]; c.File && !ok {
					rf.meta[c.Key] = string(c.Value)
				}
			}
			if string(rec.Name) == endName {
				status = rec.GetConfig("run-status")
				continue
			}
			rf.results = append(rf.results, rec.Clone())
			pass := 0
			if _, line := rec.Pos(); line < len(passOfLine) {
				pass = passOfLine[line]
			}
			rf.passOf = append(rf.passOf, pass)
		}
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("reading raw file: %w", err)
	}
	rf.complete = status == "complete"
	rf.meta["run-status"] = status
	rf.toolchain = firstNonEmpty(rf.meta["toolchain"], rf.meta["goversion"], "unknown")
	rf.header = results.HeaderFor(path, rf.meta["date"])
	rf.host = results.HostOf(func(k string) string { return rf.meta[k] })
	return rf, nil
}

// countSetAside counts the results in the file of samples set aside at path; there is
// none when no sample was.
func countSetAside(path string) (int, error) {
	aside, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("reading the samples set aside: %w", err)
	}
	n := 0
	r := benchfmt.NewReader(bytes.NewReader(aside), path)
	for r.Scan() {
		if _, ok := r.Result().(*benchfmt.Result); ok {
			n++
		}
	}
	if err := r.Err(); err != nil {
		return 0, fmt.Errorf("reading the samples set aside: %w", err)
	}
	return n, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// workload is a benchmark family (the benchmark's base name) as found in the data.
type workload struct {
	name        string
	params      []string // name keys other than strategy, in name order
	perStrategy bool     // its names carry strategy=
	// proj projects a result on the parameters; fields are its fields, one per param.
	proj   *benchproc.Projection
	fields []*benchproc.Field
}

// toolchain is one configuration (a Go version, or e.g. go1.25.0-noswissmap) with the
// files measured with it and, per workload, the file its tables use.
type toolchain struct {
	name   string
	files  []*rawFile
	source map[string]*rawFile
}

// dataset is everything the report shows of one host.
type dataset struct {
	host results.Host
	// up leads from the page being written to the README's directory: "" for the README,
	// "../" for a page in tables/. Links to raw files are relative to the README.
	up         string
	files      []*rawFile
	workloads  []*workload // in the catalog's order, then unknown ones by name
	byName     map[string]*workload
	toolchains []*toolchain  // oldest Go version first: the baseline of the cross-version tables
	slug       string        // names the host in file and directory names, unique in a report
	guide      *guideAnswers // guideData's, once computed
}

// names projects a result on what every workload has: the benchmark name (.name), the
// strategy and GOMAXPROCS.
type names struct {
	proj                     *benchproc.Projection
	name, strategy, maxprocs *benchproc.Field
}

func newNames() names {
	var parser benchproc.ProjectionParser
	p, err := parser.Parse(".name,/strategy,/gomaxprocs", nil)
	if err != nil {
		panic(err) // a constant expression
	}
	f := p.Fields()
	return names{p, f[0], f[1], f[2]}
}

// newDataset groups the files' results with benchproc: the benchmark name (.name), the
// strategy, GOMAXPROCS and the remaining name parameters of each workload.
func newDataset(files []*rawFile) *dataset {
	ds := &dataset{files: files, byName: map[string]*workload{}}
	nm := newNames()
	ds.findWorkloads(nm)
	for _, f := range files {
		f.group(ds, nm)
	}
	ds.groupToolchains()
	return ds
}

// findWorkloads lists the workloads of the results and their parameters, in name order,
// and makes each one's projection on its parameters.
func (ds *dataset) findWorkloads(nm names) {
	for _, f := range ds.files {
		for _, res := range f.results {
			k := nm.proj.Project(res)
			w := ds.byName[k.Get(nm.name)]
			if w == nil {
				w = &workload{name: k.Get(nm.name)}
				ds.byName[w.name] = w
			}
			if k.Get(nm.strategy) != "" {
				w.perStrategy = true
			}
			_, parts := res.Name.Parts()
			for _, p := range parts {
				if len(p) < 2 || p[0] != '/' {
					continue
				}
				key, _, ok := bytes.Cut(p[1:], []byte("="))
				if !ok || string(key) == "strategy" || string(key) == "gomaxprocs" || slices.Contains(w.params, string(key)) {
					continue
				}
				w.params = append(w.params, string(key))
			}
		}
	}
	for _, w := range ds.byName {
		ds.workloads = append(ds.workloads, w)
		if len(w.params) == 0 {
			continue
		}
		var expr []string
		for _, p := range w.params {
			expr = append(expr, strconv.Quote("/"+p))
		}
		var pp benchproc.ProjectionParser
		p, err := pp.Parse(strings.Join(expr, ","), nil)
		if err != nil {
			panic(fmt.Sprintf("projection %s: %v", strings.Join(expr, ","), err)) // keys come from names: cannot fail
		}
		w.proj, w.fields = p, p.Fields()
	}
	byOrder := byRank(workloadOrder())
	slices.SortFunc(ds.workloads, func(a, b *workload) int { return byOrder(a.name, b.name) })
}

// group sorts the file's results into samples by sampleID, the A/A control's copy apart,
// and compares the control with its original.
func (f *rawFile) group(ds *dataset, nm names) {
	f.samples = map[sampleID][]float64{}
	f.passes = map[sampleID][]int{}
	f.control = map[sampleID][]float64{}
	f.stats = map[sampleID]*stat{}
	seen := map[int]bool{}
	for ri, res := range f.results {
		k := nm.proj.Project(res)
		id := sampleID{workload: k.Get(nm.name), strategy: k.Get(nm.strategy), procs: 1}
		if f.drop(id.strategy) {
			continue
		}
		if s := k.Get(nm.maxprocs); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n > 0 {
				id.procs = n
			}
		}
		if w := ds.byName[id.workload]; w.proj != nil {
			id.vals = w.proj.Project(res)
		}
		seen[id.procs] = true
		for _, v := range res.Values {
			unit, val := v.OrigUnit, v.OrigValue
			if unit == "" {
				unit, val = v.Unit, v.Value
			}
			id.unit = unit
			if strings.HasSuffix(id.strategy, bench.ControlSuffix) {
				f.control[id] = append(f.control[id], val)
				continue
			}
			f.samples[id] = append(f.samples[id], val)
			f.passes[id] = append(f.passes[id], f.passOf[ri])
		}
	}
	for id, copyVals := range f.control {
		if id.unit != "ns/op" {
			continue
		}
		base := id
		base.strategy = strings.TrimSuffix(id.strategy, bench.ControlSuffix)
		f.aa.Add(f.samples[base], copyVals)
	}
	f.procs = slices.Sorted(maps.Keys(seen))
	f.results, f.passOf = nil, nil // grouped: the results are not needed any more
}

// groupToolchains groups the files by toolchain, oldest Go first, and picks the file each
// workload's tables use.
func (ds *dataset) groupToolchains() {
	byTC := map[string]*toolchain{}
	for _, f := range ds.files {
		tc := byTC[f.toolchain]
		if tc == nil {
			tc = &toolchain{name: f.toolchain, source: map[string]*rawFile{}}
			byTC[f.toolchain] = tc
			ds.toolchains = append(ds.toolchains, tc)
		}
		tc.files = append(tc.files, f)
	}
	slices.SortFunc(ds.toolchains, func(a, b *toolchain) int { return toolchains.Compare(a.name, b.name) })
	for _, tc := range ds.toolchains {
		for _, w := range ds.workloads {
			if f := chooseSource(tc.files, w.name); f != nil {
				tc.source[w.name] = f
				f.used = append(f.used, w.name)
			}
		}
	}
}

// chooseSource picks, among one toolchain's files, the one whose results for workload wl
// the report shows: the newest complete file that has it, else the newest partial one.
// The newest is the one whose run started last (its date: line), not the last by name.
func chooseSource(files []*rawFile, wl string) *rawFile {
	var best *rawFile
	for _, f := range files {
		if !f.hasWorkload(wl) {
			continue
		}
		switch {
		case best == nil,
			f.complete && !best.complete,
			f.complete == best.complete && results.Compare(f.header, best.header) > 0:
			best = f
		}
	}
	return best
}

func (f *rawFile) hasWorkload(wl string) bool {
	for id := range f.samples {
		if id.workload == wl {
			return true
		}
	}
	return false
}
