package scanner

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// stall serves the emulator, holding requests for one operation until the
// client gives up, as an endpoint that accepted a connection and went
// quiet would.
func stall(t *testing.T, srv *emulator.Server, action string) string {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "Action="+action+"&") {
			<-r.Context().Done()
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs.URL
}

// An attempt that gets no answer is cut off at the operation timeout and
// retried; once the attempts run out the call is a timeout error, and
// nothing else is held up.
func TestOperationTimeout(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	srv := emulator.New(acct, emulator.Options{})
	cfg := testConfig(stall(t, srv, "DescribeVpcs"))
	ConfigureRetries(&cfg, RetryOptions{MaxAttempts: 3, MaxBackoff: time.Millisecond})
	inv := Scan(context.Background(), cfg, Options{Regions: []string{"us-east-1"}, OperationTimeout: 100 * time.Millisecond})
	if inv.Interrupted {
		t.Error("an operation timeout marked the whole scan interrupted")
	}
	if len(inv.Errors) != 1 {
		t.Fatalf("errors = %v, want DescribeVpcs only", inv.Errors)
	}
	e := inv.Errors[0]
	if e.Operation != "DescribeVpcs" || e.Kind != inventory.ErrTimeout || !strings.Contains(e.Message, "operation timeout (100ms)") || !strings.Contains(e.Message, "retries exhausted") {
		t.Errorf("error = %+v, want a DescribeVpcs timeout after retries", e)
	}
	if n := inv.APICalls["EC2:DescribeVpcs"]; n != 3 {
		t.Errorf("DescribeVpcs attempted %d times, want 3 (timed-out attempts are retried)", n)
	}
	if len(inv.EC2.SecurityGroups) == 0 || len(inv.EC2.Instances) == 0 {
		t.Error("the other listings were not collected")
	}
}

// A scan whose context ends stops, and says why for each call it could
// not make.
func TestScanDeadline(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	_, url := endpoint(t, acct, emulator.Options{Latency: 50 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	inv := Scan(ctx, testConfig(url), Options{Regions: acct.Regions, Concurrency: 2})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("scan took %s past a 300ms deadline", d)
	}
	if !inv.Interrupted || inv.Complete() {
		t.Fatalf("interrupted=%v complete=%v, want a partial scan", inv.Interrupted, inv.Complete())
	}
	for _, e := range inv.Errors {
		if e.Kind != inventory.ErrTimeout || !strings.Contains(e.Message, "deadline") {
			t.Errorf("error = %+v, want a deadline timeout", e)
		}
	}
}

// A denying endpoint that echoes the request's signed headers back in its
// error message must not get them into the inventory.
func TestErrorMessagesCarryNoCredentials(t *testing.T) {
	const token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN/srmscan+test/token=="
	var (
		mu   sync.Mutex // the handler runs on the server's goroutines
		sigs []string
	)
	sigRE := regexp.MustCompile(`Signature=([0-9a-f]+)`)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if m := sigRE.FindStringSubmatch(auth); m != nil {
			mu.Lock()
			sigs = append(sigs, m[1])
			mu.Unlock()
		}
		echo := fmt.Sprintf("denied: Authorization: %s; X-Amz-Security-Token: %s; token again %s; key again %s",
			auth, r.Header.Get("X-Amz-Security-Token"), r.Header.Get("X-Amz-Security-Token"), testKeyID)
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		doc := `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>%s</Message></Error><RequestId>1</RequestId></ErrorResponse>`
		switch {
		case strings.Contains(auth, "/s3/aws4_request"):
			doc = `<Error><Code>AccessDenied</Code><Message>%s</Message><RequestId>1</RequestId></Error>`
		case strings.Contains(auth, "/ec2/aws4_request"):
			doc = `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>%s</Message></Error></Errors><RequestID>1</RequestID></Response>`
		}
		fmt.Fprintf(w, `<?xml version="1.0"?>`+doc, html.EscapeString(echo))
	}))
	defer hs.Close()
	cfg := testConfig(hs.URL)
	cfg.Credentials = credentials.NewStaticCredentialsProvider(testKeyID, testSecret, token)
	inv := Scan(context.Background(), cfg, Options{Regions: []string{"us-east-1"}})
	if len(inv.Errors) == 0 || len(sigs) == 0 {
		t.Fatalf("%d errors, %d signed requests: the endpoint was not reached", len(inv.Errors), len(sigs))
	}
	for _, e := range inv.Errors {
		for _, secret := range append([]string{testKeyID, testSecret, token, "Credential=" + testKeyID}, sigs...) {
			if strings.Contains(e.Message, secret) {
				t.Errorf("%s:%s message holds %.12q...: %s", e.Service, e.Operation, secret, e.Message)
			}
		}
	}
	for _, e := range inv.Errors {
		// The JSON services cannot read an XML error document: they
		// report the refusal without its text.
		unread := strings.HasPrefix(e.Message, "access denied; the response could not be parsed")
		if e.Kind == inventory.ErrAccessDenied && !unread && !strings.Contains(e.Message, "denied: Authorization: AWS4-HMAC-SHA256 Credential=[redacted]") {
			t.Errorf("%s:%s message %q: the echo should be kept, minus the secrets", e.Service, e.Operation, e.Message)
		}
	}
}

func TestRedact(t *testing.T) {
	s := &secrets{}
	s.remember("opaque-session-token-value-0123456789")
	s.remember("short") // too short to be a credential; left alone
	for in, want := range map[string]string{
		"AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEY012345/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0123abcdef": "AWS4-HMAC-SHA256 Credential=[redacted], SignedHeaders=host, Signature=[redacted]",
		"X-Amz-Security-Token: opaque-session-token-value-0123456789":                                                                    "X-Amz-Security-Token: [redacted]",
		"the token was opaque-session-token-value-0123456789, short":                                                                     "the token was [redacted], short",
		"?X-Amz-Credential=ASIAEXAMPLE0123456789%2F&X-Amz-Signature=ff00":                                                                "?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]",
		"user AKIAIOSFODNN7EXAMPLE is not authorized":                                                                                    "user [redacted] is not authorized",
		"User: arn:aws:iam::123456789012:user/x is not authorized to perform: ec2:DescribeVpcs":                                          "User: arn:aws:iam::123456789012:user/x is not authorized to perform: ec2:DescribeVpcs",
	} {
		if got := s.redact(in); got != want {
			t.Errorf("redact(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	// Words that merely start like a key ID, and user IDs, are no secret.
	if in := "bucket asiaakiasalesreports2024 and user AIDAJQABLZS4A3QDU576Q"; s.redact(in) != in {
		t.Errorf("redact(%q) = %q", in, s.redact(in))
	}
}

// Collection error messages are the endpoint's words; a megabyte of them,
// or bytes that are not UTF-8, stay out of the report.
func TestClassifyClipsMessages(t *testing.T) {
	long := strings.Repeat("é", 2000)
	e := classify(fmt.Errorf("%s\xff", long))
	if len(e.Message) > maxMessage+20 || !strings.HasSuffix(e.Message, "(truncated)") || !strings.HasPrefix(e.Message, "éé") {
		t.Errorf("message of %d bytes: %.40q...", len(e.Message), e.Message)
	}
	if e := classify(fmt.Errorf("bad \xff byte")); e.Message != "bad \uFFFD byte" {
		t.Errorf("message = %q", e.Message)
	}
}
