package strategies_test

import (
	"testing"

	"github.com/cmapbench/cmapbench/strategies"
	"github.com/cmapbench/cmapbench/strategies/maptest"
)

// TestZeroAllocs checks the zero-allocation claims the README makes: on a warm map with
// int keys, Load (hit and miss), Range and Len allocate nothing in any strategy, and Store
// and Update of a present key and Delete allocate nothing except where the library itself
// allocates, as the registry's WriteAllocates says; where it says so, Store and Update
// must allocate.
func TestZeroAllocs(t *testing.T) {
	for _, s := range strategies.All[int, int]() {
		t.Run("strategy="+s.Name, func(t *testing.T) {
			for _, p := range maptest.Allocs(s.New(0), s.WriteAllocates) {
				t.Error(p)
			}
		})
	}
}
