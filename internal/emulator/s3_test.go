package emulator

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// These tests hold the S3 and S3 Control wire formats to what AWS sends,
// byte by byte where a lenient SDK would not notice a difference.

func s3Server(t *testing.T, opts Options) *Server {
	t.Helper()
	acct, err := LoadAccount("../../testdata/accounts/s3.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(acct, opts)
}

// s3Get sends a GET signed (in scope only: the emulator checks no
// signatures) for region.
func s3Get(srv *Server, region, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/"+region+
		"/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

func errorCode(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		XMLName   xml.Name
		Code      string `xml:"Code"`
		Wrapped   string `xml:"Error>Code"`
		RequestID string `xml:"RequestId"`
	}
	if err := xml.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body is not XML: %v\n%s", err, body)
	}
	if e.RequestID == "" {
		t.Errorf("error without RequestId: %s", body)
	}
	if e.XMLName.Local == "ErrorResponse" {
		return e.Wrapped
	}
	if e.XMLName.Local != "Error" {
		t.Errorf("error document root = %s, want Error", e.XMLName.Local)
	}
	return e.Code
}

type listed struct {
	Buckets []struct {
		Name         string `xml:"Name"`
		BucketRegion string `xml:"BucketRegion"`
	} `xml:"Buckets>Bucket"`
	ContinuationToken string `xml:"ContinuationToken"`
}

func listBuckets(t *testing.T, srv *Server, target string) listed {
	t.Helper()
	w := s3Get(srv, "us-east-1", target)
	if w.Code != http.StatusOK {
		t.Fatalf("%s: status %d: %s", target, w.Code, w.Body)
	}
	var l listed
	if err := xml.Unmarshal(w.Body.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestS3ListBuckets(t *testing.T) {
	srv := s3Server(t, Options{})
	bare := listBuckets(t, srv, "/?x-id=ListBuckets")
	if len(bare.Buckets) != 8 || bare.ContinuationToken != "" {
		t.Fatalf("bare listing = %+v, want all 8 buckets on one page", bare)
	}
	for i, b := range bare.Buckets {
		if b.BucketRegion != "" {
			t.Errorf("bare ListBuckets gave %s's region; S3 gives it only to requests with parameters", b.Name)
		}
		if i > 0 && b.Name < bare.Buckets[i-1].Name {
			t.Errorf("buckets not in name order: %s after %s", b.Name, bare.Buckets[i-1].Name)
		}
	}

	var names []string
	target := "/?x-id=ListBuckets&max-buckets=3"
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("pagination does not end")
		}
		l := listBuckets(t, srv, target)
		if len(l.Buckets) > 3 {
			t.Errorf("page of %d buckets, asked for 3", len(l.Buckets))
		}
		for _, b := range l.Buckets {
			if b.BucketRegion == "" {
				t.Errorf("%s listed without its region", b.Name)
			}
			names = append(names, b.Name)
		}
		if l.ContinuationToken == "" {
			break
		}
		target = "/?x-id=ListBuckets&max-buckets=3&continuation-token=" + l.ContinuationToken
	}
	if len(names) != 8 {
		t.Errorf("pages gave %d buckets, want 8", len(names))
	}

	legacy := listBuckets(t, s3Server(t, Options{LegacyListBuckets: true}), "/?x-id=ListBuckets&max-buckets=100")
	for _, b := range legacy.Buckets {
		if b.BucketRegion != "" {
			t.Errorf("legacy listing gave %s's region", b.Name)
		}
	}

	if w := s3Get(srv, "us-east-1", "/?max-buckets=0"); w.Code != http.StatusBadRequest || errorCode(t, w.Body.String()) != "InvalidArgument" {
		t.Errorf("max-buckets=0: %d %s", w.Code, w.Body)
	}
}

func TestS3BucketLocation(t *testing.T) {
	srv := s3Server(t, Options{})
	for _, tc := range []struct{ bucket, signed, want string }{
		// us-east-1 is reported as no constraint at all.
		{"acme-website", "us-east-1", `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>`},
		// Any region answers GetBucketLocation.
		{"acme-data-eu", "us-east-1", `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>`},
		{"acme-tmp-fra", "eu-west-1", `>eu-central-1</LocationConstraint>`},
	} {
		w := s3Get(srv, tc.signed, "/"+tc.bucket+"?location")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: %d %s, want %s", tc.bucket, w.Code, w.Body, tc.want)
		}
	}
}

