package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The GitHub Actions workflows are read line by line: the checks below need only their
// keys and indentation, and the module has no YAML parser to depend on. actionlint (make
// workflows) checks the syntax and the expressions; these tests check the project's own
// rules, which actionlint does not: a read-only token, actions pinned to a commit, no
// secrets, inputs passed to scripts through the environment, a time limit on every job,
// and make targets that exist.

// workflowDir holds the workflows, relative to this package.
var workflowDir = filepath.Join("..", "..", ".github", "workflows")

// yamlLine is one line of a workflow: its indentation, its key (after a list dash) and
// its value without a trailing comment; key is "" for blank, comment and plain lines.
type yamlLine struct {
	num, indent int
	key, value  string
	comment     string
}

func parseLine(num int, text string) yamlLine {
	l := yamlLine{num: num, indent: len(text) - len(strings.TrimLeft(text, " "))}
	s := strings.TrimSpace(text)
	if strings.HasPrefix(s, "- ") {
		s = strings.TrimSpace(s[2:])
		l.indent = strings.Index(text, s)
	}
	if s == "" || strings.HasPrefix(s, "#") {
		return l
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s, l.comment = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2:])
	}
	k, v, ok := strings.Cut(s, ":")
	if !ok || strings.ContainsAny(k, " \"'{$") || (v != "" && v[0] != ' ') {
		return l
	}
	l.key, l.value = k, strings.Trim(strings.TrimSpace(v), `"'`)
	return l
}

func parseWorkflow(text string) []yamlLine {
	var lines []yamlLine
	for i, t := range strings.Split(text, "\n") {
		lines = append(lines, parseLine(i+1, t))
	}
	return lines
}

// blank reports whether a line holds no key and no text that belongs to a block.
func blank(raw string) bool {
	s := strings.TrimSpace(raw)
	return s == "" || strings.HasPrefix(s, "#")
}

// children returns the indices of the lines nested below line i: those after it, up to
// the first non-blank line indented no deeper than it.
func children(raw []string, lines []yamlLine, i int) []int {
	var idx []int
	for j := i + 1; j < len(lines); j++ {
		if blank(raw[j]) {
			continue
		}
		if lines[j].indent <= lines[i].indent {
			break
		}
		idx = append(idx, j)
	}
	return idx
}

// checkPermissions wants a top-level permissions block granting contents: read, and no
// write permission anywhere.
func checkPermissions(raw []string, lines []yamlLine) []string {
	var problems []string
	topRead := false
	for i, l := range lines {
		if l.key != "permissions" {
			continue
		}
		if strings.Contains(l.value, "write") {
			problems = append(problems, fmt.Sprintf("line %d: permissions: %s grants write access", l.num, l.value))
		}
		for _, j := range children(raw, lines, i) {
			c := lines[j]
			if c.value == "write" {
				problems = append(problems, fmt.Sprintf("line %d: permission %s: write", c.num, c.key))
			}
			if l.indent == 0 && c.key == "contents" && c.value == "read" {
				topRead = true
			}
		}
	}
	if !topRead {
		problems = append(problems, "no top-level permissions block with contents: read")
	}
	return problems
}

