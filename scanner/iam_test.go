package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const iamAccount = "../testdata/accounts/iam.yaml"

// fastCredentialReportPoll shortens the wait for the credential report so
// the tests that exercise it take milliseconds.
func fastCredentialReportPoll(t *testing.T, limit time.Duration) {
	t.Helper()
	old := credentialReportPoll
	credentialReportPoll.first, credentialReportPoll.max, credentialReportPoll.limit = time.Millisecond, 5*time.Millisecond, limit
	t.Cleanup(func() { credentialReportPoll = old })
}

// wantIAM is what a scan should collect from acct: its IAM, in the scan's
// order.
func wantIAM(acct *inventory.Inventory) inventory.IAM {
	m := acct.IAM
	m.Users = slices.Clone(m.Users)
	m.Groups = slices.Clone(m.Groups)
	m.Roles = slices.Clone(m.Roles)
	m.Policies = slices.Clone(m.Policies)
	m.CredentialReport = slices.Clone(m.CredentialReport)
	m.VirtualMFADevices = slices.Clone(m.VirtualMFADevices)
	m.ServerCertificates = slices.Clone(m.ServerCertificates)
	inv := &inventory.Inventory{IAM: m}
	sortInventory(inv)
	return inv.IAM
}

func iamErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "iam" {
			out = append(out, e)
		}
	}
	return out
}

func assertIAMEqual(t *testing.T, got, want inventory.IAM) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("collected IAM differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func scanIAM(t *testing.T, acct *inventory.Inventory, opts emulator.Options) (*inventory.Inventory, *emulator.Server) {
	t.Helper()
	fastCredentialReportPoll(t, 5*time.Second)
	return scanAccount(t, acct, opts, Options{Regions: acct.Regions})
}

func TestIAMRoundTrip(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	inv, _ := scanIAM(t, acct, emulator.Options{PageSize: 1})
	if errs := iamErrors(inv); len(errs) > 0 {
		t.Fatalf("IAM errors: %v", errs)
	}
	want := wantIAM(acct)
	assertIAMEqual(t, inv.IAM, want)

	// The account must exercise what the collector tells apart, or the
	// equality above proves less than it seems.
	m := acct.IAM
	var twoKeys, noKeys, consoleNoMFA, rootMFA bool
	for _, c := range m.CredentialReport {
		twoKeys = twoKeys || c.AccessKey1Active && c.AccessKey2Active
		noKeys = noKeys || c.User != inventory.RootUser && c.AccessKey1LastRotated == nil && c.AccessKey2LastRotated == nil
		consoleNoMFA = consoleNoMFA || c.PasswordEnabled && !c.MFAActive
		rootMFA = rootMFA || c.User == inventory.RootUser && c.MFAActive
	}
	var neverUsed, crossAccount, awsManaged, unassigned bool
	for _, r := range m.Roles {
		neverUsed = neverUsed || r.LastUsed.IsZero()
		crossAccount = crossAccount || strings.Contains(r.AssumeRolePolicy, `"AWS":"arn:aws:iam::444455556666:root"`)
	}
	for _, p := range m.Policies {
		awsManaged = awsManaged || p.AWSManaged()
	}
	for _, d := range m.VirtualMFADevices {
		unassigned = unassigned || d.UserARN == ""
	}
	for what, ok := range map[string]bool{
		"a user with two keys": twoKeys, "a user without keys": noKeys, "a console user without MFA": consoleNoMFA,
		"root with MFA": rootMFA, "a role never used": neverUsed, "a cross-account role": crossAccount,
		"an AWS-managed policy": awsManaged, "an unassigned MFA device": unassigned,
		"a password policy": m.PasswordPolicy != nil, "a summary": len(m.Summary) > 0,
		"server certificates": len(m.ServerCertificates) > 1,
	} {
		if !ok {
			t.Errorf("test account has no %s", what)
		}
	}
}

