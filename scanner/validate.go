package scanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// documentServices are the services every operation of which srmscan calls
// answers a success with a document: the Query protocols (EC2, IAM, STS)
// always send a root element with a request ID, and each S3 and S3 Control
// read srmscan makes returns XML or, for GetBucketPolicy, the policy. Add a
// service once that holds for each of its operations srmscan calls.
var documentServices = map[string]bool{"EC2": true, "IAM": true, "STS": true, "S3": true, "S3 Control": true}

// rejectEmptyBodies refuses a successful response with no body at all.
// The SDK's deserialisers read an empty body as an empty answer, so a
// proxy or endpoint that cuts the body off entirely would turn a region's
// security groups, a bucket's ACL or the account's users into "none",
// and none means nothing to fail: every check would pass what it never
// saw. As a malformed response it is a collection error instead, and the
// checks that needed it report unknown.
func rejectEmptyBodies(stack *middleware.Stack) error {
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("srmscanRejectEmptyBodies",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			if err != nil || !documentServices[awsmiddleware.GetServiceID(ctx)] {
				return out, md, err
			}
			resp, ok := out.RawResponse.(*smithyhttp.Response)
			if !ok || resp.StatusCode < 200 || resp.StatusCode > 299 || resp.Body == nil {
				return out, md, err
			}
			br := bufio.NewReader(resp.Body)
			if _, perr := br.Peek(1); perr == io.EOF {
				resp.Body.Close()
				return out, md, &smithy.DeserializationError{Err: errors.New("the service answered with an empty body")}
			}
			resp.Body = readCloser{br, resp.Body}
			return out, md, err
		}), middleware.After)
}

type readCloser struct {
	io.Reader
	io.Closer
}

// pageTokens are the tokens a listing has handed out so far. A listing
// that hands back one it already gave would be followed for ever; the
// SDK's own guard (StopOnDuplicateToken) would end it silently, as if
// complete, and only for a token repeated at once.
type pageTokens map[string]bool

// check records the token of a page just read, and fails on a repeat.
func (seen pageTokens) check(out any) error {
	tok := nextToken(out)
	if tok == "" {
		return nil
	}
	if seen[tok] {
		return &smithy.DeserializationError{Err: fmt.Errorf("page token %q was already followed", tok)}
	}
	seen[tok] = true
	return nil
}

// nextToken reads the token for the next page from a listing's output. The
// SDK's output types share the field names (NextToken for most services,
// Marker for RDS) but no method for them.
func nextToken(out any) string {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	for _, name := range []string{"NextToken", "Marker", "NextMarker"} {
		f := v.Elem().FieldByName(name)
		if f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.String {
			return f.Elem().String()
		}
	}
	return ""
}
