// Package markdown writes the few pieces of Markdown the suite's reports are made of:
// tables, inline code and links.
package markdown

import (
	"strings"
)

// Table is a Markdown table. Columns from NumFrom on are right-aligned.
type Table struct {
	Header  []string
	NumFrom int
	rows    [][]string
}

// Add appends a row; missing cells are empty, cells beyond the header are dropped.
func (t *Table) Add(cells ...string) { t.rows = append(t.rows, cells) }

// Len returns the number of rows added.
func (t *Table) Len() int { return len(t.rows) }

// Write writes the table to b, followed by a blank line.
func (t *Table) Write(b *strings.Builder) {
	writeRow := func(cells []string) {
		b.WriteString("|")
		for i := range t.Header {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + Escape(c) + " |")
		}
		b.WriteString("\n")
	}
	writeRow(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		if i >= t.NumFrom {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		writeRow(r)
	}
	b.WriteString("\n")
}

// String returns the table as Write writes it.
func (t *Table) String() string {
	var b strings.Builder
	t.Write(&b)
	return b.String()
}

// Escape keeps a cell inside its column: pipes are escaped, line breaks become spaces.
func Escape(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "|", `\|`)), " ")
}

// Code wraps s in backticks for inline code.
func Code(s string) string {
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// Link renders a Markdown link whose text is code.
func Link(text, target string) string {
	return "[" + Code(text) + "](" + strings.ReplaceAll(target, " ", "%20") + ")"
}
