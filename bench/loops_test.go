package bench

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
)

// TestLoopsCallDirectly builds this package's test binary (go test links the binary it
// runs without symbols), disassembles its copies of the timed loops (go tool objdump) and
// checks that none makes an indirect call from its own code: each calls
// its map's methods directly, or has them inlined. Indirect calls inside a map's own
// code (a hash function the library keeps in a field) are the map's cost and allowed.
func TestLoopsCallDirectly(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("reads amd64 disassembly")
	}
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation changes the code")
	}
	exe := filepath.Join(t.TempDir(), "bench.test")
	if out, err := exec.Command("go", "test", "-c", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	out, err := exec.Command("go", "tool", "objdump", "-s", `bench\.(mixLoop|growInsert|growRead|rapidLoop|updateLoop|fillLoop|replayLoop)[A-Z]`, exe).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool objdump: %v\n%s", err, out)
	}
	direct := regexp.MustCompile(`^CALL\s+(\S+\(SB\)|0x[0-9a-f]+)$`)
	funcs := map[string]bool{}
	var fn string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "TEXT ") {
			fn = strings.Fields(line)[1]
			funcs[fn] = true
			continue
		}
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) < 4 {
			continue
		}
		where, asm := f[0], strings.TrimSpace(f[len(f)-1])
		if strings.HasPrefix(asm, "CALL") && !direct.MatchString(asm) && strings.HasPrefix(where, "loops_gen.go:") {
			t.Errorf("%s: indirect call at %s: %s", fn, where, asm)
		}
	}
	// Every strategy's copies were found: the test checked something.
	for _, s := range append(strategies.All[int, int](), strategies.Floor[int, int]()) {
		name := reflectName(s.New(0))
		for _, loop := range []string{"mixLoop" + name + "Int", "mixLoop" + name + "String", "growInsert" + name, "rapidLoop" + name, "updateLoop" + name, "fillLoop" + name, "replayLoop" + name + "Int", "replayLoop" + name + "String"} {
			found := false
			for f := range funcs {
				found = found || strings.HasSuffix(f, "bench."+loop+"(SB)")
			}
			if !found {
				t.Errorf("no compiled copy of %s in the test binary", loop)
			}
		}
	}
}

// reflectName returns the name of m's type without its package and type arguments:
// RWMutex for *strategies.RWMutex[int,int].
func reflectName(m any) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(fmt.Sprintf("%T", m), "*strategies."), "[")
	return name
}
