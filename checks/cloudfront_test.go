package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

const distARN = "arn:aws:cloudfront::111122223333:distribution/E2SAFE"

// dist adds a distribution that passes every CloudFront check (HTTPS
// only, a custom TLS origin on TLS 1.2, an S3 origin behind OAC, a custom
// certificate on TLSv1.2_2021, a web ACL, logging) after set has changed it.
func dist(set func(d *inventory.Distribution)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		d := inventory.Distribution{ID: "E2SAFE", DomainName: "d222.cloudfront.net", Enabled: true,
			CacheBehaviors: []inventory.CacheBehavior{{PathPattern: "*", ViewerProtocolPolicy: "redirect-to-https"}, {PathPattern: "/api/*", ViewerProtocolPolicy: "https-only"}},
			Origins: []inventory.Origin{
				{ID: "web", DomainName: "web.example.com", Type: "custom", OriginProtocolPolicy: "https-only", OriginSSLProtocols: []string{"TLSv1.2"}},
				{ID: "media", DomainName: "media.s3.us-east-1.amazonaws.com", Type: "s3", OriginAccessControlID: "E3OAC"},
			},
			ViewerCertificate: inventory.ViewerCertificate{ACMCertificateARN: "arn:aws:acm:us-east-1:111122223333:certificate/abc", MinimumProtocolVersion: "TLSv1.2_2021", SSLSupportMethod: "sni-only"},
			WebACLID:          "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/1234",
			Logging:           &inventory.DistributionLogging{Enabled: true, Bucket: "logs.s3.amazonaws.com"},
		}
		if set != nil {
			set(&d)
		}
		inv.CloudFront.Distributions = append(inv.CloudFront.Distributions, d)
	}
}

// The listing's failure has no region: CloudFront is global, so the
// unknown covers the service as a whole.
var cloudFrontListingCase = statusCase{"listing denied", denied("cloudfront", "", "ListDistributions", ""),
	map[string]Status{"arn:aws:cloudfront::111122223333:*": Unknown}}

func TestCloudFrontViewerHTTPS(t *testing.T) {
	runCases(t, cloudFrontViewerHTTPS, []statusCase{
		{"redirect and https-only", dist(nil), map[string]Status{distARN: Pass}},
		{"allow-all on the default behavior", dist(func(d *inventory.Distribution) { d.CacheBehaviors[0].ViewerProtocolPolicy = "allow-all" }), map[string]Status{distARN: Fail}},
		{"allow-all on one path", dist(func(d *inventory.Distribution) { d.CacheBehaviors[1].ViewerProtocolPolicy = "allow-all" }), map[string]Status{distARN: Fail}},
		{"no behaviors in a snapshot", dist(func(d *inventory.Distribution) { d.CacheBehaviors = nil }), map[string]Status{distARN: Unknown}},
		cloudFrontListingCase,
	})
}

func TestCloudFrontOriginTLS(t *testing.T) {
	custom := func(policy string, protocols ...string) func(inv *inventory.Inventory) {
		return dist(func(d *inventory.Distribution) {
			d.Origins[0].OriginProtocolPolicy, d.Origins[0].OriginSSLProtocols = policy, protocols
		})
	}
	runCases(t, cloudFrontOriginTLS, []statusCase{
		{"https-only on TLS 1.2", dist(nil), map[string]Status{distARN: Pass}},
		{"http-only", custom("http-only", "TLSv1.2"), map[string]Status{distARN: Fail}},
		{"match-viewer", custom("match-viewer", "TLSv1.2"), map[string]Status{distARN: Fail}},
		{"TLS 1.0 allowed", custom("https-only", "TLSv1", "TLSv1.1", "TLSv1.2"), map[string]Status{distARN: Fail}},
		{"SSLv3 allowed", custom("https-only", "SSLv3", "TLSv1.2"), map[string]Status{distARN: Fail}},
		{"S3 and VPC origins only are not judged", dist(func(d *inventory.Distribution) { d.Origins[0].Type = "vpc" }), map[string]Status{}},
		cloudFrontListingCase,
	})
}

func TestCloudFrontViewerTLS(t *testing.T) {
	policy := func(p string) func(inv *inventory.Inventory) {
		return dist(func(d *inventory.Distribution) { d.ViewerCertificate.MinimumProtocolVersion = p })
	}
	runCases(t, cloudFrontViewerTLS, []statusCase{
		{"TLSv1.2_2021", dist(nil), map[string]Status{distARN: Pass}},
		{"TLSv1.3_2025", policy("TLSv1.3_2025"), map[string]Status{distARN: Pass}},
		{"TLSv1.2_2019", policy("TLSv1.2_2019"), map[string]Status{distARN: Fail}},
		{"TLSv1.1_2016", policy("TLSv1.1_2016"), map[string]Status{distARN: Fail}},
		{"default certificate", dist(func(d *inventory.Distribution) {
			d.ViewerCertificate = inventory.ViewerCertificate{CloudFrontDefault: true, MinimumProtocolVersion: "TLSv1"}
		}), map[string]Status{distARN: Fail}},
		{"no policy in a snapshot", policy(""), map[string]Status{distARN: Unknown}},
		{"no certificate in a snapshot", dist(func(d *inventory.Distribution) { d.ViewerCertificate = inventory.ViewerCertificate{} }), map[string]Status{distARN: Unknown}},
		{"a custom certificate wins over the default flag", dist(func(d *inventory.Distribution) { d.ViewerCertificate.CloudFrontDefault = true }), map[string]Status{distARN: Pass}},
		cloudFrontListingCase,
	})
}

func TestCloudFrontWAF(t *testing.T) {
	runCases(t, cloudFrontWAF, []statusCase{
		{"web ACL", dist(nil), map[string]Status{distARN: Pass}},
		{"none", dist(func(d *inventory.Distribution) { d.WebACLID = "" }), map[string]Status{distARN: Fail}},
		cloudFrontListingCase,
	})
}

func TestCloudFrontS3OAC(t *testing.T) {
	runCases(t, cloudFrontS3OAC, []statusCase{
		{"OAC", dist(nil), map[string]Status{distARN: Pass}},
		{"legacy OAI", dist(func(d *inventory.Distribution) {
			d.Origins[1].OriginAccessControlID, d.Origins[1].OriginAccessIdentity = "", "origin-access-identity/cloudfront/E4OAI"
		}), map[string]Status{distARN: Fail}},
		{"anonymous", dist(func(d *inventory.Distribution) { d.Origins[1].OriginAccessControlID = "" }), map[string]Status{distARN: Fail}},
		{"no S3 origin is not judged", dist(func(d *inventory.Distribution) { d.Origins = d.Origins[:1] }), map[string]Status{}},
		cloudFrontListingCase,
	})
}

func TestCloudFrontLogging(t *testing.T) {
	runCases(t, cloudFrontLogging, []statusCase{
		{"on", dist(nil), map[string]Status{distARN: Pass}},
		{"off", dist(func(d *inventory.Distribution) { d.Logging.Enabled = false }), map[string]Status{distARN: Fail}},
		{"configuration denied", both(dist(func(d *inventory.Distribution) { d.Logging = nil }), denied("cloudfront", "", "GetDistributionConfig", distARN)),
			map[string]Status{distARN: Unknown}},
		{"configuration missing from a snapshot", dist(func(d *inventory.Distribution) { d.Logging = nil }), map[string]Status{distARN: Unknown}},
		cloudFrontListingCase,
	})
}
