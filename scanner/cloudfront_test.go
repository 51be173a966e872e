package scanner

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const cloudFrontAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
cloudfront:
  distributions:
    - id: E1OPEN
      domain_name: d111.cloudfront.net
      enabled: true
      cache_behaviors:
        - {path_pattern: "*", viewer_protocol_policy: allow-all}
        - {path_pattern: "/api/*", viewer_protocol_policy: https-only}
      origins:
        - {id: web, domain_name: web.example.com, type: custom, origin_protocol_policy: http-only, origin_ssl_protocols: [TLSv1, TLSv1.1, TLSv1.2]}
        - {id: assets, domain_name: assets.s3.us-east-1.amazonaws.com, type: s3}
      viewer_certificate: {cloudfront_default: true, minimum_protocol_version: TLSv1}
      logging: {enabled: false}
    - id: E2SAFE
      domain_name: d222.cloudfront.net
      aliases: [www.example.com]
      enabled: true
      cache_behaviors:
        - {path_pattern: "*", viewer_protocol_policy: redirect-to-https}
      origins:
        - {id: media, domain_name: media.s3.us-east-1.amazonaws.com, type: s3, origin_access_control_id: E3OAC}
        - {id: old, domain_name: old.s3.us-east-1.amazonaws.com, type: s3, origin_access_identity: origin-access-identity/cloudfront/E4OAI}
      viewer_certificate: {acm_certificate_arn: "arn:aws:acm:us-east-1:111122223333:certificate/abc", minimum_protocol_version: TLSv1.2_2021, ssl_support_method: sni-only}
      web_acl_id: arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/1234
      logging: {enabled: true, bucket: logs.s3.amazonaws.com, prefix: cf/}
    - id: E3VPC
      domain_name: d333.cloudfront.net
      enabled: false
      cache_behaviors:
        - {path_pattern: "*", viewer_protocol_policy: https-only}
      origins:
        - {id: internal, domain_name: internal.example.com, type: vpc}
      viewer_certificate: {cloudfront_default: true, minimum_protocol_version: TLSv1}
      logging: {enabled: false}
`

func parseCloudFront(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(cloudFrontAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func assertDistributionsEqual(t *testing.T, got, want []inventory.Distribution) {
	t.Helper()
	slices.SortFunc(want, func(a, b inventory.Distribution) int { return compareStrings(a.ARN, b.ARN) })
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected distributions differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

func cloudFrontErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "cloudfront" {
			out = append(out, e)
		}
	}
	return out
}

func TestCloudFrontRoundTrip(t *testing.T) {
	acct := parseCloudFront(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := cloudFrontErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertDistributionsEqual(t, inv.CloudFront.Distributions, slices.Clone(acct.CloudFront.Distributions))
	for _, d := range inv.CloudFront.Distributions {
		if d.Region != "" {
			t.Errorf("%s: region %q, want none (CloudFront is global)", d.ID, d.Region)
		}
	}
	// One distribution per page: three pages, read once per scan however
	// many regions are scanned.
	calls := 0
	for _, n := range callsOf(srv, "cloudfront", "ListDistributions") {
		calls += n
	}
	if calls != 3 {
		t.Errorf("ListDistributions: %d calls, want 3", calls)
	}
	configs := 0
	for _, n := range callsOf(srv, "cloudfront", "GetDistributionConfig") {
		configs += n
	}
	if configs != 3 {
		t.Errorf("GetDistributionConfig: %d calls, want 3", configs)
	}
}

func TestCloudFrontFailedOperations(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(ds []inventory.Distribution) []inventory.Distribution
	}{{
		name: "listing denied",
		rule: emulator.Rule{Service: "cloudfront", Operation: "ListDistributions"},
		want: inventory.CollectionError{Service: "cloudfront", Operation: "ListDistributions",
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func([]inventory.Distribution) []inventory.Distribution { return nil },
	}, {
		name: "one configuration denied",
		rule: emulator.Rule{Service: "cloudfront", Operation: "GetDistributionConfig", Resource: "E2SAFE"},
		want: inventory.CollectionError{Service: "cloudfront", Operation: "GetDistributionConfig",
			ResourceARN: inventory.DistributionARN("aws", "111122223333", "E2SAFE"),
			Kind:        inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(ds []inventory.Distribution) []inventory.Distribution {
			for i := range ds {
				if ds[i].ID == "E2SAFE" {
					ds[i].Logging = nil
				}
			}
			return ds
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseCloudFront(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, cloudFrontErrors(inv), tc.want)
			assertDistributionsEqual(t, inv.CloudFront.Distributions, tc.lost(slices.Clone(acct.CloudFront.Distributions)))
		})
	}
}

// A listing that says it is truncated but gives no marker must not end
// quietly: the distributions after it would be missing, not absent.
func TestCloudFrontTruncatedWithoutMarker(t *testing.T) {
	acct := parseCloudFront(t)
	dropMarker := func(body []byte) []byte { return nextMarkerRE.ReplaceAll(body, nil) }
	inv, _ := scanAccount(t, acct, emulator.Options{PageSize: 1, Garble: []emulator.Garble{
		{Rule: emulator.Rule{Service: "cloudfront", Operation: "ListDistributions"}, Body: dropMarker},
	}}, Options{Regions: acct.Regions, Services: []string{"cloudfront"}})
	errs := cloudFrontErrors(inv)
	if len(errs) != 1 || errs[0].Operation != "ListDistributions" {
		t.Fatalf("errors = %v, want one ListDistributions error", errs)
	}
	if n := len(inv.CloudFront.Distributions); n != 1 {
		t.Errorf("%d distributions kept, want the first page's 1", n)
	}
}

var nextMarkerRE = regexp.MustCompile(`<NextMarker>[^<]*</NextMarker>`)
