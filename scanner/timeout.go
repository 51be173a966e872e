package scanner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// DefaultOperationTimeout bounds one attempt at an API call. AWS answers
// the largest page srmscan asks for (a thousand-entry IAM listing with every
// policy document) in seconds; a minute means the endpoint is not answering.
const DefaultOperationTimeout = 60 * time.Second

// timeoutError is a wait srmscan gave up on: an attempt that got no
// answer in time, or a credential report IAM never finished.
//
// It reports itself as a temporary timeout so the SDK's retryer treats an
// attempt that hung like a dropped connection and tries again, up to the
// configured attempts. A cancelled context would not be retried: the SDK
// takes it for the caller giving up.
type timeoutError struct{ msg string }

func (e *timeoutError) Error() string   { return e.msg }
func (e *timeoutError) Timeout() bool   { return true }
func (e *timeoutError) Temporary() bool { return true }

var errAttemptTimeout = errors.New("operation timeout")

// attemptTimeout bounds every attempt of every call at d. It sits in the
// finalize step after the retry middleware, so each attempt gets its own d
// and the backoff between attempts is not counted against it; response
// bodies are read (deserialised) within it, so a response that stalls
// halfway is cut off too.
func attemptTimeout(d time.Duration) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("srmscanAttemptTimeout",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				actx, cancel := context.WithTimeoutCause(ctx, d, errAttemptTimeout)
				defer cancel()
				out, md, err := next.HandleFinalize(actx, in)
				// Only this attempt's own timer turns the failure into a
				// timeout: when the scan itself was cancelled or reached
				// its deadline, that is what the error must say.
				if err != nil && ctx.Err() == nil && context.Cause(actx) == errAttemptTimeout {
					err = &timeoutError{msg: fmt.Sprintf("no response within the operation timeout (%s)", d)}
				}
				return out, md, err
			}), middleware.After)
	}
}
