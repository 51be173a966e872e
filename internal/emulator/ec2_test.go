package emulator

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// These tests hold the EC2 Query wire format to what AWS sends where the
// SDK would accept something else, and the emulator's own rules (regions,
// paging bounds, owner filters) that the collector tests rely on.

func ec2Server(t *testing.T, opts Options) *Server {
	t.Helper()
	acct, err := LoadAccount("../../testdata/accounts/ec2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(acct, opts)
}

// ec2Call posts a Query request signed (in scope only) for region.
func ec2Call(srv *Server, region string, params ...string) *httptest.ResponseRecorder {
	form := url.Values{"Version": {"2016-11-15"}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Add(params[i], params[i+1])
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/"+region+
		"/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// ec2ErrorCode reads EC2's error document, which is not the ErrorResponse
// of the other Query services.
func ec2ErrorCode(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		XMLName   xml.Name
		Code      string `xml:"Errors>Error>Code"`
		Message   string `xml:"Errors>Error>Message"`
		RequestID string `xml:"RequestID"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body is not XML: %v\n%s", err, w.Body)
	}
	if e.XMLName.Local != "Response" || e.RequestID == "" || e.Message == "" {
		t.Errorf("error document = %s, want Response/Errors/Error with a message and a RequestID", w.Body)
	}
	return e.Code
}

func TestEC2Errors(t *testing.T) {
	srv := ec2Server(t, Options{
		Deny: []Rule{{Service: "ec2", Operation: "DescribeVpcs", Region: "eu-west-1"}},
		Fail: []Rule{{Service: "ec2", Operation: "DescribeImageAttribute", Resource: "ami-0a000000000000002"}},
	})
	for _, tc := range []struct {
		name   string
		region string
		params []string
		status int
		code   string
	}{
		{"denied", "eu-west-1", []string{"Action", "DescribeVpcs"}, 403, "UnauthorizedOperation"},
		{"denied elsewhere only", "us-east-1", []string{"Action", "DescribeVpcs"}, 200, ""},
		{"failing resource", "us-east-1", []string{"Action", "DescribeImageAttribute", "ImageId", "ami-0a000000000000002", "Attribute", "launchPermission"}, 500, "InternalError"},
		{"region not enabled", "ap-east-1", []string{"Action", "DescribeVpcs"}, 401, "AuthFailure"},
		{"unknown action", "us-east-1", []string{"Action", "RunInstances"}, 400, "InvalidAction"},
		{"filters are not emulated", "us-east-1", []string{"Action", "DescribeVpcs", "Filter.1.Name", "is-default", "Filter.1.Value.1", "true"}, 400, "InvalidParameterValue"},
		{"page too small", "us-east-1", []string{"Action", "DescribeVpcs", "MaxResults", "4"}, 400, "InvalidParameterValue"},
		{"page too large", "us-east-1", []string{"Action", "DescribeSecurityGroups", "MaxResults", "1001"}, 400, "InvalidParameterValue"},
		{"volumes cap large pages", "us-east-1", []string{"Action", "DescribeVolumes", "MaxResults", "1000"}, 200, ""},
		{"regions are not paginated", "us-east-1", []string{"Action", "DescribeRegions", "MaxResults", "5"}, 400, "InvalidParameterValue"},
		{"foreign token", "us-east-1", []string{"Action", "DescribeInstances", "NextToken", "eyJ2IjoxfQ=="}, 400, "InvalidPaginationToken"},
		{"unknown snapshot", "us-east-1", []string{"Action", "DescribeSnapshotAttribute", "SnapshotId", "snap-0b000000000000001", "Attribute", "createVolumePermission"}, 400, "InvalidSnapshot.NotFound"},
		{"dry run", "us-east-1", []string{"Action", "GetEbsEncryptionByDefault", "DryRun", "true"}, 412, "DryRunOperation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := ec2Call(srv, tc.region, tc.params...)
			if w.Code != tc.status {
				t.Fatalf("status = %d, want %d\n%s", w.Code, tc.status, w.Body)
			}
			if tc.code != "" {
				if code := ec2ErrorCode(t, w); code != tc.code {
					t.Errorf("code = %s, want %s", code, tc.code)
				}
			}
		})
	}
	// Fault rules single out one resource by the per-resource call's ID.
	calls := srv.Calls()
	if c := calls[2]; c.Operation != "DescribeImageAttribute" || c.Resource != "ami-0a000000000000002" {
		t.Errorf("call = %+v, want the image as its resource", c)
	}
}

func TestEC2ResponseDocument(t *testing.T) {
	srv := ec2Server(t, Options{})
	w := ec2Call(srv, "us-east-1", "Action", "DescribeInstances")
	if w.Code != 200 {
		t.Fatalf("status = %d\n%s", w.Code, w.Body)
	}
	var doc struct {
		XMLName      xml.Name
		RequestID    string `xml:"requestId"`
		Reservations []struct {
			ID        string   `xml:"reservationId"`
			Instances []string `xml:"instancesSet>item>instanceId"`
		} `xml:"reservationSet>item"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "DescribeInstancesResponse" || doc.XMLName.Space != ec2XMLNS || doc.RequestID == "" {
		t.Errorf("root = %+v, request ID %q", doc.XMLName, doc.RequestID)
	}
	// The two web servers were launched together: one reservation.
	if len(doc.Reservations) != 3 || !slices.Equal(doc.Reservations[0].Instances, []string{"i-0a000000000000001", "i-0a000000000000002"}) {
		t.Errorf("reservations = %+v, want the web servers in one", doc.Reservations)
	}
	// Rules for all protocols carry no ports; an ICMP rule for all types
	// carries -1.
	w = ec2Call(srv, "us-east-1", "Action", "DescribeSecurityGroups")
	body := w.Body.String()
	if !strings.Contains(body, "<ipProtocol>-1</ipProtocol><groups>") || !strings.Contains(body, "<ipProtocol>icmp</ipProtocol><fromPort>-1</fromPort><toPort>-1</toPort>") {
		t.Errorf("security groups document:\n%s", body)
	}
}

func TestEC2OwnerFilter(t *testing.T) {
	srv := ec2Server(t, Options{})
	for _, tc := range []struct {
		action string
		owners []string
		self   bool
		amazon bool
	}{
		{"DescribeSnapshots", nil, true, true},
		{"DescribeSnapshots", []string{"self"}, true, false},
		{"DescribeSnapshots", []string{"111122223333"}, true, false},
		{"DescribeSnapshots", []string{"amazon"}, false, true},
		{"DescribeImages", nil, true, true},
		{"DescribeImages", []string{"self"}, true, false},
		{"DescribeImages", []string{"amazon", "self"}, true, true},
	} {
		params := []string{"Action", tc.action}
		for i, o := range tc.owners {
			params = append(params, "Owner."+string(rune('1'+i)), o)
		}
		body := ec2Call(srv, "us-east-1", params...).Body.String()
		if self := strings.Contains(body, "<ownerId>111122223333</ownerId>") || strings.Contains(body, "<imageOwnerId>111122223333</imageOwnerId>"); self != tc.self {
			t.Errorf("%s owners %v: account's own listed = %v, want %v", tc.action, tc.owners, self, tc.self)
		}
		if amazon := strings.Contains(body, amazonOwnerID); amazon != tc.amazon {
			t.Errorf("%s owners %v: Amazon's listed = %v, want %v", tc.action, tc.owners, amazon, tc.amazon)
		}
	}
}

func TestEC2DescribeRegions(t *testing.T) {
	srv := ec2Server(t, Options{})
	var doc struct {
		Regions []struct {
			Name     string `xml:"regionName"`
			Endpoint string `xml:"regionEndpoint"`
			OptIn    string `xml:"optInStatus"`
		} `xml:"regionInfo>item"`
	}
	w := ec2Call(srv, "eu-west-1", "Action", "DescribeRegions")
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range doc.Regions {
		names = append(names, r.Name)
		if r.Endpoint != "ec2."+r.Name+".amazonaws.com" || r.OptIn != "opt-in-not-required" {
			t.Errorf("region = %+v", r)
		}
	}
	if !slices.Equal(names, srv.Account().Regions) {
		t.Errorf("regions = %v, want the account's %v", names, srv.Account().Regions)
	}
}