// With one item per page, a collector that stopped at the first page, or
// trusted a short page to be the last, would make one call and miss the
// rest.
func TestIAMPagination(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	inv, srv := scanIAM(t, acct, emulator.Options{PageSize: 1})
	if errs := iamErrors(inv); len(errs) > 0 {
		t.Fatalf("IAM errors: %v", errs)
	}
	m := acct.IAM
	for _, tc := range []struct {
		op   string
		want int
	}{
		{"GetAccountAuthorizationDetails", len(m.Users) + len(m.Groups) + len(m.Roles) + len(m.Policies)},
		{"ListVirtualMFADevices", len(m.VirtualMFADevices)},
		{"ListServerCertificates", len(m.ServerCertificates)},
	} {
		if n := countCalls(srv, "iam", tc.op); n != tc.want || n < 2 {
			t.Errorf("%s called %d times, want one per item: %d", tc.op, n, tc.want)
		}
	}
	if len(inv.IAM.Users) != len(m.Users) || len(inv.IAM.VirtualMFADevices) != len(m.VirtualMFADevices) ||
		len(inv.IAM.ServerCertificates) != len(m.ServerCertificates) {
		t.Error("not every page was collected")
	}
}

// Every IAM call is on the scan's allow-list, under the name the
// collector records its failures with.
func TestIAMCallsArePermitted(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	_, srv := scanIAM(t, acct, emulator.Options{})
	called := map[string]bool{}
	for _, c := range srv.Calls() {
		if c.Service == "iam" {
			called[c.Operation] = true
		}
	}
	for op := range called {
		if !slices.ContainsFunc(Permissions, func(p Permission) bool { return p.Service == "iam" && p.Operation == op }) {
			t.Errorf("iam:%s is called but not in Permissions", op)
		}
	}
	for _, p := range Permissions {
		if p.Service == "iam" && !called[p.Operation] {
			t.Errorf("iam:%s is in Permissions but never called", p.Operation)
		}
	}
}

// The emulator answers the first GenerateCredentialReport with STARTED and
// the next with COMPLETE, as IAM does for a report it has to build.
func TestIAMCredentialReportPolling(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	inv, srv := scanIAM(t, acct, emulator.Options{})
	if errs := iamErrors(inv); len(errs) > 0 {
		t.Fatalf("IAM errors: %v", errs)
	}
	var seq []string
	for _, c := range srv.Calls() {
		if c.Operation == "GenerateCredentialReport" || c.Operation == "GetCredentialReport" {
			seq = append(seq, c.Operation)
		}
	}
	want := []string{"GenerateCredentialReport", "GenerateCredentialReport", "GetCredentialReport"}
	if !slices.Equal(seq, want) {
		t.Errorf("credential report calls = %v, want %v", seq, want)
	}
	if len(inv.IAM.CredentialReport) != len(acct.IAM.CredentialReport) {
		t.Errorf("credential report has %d rows, want %d", len(inv.IAM.CredentialReport), len(acct.IAM.CredentialReport))
	}
}

// neverComplete serves srv but answers every GenerateCredentialReport with
// INPROGRESS, as IAM would for a report stuck in generation.
func neverComplete(t *testing.T, srv *emulator.Server) string {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if form, _ := url.ParseQuery(string(body)); form.Get("Action") == "GenerateCredentialReport" {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">`+
				`<GenerateCredentialReportResult><State>INPROGRESS</State></GenerateCredentialReportResult>`+
				`<ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata>`+
				`</GenerateCredentialReportResponse>`)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs.URL
}

func TestIAMCredentialReportPollIsBounded(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	fastCredentialReportPoll(t, 200*time.Millisecond)
	srv := emulator.New(acct, emulator.Options{})
	start := time.Now()
	inv := Scan(context.Background(), testConfig(neverComplete(t, srv)), Options{Regions: acct.Regions})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("scan took %s: the poll is not bounded", d)
	}
	errs := iamErrors(inv)
	if len(errs) != 1 {
		t.Fatalf("IAM errors = %v, want one", errs)
	}
	if e := errs[0]; e.Operation != "GenerateCredentialReport" || e.Kind != inventory.ErrTimeout || e.Region != "" || e.ResourceARN != "" {
		t.Errorf("error = %+v, want a global GenerateCredentialReport timeout", e)
	}
	// The poll backs off: 200ms at 1ms doubling to a 5ms cap is some
	// forty calls; without pacing it would be thousands.
	if n := inv.APICalls["IAM:GenerateCredentialReport"]; n < 2 || n > 100 {
		t.Errorf("GenerateCredentialReport sent %d times, want a paced handful", n)
	}
	if inv.APICalls["IAM:GetCredentialReport"] != 0 {
		t.Error("GetCredentialReport called for a report never complete")
	}
	if inv.IAM.CredentialReport != nil {
		t.Error("credential report set although it was never read")
	}
	// The rest of IAM is unaffected.
	if len(inv.IAM.Users) != len(acct.IAM.Users) {
		t.Errorf("users = %d, want %d", len(inv.IAM.Users), len(acct.IAM.Users))
	}
}

