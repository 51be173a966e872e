package emulator

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// These tests hold the RDS Query and the EFS, GuardDuty, Security Hub and
// Access Analyzer REST-JSON wire formats to what AWS sends where the SDK
// would accept something else, and the emulator's own rules (regions,
// paging bounds, snapshot types) that the collector tests rely on.

func servicesServer(t *testing.T, opts Options) *Server {
	t.Helper()
	acct, err := LoadAccount("../../testdata/accounts/databases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(acct, opts)
}

func signed(req *http.Request, region, service string) {
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/"+region+"/"+service+
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
}

func rdsCall(srv *Server, region string, params ...string) *httptest.ResponseRecorder {
	form := url.Values{"Version": {rdsVersion}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Add(params[i], params[i+1])
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	signed(req, region, "rds")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

func restCall(srv *Server, region, service, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	signed(req, region, service)
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

func TestRDSWire(t *testing.T) {
	srv := servicesServer(t, Options{Deny: []Rule{{Service: "rds", Operation: "DescribeDBSnapshotAttributes", Resource: "legacy-mysql-export"}}})
	for _, tc := range []struct {
		name   string
		region string
		params []string
		status int
		code   string
	}{
		{"instances", "us-east-1", []string{"Action", "DescribeDBInstances", "MaxRecords", "100"}, 200, ""},
		{"page too small", "us-east-1", []string{"Action", "DescribeDBInstances", "MaxRecords", "19"}, 400, "InvalidParameterValue"},
		{"page too large", "us-east-1", []string{"Action", "DescribeDBSnapshots", "MaxRecords", "101"}, 400, "InvalidParameterValue"},
		{"filters are not emulated", "us-east-1", []string{"Action", "DescribeDBInstances", "Filters.Filter.1.Name", "engine"}, 400, "InvalidParameterValue"},
		{"bad snapshot type", "us-east-1", []string{"Action", "DescribeDBSnapshots", "SnapshotType", "nightly"}, 400, "InvalidParameterValue"},
		{"no such snapshot", "us-east-1", []string{"Action", "DescribeDBSnapshotAttributes", "DBSnapshotIdentifier", "nope"}, 404, "DBSnapshotNotFound"},
		{"denied snapshot", "us-east-1", []string{"Action", "DescribeDBSnapshotAttributes", "DBSnapshotIdentifier", "legacy-mysql-export"}, 403, "AccessDenied"},
		{"clusters", "us-east-1", []string{"Action", "DescribeDBClusters", "MaxRecords", "20"}, 200, ""},
		{"cluster page too small", "us-east-1", []string{"Action", "DescribeDBClusters", "MaxRecords", "19"}, 400, "InvalidParameterValue"},
		{"bad cluster snapshot type", "us-east-1", []string{"Action", "DescribeDBClusterSnapshots", "SnapshotType", "nightly"}, 400, "InvalidParameterValue"},
		{"no such cluster snapshot", "us-east-1", []string{"Action", "DescribeDBClusterSnapshotAttributes", "DBClusterSnapshotIdentifier", "nope"}, 404, "DBClusterSnapshotNotFoundFault"},
		{"cluster snapshot of another region", "eu-west-1", []string{"Action", "DescribeDBClusterSnapshotAttributes", "DBClusterSnapshotIdentifier", "reports-cluster-export"}, 404, "DBClusterSnapshotNotFoundFault"},
		{"region not enabled", "ap-east-1", []string{"Action", "DescribeDBInstances"}, 403, "InvalidClientTokenId"},
		{"unknown action", "us-east-1", []string{"Action", "DeleteDBInstance"}, 400, "InvalidAction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := rdsCall(srv, tc.region, tc.params...)
			if w.Code != tc.status {
				t.Fatalf("status = %d, want %d\n%s", w.Code, tc.status, w.Body)
			}
			if tc.code == "" {
				return
			}
			var e struct {
				XMLName xml.Name
				Code    string `xml:"Error>Code"`
			}
			if err := xml.Unmarshal(w.Body.Bytes(), &e); err != nil || e.XMLName.Local != "ErrorResponse" || e.Code != tc.code {
				t.Errorf("error = %s, want ErrorResponse with code %s", w.Body, tc.code)
			}
		})
	}
}

// Without SnapshotType=manual, RDS also lists the automated snapshots of
// every instance that keeps backups.
func TestRDSSnapshotTypes(t *testing.T) {
	srv := servicesServer(t, Options{})
	ids := func(params ...string) []string {
		w := rdsCall(srv, "us-east-1", append([]string{"Action", "DescribeDBSnapshots"}, params...)...)
		var out struct {
			IDs []string `xml:"DescribeDBSnapshotsResult>DBSnapshots>DBSnapshot>DBSnapshotIdentifier"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out.IDs
	}
	manual, all := ids("SnapshotType", "manual"), ids()
	if len(manual) != 2 || len(all) <= len(manual) {
		t.Errorf("manual = %v, all = %v: want 2 manual and more in all", manual, all)
	}
	for _, id := range ids("SnapshotType", "automated") {
		if !strings.HasPrefix(id, "rds:") {
			t.Errorf("automated snapshot %q is not named rds:...", id)
		}
	}
}

// DescribeDBClusterSnapshots, like DescribeDBSnapshots, also lists the
// automated snapshots unless asked for manual ones; the cluster listing
// marks one member as the writer.
func TestRDSClusterListings(t *testing.T) {
	srv := servicesServer(t, Options{})
	ids := func(params ...string) []string {
		w := rdsCall(srv, "us-east-1", append([]string{"Action", "DescribeDBClusterSnapshots"}, params...)...)
		var out struct {
			IDs []string `xml:"DescribeDBClusterSnapshotsResult>DBClusterSnapshots>DBClusterSnapshot>DBClusterSnapshotIdentifier"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out.IDs
	}
	if manual, all := ids("SnapshotType", "manual"), ids(); len(manual) != 1 || len(all) <= len(manual) {
		t.Errorf("manual = %v, all = %v: want 1 manual and more in all", manual, all)
	}
	w := rdsCall(srv, "eu-west-1", "Action", "DescribeDBClusters")
	var out struct {
		Members []struct {
			ID     string `xml:"DBInstanceIdentifier"`
			Writer bool   `xml:"IsClusterWriter"`
		} `xml:"DescribeDBClustersResult>DBClusters>DBCluster>DBClusterMembers>DBClusterMember"`
		AutoMinor []string `xml:"DescribeDBClustersResult>DBClusters>DBCluster>AutoMinorVersionUpgrade"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Members) != 1 || out.Members[0].ID != "analytics-aurora-1" || !out.Members[0].Writer || len(out.AutoMinor) != 0 {
		t.Errorf("eu-west-1 clusters = %+v\n%s: want analytics-aurora-1 as writer and no cluster-level AutoMinorVersionUpgrade", out, w.Body)
	}
}

// restError reads a REST-JSON error: the code from X-Amzn-ErrorType, as
// the SDKs read it, and the message from the body.
func restError(t *testing.T, w *httptest.ResponseRecorder) (code, message string) {
	t.Helper()
	var body map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, w.Body)
	}
	for k, v := range body {
		if strings.EqualFold(k, "message") {
			message = v
		}
	}
	return w.Header().Get("X-Amzn-ErrorType"), message
}

func TestRESTJSONWire(t *testing.T) {
	srv := servicesServer(t, Options{Deny: []Rule{{Service: "access-analyzer", Region: "eu-west-1"}}})
	for _, tc := range []struct {
		name, region, service, path string
		status                      int
		code                        string
	}{
		{"file systems", "us-east-1", "elasticfilesystem", "/2015-02-01/file-systems?MaxItems=100", 200, ""},
		{"file system filter", "us-east-1", "elasticfilesystem", "/2015-02-01/file-systems?FileSystemId=fs-1", 400, "BadRequest"},
		{"detectors", "us-east-1", "guardduty", "/detector?maxResults=50", 200, ""},
		{"detector page too large", "us-east-1", "guardduty", "/detector?maxResults=51", 400, "BadRequestException"},
		{"detector", "us-east-1", "guardduty", "/detector/12abc34d567e8fa901bc2d34e56789f0", 200, ""},
		{"another region's detector", "eu-west-1", "guardduty", "/detector/12abc34d567e8fa901bc2d34e56789f0", 400, "BadRequestException"},
		{"hub", "us-east-1", "securityhub", "/accounts", 200, ""},
		{"not subscribed", "eu-west-1", "securityhub", "/accounts", 401, "InvalidAccessException"},
		{"analyzers", "us-east-1", "access-analyzer", "/analyzer", 200, ""},
		{"analyzers of a type", "us-east-1", "access-analyzer", "/analyzer?type=ACCOUNT", 200, ""},
		{"analyzers denied", "eu-west-1", "access-analyzer", "/analyzer", 403, "AccessDeniedException"},
		{"region not enabled", "ap-east-1", "securityhub", "/accounts", 403, "UnrecognizedClientException"},
		{"unknown path", "us-east-1", "guardduty", "/detector/x/findings", 400, "InvalidAction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := restCall(srv, tc.region, tc.service, tc.path)
			if w.Code != tc.status {
				t.Fatalf("status = %d, want %d\n%s", w.Code, tc.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if tc.code == "" {
				return
			}
			if code, msg := restError(t, w); code != tc.code || msg == "" {
				t.Errorf("error %q (%q), want %s with a message", code, msg, tc.code)
			}
		})
	}
	w := restCall(srv, "eu-west-1", "securityhub", "/accounts")
	if _, msg := restError(t, w); !strings.Contains(msg, "is not subscribed to AWS Security Hub") {
		t.Errorf("not-subscribed message = %q: collectors tell 'not enabled' from other refusals by it", msg)
	}
}

func TestParseRuleWithHyphenatedService(t *testing.T) {
	r, err := ParseRule("access-analyzer:ListAnalyzers@eu-west-1")
	if err != nil || r.Service != "access-analyzer" || r.Operation != "ListAnalyzers" || r.Region != "eu-west-1" {
		t.Errorf("ParseRule = %+v, %v", r, err)
	}
}
