package main

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/rawfile"
	"github.com/cmapbench/cmapbench/internal/results"
	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// canary tracks the machine's state from the canary-ns readings beside every sample: the
// fastest reading seen so far is the fast state, and a reading more than slowFactor times
// that marks a sample taken in the slow state.
type canary struct {
	fastest    float64
	fast, slow map[int]int // samples per GOMAXPROCS in either state
}

// slowFactor separates the two states: on the machines this suite was developed on they
// read about 60-100 ns and 350-430 ns; anything over twice the fast state is slow.
const slowFactor = 2

// calibrate takes a first reading of the fast state before any pass, in the runner's own
// process: probes spread over calibration, since the machine stays in either state for
// seconds. The fastest reading can still fall later, and samples set aside or kept
// before it are judged by the reference of their time.
func (c *canary) calibrate() {
	for end := time.Now().Add(calibration); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		c.observe(bench.ProbeCanary())
	}
}

// calibration is how long calibrate probes.
const calibration = 3 * time.Second

func (c *canary) observe(ns float64) {
	if ns > 0 && (c.fastest == 0 || ns < c.fastest) {
		c.fastest = ns
	}
}

func (c *canary) isSlow(ns float64) bool {
	return ns > 0 && c.fastest > 0 && ns > slowFactor*c.fastest
}

func (c *canary) count(procs int, slow bool) {
	if c.fast == nil {
		c.fast, c.slow = map[int]int{}, map[int]int{}
	}
	if slow {
		c.slow[procs]++
	} else {
		c.fast[procs]++
	}
}

// runPass runs one pass of toolchain tc's test binary at GOMAXPROCS pass.Procs over the
// groups' cases, each group's strategies in an order shuffled for this pass, and sorts
// its output into the raw file and the file of samples set aside.
func (s *sampler) runPass(ctx context.Context, tc *toolchainRun, pass rawfile.Pass, groups []*group) error {
	// Each configuration's passes get their own order: the stream is picked by the pass
	// and a hash of the configuration's name.
	name := fnv.New64a()
	name.Write([]byte(tc.Name))
	rng := rand.New(rand.NewPCG(s.cfg.seed, uint64(pass.N)<<32^name.Sum64()))
	var cases []bench.Case
	names := map[string]bool{}
	var regexp []string
	for _, g := range groups {
		cs := slices.DeleteFunc(slices.Clone(g.cases), func(c bench.Case) bool { return !tc.runs(c) })
		rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
		cases = append(cases, cs...)
		if !names[g.workload.Name] {
			names[g.workload.Name] = true
			regexp = append(regexp, g.workload.Name)
		}
	}
	plan, err := filepath.Abs(filepath.Join(s.cfg.out, ".bin", fmt.Sprintf("plan-%s-%d.txt", tc.Name, pass.N)))
	if err != nil {
		return err
	}
	if err := os.WriteFile(plan, bench.FormatPlan(cases), 0o644); err != nil {
		return err
	}
	defer os.Remove(plan)

	fmt.Fprintf(tc.file, "%s\n", rawfile.Marker(pass))
	args := []string{
		"-test.run", "^$", "-test.bench", "^Benchmark(" + strings.Join(regexp, "|") + ")$", "-test.benchmem",
		"-test.count", "1", "-test.benchtime", s.cfg.benchtime, "-test.cpu", strconv.Itoa(pass.Procs),
		"-plan", plan, "-canary",
	}
	if s.cfg.mix != "" {
		args = append(args, "-mix", s.cfg.mix)
	}
	if s.cfg.trace != "" {
		args = append(args, "-replay", s.cfg.trace)
	}
	sink := &passSink{s: s, tc: tc, pass: pass, last: time.Now()}
	cmd := &toolchain.Cmd{Path: tc.bin, Args: args, Dir: tc.pkg.Dir, Env: tc.Env, Stdout: sink, Stderr: s.stderr}
	s.prog.label = tc.Name
	r, err := cmd.Run(ctx)
	sink.flush()
	if err != nil {
		return err
	}
	if sink.err != nil {
		return fmt.Errorf("writing the results of pass %d: %w", pass.N, sink.err)
	}
	return r.Err()
}

