package results

import (
	"fmt"
	"regexp"
	"strconv"
)

// A Host is the machine a raw file was measured on, as its configuration lines name it:
// the label the user chose (host:, make bench HOST=...), the CPU model go test prints
// (cpu:), the number of logical CPUs (ncpu:) and the platform (goos:, goarch:).
// Results of different hosts are never summarised together.
type Host struct {
	Label, CPU, OS, Arch string
	NumCPU               int
}

// DefaultHostLabel is the label of a host the user did not name: its platform and CPU
// count, e.g. linux-amd64-2cpu. Files written before raw files carried a host: line get
// the same label from their goos:, goarch: and ncpu: lines.
func DefaultHostLabel(goos, goarch string, ncpu int) string {
	if goos == "" || goarch == "" || ncpu < 1 {
		return "unknown"
	}
	return fmt.Sprintf("%s-%s-%dcpu", goos, goarch, ncpu)
}

// hostLabel is what a host label may hold: it is written into config lines and file
// names.
var hostLabel = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// CheckHostLabel reports whether label can name a host.
func CheckHostLabel(label string) error {
	if !hostLabel.MatchString(label) {
		return fmt.Errorf("host label %q: want 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", label)
	}
	return nil
}

// HostOf returns the host that a raw file's configuration names; get returns a key's
// value, or "".
func HostOf(get func(key string) string) Host {
	h := Host{Label: get("host"), CPU: get("cpu"), OS: get("goos"), Arch: get("goarch")}
	h.NumCPU, _ = strconv.Atoi(get("ncpu"))
	if h.Label == "" {
		h.Label = DefaultHostLabel(h.OS, h.Arch, h.NumCPU)
	}
	return h
}

// String describes the host in one line: "linux-amd64-2cpu (AMD EPYC, 2 CPUs,
// linux/amd64)"; what the files do not say is left out.
func (h Host) String() string {
	return h.Label + " (" + h.Details() + ")"
}

// Details describes the machine: "AMD EPYC, 2 CPUs, linux/amd64".
func (h Host) Details() string {
	cpu, n, platform := h.CPU, "unknown CPU count", "unknown platform"
	if cpu == "" {
		cpu = "unknown CPU"
	}
	if h.NumCPU > 0 {
		n = fmt.Sprintf("%d CPUs", h.NumCPU)
	}
	if h.OS != "" && h.Arch != "" {
		platform = h.OS + "/" + h.Arch
	}
	return cpu + ", " + n + ", " + platform
}