func TestIAMCredentialReportPollHonoursCancel(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	fastCredentialReportPoll(t, time.Hour)
	credentialReportPoll.max = time.Hour / 2
	srv := emulator.New(acct, emulator.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	inv := Scan(ctx, testConfig(neverComplete(t, srv)), Options{Regions: acct.Regions})
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("scan took %s after its context ended", d)
	}
	if !inv.Interrupted {
		t.Error("scan not marked interrupted")
	}
	found := false
	for _, e := range iamErrors(inv) {
		if e.Operation == "GenerateCredentialReport" {
			found = true
			if e.Kind != inventory.ErrTimeout && e.Kind != inventory.ErrCanceled {
				t.Errorf("error = %+v, want the wait cut short", e)
			}
		}
	}
	if !found {
		t.Errorf("no GenerateCredentialReport error among %v", iamErrors(inv))
	}
}

func TestIAMNoPasswordPolicy(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	acct.IAM.PasswordPolicy = nil
	inv, srv := scanIAM(t, acct, emulator.Options{})
	if errs := iamErrors(inv); len(errs) > 0 {
		t.Fatalf("IAM errors: %v", errs)
	}
	if inv.IAM.PasswordPolicy != nil {
		t.Errorf("password policy = %+v, want none", inv.IAM.PasswordPolicy)
	}
	if n := countCalls(srv, "iam", "GetAccountPasswordPolicy"); n != 1 {
		t.Errorf("GetAccountPasswordPolicy called %d times, want 1", n)
	}
	assertIAMEqual(t, inv.IAM, wantIAM(acct))
}

func TestIAMDeniedCredentialReport(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	const check = "iam-user-console-no-mfa"

	// Readable, the account has console users with MFA (pass) and one
	// without (fail).
	full, _ := scanIAM(t, acct, emulator.Options{})
	statuses := map[checks.Status]int{}
	for _, f := range checks.Run(full, checks.All(), checks.DefaultConfig()) {
		if f.CheckID == check {
			statuses[f.Status]++
		}
	}
	if statuses[checks.Pass] == 0 || statuses[checks.Fail] == 0 {
		t.Fatalf("%s on the readable account = %v, want passes and fails", check, statuses)
	}

	inv, _ := scanIAM(t, acct, emulator.Options{
		Deny: []emulator.Rule{{Service: "iam", Operation: "GetCredentialReport"}},
	})
	errs := iamErrors(inv)
	if len(errs) != 1 {
		t.Fatalf("IAM errors = %v, want one", errs)
	}
	want := inventory.CollectionError{
		Service: "iam", Operation: "GetCredentialReport", Kind: inventory.ErrAccessDenied, Code: "AccessDenied",
	}
	got := errs[0]
	want.Message = got.Message
	if got != want || got.Message == "" {
		t.Errorf("error = %+v, want %+v with a message", got, want)
	}
	if inv.IAM.CredentialReport != nil {
		t.Error("credential report set although it could not be read")
	}
	// Everything else is still collected.
	expected := wantIAM(acct)
	expected.CredentialReport = nil
	assertIAMEqual(t, inv.IAM, expected)

	var findings int
	for _, f := range checks.Run(inv, checks.All(), checks.DefaultConfig()) {
		if f.CheckID != check {
			continue
		}
		findings++
		if f.Status != checks.Unknown {
			t.Errorf("%s on %s = %s, want unknown: the report could not be read", check, f.ResourceARN, f.Status)
		}
	}
	if findings == 0 {
		t.Errorf("%s gave no finding: the gap is not reported", check)
	}
}

