package scanner

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
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
	var open *circuitOpen
	if errors.As(err, &open) {
		e := classify(open.err)
		e.Message = clip(e.Message + " (not sent: " + open.operation + " to the same service and region had failed so)")
		return e
	}
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
	var sendErr *smithyhttp.RequestSendError
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
	case (e.Code == "" || e.Code == "UnknownError") && errors.As(err, &respErr) && respErr.HTTPStatusCode() == 403:
		// A 403 whose body says nothing readable (a proxy's page, a cut-off
		// error document) is still a refusal, not a broken service.
		e.Kind = inventory.ErrAccessDenied
		if unparseable(err) {
			e.Message = "access denied; the response could not be parsed: " + parseFailure(err)
		}
	case unparseable(err):
		e.Kind, e.Message = inventory.ErrMalformed, "response could not be parsed: "+parseFailure(err)
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind, e.Message = inventory.ErrTimeout, "request timed out: "+netErr.Error()
	case errors.As(err, &opErr):
		e.Kind, e.Message = inventory.ErrNetwork, opErr.Error()
	case errors.As(err, &sendErr):
		// The connection closed before an answer (no status at all).
		e.Kind, e.Message = inventory.ErrNetwork, sendErr.Error()
	}
	var maxAttempts *retry.MaxAttemptsError
	if errors.As(err, &maxAttempts) && e.Kind != inventory.ErrCanceled {
		e.Message = strings.TrimSpace(e.Message + " (retries exhausted)")
	}
	var again *unparseableAgain
	if errors.As(err, &again) && e.Kind != inventory.ErrCanceled {
		e.Message = strings.TrimSpace(e.Message + " (the same after one retry)")
	}
	e.Message = clip(e.Message)
	return e
}

// parseFailure says what was wrong with an answer unparseable reports,
// with the status when it was an error, so a reader can tell an HTML page
// in place of AWS's answer from a damaged document.
func parseFailure(err error) string {
	var respErr *smithyhttp.ResponseError
	status := ""
	if errors.As(err, &respErr) && respErr.Response != nil && respErr.HTTPStatusCode() >= 300 {
		status = fmt.Sprintf("HTTP %d", respErr.HTTPStatusCode())
		if ct := respErr.Response.Header.Get("Content-Type"); ct != "" {
			status += " (" + ct + ")"
		}
		status += ": "
	}
	var deser *smithy.DeserializationError
	var xmlErr *xml.SyntaxError
	var jsonErr *json.SyntaxError
	switch {
	case errors.As(err, &deser):
		return status + deser.Err.Error()
	case errors.As(err, &xmlErr):
		return status + xmlErr.Error()
	case errors.As(err, &jsonErr):
		return status + jsonErr.Error()
	case respErr != nil && respErr.Response != nil && respErr.Response.ContentLength == 0:
		return status + "empty body"
	}
	return status + "not the service's protocol"
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
