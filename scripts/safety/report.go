package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cmapbench/cmapbench/internal/results"
)

// raceVerdict is the race detector column of a row.
func raceVerdict(concurrent bool, rc raceCheck) string {
	if !concurrent {
		if rc.Reports > 0 {
			return fmt.Sprintf("flagged, as expected (%d report, %s)", rc.Reports, rc.Status)
		}
		return fmt.Sprintf("**FAIL**: not flagged (%s)", rc.Status)
	}
	switch {
	case rc.Reports > 0:
		return fmt.Sprintf("**FAIL**: %d race report(s)", rc.Reports)
	case rc.Problem != "":
		return "**FAIL**: " + rc.Problem
	}
	return "clean"
}

// rangeCell is one Range semantics column of a row: how many measured Ranges showed the
// behaviour.
func rangeCell(rc rangeCheck, count int) string {
	switch {
	case rc.Problem != "":
		return "**FAIL**: " + rc.Problem
	case count == 0:
		return fmt.Sprintf("never in %d ranges", rc.Result.Ranges)
	}
	return fmt.Sprintf("yes: %d of %d ranges", count, rc.Result.Ranges)
}

// detection summarises the unsafe baseline's runs without -race: how many a map race
// check ended, by kind, and what became of the others.
func detection(runs []unsafeRun) string {
	count := map[Kind]int{}
	for _, u := range runs {
		count[u.Kind]++
	}
	crashed := 0
	var kinds []string
	for _, k := range mapKinds {
		if count[k] > 0 {
			crashed += count[k]
			kinds = append(kinds, fmt.Sprintf("%s %d", k, count[k]))
		}
	}
	s := fmt.Sprintf("%d of %d runs crashed", crashed, len(runs))
	if len(kinds) > 0 {
		s += ": " + strings.Join(kinds, ", ")
	}
	for _, k := range []struct {
		kind Kind
		what string
	}{{KindNone, "finished undetected"}, {KindOther, "died otherwise"}, {KindHung, "hung and killed"}} {
		if count[k.kind] > 0 {
			s += fmt.Sprintf("; %s %d", k.what, count[k.kind])
		}
	}
	return s
}

// markdown renders the report. files maps evidence names to the files they were saved
// in; nil means they were not saved.
func (m *matrix) markdown(files map[string]string) string {
	var b strings.Builder
	if err := reportTemplate.Execute(&b, m.view(files)); err != nil {
		// The template and its data are fixed: an error is a bug.
		panic(fmt.Sprintf("rendering the report: %v", err))
	}
	return b.String()
}

func evidenceRef(files map[string]string, name string) string {
	if f, ok := files[name]; ok {
		return f
	}
	return name + " (not saved)"
}

// save renders the report and, when dir is not "", writes it there with its evidence
// files beside it: safety-GOVERSION-TIMESTAMP.md, and .NAME.txt for each evidence file.
// Nothing is overwritten. It returns the text and the paths written.
func (m *matrix) save(dir string) (string, []string, error) {
	if dir == "" {
		return m.markdown(nil), nil, nil
	}
	f, path, err := results.Create(dir, results.ReportBase("safety", m.Bin.Info.GoVersion, m.Date), ".md")
	if err != nil {
		return "", nil, fmt.Errorf("creating the report: %w", err)
	}
	base := strings.TrimSuffix(filepath.Base(path), ".md")
	files := map[string]string{}
	for _, e := range m.Evidence {
		files[e.Name] = base + "." + e.Name + ".txt"
	}
	text := m.markdown(files)
	_, werr := f.WriteString(text)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return "", nil, fmt.Errorf("writing %s: %w", path, werr)
	}
	saved := []string{path}
	for _, e := range m.Evidence {
		p := filepath.Join(dir, files[e.Name])
		if err := results.WriteNew(p, []byte("# "+e.Title+"\n\n"+e.Text)); err != nil {
			return "", nil, fmt.Errorf("writing evidence: %w", err)
		}
		saved = append(saved, p)
	}
	return text, saved, nil
}
