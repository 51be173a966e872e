// Package memwatch measures the most live heap a piece of work holds, for
// tests that prove memory stays bounded.
package memwatch

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

const live = "/gc/heap/live:bytes"

// Live is the live heap as the last garbage collection marked it.
func Live() uint64 {
	s := []metrics.Sample{{Name: live}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Growth collects garbage, then samples the live heap every millisecond
// until stop is called, and returns how far its peak rose above where it
// started. Live, not allocated: garbage waiting for the next cycle would
// measure the GC's pacing, so callers lower GOGC to sample often.
func Growth() (stop func() uint64) {
	runtime.GC()
	runtime.GC()
	base := Live()
	var most atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			if v := Live(); v > most.Load() {
				most.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return most.Load() - min(most.Load(), base)
	}
}
