package scanner

import (
	"context"
	"errors"
	"net"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/srmscan/srmscan/inventory"
)

// One classifier for every service: the same AWS error code means the same
// thing wherever it comes from, and a new code is added in one place.
var (
	throttleCodes = codes("Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
		"TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "SlowDown", "BandwidthLimitExceeded",
		"ProvisionedThroughputExceededException", "EC2ThrottledException", "PriorRequestNotComplete")
	deniedCodes = codes("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
		"AuthorizationError", "Forbidden", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch",
		"ExpiredToken", "ExpiredTokenException", "InvalidToken")
	// Calls into a region the account has not enabled fail with these.
	regionCodes = codes("OptInRequired", "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId")
)

func codes(cs ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range cs {
		m[c] = true
	}
	return m
}

// classify turns an SDK error into a CollectionError with its kind, code and
// a message fit for a report. Messages come from the service or the
// transport, never from the request, so they carry no credentials.
func classify(err error) inventory.CollectionError {
	e := inventory.CollectionError{Kind: inventory.ErrService, Message: err.Error()}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		e.Code = apiErr.ErrorCode()
		e.Message = apiErr.ErrorMessage()
		if e.Message == "" {
			e.Message = e.Code
		}
	}
	var netErr net.Error
	var opErr *net.OpError
	var respErr *smithyhttp.ResponseError
	var deser *smithy.DeserializationError
	var timeout *timeoutError
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind, e.Message = inventory.ErrCanceled, "scan interrupted before this call completed"
	case errors.Is(err, context.DeadlineExceeded):
		e.Kind, e.Message = inventory.ErrTimeout, "the scan's deadline passed before this call completed"
	case errors.As(err, &timeout):
		e.Kind, e.Message = inventory.ErrTimeout, timeout.Error()
	case throttleCodes[e.Code]:
		e.Kind = inventory.ErrThrottled
	case deniedCodes[e.Code]:
		e.Kind = inventory.ErrAccessDenied
	case regionCodes[e.Code]:
		e.Kind = inventory.ErrRegionDisabled
	case errors.As(err, &deser):
		e.Kind, e.Message = inventory.ErrMalformed, "response could not be parsed: "+deser.Err.Error()
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind, e.Message = inventory.ErrTimeout, "request timed out: "+netErr.Error()
	case errors.As(err, &opErr):
		e.Kind, e.Message = inventory.ErrNetwork, opErr.Error()
	case e.Code == "" && errors.As(err, &respErr) && respErr.HTTPStatusCode() == 403:
		e.Kind = inventory.ErrAccessDenied
	}
	var maxAttempts *retry.MaxAttemptsError
	if errors.As(err, &maxAttempts) && e.Kind != inventory.ErrCanceled {
		e.Message = strings.TrimSpace(e.Message + " (retries exhausted)")
	}
	e.Message = clip(e.Message)
	return e
}

// maxMessage bounds a collection error's message. Messages come from the
// endpoint; one that sends a megabyte of error text must not put it into
// every report.
const maxMessage = 1000

// clip makes a message valid UTF-8 of at most maxMessage bytes.
func clip(msg string) string {
	msg = strings.ToValidUTF8(msg, "\uFFFD")
	if len(msg) <= maxMessage {
		return msg
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "… (truncated)"
}
