package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

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
	info, cfg := m.Bin.Info, m.Config
	result := "ok"
	if len(m.failures()) > 0 {
		result = "FAIL"
	}
	// key: value lines first, in the form benchstat reads as configuration.
	fmt.Fprintf(&b, "goversion: %s\n", info.GoVersion)
	fmt.Fprintf(&b, "goos: %s\n", info.GOOS)
	fmt.Fprintf(&b, "goarch: %s\n", info.GOARCH)
	fmt.Fprintf(&b, "ncpu: %d\n", info.NumCPU)
	fmt.Fprintf(&b, "gomaxprocs: %d\n", info.GOMAXPROCS)
	fmt.Fprintf(&b, "gocmd: %s\n", filepath.Base(cfg.goCmd))
	if m.Toolchain != "" {
		fmt.Fprintf(&b, "gotoolchain: %s\n", m.Toolchain)
	}
	fmt.Fprintf(&b, "date: %s\n", m.Date.Format(time.RFC3339))
	fmt.Fprintf(&b, "runs: %d\n", cfg.runs)
	fmt.Fprintf(&b, "timeout: %v\n", cfg.timeout)
	fmt.Fprintf(&b, "grow: writers=%d keys=%d readers=%d rangers=%d pause=%v\n",
		cfg.grow.Writers, cfg.grow.Keys, cfg.grow.Readers, cfg.grow.Rangers, cfg.grow.Pause)
	fmt.Fprintf(&b, "rangesem: writers=%d ranges=%d stable=%d victims=%d newkeys=%d\n",
		cfg.rangesem.Writers, cfg.rangesem.Ranges, cfg.rangesem.Stable, cfg.rangesem.Victims, cfg.rangesem.NewKeys)
	fmt.Fprintf(&b, "result: %s\n", result)

	fmt.Fprintf(&b, "\n# Safety matrix, %s %s/%s\n\n", info.GoVersion, info.GOOS, info.GOARCH)
	b.WriteString("| strategy | concurrent | race detector (grow scenario, -race) | without -race (unsafe only, GOTRACEBACK=crash) | Range: a key twice | Range: missed a key present throughout | Range: saw a key stored after it began |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, s := range m.Strategies {
		row := []string{s.Info.Name, "no", raceVerdict(s.Info.Concurrent, s.Race), "n/a", "n/a", "n/a", "n/a"}
		if s.Info.Concurrent {
			row[1] = "yes"
		} else {
			row[3] = detection(s.Runs)
		}
		if s.Race.Evidence != "" && s.Info.Concurrent {
			row[2] += " (" + evidenceRef(files, s.Race.Evidence) + ")"
		}
		if rc := s.Range; rc != nil {
			row[4], row[5], row[6] = rangeCell(*rc, rc.Result.Twice), rangeCell(*rc, rc.Result.Missed), rangeCell(*rc, rc.Result.After)
		}
		writeRow(&b, row)
	}
	if fails := m.failures(); len(fails) > 0 {
		b.WriteString("\nFailures:\n\n")
		for _, f := range fails {
			fmt.Fprintf(&b, "- %s\n", f)
		}
	}

	for _, s := range m.Strategies {
		if len(s.Runs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s without -race, run by run\n\n", s.Info.Name)
		b.WriteString("| run | ended by | detail | exit status | lived |\n|---|---|---|---|---|\n")
		for _, u := range s.Runs {
			writeRow(&b, []string{fmt.Sprint(u.Index), string(u.Kind), u.Detail, u.Status, u.Lived.Round(time.Millisecond).String()})
		}
	}

	b.WriteString("\n## Range semantics in detail\n\n")
	b.WriteString("Each concurrent strategy's Range is measured while 2 writers store new keys (growing a map that starts empty\n" +
		"each round, with stable and victim keys stored first) and delete victim keys. A Range counts when its first call of f\n" +
		"happens while the writers run. *Missed*: a stable key, or a new key whose Store returned before Range was called, not\n" +
		"visited. *After*: a visited key whose Store began after the Range's first call of f (by then a lock-holding Range holds\n" +
		"its lock and a snapshotting Range has its snapshot). *Overlapping*: Ranges during which a Store was under way.\n\n")
	b.WriteString("| strategy | Ranges | overlapping a Store | rounds | keys visited twice | keys missed | keys seen stored after begin | wall time |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, s := range m.Strategies {
		rc := s.Range
		if rc == nil {
			continue
		}
		if rc.Problem != "" {
			writeRow(&b, []string{s.Info.Name, "**FAIL**: " + rc.Problem, "", "", "", "", "", rc.Lived.Round(time.Millisecond).String()})
			continue
		}
		r := rc.Result
		writeRow(&b, []string{s.Info.Name, fmt.Sprint(r.Ranges), fmt.Sprint(r.Concurrent), fmt.Sprint(r.Rounds),
			fmt.Sprint(r.TwiceKeys), fmt.Sprint(r.MissedKeys), fmt.Sprint(r.AfterKeys), rc.Lived.Round(time.Millisecond).String()})
	}

	b.WriteString("\n## Evidence\n\n")
	if len(m.Evidence) == 0 {
		b.WriteString("None kept.\n")
	}
	for _, e := range m.Evidence {
		fmt.Fprintf(&b, "- %s: %s\n", evidenceRef(files, e.Name), e.Title)
	}

	b.WriteString("\n## Notes\n\n" +
		"- The runtime's map checks are best-effort and fatal: they kill the process (recover cannot catch them), and a run\n" +
		"  they miss finishes as if nothing happened (its detail says what the final check of every key found). A crash\n" +
		"  of the unsafe baseline is the expected result, never a failure; only the race detector's verdict on it is checked.\n" +
		"- With GOTRACEBACK=crash the runtime ends a crash with SIGABRT: \"signal: aborted\" here, exit status 134 in a shell.\n" +
		"- A concurrent strategy fails on any race report, crash, timeout or lost key under -race.\n" +
		"- Detection rates depend on the Go version (Swiss tables since 1.24), the CPU count and the machine's load.\n")
	return b.String()
}

func writeRow(b *strings.Builder, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + strings.ReplaceAll(c, "|", `\|`) + " |")
	}
	b.WriteString("\n")
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
			return "", nil, fmt.Errorf("writing evidence (refusing to overwrite): %w", err)
		}
		saved = append(saved, p)
	}
	return text, saved, nil
}
