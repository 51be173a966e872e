package scanner

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// secrets keeps the credentials a scan sends out of the messages it keeps.
//
// Error messages come from the endpoint, and an endpoint (a proxy, an
// emulator, a misconfigured gateway) may echo the request back: its
// Authorization header names the access key and carries a signature, and
// X-Amz-Security-Token is the session token itself. Every message that
// reaches the inventory, and so the reports and the terminal, is scrubbed
// of the exact values signed into this scan's requests, and of anything
// shaped like them.
type secrets struct {
	mu     sync.Mutex
	values []string
}

// credentialRE matches what a SigV4 request carries whatever the values:
// the Authorization header's parts, the presigned-URL query parameters and
// the token header, and access key IDs (AKIA long-term, ASIA temporary)
// anywhere. User and role IDs (AIDA, AROA) are not secrets and are kept:
// error messages name them to say who was denied.
var credentialRE = regexp.MustCompile(`((?i:Credential|Signature|X-Amz-Credential|X-Amz-Signature|X-Amz-Security-Token)\s*[=:]\s*)[^\s,;&"'<>]+` +
	`|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)

const redacted = "[redacted]"

// middleware records the key ID and session token of every signed request.
// It runs after signing, so it sees exactly what went on the wire, including
// credentials refreshed in the middle of a long scan.
func (s *secrets) middleware(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("srmscanRecordSecrets",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				s.remember(req.Header.Get("X-Amz-Security-Token"))
				if m := credentialScopeRE.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
					s.remember(m[1])
				}
			}
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

var credentialScopeRE = regexp.MustCompile(`Credential=([^/,\s]+)/`)

func (s *secrets) remember(v string) {
	// Short values could be common words; a key ID is 16+ characters and a
	// session token hundreds.
	if len(v) < 16 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, have := range s.values {
		if have == v {
			return
		}
	}
	s.values = append(s.values, v)
}

// redact removes credentials from a message.
func (s *secrets) redact(msg string) string {
	s.mu.Lock()
	for _, v := range s.values {
		msg = strings.ReplaceAll(msg, v, redacted)
	}
	s.mu.Unlock()
	return credentialRE.ReplaceAllStringFunc(msg, func(m string) string {
		if sub := credentialRE.FindStringSubmatch(m); sub[1] != "" {
			return sub[1] + redacted
		}
		return redacted
	})
}