// passSink receives a pass's standard output, line by line.
type passSink struct {
	s      *sampler
	tc     *toolchainRun
	pass   rawfile.Pass
	line   []byte
	shown  bool      // the current line's benchmark has been reported to progress
	last   time.Time // when the previous result ended
	config []string  // the config lines the pass printed (goos: ...), for the set-aside file
	slowIn bool      // the set-aside file has this pass's marker
	err    error
}

func (p *passSink) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			p.line = append(p.line, b...)
			p.maybeStart()
			break
		}
		p.line = append(p.line, b[:i]...)
		p.maybeStart()
		p.handle(string(p.line))
		p.line, p.shown = p.line[:0], false
		b = b[i+1:]
	}
	return n, p.err
}

func (p *passSink) flush() {
	if len(p.line) > 0 {
		p.handle(string(p.line))
		p.line = p.line[:0]
	}
}

// maybeStart reports the benchmark whose name the current line starts with: testing
// prints the name and a tab before it runs the benchmark.
func (p *passSink) maybeStart() {
	if p.shown || !bytes.HasPrefix(p.line, []byte("Benchmark")) {
		return
	}
	if tab := bytes.IndexByte(p.line, '\t'); tab >= 0 {
		p.shown = true
		p.s.prog.report(string(bytes.TrimSpace(p.line[:tab])))
	}
}

// handle sorts one complete line: a result is kept in the raw file, or set aside when it
// was taken at more than one P in the machine's slow state; anything else goes to the
// raw file as it is.
func (p *passSink) handle(line string) {
	if res := parseResult(line); res != nil {
		now := time.Now()
		cost := now.Sub(p.last)
		p.last = now
		canaryNs, _ := rawfile.Value(res, rawfile.CanaryUnit)
		p.s.canary.observe(canaryNs)
		slow := p.pass.Procs > 1 && p.s.canary.isSlow(canaryNs)
		p.s.canary.count(p.pass.Procs, slow)
		p.s.prog.result()
		// benchfmt drops the Benchmark prefix from names.
		key := cellKey{"Benchmark" + strings.TrimSuffix(string(res.Name), procsSuffix(p.pass.Procs)), p.pass.Procs}
		c := p.tc.cells[key]
		if c != nil {
			c.cost = cost
		}
		if slow {
			if c != nil {
				c.setAside++
			}
			p.setAside(line)
			return
		}
		if ns, ok := rawfile.Value(res, "ns/op"); ok && c != nil {
			c.ns = append(c.ns, ns)
			c.passes = append(c.passes, p.pass.N)
			if u := c.group.workload.PreciseUnit(); u != "ns/op" {
				v, _ := rawfile.Value(res, u)
				c.precise = append(c.precise, v)
			}
		}
	} else if k, _, ok := strings.Cut(line, ": "); ok && k != "" && !strings.ContainsAny(k, " \t") {
		line = pkgLine(line)
		p.config = append(p.config, line)
	}
	p.write(p.tc.file, line)
}

func (p *passSink) write(f *os.File, line string) {
	if _, err := fmt.Fprintln(f, line); err != nil && p.err == nil {
		p.err = err
	}
}

// setAside writes a result to the configuration's file of samples set aside, creating it
// (with the raw file's header) the first time.
func (p *passSink) setAside(line string) {
	tc := p.tc
	if tc.slowFile == nil {
		path := strings.TrimSuffix(tc.path, ".txt") + rawfile.SetAsideSuffix
		f, err := results.CreateNew(path)
		if err != nil {
			p.err = err
			return
		}
		tc.slowFile, tc.slowPath = f, path
		p.write(f, tc.header)
		p.write(f, fmt.Sprintf("# Samples set aside: taken at more than one P while the canary showed the machine's slow state "+
			"(canary-ns more than %d times the fastest reading). Their cases were sampled again; %s holds the samples kept.\n", slowFactor, filepath.Base(tc.path)))
	}
	if !p.slowIn {
		p.slowIn = true
		p.write(tc.slowFile, rawfile.Marker(p.pass))
		for _, c := range p.config {
			p.write(tc.slowFile, c)
		}
	}
	p.write(tc.slowFile, line)
}

// parseResult parses one line of go test output as a benchmark result, or returns nil.
func parseResult(line string) *benchfmt.Result {
	if !strings.HasPrefix(line, "Benchmark") {
		return nil
	}
	r := benchfmt.NewReader(strings.NewReader(line+"\n"), "")
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			return res
		}
	}
	return nil
}
