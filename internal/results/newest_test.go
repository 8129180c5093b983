package results

import (
	"maps"
	"testing"
	"testing/fstest"
)

func TestNewestReports(t *testing.T) {
	report := func(goVersion, date string) *fstest.MapFile {
		s := "goversion: " + goVersion + "\n"
		if date != "" {
			s += "date: " + date + "\n"
		}
		return &fstest.MapFile{Data: []byte(s + "\n# Safety matrix\n")}
	}
	fsys := fstest.MapFS{
		"safety-go1.25.14-20261101T000000Z.md": report("go1.25.14", "2026-11-01T00:00:00Z"),
		// The experiment's report is newer and sorts after the release's by name: it
		// is not the release's.
		"safety-go1.25.14-X-noswissmap-20261102T000000Z.md": report("go1.25.14 X:noswissmap", "2026-11-02T00:00:00Z"),
		// By date, not by name: the -2 file holds the newer date line.
		"safety-go1.26.8-20261101T000000Z.md":   report("go1.26.8", "2026-11-01T00:00:00Z"),
		"safety-go1.26.8-20261101T000000Z-2.md": report("go1.26.8", "2026-11-01T00:00:01Z"),
		// No goversion line: the name says it.
		"safety-go1.23.12-20261101T000000Z.md":  {Data: []byte("date: 2026-11-01T00:00:00Z\n")},
		"profile-go1.23.12-20261101T000000Z.md": report("go1.23.12", ""),
	}
	got, err := NewestReports(fsys, "safety")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"go1.25.14":              "safety-go1.25.14-20261101T000000Z.md",
		"go1.25.14 X:noswissmap": "safety-go1.25.14-X-noswissmap-20261102T000000Z.md",
		"go1.26.8":               "safety-go1.26.8-20261101T000000Z-2.md",
		"go1.23.12":              "safety-go1.23.12-20261101T000000Z.md",
	}
	if !maps.Equal(got, want) {
		t.Errorf("NewestReports = %v, want %v", got, want)
	}
}