func TestS3WrongRegionIsRedirected(t *testing.T) {
	srv := s3Server(t, Options{})
	w := s3Get(srv, "us-east-1", "/acme-data-eu?policy")
	if w.Code != http.StatusMovedPermanently || errorCode(t, w.Body.String()) != "PermanentRedirect" {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	if got := w.Header().Get("x-amz-bucket-region"); got != "eu-west-1" {
		t.Errorf("x-amz-bucket-region = %q, want eu-west-1", got)
	}
	if w := s3Get(srv, "eu-west-1", "/acme-data-eu?policy"); w.Code != http.StatusOK {
		t.Errorf("in its own region: %d %s", w.Code, w.Body)
	}
}

func TestS3NotConfiguredCodes(t *testing.T) {
	srv := s3Server(t, Options{})
	for query, code := range map[string]string{
		"tagging":           "NoSuchTagSet",
		"encryption":        "ServerSideEncryptionConfigurationNotFoundError",
		"publicAccessBlock": "NoSuchPublicAccessBlockConfiguration",
		"policy":            "NoSuchBucketPolicy",
		"policyStatus":      "NoSuchBucketPolicy",
		"ownershipControls": "OwnershipControlsNotFoundError",
	} {
		w := s3Get(srv, "eu-central-1", "/acme-tmp-fra?"+query)
		if w.Code != http.StatusNotFound || errorCode(t, w.Body.String()) != code {
			t.Errorf("?%s on an unconfigured bucket: %d %s, want 404 %s", query, w.Code, w.Body, code)
		}
	}
	if w := s3Get(srv, "us-east-1", "/no-such-bucket?acl"); w.Code != http.StatusNotFound || errorCode(t, w.Body.String()) != "NoSuchBucket" {
		t.Errorf("unknown bucket: %d %s", w.Code, w.Body)
	}
	// Never-configured versioning and logging are empty documents, not
	// errors.
	for query, want := range map[string]string{
		"versioning": `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></VersioningConfiguration>`,
		"logging":    `<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></BucketLoggingStatus>`,
	} {
		if w := s3Get(srv, "eu-central-1", "/acme-tmp-fra?"+query); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) {
			t.Errorf("?%s: %d %s", query, w.Code, w.Body)
		}
	}
}

func TestS3Documents(t *testing.T) {
	srv := s3Server(t, Options{})
	policy := srv.Account().S3.Buckets[0].Policy
	if w := s3Get(srv, "us-east-1", "/acme-website?policy"); w.Body.String() != policy {
		t.Errorf("policy body = %q, want the policy itself %q", w.Body, policy)
	}
	acl := s3Get(srv, "us-east-1", "/acme-website?acl").Body.String()
	for _, want := range []string{
		`<Owner><ID>3f9c2d1e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10</ID></Owner>`,
		`<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission>`,
		`xsi:type="CanonicalUser"><ID>`,
	} {
		if !strings.Contains(acl, want) {
			t.Errorf("ACL lacks %s:\n%s", want, acl)
		}
	}
	enc := s3Get(srv, "eu-west-1", "/acme-data-eu?encryption").Body.String()
	if !strings.Contains(enc, "<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:eu-west-1:") ||
		!strings.Contains(enc, "<BucketKeyEnabled>true</BucketKeyEnabled>") {
		t.Errorf("encryption: %s", enc)
	}
	ver := s3Get(srv, "eu-west-1", "/acme-data-eu?versioning").Body.String()
	if !strings.Contains(ver, "<Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>") {
		t.Errorf("versioning: %s", ver)
	}
	// An empty prefix is still sent.
	logging := s3Get(srv, "eu-west-1", "/acme-data-eu?logging").Body.String()
	if !strings.Contains(logging, "<LoggingEnabled><TargetBucket>acme-logs-euw1</TargetBucket><TargetPrefix></TargetPrefix></LoggingEnabled>") {
		t.Errorf("logging: %s", logging)
	}
}

func TestS3ControlPublicAccessBlock(t *testing.T) {
	srv := s3Server(t, Options{})
	const path = "/v20180820/configuration/publicAccessBlock"
	w := s3Get(srv, "us-east-1", path, "x-amz-account-id", "111122223333")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(),
		`<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>`) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if c := srv.Calls(); c[len(c)-1].Service != "s3control" || c[len(c)-1].Operation != "GetPublicAccessBlock" {
		t.Errorf("call recorded as %+v", c[len(c)-1])
	}
	if w := s3Get(srv, "us-east-1", path, "x-amz-account-id", "999999999999"); w.Code != http.StatusForbidden || errorCode(t, w.Body.String()) != "AccessDenied" {
		t.Errorf("other account: %d %s", w.Code, w.Body)
	}
	srv.Account().S3.AccountPublicAccessBlock = nil
	if w := s3Get(srv, "us-east-1", path, "x-amz-account-id", "111122223333"); w.Code != http.StatusNotFound ||
		errorCode(t, w.Body.String()) != "NoSuchPublicAccessBlockConfiguration" {
		t.Errorf("none configured: %d %s", w.Code, w.Body)
	}
}
