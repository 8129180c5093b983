// Example records how a session store uses its map under load, with package trace.
//
// The store maps session ids ("sess-" and 16 hex digits) to session data. A few
// workers serve requests: most requests load their session; a login creates one
// (LoadOrStore), a request refreshes its session now and then (Store), a logout
// deletes it, and every few thousand requests a worker sweeps out the sessions idle
// for too long (Range, and Delete of each expired one). A request whose session has
// expired logs in again. Each worker draws its requests from its own generator, seeded
// from -seed, so the requests are the same from run to run; how the workers' calls
// interleave is up to the scheduler, and key ids change with every recording.
//
// It records through trace.NewSyncMap into the file -out, then reads the file back and
// prints what it holds. The recording checked in as testdata/sessions.trace was made,
// from the repository's root, with
//
//	go run ./bench/trace/example -out bench/trace/testdata/sessions.trace
//
// Usage:
//
//	example -out FILE [-requests N] [-workers W] [-seed S]
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"

	"github.com/cmapbench/cmapbench/bench/trace"
)

// session is what the store keeps for a logged-in user.
type session struct {
	user string
	seen atomic.Int64 // the store's clock at the session's last request
}

// store is a session store: a map of session id to *session, and a clock that counts
// requests.
type store struct {
	sessions *trace.SyncMap
	clock    atomic.Int64
	ttl      int64 // requests after which an idle session expires
}

// worker serves n requests drawn from rng. Its clients are the sessions it created.
func (s *store) worker(n int, rng *rand.Rand) {
	var mine []string // the session ids of this worker's clients, oldest first
	login := func() {
		id := fmt.Sprintf("sess-%016x", rng.Uint64())
		ses := &session{user: fmt.Sprintf("user%d", rng.IntN(100000))}
		ses.seen.Store(s.clock.Load())
		s.sessions.LoadOrStore(id, ses)
		mine = append(mine, id)
	}
	for i := range n {
		now := s.clock.Add(1)
		if len(mine) == 0 {
			login()
			continue
		}
		// Recent sessions are the busiest.
		j := len(mine) - 1 - min(int(rng.ExpFloat64()*20), len(mine)-1)
		id := mine[j]
		switch p := rng.IntN(100); {
		case p < 8: // a new client logs in
			login()
		case p < 12: // a client logs out
			s.sessions.Delete(id)
			mine = append(mine[:j], mine[j+1:]...)
		default: // a request of a logged-in client
			v, ok := s.sessions.Load(id)
			if !ok { // its session expired: log in again
				mine = append(mine[:j], mine[j+1:]...)
				login()
				break
			}
			ses := v.(*session)
			ses.seen.Store(now)
			if p < 22 { // refresh the session
				s.sessions.Store(id, ses)
			}
		}
		if (i+1)%5000 == 0 {
			s.sweep(now)
		}
	}
}

// sweep deletes the sessions idle for more than the store's ttl.
func (s *store) sweep(now int64) {
	s.sessions.Range(func(key, value any) bool {
		if now-value.(*session).seen.Load() > s.ttl {
			s.sessions.Delete(key)
		}
		return true
	})
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("example: ")
	out := flag.String("out", "", "the file to record into (required)")
	requests := flag.Int("requests", 80000, "requests to serve, in all")
	workers := flag.Int("workers", 4, "worker goroutines")
	seed := flag.Uint64("seed", 1, "seed of the workers' request generators")
	flag.Parse()
	if *out == "" || *requests < 0 || *workers < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}

	rec, err := trace.Create(*out, trace.Options{})
	if err != nil {
		log.Fatal(err)
	}
	s := &store{sessions: trace.NewSyncMap(rec), ttl: 20000}
	var wg sync.WaitGroup
	for w := range *workers {
		n := *requests / *workers
		if w < *requests%*workers {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.worker(n, rand.New(rand.NewPCG(*seed, uint64(w))))
		}()
	}
	wg.Wait()
	if err := rec.Close(); err != nil {
		log.Fatal(err)
	}

	t, err := trace.ReadFile(*out)
	if err != nil {
		log.Fatal(err)
	}
	st := rec.Stats()
	var ops uint64
	for k, c := range t.Counts {
		if c > 0 {
			fmt.Printf("%-12v %7d\n", trace.Kind(k), c)
		}
		ops += c
	}
	fmt.Printf("%s: %d ops in %d streams, %d bytes (%.2f bytes an op); keys %s; %d ops sampled out, %d dropped\n",
		*out, ops, len(t.Streams), st.Bytes, float64(st.Bytes)/float64(ops), t.KeyType, t.Sampled, t.Dropped)
}
