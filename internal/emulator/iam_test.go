package emulator

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// These tests hold the IAM Query wire format to what AWS sends where the
// SDK would not notice a difference: encodings, error codes and statuses.

func iamServer(t *testing.T, opts Options) *Server {
	t.Helper()
	acct, err := LoadAccount("../../testdata/accounts/iam.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(acct, opts)
}

// iamPost sends an IAM Query request, signed in scope only.
func iamPost(srv *Server, action string, params ...string) *httptest.ResponseRecorder {
	form := url.Values{"Action": {action}, "Version": {iamVersion}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Set(params[i], params[i+1])
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

func wantIAMError(t *testing.T, w *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status = %d, want %d: %s", w.Code, status, w.Body)
	}
	if !strings.Contains(w.Body.String(), `<ErrorResponse xmlns="`+iamXMLNS+`">`) {
		t.Errorf("error is not an IAM ErrorResponse: %s", w.Body)
	}
	if got := errorCode(t, w.Body.String()); got != code {
		t.Errorf("code = %q, want %q", got, code)
	}
}

func TestIAMEnvelope(t *testing.T) {
	srv := iamServer(t, Options{})
	w := iamPost(srv, "GetAccountSummary")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var resp struct {
		XMLName xml.Name
		Entries []struct {
			Key   string `xml:"key"`
			Value int32  `xml:"value"`
		} `xml:"GetAccountSummaryResult>SummaryMap>entry"`
		RequestID string `xml:"ResponseMetadata>RequestId"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.XMLName.Local != "GetAccountSummaryResponse" || resp.XMLName.Space != iamXMLNS || resp.RequestID == "" {
		t.Errorf("envelope = %v, request ID %q", resp.XMLName, resp.RequestID)
	}
	if len(resp.Entries) != len(srv.acct.IAM.Summary) {
		t.Errorf("summary has %d entries, want %d", len(resp.Entries), len(srv.acct.IAM.Summary))
	}
}

func TestIAMRejectsUnknownActionAndVersion(t *testing.T) {
	srv := iamServer(t, Options{})
	wantIAMError(t, iamPost(srv, "CreateUser", "UserName", "mallory"), http.StatusBadRequest, "InvalidAction")
	wantIAMError(t, iamPost(srv, "GetAccountSummary", "Version", "2006-01-01"), http.StatusBadRequest, "InvalidAction")
}

func TestIAMFaultCodes(t *testing.T) {
	srv := iamServer(t, Options{Deny: []Rule{{Service: "iam", Operation: "GetAccountSummary"}}})
	wantIAMError(t, iamPost(srv, "GetAccountSummary"), http.StatusForbidden, "AccessDenied")
	srv = iamServer(t, Options{ThrottleRate: 1})
	wantIAMError(t, iamPost(srv, "GetAccountSummary"), http.StatusBadRequest, "Throttling")
	srv = iamServer(t, Options{Fail: []Rule{{Service: "iam"}}})
	wantIAMError(t, iamPost(srv, "GetAccountSummary"), http.StatusInternalServerError, "ServiceFailure")
}

type gaadPage struct {
	Users []struct {
		UserName string `xml:"UserName"`
		Inline   []struct {
			PolicyName     string `xml:"PolicyName"`
			PolicyDocument string `xml:"PolicyDocument"`
		} `xml:"UserPolicyList>member"`
	} `xml:"GetAccountAuthorizationDetailsResult>UserDetailList>member"`
	Roles []struct {
		RoleName string `xml:"RoleName"`
	} `xml:"GetAccountAuthorizationDetailsResult>RoleDetailList>member"`
	Policies []struct {
		Arn      string `xml:"Arn"`
		Versions []struct {
			VersionID string `xml:"VersionId"`
			Default   bool   `xml:"IsDefaultVersion"`
		} `xml:"PolicyVersionList>member"`
	} `xml:"GetAccountAuthorizationDetailsResult>Policies>member"`
	IsTruncated bool   `xml:"GetAccountAuthorizationDetailsResult>IsTruncated"`
	Marker      string `xml:"GetAccountAuthorizationDetailsResult>Marker"`
}

func gaad(t *testing.T, srv *Server, params ...string) gaadPage {
	t.Helper()
	w := iamPost(srv, "GetAccountAuthorizationDetails", params...)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var p gaadPage
	if err := xml.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// IAM sends policy documents percent-encoded per RFC 3986: everything but
// unreserved characters, so "+" is %2B and a space %20.
func TestIAMPolicyDocumentsAreURLEncoded(t *testing.T) {
	srv := iamServer(t, Options{})
	p := gaad(t, srv, "Filter.member.1", "User")
	var doc string
	for _, u := range p.Users {
		if u.UserName == "bob" {
			doc = u.Inline[0].PolicyDocument
		}
	}
	if doc == "" {
		t.Fatal("bob's inline policy not listed")
	}
	for _, c := range []string{"{", "\"", " ", "+", "é", "%2b"} {
		if strings.Contains(doc, c) {
			t.Errorf("encoded document contains %q: %s", c, doc)
		}
	}
	if !strings.Contains(doc, "%2B") || !strings.Contains(doc, "%20") {
		t.Errorf("document does not escape + and space as RFC 3986 does: %s", doc)
	}
	decoded, err := url.PathUnescape(doc)
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for _, u := range srv.acct.IAM.Users {
		if u.Name == "bob" {
			want = u.InlinePolicies[0].Document
		}
	}
	if decoded != want {
		t.Errorf("decoded = %q, want %q", decoded, want)
	}
}

func TestIAMAuthorizationDetailsFilterAndVersions(t *testing.T) {
	srv := iamServer(t, Options{})
	// An AWS-managed policy attached to nothing: IAM does not list it.
	srv.acct.IAM.Policies = append(srv.acct.IAM.Policies, inventory.ManagedPolicy{
		Resource: inventory.Resource{ARN: "arn:aws:iam::aws:policy/AmazonS3FullAccess"},
		Name:     "AmazonS3FullAccess", DefaultVersionID: "v2", Document: "{}",
	})
	listed := func(params ...string) map[string]bool {
		out := map[string]bool{}
		for _, p := range gaad(t, srv, params...).Policies {
			out[p.Arn] = true
		}
		return out
	}
	aws := listed("Filter.member.1", "AWSManagedPolicy")
	if aws["arn:aws:iam::aws:policy/AmazonS3FullAccess"] || !aws["arn:aws:iam::aws:policy/AdministratorAccess"] {
		t.Errorf("AWS-managed policies listed = %v, want the attached ones only", aws)
	}
	for arn := range aws {
		if !strings.Contains(arn, ":iam::aws:") {
			t.Errorf("AWSManagedPolicy filter listed %s", arn)
		}
	}
	local := listed("Filter.member.1", "LocalManagedPolicy")
	if !local["arn:aws:iam::111122223333:policy/sandbox/unused-experiment"] || len(local) != 3 {
		t.Errorf("customer-managed policies listed = %v, want all three, attached or not", local)
	}
	if p := gaad(t, srv, "Filter.member.1", "Role"); len(p.Users) != 0 || len(p.Policies) != 0 || len(p.Roles) != 3 {
		t.Errorf("Role filter gave %d users, %d policies, %d roles", len(p.Users), len(p.Policies), len(p.Roles))
	}

	// A policy past v1 lists an older version before its default.
	for _, p := range gaad(t, srv, "Filter.member.1", "LocalManagedPolicy").Policies {
		if !strings.HasSuffix(p.Arn, "/deploy-artifacts") {
			continue
		}
		if len(p.Versions) != 2 || p.Versions[0].Default || !p.Versions[1].Default || p.Versions[1].VersionID != "v3" {
			t.Errorf("versions = %+v, want v1 then the default v3", p.Versions)
		}
	}
	wantIAMError(t, iamPost(srv, "GetAccountAuthorizationDetails", "Filter.member.1", "Users"), http.StatusBadRequest, "ValidationError")
}

func TestIAMMarkerPaging(t *testing.T) {
	srv := iamServer(t, Options{})
	acct := srv.acct
	total := len(acct.IAM.Users) + len(acct.IAM.Groups) + len(acct.IAM.Roles) + len(acct.IAM.Policies)
	seen, marker, calls := 0, "", 0
	for {
		params := []string{"MaxItems", "4"}
		if marker != "" {
			params = append(params, "Marker", marker)
		}
		w := iamPost(srv, "GetAccountAuthorizationDetails", params...)
		var p struct {
			IsTruncated bool   `xml:"GetAccountAuthorizationDetailsResult>IsTruncated"`
			Marker      string `xml:"GetAccountAuthorizationDetailsResult>Marker"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		calls++
		seen += strings.Count(w.Body.String(), "<Arn>")
		if p.IsTruncated != (p.Marker != "") {
			t.Fatalf("IsTruncated %v with Marker %q", p.IsTruncated, p.Marker)
		}
		if !p.IsTruncated {
			break
		}
		marker = p.Marker
	}
	if seen != total || calls != (total+3)/4 {
		t.Errorf("paged %d entities in %d calls, want %d in %d", seen, calls, total, (total+3)/4)
	}
	for _, bad := range []string{"0", "1001", "x"} {
		wantIAMError(t, iamPost(srv, "ListServerCertificates", "MaxItems", bad), http.StatusBadRequest, "ValidationError")
	}
	wantIAMError(t, iamPost(srv, "ListVirtualMFADevices", "Marker", "not-ours"), http.StatusBadRequest, "ValidationError")
}

func TestIAMCredentialReportStates(t *testing.T) {
	srv := iamServer(t, Options{})
	wantIAMError(t, iamPost(srv, "GetCredentialReport"), http.StatusGone, "ReportNotPresent")

	state := func() string {
		w := iamPost(srv, "GenerateCredentialReport")
		var r struct {
			State string `xml:"GenerateCredentialReportResult>State"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		return r.State
	}
	if s := state(); s != "STARTED" {
		t.Errorf("first GenerateCredentialReport = %s, want STARTED", s)
	}
	wantIAMError(t, iamPost(srv, "GetCredentialReport"), http.StatusNotFound, "ReportInProgress")
	if s := state(); s != "COMPLETE" {
		t.Errorf("second GenerateCredentialReport = %s, want COMPLETE", s)
	}

	w := iamPost(srv, "GetCredentialReport")
	var r struct {
		Content string `xml:"GetCredentialReportResult>Content"`
		Format  string `xml:"GetCredentialReportResult>ReportFormat"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Format != "text/csv" {
		t.Errorf("format = %q", r.Format)
	}
	csv, err := base64.StdEncoding.DecodeString(r.Content)
	if err != nil {
		t.Fatalf("content is not base64: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(csv), "\n"), "\n")
	const header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation," +
		"mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region," +
		"access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
		"access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
	if lines[0] != header {
		t.Errorf("header =\n%s\nwant\n%s", lines[0], header)
	}
	if len(lines) != 1+len(srv.acct.IAM.CredentialReport) {
		t.Errorf("%d rows, want %d", len(lines)-1, len(srv.acct.IAM.CredentialReport))
	}
	const root = "<root_account>,arn:aws:iam::111122223333:root,2017-01-01T00:00:00+00:00,not_supported,2026-10-01T08:15:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
	if lines[1] != root {
		t.Errorf("root row =\n%s\nwant\n%s", lines[1], root)
	}
	// alice changed her password under a 90-day policy.
	if !strings.Contains(lines[2], ",2026-09-01T09:00:00+00:00,2026-11-30T09:00:00+00:00,true,") {
		t.Errorf("alice's row has no next rotation: %s", lines[2])
	}
}

func TestIAMPasswordPolicy(t *testing.T) {
	srv := iamServer(t, Options{})
	w := iamPost(srv, "GetAccountPasswordPolicy")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<ExpirePasswords>true</ExpirePasswords>") ||
		!strings.Contains(w.Body.String(), "<MaxPasswordAge>90</MaxPasswordAge>") {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	srv.acct.IAM.PasswordPolicy = nil
	wantIAMError(t, iamPost(srv, "GetAccountPasswordPolicy"), http.StatusNotFound, "NoSuchEntity")
}

func TestIAMVirtualMFADevices(t *testing.T) {
	srv := iamServer(t, Options{})
	list := func(status string) []string {
		w := iamPost(srv, "ListVirtualMFADevices", "AssignmentStatus", status)
		var r struct {
			Devices []struct {
				Serial string `xml:"SerialNumber"`
				User   struct {
					Arn    string `xml:"Arn"`
					UserID string `xml:"UserId"`
				} `xml:"User"`
			} `xml:"ListVirtualMFADevicesResult>VirtualMFADevices>member"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range r.Devices {
			out = append(out, d.Serial)
			if strings.HasSuffix(d.User.Arn, ":root") && d.User.UserID != "111122223333" {
				t.Errorf("root's device user ID = %q, want the account ID", d.User.UserID)
			}
		}
		return out
	}
	if got := list("Unassigned"); len(got) != 1 || !strings.HasSuffix(got[0], "/spare-token") {
		t.Errorf("unassigned = %v", got)
	}
	if got := list("Assigned"); len(got) != 3 {
		t.Errorf("assigned = %v", got)
	}
	if got := list("Any"); len(got) != 4 {
		t.Errorf("any = %v", got)
	}
}

func TestIAMServerCertificatePaths(t *testing.T) {
	srv := iamServer(t, Options{})
	w := iamPost(srv, "ListServerCertificates", "PathPrefix", "/cloudfront/")
	body := w.Body.String()
	if !strings.Contains(body, "<Path>/cloudfront/</Path>") || strings.Contains(body, "www-acme-example") {
		t.Errorf("PathPrefix /cloudfront/ gave: %s", body)
	}
}
