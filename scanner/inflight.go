package scanner

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

// workersPerCall is how many pool workers a scan runs per call it lets be
// in flight. A worker waits through its calls' retry back-offs, a second
// or more each time AWS throttles, and through the SDK's pacing; the
// concurrency bound is held only by an attempt itself (inFlight), so while
// some workers wait, the others keep every call slot busy. With one call
// in fifty throttled, two, four and eight per slot measured alike (the
// last back-offs at the end of the scan dominate); four leaves room for
// heavier throttling and still bounds the goroutines.
const workersPerCall = 4

// inFlight bounds the attempts in flight at once (Options.Concurrency).
type inFlight chan struct{}

// middleware holds a slot for each attempt: it sits right after the retry
// middleware, so back-off between attempts holds none, and covers sending,
// the wait for the answer and reading it.
func (f inFlight) middleware(stack *middleware.Stack) error {
	m := middleware.FinalizeMiddlewareFunc("srmscanCallsInFlight",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			select {
			case f <- struct{}{}:
			case <-ctx.Done():
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			defer func() { <-f }()
			return next.HandleFinalize(ctx, in)
		})
	if err := stack.Finalize.Insert(m, "Retry", middleware.After); err != nil {
		// A client without the SDK's retry middleware: each call is one
		// attempt, and the end of the step bounds it as well.
		return stack.Finalize.Add(m, middleware.After)
	}
	return nil
}
