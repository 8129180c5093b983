package bench

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
)

// ownStack returns the label LabelKey of the calling goroutine and the names of its
// stack's functions, as a goroutine profile (which, like CPU profiles, carries labels)
// shows them. The goroutine is found by the function called self, which no other
// goroutine may be running.
func ownStack(t *testing.T, self string) (label string, funcs []string) {
	t.Helper()
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 0); err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, s := range p.Sample {
		var names []string
		for _, loc := range s.Location {
			for _, ln := range loc.Line {
				names = append(names, ln.Function.Name)
			}
		}
		if slices.Contains(names, self) {
			found++
			label, funcs = strings.Join(s.Label[LabelKey], ","), names
		}
	}
	if found != 1 {
		t.Fatalf("%d goroutines run %s, want 1", found, self)
	}
	return label, funcs
}

// RunTimed labels its goroutine timed while f runs and setup after it, and its frame,
// named as the profile command names it, is below f's.
func TestRunTimedLabels(t *testing.T) {
	entry := runtime.FuncForPC(reflect.ValueOf(RunTimed).Pointer()).Name()
	self := runtime.FuncForPC(reflect.ValueOf(TestRunTimedLabels).Pointer()).Name()
	var label string
	var funcs []string
	RunTimed(func() { label, funcs = ownStack(t, self) })
	if label != LabelTimed || !slices.Contains(funcs, entry) {
		t.Errorf("inside RunTimed: label %q, stack %q; want label %q and frame %s", label, funcs, LabelTimed, entry)
	}
	if label, _ = ownStack(t, self); label != LabelSetup {
		t.Errorf("after RunTimed: label %q, want %q", label, LabelSetup)
	}
}

// Every goroutine the workloads start runs as timed work: it is started as
// go RunTimed(...), so it carries the timed label and RunTimed's frame from its first
// instruction. A goroutine started otherwise would inherit its creator's labels: setup's,
// when it is made during setup. ProbeCanary's partner is the exception: it runs outside
// every timed region.
func TestGoroutinesRunTimed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "ProbeCanary" {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				g, ok := n.(*ast.GoStmt)
				if !ok {
					return true
				}
				checked++
				if id, ok := g.Call.Fun.(*ast.Ident); !ok || id.Name != "RunTimed" {
					t.Errorf("%s: %s starts a goroutine that is not go RunTimed(...)", fset.Position(g.Pos()), fn.Name.Name)
				}
				return true
			})
		}
	}
	if checked == 0 {
		t.Error("found no go statement: the test checked nothing")
	}
}
