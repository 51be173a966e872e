package scanner

import (
	"context"
	"sync"
	"testing"

	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
)

// A job is reported done only when everything it spawned has finished: a
// progress line saying "s3 done" while buckets are still being read would
// lie to the user watching a slow scan.
func TestProgressDoneAfterSpawnedWork(t *testing.T) {
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	srv, url := endpoint(t, acct, emulator.Options{PageSize: 1})
	var mu sync.Mutex
	started, done := map[string]int{}, map[string]int{}
	callsAtDone := map[string]int{}
	opts := Options{Concurrency: 4, Progress: func(e Event) {
		if e.Err != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		key := e.Service + "/" + e.Region
		if !e.Done {
			started[key]++
			return
		}
		done[key]++
		for _, c := range srv.Calls() {
			if c.Service == e.Service && (e.Region == "" || c.Region == e.Region) {
				callsAtDone[key]++
			}
		}
	}}
	Scan(context.Background(), testConfig(url), opts)
	if len(started) == 0 || len(done) != len(started) {
		t.Fatalf("started %v, done %v: every job must be reported done once", started, done)
	}
	final := map[string]int{}
	for _, c := range srv.Calls() {
		for key := range done {
			if key == c.Service+"/"+c.Region || key == c.Service+"/" {
				final[key]++
			}
		}
	}
	for key, n := range callsAtDone {
		if done[key] != 1 || n != final[key] {
			t.Errorf("%s reported done after %d of its %d calls", key, n, final[key])
		}
	}
}