// Each IAM read fails on its own: its failure names its operation, as the
// checks' Needs do, and the other reads are unaffected.
func TestIAMDeniedOperations(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	for _, op := range []string{
		"GetAccountAuthorizationDetails", "GenerateCredentialReport", "GetCredentialReport",
		"GetAccountPasswordPolicy", "GetAccountSummary", "ListVirtualMFADevices", "ListServerCertificates",
	} {
		t.Run(op, func(t *testing.T) {
			inv, _ := scanIAM(t, acct, emulator.Options{Deny: []emulator.Rule{{Service: "iam", Operation: op}}})
			errs := iamErrors(inv)
			if len(errs) != 1 {
				t.Fatalf("IAM errors = %v, want one", errs)
			}
			if e := errs[0]; e.Operation != op || e.Kind != inventory.ErrAccessDenied || e.Region != "" || e.ResourceARN != "" {
				t.Errorf("error = %+v, want a global %s access-denied", e, op)
			}
			want := wantIAM(acct)
			switch op {
			case "GetAccountAuthorizationDetails":
				want.Users, want.Groups, want.Roles, want.Policies = nil, nil, nil, nil
			case "GenerateCredentialReport", "GetCredentialReport":
				want.CredentialReport = nil
			case "GetAccountPasswordPolicy":
				want.PasswordPolicy = nil
			case "GetAccountSummary":
				want.Summary = nil
			case "ListVirtualMFADevices":
				want.VirtualMFADevices = nil
			case "ListServerCertificates":
				want.ServerCertificates = nil
			}
			assertIAMEqual(t, inv.IAM, want)
		})
	}
}

