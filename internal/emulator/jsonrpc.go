package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The AWS JSON protocol, versions 1.0 (DynamoDB) and 1.1 (CloudTrail,
// Config, KMS), which differ only in the Content-Type: every request is a
// POST to "/" naming the operation in X-Amz-Target ("TrentService.ListKeys")
// with a JSON object for input; the answer is a JSON object, and an error
// is a JSON object whose __type names it. Timestamps are seconds since the
// epoch, as numbers.

// jsonService is one JSON-protocol API. Each service file builds one with
// its operations.
type jsonService struct {
	s *Server
	// target is the X-Amz-Target prefix: the Smithy service's name.
	target  string
	version string // "1.0" or "1.1"
	// typePrefix qualifies __type with the Smithy namespace, as DynamoDB
	// and CloudTrail do ("com.amazonaws.dynamodb.v20120810#..."): clients
	// must strip it, and a collector comparing codes must not see it.
	typePrefix string
	// internal is the service's code for a server fault.
	internal string
	// crc32 adds DynamoDB's X-Amz-Crc32 header, which its SDK client
	// checks every response body against.
	crc32 bool
	ops   map[string]jsonOp
}

// jsonOp is what the emulator knows of one operation.
type jsonOp struct {
	// serve decodes the input with c.decode and answers with the output,
	// or with an error.
	serve func(c *jsonCall) (any, *jsonError)
	// resource names the input member that says which resource a
	// per-resource call is about, so fault rules can single one out.
	// An ARN is reduced to its last path element (the key ID, trail or
	// table name).
	resource string
}

// jsonCall is one request being served.
type jsonCall struct {
	*request
}

// jsonError is an error answer.
type jsonError struct {
	status  int
	code    string
	message string
}

func badRequest(code, format string, args ...any) *jsonError {
	return &jsonError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

// decode reads the input into v, a struct holding the members the
// emulator implements. A member it does not implement is refused: filters
// and name lists would change the answer, and serving the unfiltered one
// would pass a collector that relies on them for the wrong reason.
func (c *jsonCall) decode(v any) *jsonError {
	body := c.Body
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return badRequest("ValidationException", "the emulator does not implement member %s of %s", name, c.Op)
		}
		return badRequest("SerializationException", "%s: could not read the request: %v", c.Op, err)
	}
	return nil
}

func (x jsonService) operation(r *request) (string, string) {
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-amz-json-"+x.version {
		return "", ""
	}
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), x.target+".")
	if !ok {
		return "", ""
	}
	op, ok := x.ops[name]
	if !ok {
		return "", ""
	}
	resource := ""
	if op.resource != "" {
		var in map[string]json.RawMessage
		var v string
		if json.Unmarshal(r.Body, &in) == nil && json.Unmarshal(in[op.resource], &v) == nil {
			// SQS names a queue by its URL, whose path ends in the name.
			// A secret's name may itself hold slashes.
			if strings.HasPrefix(v, "arn:") && strings.Contains(v, ":secret:") {
				v = secretName(v)
			} else if strings.HasPrefix(v, "arn:") || strings.HasPrefix(v, "https://") {
				v = v[strings.LastIndex(v, "/")+1:]
			}
			resource = v
		}
	}
	return name, resource
}

func (x jsonService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", x.internal
}

func (x jsonService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	if code == "InvalidAction" {
		// The server's name for a request it cannot route; JSON services
		// call it this.
		code = "UnknownOperationException"
	}
	x.write(w, status, map[string]string{"__type": x.typePrefix + code, "message": message})
}

func (x jsonService) serve(w http.ResponseWriter, r *request) {
	// A region the account has not enabled does not know its credentials.
	if !x.s.regionEnabled(r.Region) {
		x.writeError(w, r, http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid.")
		return
	}
	out, jerr := x.ops[r.Op].serve(&jsonCall{request: r})
	if jerr != nil {
		x.writeError(w, r, jerr.status, jerr.code, jerr.message)
		return
	}
	x.write(w, http.StatusOK, out)
}

func (x jsonService) write(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encoding response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-"+x.version)
	w.Header().Set("X-Amzn-RequestId", requestID())
	if x.crc32 {
		w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// jsonTime is a timestamp as the JSON protocol writes it: seconds since the
// epoch, with milliseconds. A zero time is left out.
func jsonTime(t time.Time) *float64 {
	if t.IsZero() {
		return nil
	}
	v := float64(t.UnixMilli()) / 1000
	return &v
}

// jsonLimit checks an optional page-size member against the operation's
// bounds, which JSON services enforce rather than clamp.
func jsonLimit(n *int, name string, lo, hi int) *jsonError {
	if n != nil && (*n < lo || *n > hi) {
		return badRequest("ValidationException", "1 validation error detected: Value '%d' at '%s' failed to satisfy constraint: Member must have value between %d and %d", *n, name, lo, hi)
	}
	return nil
}

// jsonPage pages items by an opaque marker, answering a bad one with the
// service's code for it.
func jsonPage[T any](c *jsonCall, items []T, marker *string, limit *int, badMarker string) ([]T, string, *jsonError) {
	n := 0
	if limit != nil {
		n = *limit
	}
	token := ""
	if marker != nil {
		token = *marker
	}
	out, next, err := page(c.srv, items, token, n)
	if err != nil {
		return nil, "", badRequest(badMarker, "%v", err)
	}
	return out, next, nil
}

// optString is a member the JSON protocol leaves out when empty.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