// pinned is an action or reusable workflow at a full commit SHA; version is the comment
// that says which release the SHA is.
var (
	pinned  = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}$`)
	version = regexp.MustCompile(`^v\d`)
)

// checkPins wants every uses: at a 40-hex commit SHA with the version in a comment
// (local actions, ./path, excepted).
func checkPins(lines []yamlLine) []string {
	var problems []string
	for _, l := range lines {
		if l.key != "uses" || strings.HasPrefix(l.value, "./") {
			continue
		}
		if !pinned.MatchString(l.value) {
			problems = append(problems, fmt.Sprintf("line %d: uses: %s is not pinned to a full commit SHA", l.num, l.value))
		} else if !version.MatchString(l.comment) {
			problems = append(problems, fmt.Sprintf("line %d: uses: %s has no version comment (# vX.Y.Z)", l.num, l.value))
		}
	}
	return problems
}

var secretRef = regexp.MustCompile(`\bsecrets\s*[.\[]|\bsecrets:\s*inherit`)

// checkSecrets wants no reference to the repository's secrets.
func checkSecrets(raw []string) []string {
	var problems []string
	for i, s := range raw {
		if secretRef.MatchString(s) {
			problems = append(problems, fmt.Sprintf("line %d: refers to secrets: %s", i+1, strings.TrimSpace(s)))
		}
	}
	return problems
}

// script is the shell text of one run: key.
type script struct {
	line  int      // the run: key's line
	lines []string // the script's lines
}

func runScripts(raw []string, lines []yamlLine) []script {
	var scripts []script
	for i, l := range lines {
		if l.key != "run" {
			continue
		}
		s := script{line: l.num}
		if l.value != "" && !strings.ContainsAny(l.value[:1], "|>") {
			s.lines = []string{l.value}
		} else {
			for j := i + 1; j < len(raw) && (blank(raw[j]) || lines[j].indent > l.indent); j++ {
				s.lines = append(s.lines, raw[j])
			}
		}
		scripts = append(scripts, s)
	}
	return scripts
}

// checkScripts wants no ${{ }} expression inside a run: script: values reach scripts
// through env:, so that no input is spliced into shell code.
func checkScripts(scripts []script) []string {
	var problems []string
	for _, s := range scripts {
		for _, t := range s.lines {
			if strings.Contains(t, "${{") {
				problems = append(problems, fmt.Sprintf("run: at line %d expands an expression in the script (pass it through env:): %s", s.line, strings.TrimSpace(t)))
			}
		}
	}
	return problems
}

// makeTargets returns the targets of the make commands in the scripts, with the line of
// their run: key.
func makeTargets(scripts []script) map[string]int {
	targets := map[string]int{}
	for _, s := range scripts {
		for _, t := range s.lines {
			words := strings.Fields(t)
			for i, w := range words {
				if w != "make" || (i > 0 && !strings.ContainsAny(words[i-1], ";&|(")) {
					continue
				}
				for _, a := range words[i+1:] {
					if strings.HasPrefix(a, "#") || strings.ContainsAny(a, ";&|)") {
						break
					}
					if !strings.HasPrefix(a, "-") && !strings.Contains(a, "=") {
						targets[a] = s.line
					}
				}
			}
		}
	}
	return targets
}

// makeRule is a rule's first line: its targets, a colon, and no = after it (:= assigns).
var makeRule = regexp.MustCompile(`^([A-Za-z0-9_.-][A-Za-z0-9_. -]*):([^=]|$)`)

// makefileTargets returns the targets that the Makefile's rules define.
func makefileTargets(text string) map[string]bool {
	targets := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		if m := makeRule.FindStringSubmatch(l); m != nil {
			for _, t := range strings.Fields(m[1]) {
				if !strings.HasPrefix(t, ".") {
					targets[t] = true
				}
			}
		}
	}
	return targets
}

// checkTimeouts wants a timeout-minutes on every job, so that a stuck job does not hold
// its runner for the six hours GitHub allows.
func checkTimeouts(raw []string, lines []yamlLine) []string {
	var problems []string
	for i, l := range lines {
		if l.indent != 0 || l.key != "jobs" {
			continue
		}
		jobs := children(raw, lines, i)
		if len(jobs) == 0 {
			return []string{fmt.Sprintf("line %d: jobs: holds no job", l.num)}
		}
		for _, j := range jobs {
			if lines[j].indent != lines[jobs[0]].indent {
				continue
			}
			found := false
			keys := children(raw, lines, j)
			for _, k := range keys {
				found = found || (lines[k].indent == lines[keys[0]].indent && lines[k].key == "timeout-minutes")
			}
			if !found {
				problems = append(problems, fmt.Sprintf("line %d: job %s has no timeout-minutes", lines[j].num, lines[j].key))
			}
		}
	}
	return problems
}

// checkWorkflow returns what is wrong with one workflow, given the Makefile's targets,
// and the make targets it calls.
func checkWorkflow(text string, targets map[string]bool) (problems []string, called map[string]int) {
	raw := strings.Split(text, "\n")
	lines := parseWorkflow(text)
	scripts := runScripts(raw, lines)
	problems = append(problems, checkPermissions(raw, lines)...)
	problems = append(problems, checkPins(lines)...)
	problems = append(problems, checkSecrets(raw)...)
	problems = append(problems, checkScripts(scripts)...)
	problems = append(problems, checkTimeouts(raw, lines)...)
	called = makeTargets(scripts)
	var names []string
	for name := range called {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !targets[name] {
			problems = append(problems, fmt.Sprintf("run: at line %d calls make %s, which the Makefile does not define", called[name], name))
		}
	}
	return problems, called
}

func readMakefileTargets(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	targets := makefileTargets(string(data))
	for _, want := range []string{"bench", "test", "workflows"} {
		if !targets[want] {
			t.Fatalf("the Makefile's targets as read here lack %s: %v", want, targets)
		}
	}
	return targets
}

// TestWorkflows checks every workflow of .github/workflows against the rules above.
func TestWorkflows(t *testing.T) {
	targets := readMakefileTargets(t)
	yml, _ := filepath.Glob(filepath.Join(workflowDir, "*.yml"))
	yaml, _ := filepath.Glob(filepath.Join(workflowDir, "*.yaml"))
	for _, path := range yaml {
		t.Errorf("%s: name it .yml (make workflows lints .github/workflows/*.yml)", path)
	}
	if len(yml) == 0 {
		t.Fatalf("no workflow in %s", workflowDir)
	}
	calls := 0
	for _, path := range yml {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		problems, called := checkWorkflow(string(data), targets)
		for _, p := range problems {
			t.Errorf("%s: %s", path, p)
		}
		calls += len(called)
	}
	if calls == 0 {
		t.Errorf("found no make command in the workflows' run: scripts: is the parsing broken?")
	}
}

// TestWorkflowChecksFail breaks a copy of the bench workflow in each way the checks
// guard against, and wants each break reported.
func TestWorkflowChecksFail(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(workflowDir, "bench.yml"))
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	targets := readMakefileTargets(t)
	first := func(pattern, repl string) func(string) string {
		re := regexp.MustCompile(pattern)
		return func(s string) string {
			loc := re.FindStringSubmatchIndex(s)
			if loc == nil {
				return s
			}
			return s[:loc[0]] + string(re.ExpandString(nil, repl, s, loc)) + s[loc[1]:]
		}
	}
	for _, c := range []struct {
		name, want string
		mutate     func(string) string
	}{
		{"no permissions", "no top-level permissions", first(`(?m)^permissions:\n(  .*\n)+`, "")},
		{"write token", "permission contents: write", first(`(?m)^  contents: read$`, "  contents: write")},
		{"write-all", "grants write access", first(`(?m)^permissions:\n(  .*\n)+`, "permissions: write-all\n")},
		{"tag, not SHA", "is not pinned", first(`@[0-9a-f]{40}`, "@v4")},
		{"no version comment", "no version comment", first(`(@[0-9a-f]{40}) # v\S+`, "$1")},
		{"a secret", "refers to secrets", first(`(?m)^(\s+)env:\n`, "${0}${1}  TOKEN: $${{ secrets.GITHUB_TOKEN }}\n")},
		{"inherited secrets", "refers to secrets", first(`(?m)^jobs:\n`, "${0}  other:\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n")},
		{"input spliced into a script", "expands an expression", first(`(?m)^(\s+)run: \|\n`, "${0}${1}  echo $${{ inputs.budget }}\n")},
		{"unknown make target", "make no-such-target, which the Makefile", first(`(?m)^(\s+(?:run: )?)make [a-z-]+`, "${1}make no-such-target")},
		{"no timeout", "has no timeout-minutes", first(`(?m)^    timeout-minutes: .*\n`, "")},
	} {
		bad := c.mutate(good)
		if bad == good {
			t.Fatalf("%s: the mutation did not apply to bench.yml", c.name)
		}
		problems, _ := checkWorkflow(bad, targets)
		if !strings.Contains(strings.Join(problems, "\n"), c.want) {
			t.Errorf("%s: want a problem containing %q, got %q", c.name, c.want, problems)
		}
	}
}