// A later page failing keeps the entities already read, and the error
// marks the listing as a whole incomplete.
func TestIAMAuthorizationDetailsFailingMidway(t *testing.T) {
	acct := loadAccount(t, iamAccount)
	srv := emulator.New(acct, emulator.Options{PageSize: 1})
	pages := 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if form, _ := url.ParseQuery(string(body)); form.Get("Action") == "GetAccountAuthorizationDetails" {
			if pages++; pages > 3 {
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>`+
					`<Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>x</RequestId></ErrorResponse>`)
				return
			}
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	fastCredentialReportPoll(t, 5*time.Second)
	inv := Scan(context.Background(), testConfig(hs.URL), Options{Regions: acct.Regions})
	errs := iamErrors(inv)
	if len(errs) != 1 || errs[0].Operation != "GetAccountAuthorizationDetails" || errs[0].ResourceARN != "" {
		t.Fatalf("IAM errors = %v, want the listing's", errs)
	}
	if len(inv.IAM.Users) != 3 {
		t.Errorf("users = %d, want the 3 of the pages read", len(inv.IAM.Users))
	}
}

// Policy documents are JSON the customer wrote: whatever its shape, the
// collector hands the checks exactly that text, not a re-encoding of it.
func TestIAMUnusualPolicyDocumentsRoundTripIntact(t *testing.T) {
	docs := []string{
		// Statement an object, Action a string, non-ASCII, and every
		// character URL encoding treats specially.
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-équipe/+reports/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"Zürich café ☕ 東京 a+b=c&d%20e?f#g;h"}}}}`,
		// Whitespace, JSON escapes and a percent sign that is no escape.
		"\n  {\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": [{\"Effect\": \"Deny\", \"NotAction\": \"iam:*\", \"Resource\": \"*\", \"Condition\": {\"StringLike\": {\"aws:userid\": \"AIDA\\u00e9\\\"%\\\\\"}}}]\n  }\n",
		// Numbers, booleans and null where strings usually are.
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:List*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10.5e1},"Null":{"aws:TokenIssueTime":null}}}]}`,
	}
	for _, d := range docs {
		if !json.Valid([]byte(d)) {
			t.Fatalf("test document is not valid JSON: %s", d)
		}
	}
	acct := loadAccount(t, iamAccount)
	for i := range acct.IAM.Users {
		if u := &acct.IAM.Users[i]; u.Name == "carol" {
			for i, d := range docs {
				u.InlinePolicies = append(u.InlinePolicies, inventory.InlinePolicy{Name: "unusual-" + string(rune('a'+i)), Document: d})
			}
		}
	}
	acct.IAM.Roles[0].AssumeRolePolicy = docs[0]
	acct.IAM.Policies[0].Document = docs[1]
	inv, _ := scanIAM(t, acct, emulator.Options{})
	if errs := iamErrors(inv); len(errs) > 0 {
		t.Fatalf("IAM errors: %v", errs)
	}
	assertIAMEqual(t, inv.IAM, wantIAM(acct))
	for _, u := range inv.IAM.Users {
		if u.Name != "carol" {
			continue
		}
		for i, p := range u.InlinePolicies {
			if p.Document != docs[i] {
				t.Errorf("%s:\n got %q\nwant %q", p.Name, p.Document, docs[i])
			}
		}
	}
}

func TestDecodePolicyDocument(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"%7B%22a%22%3A%22b%2Bc%20d%22%7D", `{"a":"b+c d"}`},
		// A literal plus in an encoded document is a plus, not a space.
		{"%7B%22a%22%3A%22b+c%22%7D", `{"a":"b+c"}`},
		{"%E2%98%95", "☕"},
		// Already JSON: an emulator that does not encode.
		{`{"a":"100%"}`, `{"a":"100%"}`},
		{" \n{\"a\":1}", " \n{\"a\":1}"},
		{"", ""},
	} {
		got, err := decodePolicyDocument(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("decodePolicyDocument(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := decodePolicyDocument("%7B%ZZ"); err == nil {
		t.Error("a broken escape decoded without error")
	}
}

func TestParseCredentialReport(t *testing.T) {
	ts := func(s string) *time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		t = t.UTC()
		return &t
	}
	// Columns in another order and one unknown: found by name.
	const report = "arn,user,future_column,user_creation_time,password_enabled,password_last_used,password_last_changed,mfa_active," +
		"access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated," +
		"access_key_2_last_used_date,cert_1_active,cert_2_active\n" +
		"arn:aws:iam::111122223333:root,<root_account>,x,2014-03-21T18:29:09+00:00,not_supported,no_information,not_supported,true," +
		"false,N/A,N/A,false,N/A,N/A,false,false\n" +
		"arn:aws:iam::111122223333:user/ann,ann,,2020-01-02T03:04:05+00:00,true,2026-11-01T10:00:00+00:00,2026-10-01T10:00:00Z,false," +
		"true,2020-01-02T03:10:00+00:00,2026-11-19T00:00:00+00:00,false,2021-05-05T05:05:05+00:00,N/A,true,false\n"
	got, err := parseCredentialReport([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Credential{
		{User: inventory.RootUser, ARN: "arn:aws:iam::111122223333:root", UserCreationTime: ts("2014-03-21T18:29:09Z"), MFAActive: true},
		{
			User: "ann", ARN: "arn:aws:iam::111122223333:user/ann", UserCreationTime: ts("2020-01-02T03:04:05Z"),
			PasswordEnabled: true, PasswordLastUsed: ts("2026-11-01T10:00:00Z"), PasswordLastChanged: ts("2026-10-01T10:00:00Z"),
			AccessKey1Active: true, AccessKey1LastRotated: ts("2020-01-02T03:10:00Z"), AccessKey1LastUsed: ts("2026-11-19T00:00:00Z"),
			AccessKey2LastRotated: ts("2021-05-05T05:05:05Z"), Cert1Active: true,
		},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("parsed\n%s\nwant\n%s", g, w)
	}

	header, row := strings.SplitN(report, "\n", 3)[0], strings.SplitN(report, "\n", 3)[2]
	for name, bad := range map[string]string{
		"empty":          "",
		"missing column": strings.Replace(report, ",mfa_active,", ",mfa,", 1),
		"bad flag":       header + "\n" + strings.Replace(row, ",true,2020-01-02T03:10:00", ",yes,2020-01-02T03:10:00", 1),
		"bad time":       header + "\n" + strings.Replace(row, "2026-11-01T10:00:00+00:00", "yesterday", 1),
		"short row":      header + "\nann,arn\n",
	} {
		if _, err := parseCredentialReport([]byte(bad)); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

func TestIAMPagesRejectsBrokenListings(t *testing.T) {
	marker := "m"
	for name, fetch := range map[string]func(*string) (*string, bool, error){
		"truncated without marker": func(*string) (*string, bool, error) { return nil, true, nil },
		"marker repeated":          func(*string) (*string, bool, error) { return &marker, true, nil },
	} {
		err := iamPages(fetch)
		var deser *smithy.DeserializationError
		if !errors.As(err, &deser) {
			t.Errorf("%s: error = %v, want a malformed response", name, err)
		}
		if e := classify(err); e.Kind != inventory.ErrMalformed {
			t.Errorf("%s: kind = %s, want %s", name, e.Kind, inventory.ErrMalformed)
		}
	}
}
