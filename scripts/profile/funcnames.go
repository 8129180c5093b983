package main

import (
	"slices"
	"strings"
)

// skewFrame is a leaf frame that stands for its caller in CPU profiles: every sample of
// runtime.asyncPreempt seen in this suite's profiles (go1.23.12, go1.26.8) sat on its first
// instruction (PUSHQ BP), not in the register saves that follow, so it measures the
// interrupted function, skewed there by signal delivery.
const skewFrame = "runtime.asyncPreempt"

// trimSkew drops a leading skewFrame from a CPU sample's stack.
func trimSkew(stack []string) []string {
	for len(stack) > 1 && stack[0] == skewFrame {
		stack = stack[1:]
	}
	return stack
}

// baseName removes type arguments from a function name:
// "pkg.(*T[go.shape.int,go.shape.int]).M" becomes "pkg.(*T).M".
func baseName(name string) string {
	if !strings.Contains(name, "[") {
		return name
	}
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shortName makes a function name fit a table: type arguments are shown as [...], and
// the import path of a package outside the standard library is cut to its last element
// (with its major version): "github.com/puzpuzpuz/xsync/v3.(*MapOf[go.shape.int,go.shape.int]).Load"
// becomes "xsync/v3.(*MapOf[...]).Load". Standard library paths stay whole, so that
// internal/sync is not mistaken for sync.
func shortName(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			if depth == 0 {
				b.WriteString("[...]")
			}
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	s := b.String()
	// The import path ends at the first '.' after its last '/'; receivers and type
	// arguments come later and hold no '/' once replaced by [...].
	end := len(s)
	if i := strings.IndexAny(s, "(["); i >= 0 {
		end = i
	}
	slash := strings.LastIndex(s[:end], "/")
	if slash < 0 {
		return s
	}
	if first, _, _ := strings.Cut(s, "/"); !strings.Contains(first, ".") {
		return s // the standard library
	}
	elem := s[slash+1:]
	if dot := strings.IndexByte(elem, '.'); dot >= 0 {
		elem = elem[:dot]
	}
	if isMajorVersion(elem) {
		if j := strings.LastIndex(s[:slash], "/"); j >= 0 {
			slash = j
		}
	}
	return s[slash+1:]
}

// isMajorVersion reports whether elem is an import path's major version suffix (v2, v3...).
func isMajorVersion(elem string) bool {
	if len(elem) < 2 || elem[0] != 'v' {
		return false
	}
	for _, c := range elem[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}
