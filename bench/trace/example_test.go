package trace_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/cmapbench/cmapbench/bench/trace"
)

// serve is the program whose map is recorded. Recording takes a Recorder and a SyncMap
// in place of the sync.Map it used.
func serve(path string) {
	rec, err := trace.Create(path, trace.Options{})
	if err != nil {
		log.Fatal(err)
	}
	m := trace.NewSyncMap(rec) // was: var m sync.Map
	defer rec.Close()

	for _, user := range []string{"ann", "bob", "ann", "cid", "ann"} {
		if _, ok := m.Load(user); !ok {
			m.Store(user, 1)
		}
	}
	m.Delete("bob")
}

func Example() {
	dir, err := os.MkdirTemp("", "trace")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "users.trace")
	serve(path)

	t, err := trace.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	for k, n := range t.Counts {
		if n > 0 {
			fmt.Println(trace.Kind(k), n)
		}
	}
	fmt.Println("keys:", t.KeyType)
	// Output:
	// Load 5
	// Store 3
	// Delete 1
	// keys: string
}
