package main

import (
	"context"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// flight measures the calls in flight: how long attempts took, and how
// many ran at once. Wall time over the lower bound is the product of two
// things this separates: calls slower than the injected latency (CPU on
// either side, the network stack) and a pool that was not kept full.
type flight struct {
	mu      sync.Mutex
	now     int           // attempts in flight
	peak    int           // most at once
	busy    time.Duration // Σ attempt durations
	n       int           // attempts
	longest time.Duration
	// per "Service:Operation", as the report's api_calls keys them
	opBusy map[string]time.Duration
}

// middleware times every attempt, after the retry middleware as the
// scanner's call counter is, so each attempt counts.
func (f *flight) middleware(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("benchFlight",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			f.mu.Lock()
			f.now++
			f.peak = max(f.peak, f.now)
			f.mu.Unlock()
			start := time.Now()
			out, md, err := next.HandleFinalize(ctx, in)
			d := time.Since(start)
			f.mu.Lock()
			f.now--
			f.busy += d
			f.n++
			f.longest = max(f.longest, d)
			if f.opBusy == nil {
				f.opBusy = map[string]time.Duration{}
			}
			f.opBusy[awsmiddleware.GetServiceID(ctx)+":"+awsmiddleware.GetOperationName(ctx)] += d
			f.mu.Unlock()
			return out, md, err
		}), middleware.After)
}
