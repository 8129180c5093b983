package markdown

import "testing"

func TestTable(t *testing.T) {
	tab := Table{Header: []string{"name", "ns/op"}, NumFrom: 1}
	tab.Add("a|b", "1.5\nns")
	tab.Add("short")
	want := "| name | ns/op |\n| --- | ---: |\n| a\\|b | 1.5 ns |\n| short |  |\n\n"
	if got := tab.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if tab.Len() != 2 {
		t.Errorf("Len() = %d, want 2", tab.Len())
	}
}

func TestCodeAndLink(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Code("x=1"), "`x=1`"},
		{Code("a`b"), "`` a`b ``"},
		{Link("a b.md", "dir/a b.md"), "[`a b.md`](dir/a%20b.md)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
