package main

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"text/template"
	"time"

	"github.com/cmapbench/cmapbench/internal/markdown"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// reportText lays out the report: the key: value lines first, in the form benchstat reads
// as configuration, then the tables and the prose around them. Its data is a reportView.
//
//go:embed report.md.tmpl
var reportText string

var reportTemplate = template.Must(template.New("report").Parse(reportText))

// reportView is what the report shows, its tables already rendered.
type reportView struct {
	Info       maptest.Info
	GoCmd      string // base name of the go command
	Toolchain  string // GOTOOLCHAIN, or ""
	Date       string
	Runs       int
	Timeout    time.Duration
	Grow       maptest.GrowConfig
	RangeSem   maptest.RangeConfig
	Result     string // ok or FAIL
	Strategies *markdown.Table
	Failures   []string
	Expected   []string   // failures of strategies the gate excludes: "name: what"
	RunTables  []runTable // the unsafe baseline's runs without -race
	RangeTable *markdown.Table
	Evidence   []string // "file: title"
}

// runTable is one strategy's runs without -race.
type runTable struct {
	Name  string
	Table *markdown.Table
}

// view gathers what the report shows. files maps evidence names to the files they were
// saved in; nil means they were not saved.
func (m *matrix) view(files map[string]string) reportView {
	v := reportView{
		Info:       m.Bin.Info,
		GoCmd:      filepath.Base(m.Config.goCmd),
		Toolchain:  m.Toolchain,
		Date:       m.Date.Format(time.RFC3339),
		Runs:       m.Config.runs,
		Timeout:    m.Config.timeout,
		Grow:       m.Config.grow,
		RangeSem:   m.Config.rangesem,
		Result:     "ok",
		Strategies: m.strategyTable(files),
		Failures:   m.failures(),
		Expected:   m.expected(),
		RangeTable: m.rangeTable(),
	}
	if len(v.Failures) > 0 {
		v.Result = "FAIL"
	}
	for _, s := range m.Strategies {
		if len(s.Runs) > 0 {
			v.RunTables = append(v.RunTables, runTable{Name: s.Info.Name, Table: runsTable(s.Runs)})
		}
	}
	for _, e := range m.Evidence {
		v.Evidence = append(v.Evidence, evidenceRef(files, e.Name)+": "+e.Title)
	}
	return v
}

// newTable returns a table with every column left-aligned.
func newTable(header ...string) *markdown.Table {
	return &markdown.Table{Header: header, NumFrom: len(header)}
}

// strategyTable is the main table: one row per strategy.
func (m *matrix) strategyTable(files map[string]string) *markdown.Table {
	t := newTable("strategy", "concurrent", "gate (registry)", "conformance", "race detector (grow scenario, -race)",
		"without -race (unsafe only, GOTRACEBACK=crash)", "Range: a key twice",
		"Range: missed a key present throughout", "Range: saw a key stored after it began")
	for _, s := range m.Strategies {
		row := []string{s.Info.Name, "no", s.Info.Verdict(), conformCell(s.Conform, files),
			raceVerdict(s.Info.Concurrent, s.Race), "n/a", "n/a", "n/a", "n/a"}
		if s.Info.Concurrent {
			row[1] = "yes"
		} else {
			row[5] = detection(s.Runs)
		}
		for _, ev := range []string{s.Race.Evidence, s.Race.ProblemEvidence} {
			if ev != "" && s.Info.Concurrent {
				row[4] += " (" + evidenceRef(files, ev) + ")"
			}
		}
		if rc := s.Range; rc != nil {
			row[6], row[7], row[8] = promiseCell(*rc, rc.Result.Twice, files), promiseCell(*rc, rc.Result.Missed, files),
				rangeCell(*rc, rc.Result.After)
		}
		t.Add(row...)
	}
	return t
}

// promiseCell is a Range column whose behaviour breaks what every strategy's Range
// promises (a key visited twice, a key present throughout missed): a failure when seen.
func promiseCell(rc rangeCheck, count int, files map[string]string) string {
	c := rangeCell(rc, count)
	if rc.Problem != "" || count == 0 {
		return c
	}
	c = "**FAIL**: " + c
	if rc.Evidence != "" {
		c += " (" + evidenceRef(files, rc.Evidence) + ")"
	}
	return c
}

// runsTable lists the unsafe baseline's runs without -race.
func runsTable(runs []unsafeRun) *markdown.Table {
	t := newTable("run", "ended by", "detail", "exit status", "lived")
	for _, u := range runs {
		t.Add(fmt.Sprint(u.Index), string(u.Kind), u.Detail, u.Status, u.Lived.Round(time.Millisecond).String())
	}
	return t
}

// rangeTable gives the counts behind the main table's Range columns.
func (m *matrix) rangeTable() *markdown.Table {
	t := newTable("strategy", "Ranges", "overlapping a Store", "rounds", "keys visited twice",
		"keys missed", "keys seen stored after begin", "wall time")
	for _, s := range m.Strategies {
		rc := s.Range
		if rc == nil {
			continue
		}
		lived := rc.Lived.Round(time.Millisecond).String()
		if rc.Problem != "" {
			t.Add(s.Info.Name, "**FAIL**: "+rc.Problem, "", "", "", "", "", lived)
			continue
		}
		r := rc.Result
		t.Add(s.Info.Name, fmt.Sprint(r.Ranges), fmt.Sprint(r.Concurrent), fmt.Sprint(r.Rounds),
			fmt.Sprint(r.TwiceKeys), fmt.Sprint(r.MissedKeys), fmt.Sprint(r.AfterKeys), lived)
	}
	return t
}
