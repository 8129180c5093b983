package report

import (
	"fmt"
	"strings"

	"github.com/cmapbench/cmapbench/bench"
	"github.com/cmapbench/cmapbench/internal/markdown"
	toolchains "github.com/cmapbench/cmapbench/internal/toolchain"
	"github.com/cmapbench/cmapbench/strategies"
)

// A Nested strategy (strategies.Info.Nested) is built only by toolchains from its MinGo
// on: a raw file of an older toolchain has no column for it. The report says so once,
// under the guide, and in the file's machine table, with the reason.

// notBuiltReason returns why a raw file whose goversion line is goVersion has no numbers
// of strategy name, "" when it could have them.
func notBuiltReason(goVersion, name string) string {
	v, _ := toolchains.SplitName(goVersion) // go1.25.0 X:noswissmap
	if v == "" {
		return ""
	}
	pkg, err := bench.PackageFor(v, []string{name})
	if err != nil {
		return ""
	}
	return pkg.Absent[name]
}

// notBuilt is the guide's line under its table naming, per toolchain of ds, the Nested
// strategies it does not build; "" when there are none.
func notBuilt(ds *dataset) string {
	var parts []string
	for _, info := range strategies.Infos() {
		if info.Nested == "" {
			continue
		}
		var tcs []string
		why := ""
		for _, tc := range ds.toolchains {
			if len(tc.files) == 0 {
				continue
			}
			if r := notBuiltReason(tc.files[0].meta["goversion"], info.Name); r != "" {
				tcs, why = append(tcs, tc.name), r
			}
		}
		if len(tcs) > 0 {
			parts = append(parts, fmt.Sprintf("%s has no numbers under %s: %s", markdown.Code(info.Name), strings.Join(tcs, ", "), why))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + ".\n\n"
}
