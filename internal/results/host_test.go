package results

import "testing"

func TestHostOf(t *testing.T) {
	legacy := map[string]string{"cpu": "AMD EPYC", "ncpu": "2", "goos": "linux", "goarch": "amd64"}
	h := HostOf(func(k string) string { return legacy[k] })
	if want := (Host{Label: "linux-amd64-2cpu", CPU: "AMD EPYC", OS: "linux", Arch: "amd64", NumCPU: 2}); h != want {
		t.Errorf("HostOf(no host line) = %+v, want %+v", h, want)
	}
	if got, want := h.String(), "linux-amd64-2cpu (AMD EPYC, 2 CPUs, linux/amd64)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	legacy["host"] = "ci-arm64-4"
	if h := HostOf(func(k string) string { return legacy[k] }); h.Label != "ci-arm64-4" {
		t.Errorf("HostOf(host: ci-arm64-4).Label = %q", h.Label)
	}
	for _, bad := range []string{"", "-x", "a b", "a/b", string(make([]byte, 65))} {
		if CheckHostLabel(bad) == nil {
			t.Errorf("CheckHostLabel(%q) = nil, want an error", bad)
		}
	}
	for _, good := range []string{"laptop", "ubuntu-24.04-arm_4", DefaultHostLabel("darwin", "arm64", 3)} {
		if err := CheckHostLabel(good); err != nil {
			t.Errorf("CheckHostLabel(%q) = %v", good, err)
		}
	}
}
