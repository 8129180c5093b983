package main

import (
	"strings"
)

// mdTable is a Markdown table. Columns from numFrom on are right-aligned.
type mdTable struct {
	header  []string
	numFrom int
	rows    [][]string
}

func (t *mdTable) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *mdTable) write(b *strings.Builder) {
	writeRow := func(cells []string) {
		b.WriteString("|")
		for i := range t.header {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	writeRow(t.header)
	b.WriteString("|")
	for i := range t.header {
		if i >= t.numFrom {
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

// mdEscape keeps a cell inside its column: pipes are escaped, line breaks become spaces.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// code wraps s in backticks for inline code.
func code(s string) string {
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// link renders a Markdown link whose text is code.
func link(text, target string) string {
	return "[" + code(text) + "](" + strings.ReplaceAll(target, " ", "%20") + ")"
}
