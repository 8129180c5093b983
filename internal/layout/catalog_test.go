package layout

import (
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/strategies"
)

// vocabulary is what only the catalog (packages bench and strategies) may declare.
type vocabulary struct {
	strategies, workloads, units []string
	params                       map[string][]string // parameter key → its values
	prose                        []string            // workload docs, situation questions
}

func catalogVocabulary() vocabulary {
	v := vocabulary{strategies: strategies.Names(), params: map[string][]string{}}
	for _, w := range bench.Workloads() {
		v.workloads = append(v.workloads, w.Name)
		v.prose = append(v.prose, w.Doc)
		for _, m := range w.Metrics {
			v.units = append(v.units, m.Unit)
		}
		for _, p := range w.Params {
			v.params[p.Key] = append(v.params[p.Key], append(slices.Clip(p.Default), p.Full...)...)
		}
		for _, s := range w.Situations {
			v.prose = append(v.prose, s.Question)
		}
	}
	return v
}

// inCatalog reports whether path belongs to the catalog, which declares the vocabulary.
func inCatalog(path string) bool {
	return strings.HasPrefix(path, "bench/") || strings.HasPrefix(path, "strategies/")
}

// TestKnowledgeDeclaredOnce fails where a command or a shared package declares what the
// catalog declares: a strategy's name (orders and references come from the registry), a
// list of workloads or of metric units, a workload's description or a situation's
// question, or a representative case (key=value of a workload parameter, or a map from
// parameter keys to values).
func TestKnowledgeDeclaredOnce(t *testing.T) {
	v := catalogVocabulary()
	fset, files := sourceFiles(t)
	for path, f := range files {
		if inCatalog(path) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if msg := v.literal(n); msg != "" {
					t.Errorf("%s: %s", fset.Position(n.Pos()), msg)
				}
			case *ast.CompositeLit:
				if msg := v.list(n); msg != "" {
					t.Errorf("%s: %s", fset.Position(n.Pos()), msg)
				}
			}
			return true
		})
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// literal checks one string literal.
func (v vocabulary) literal(lit *ast.BasicLit) string {
	s, ok := stringLit(lit)
	if !ok {
		return ""
	}
	if slices.Contains(v.strategies, s) {
		return "strategy name " + strconv.Quote(s) + ": take it from the registry (strategies.Names, Base, Baseline)"
	}
	for _, p := range v.prose {
		if len(p) >= 24 && strings.Contains(s, p[:24]) {
			return "a workload description or situation question: take it from the catalog"
		}
	}
	if k, val, ok := strings.Cut(s, "="); ok && slices.Contains(v.params[k], val) {
		return "case parameter " + strconv.Quote(s) + ": representative cases are the catalog's Situations"
	}
	return ""
}

// list checks a composite literal: a list of two or more workloads or metric units, or a
// map keyed by workload parameters.
func (v vocabulary) list(cl *ast.CompositeLit) string {
	var workloads, units, params int
	for _, e := range cl.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := stringLit(kv.Key); ok && v.params[k] != nil {
				params++
			}
			continue
		}
		s, ok := stringLit(e)
		if !ok {
			continue
		}
		if slices.Contains(v.workloads, s) {
			workloads++
		}
		if slices.Contains(v.units, s) {
			units++
		}
	}
	switch {
	case workloads >= 2:
		return "a list of workloads: take it from the catalog (bench.Workloads, bench.DefaultWorkloads)"
	case units >= 2:
		return "a list of metric units: take it from the catalog (Workload.Metrics)"
	case params >= 2:
		return "a map of workload parameters: representative cases are the catalog's Situations"
	}
	return ""
}

// TestVocabularyCheckFires shows that the check finds what it is for.
func TestVocabularyCheckFires(t *testing.T) {
	v := catalogVocabulary()
	for _, src := range []string{`"rwmutex"`, `"keys=1000"`, strconv.Quote(bench.Workloads()[0].Doc)} {
		if v.literal(&ast.BasicLit{Kind: token.STRING, Value: src}) == "" {
			t.Errorf("literal %s passes", src)
		}
	}
	lit := func(s string) ast.Expr { return &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(s)} }
	for _, cl := range []*ast.CompositeLit{
		{Elts: []ast.Expr{lit("Grow"), lit("Mix")}},
		{Elts: []ast.Expr{lit("ns/key"), lit("p99-ns")}},
		{Elts: []ast.Expr{&ast.KeyValueExpr{Key: lit("keys"), Value: lit("1000")}, &ast.KeyValueExpr{Key: lit("reads"), Value: lit("90%")}}},
	} {
		if v.list(cl) == "" {
			t.Errorf("composite literal %v passes", cl.Elts)
		}
	}
}
