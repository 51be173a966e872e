package scanner

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/srmscan/srmscan/inventory"
)

// Retries that fit the failure. The SDK's retryer treats every 5xx alike:
// ten attempts with a back-off of up to 20 s each. That is right for a
// service having a bad minute, and wrong for an endpoint that does not
// implement the service at all (moto without IAM Access Analyzer,
// LocalStack, a proxy or VPC endpoint that blocks one service): there,
// every call of the service waits out its own back-off for the same 500,
// and a scan of a small account took two minutes instead of two seconds.
//
// Two rules, both per scan:
//
//   - An answer that cannot be parsed as the service's protocol (an HTML
//     page, an empty or cut-off body) is retried once, not to the end of
//     the budget: what the endpoint says is not what the service would, and
//     saying it again seldom changes that.
//   - A breaker per service and region: once one call has failed past its
//     retries with a server error the service's protocol speaks (a parsed
//     5xx), the other calls to that service in that region fail at once
//     with the same error, each still recorded under its own operation, so
//     every check that needed one reports unknown. A 5xx that is not the
//     protocol (an HTML error page) opens the breaker of its operation
//     only: emulators and proxies answer so for the operations they lack
//     while serving the service's others (moto serves SSM's documents but
//     not its managed nodes), and one missing operation says nothing of
//     the rest. Each missing operation then costs two requests.
//
// Access denied, throttling, timeouts and dropped connections keep the
// whole budget and never open a breaker: a denied call says nothing of the
// others (permissions are per action), and throttling and dropped
// connections are what retries are for.

// breakers are a scan's open breakers, by service and region.
type breakers struct {
	mu   sync.Mutex
	open map[breakerKey]*circuitOpen
}

// breakerKey names a service in a region, or one of its operations.
type breakerKey struct{ service, region, operation string }

func newBreakers() *breakers { return &breakers{open: map[breakerKey]*circuitOpen{}} }

// circuitOpen is the error of a call that was not sent because another
// call to the same service and region had failed. It wraps that call's
// error, so it classifies the same.
type circuitOpen struct {
	operation string // the call that opened the breaker
	err       error
}

func (e *circuitOpen) Error() string { return e.err.Error() }
func (e *circuitOpen) Unwrap() error { return e.err }

// RetryableError tells the SDK's retryer the call is over: a breaker that
// opens while a call waits out a back-off ends that call too.
func (e *circuitOpen) RetryableError() bool { return false }

// unparseableAgain marks the second answer of a call that could not be
// parsed; the retryer takes it as final.
type unparseableAgain struct{ err error }

func (e *unparseableAgain) Error() string        { return e.err.Error() }
func (e *unparseableAgain) Unwrap() error        { return e.err }
func (e *unparseableAgain) RetryableError() bool { return false }

// call is one operation's state across its attempts.
type call struct {
	key         breakerKey
	unparseable int // attempts answered with something not the protocol
}

type callKey struct{}

// get returns the open breaker that stops a call of k.operation: the
// service's, or the operation's own.
func (b *breakers) get(k breakerKey) *circuitOpen {
	b.mu.Lock()
	defer b.mu.Unlock()
	if open := b.open[breakerKey{k.service, k.region, ""}]; open != nil {
		return open
	}
	return b.open[k]
}

// trip opens a breaker with err, unless it is open already: the first
// failure is the one every later call reports. An answer that was not the
// protocol opens k's operation's breaker; a parsed server error, the
// whole service's in that region.
func (b *breakers) trip(k breakerKey, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	operation := k.operation
	if !unparseable(err) {
		k.operation = ""
	}
	if b.open[k] == nil {
		b.open[k] = &circuitOpen{operation: operation, err: err}
	}
}

// middleware adds two layers around the SDK's retry middleware: one
// around the whole call (fail fast on an open breaker; open it when the
// call failed for good), one around each attempt (stop on a breaker opened
// meanwhile; end the retries on a second unparseable answer).
func (b *breakers) middleware(stack *middleware.Stack) error {
	whole := middleware.FinalizeMiddlewareFunc("srmscanBreaker",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			c := &call{key: breakerKey{awsmiddleware.GetServiceID(ctx), awsmiddleware.GetRegion(ctx), awsmiddleware.GetOperationName(ctx)}}
			if open := b.get(c.key); open != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, open
			}
			out, md, err := next.HandleFinalize(context.WithValue(ctx, callKey{}, c), in)
			if err != nil && trips(err) {
				b.trip(c.key, err)
			}
			return out, md, err
		})
	attempt := middleware.FinalizeMiddlewareFunc("srmscanAttemptVerdict",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			c, _ := ctx.Value(callKey{}).(*call)
			if c == nil {
				return next.HandleFinalize(ctx, in)
			}
			if open := b.get(c.key); open != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, open
			}
			out, md, err := next.HandleFinalize(ctx, in)
			if err != nil && unparseable(err) {
				if c.unparseable++; c.unparseable > 1 {
					err = &unparseableAgain{err}
				}
			}
			return out, md, err
		})
	if err := stack.Finalize.Insert(whole, "Retry", middleware.Before); err != nil {
		// A client without the SDK's retry middleware makes one attempt
		// per call: only the breaker applies.
		return stack.Finalize.Add(whole, middleware.Before)
	}
	return stack.Finalize.Insert(attempt, "Retry", middleware.After)
}

// trips reports whether a call's final error says the service, in that
// region, is not answering: a server error that is neither throttling nor
// an answer about the caller. A 2xx that could not be parsed is about one
// answer (one bucket's tags, one page), and opens nothing.
func trips(err error) bool {
	var open *circuitOpen
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &open) || !errors.As(err, &status) || status.HTTPStatusCode() < 500 {
		return false
	}
	switch classify(err).Kind {
	case inventory.ErrService, inventory.ErrMalformed:
		return true
	}
	return false
}

// unparseable reports whether an answer was not in the service's
// protocol: a body the SDK could not read (a DeserializationError, or, for
// the Query protocols' errors, the XML parser's own error), or an error
// status with no code, sent as an HTML page or with no body at all, as
// proxies, load balancers and emulators without the service answer.
func unparseable(err error) bool {
	var deser *smithy.DeserializationError
	var xmlErr *xml.SyntaxError
	var jsonErr *json.SyntaxError
	if errors.As(err, &deser) || errors.As(err, &xmlErr) || errors.As(err, &jsonErr) {
		return true
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() != "" && apiErr.ErrorCode() != "UnknownError" {
		return false
	}
	var resp *smithyhttp.ResponseError
	if !errors.As(err, &resp) || resp.Response == nil || resp.HTTPStatusCode() < 300 {
		return false
	}
	return resp.Response.ContentLength == 0 || strings.Contains(resp.Response.Header.Get("Content-Type"), "html")
}
