package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/cmapbench/cmapbench/internal/toolchain"
)

// A loc is one source line of a toolchain's GOROOT that decides a claim, as the sources
// evidence file records it: a key saying what it is, the file relative to GOROOT with
// the line number, and the line's text.
type loc struct {
	Key  string // e.g. "func runtime.mapiterinit", "atomic runtime.mapiterinit"
	File string // src/runtime/map.go
	Line int
	Text string // the line, trimmed
	If   string // for an atomic call inside an if statement of its function: the if's first line, trimmed
}

// Pos returns "src/runtime/map.go:917".
func (l loc) Pos() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

// stdPkg is one standard-library package as go list reports it under a toolchain, for
// the default build configuration (GOOS, GOARCH and the default GOEXPERIMENTs): the
// files it really compiles, so that a file excluded by a build tag is never cited.
type stdPkg struct {
	Path  string // import path
	Dir   string
	Files []string // GoFiles, file names only
	fset  *token.FileSet
	asts  map[string]*ast.File
	lines map[string][]string
}

// sourcePkgs are the packages the claims cite. A package a toolchain does not have
// (internal/sync and internal/runtime/maps before go1.24) is left out.
var sourcePkgs = []string{"runtime", "sync", "internal/sync", "internal/runtime/maps", "cmd/compile/internal/walk"}

// listPkgs asks tc's go command for the directories and compiled files of sourcePkgs.
func listPkgs(ctx context.Context, tc *toolchain.Toolchain) (map[string]*stdPkg, error) {
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}|{{.Dir}}|{{join .GoFiles \",\"}}|{{if .Error}}missing{{end}}"}, sourcePkgs...)
	out, err := tc.Output(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("listing the runtime's packages: %w", err)
	}
	pkgs := map[string]*stdPkg{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, "|")
		if len(f) != 4 || f[3] != "" {
			continue
		}
		pkgs[f[0]] = &stdPkg{Path: f[0], Dir: f[1], Files: strings.Split(f[2], ",")}
	}
	if pkgs["runtime"] == nil || pkgs["sync"] == nil {
		return nil, fmt.Errorf("go list found no runtime or sync package under %s", tc.Name)
	}
	return pkgs, nil
}

// load parses the package's files once.
func (p *stdPkg) load() error {
	if p.asts != nil {
		return nil
	}
	p.fset = token.NewFileSet()
	p.asts, p.lines = map[string]*ast.File{}, map[string][]string{}
	for _, name := range p.Files {
		path := filepath.Join(p.Dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("reading the toolchain's source: %w", err)
		}
		f, err := parser.ParseFile(p.fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parsing the toolchain's source: %w", err)
		}
		p.asts[name], p.lines[name] = f, strings.Split(string(src), "\n")
	}
	return nil
}

// at returns the loc of line n (1-based) of file name.
func (p *stdPkg) at(key, name string, n int) loc {
	text := ""
	if ls := p.lines[name]; n >= 1 && n <= len(ls) {
		text = strings.TrimSpace(ls[n-1])
	}
	return loc{Key: key, File: "src/" + p.Path + "/" + name, Line: n, Text: strings.ReplaceAll(text, "\t", " ")}
}

// findText returns the first line of the package that contains s.
func (p *stdPkg) findText(key, s string) (loc, bool) {
	for _, name := range p.Files {
		for i, line := range p.lines[name] {
			if strings.Contains(line, s) {
				return p.at(key, name, i+1), true
			}
		}
	}
	return loc{}, false
}

// findAllText returns every line of the package that contains s outside a comment.
func (p *stdPkg) findAllText(key, s string) []loc {
	var ls []loc
	for _, name := range p.Files {
		for i, line := range p.lines[name] {
			code, _, _ := strings.Cut(line, "//")
			if strings.Contains(code, s) {
				ls = append(ls, p.at(key, name, i+1))
			}
		}
	}
	return ls
}

// findConst returns the declaration of the package-level constant name.
func (p *stdPkg) findConst(key, name string) (loc, bool) {
	for file, f := range p.sortedFiles() {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				for _, id := range s.(*ast.ValueSpec).Names {
					if id.Name == name {
						return p.at(key, file, p.fset.Position(id.Pos()).Line), true
					}
				}
			}
		}
	}
	return loc{}, false
}

// findFunc returns the function name (recv "" for a function, the receiver's type name
// for a method) and its declaration.
func (p *stdPkg) findFunc(key, recv, name string) (*ast.FuncDecl, string, loc, bool) {
	for file, f := range p.sortedFiles() {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if ok && fd.Name.Name == name && recvName(fd) == recv && fd.Body != nil {
				return fd, file, p.at(key, file, p.fset.Position(fd.Pos()).Line), true
			}
		}
	}
	return nil, "", loc{}, false
}

// atomicCalls returns the calls of package atomic (sync/atomic or internal/runtime/
// atomic, both imported as atomic) in fd's body, each with the innermost if statement of
// the function that encloses it.
func (p *stdPkg) atomicCalls(key, file string, fd *ast.FuncDecl) []loc {
	var ls []loc
	var stack []ast.Node
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, isID := sel.X.(*ast.Ident); !isID || id.Name != "atomic" {
			return true
		}
		l := p.at(key, file, p.fset.Position(call.Pos()).Line)
		for _, s := range stack {
			if is, isIf := s.(*ast.IfStmt); isIf {
				l.If = p.at("", file, p.fset.Position(is.Pos()).Line).Text
			}
		}
		ls = append(ls, l)
		return true
	})
	return ls
}

// sortedFiles yields the package's parsed files in go list's order.
func (p *stdPkg) sortedFiles() func(yield func(string, *ast.File) bool) {
	return func(yield func(string, *ast.File) bool) {
		for _, name := range p.Files {
			if !yield(name, p.asts[name]) {
				return
			}
		}
	}
}

// recvName returns the type name of fd's receiver, without * and type parameters.
func recvName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
