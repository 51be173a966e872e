package synth

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// distributionIDChars are the characters of a CloudFront distribution ID.
const distributionIDChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// distributions makes CloudFront distributions, which are global: most
// front a website bucket or an API behind a load balancer. The newer ones
// were built from the console's current defaults (redirect to HTTPS, OAC,
// TLSv1.2_2021, a web ACL); the older ones keep what was the default then
// (allow-all, an OAI or a public bucket, TLSv1.1_2016 or the default
// certificate); a few still reach their origin over plain HTTP.
func (g *gen) distributions() {
	for i := range g.sz.Distributions {
		var id strings.Builder
		id.WriteByte('E')
		for range 13 {
			id.WriteByte(distributionIDChars[g.rng.IntN(len(distributionIDChars))])
		}
		d := inventory.Distribution{ID: id.String(), Enabled: g.chance(0.95)}
		d.DomainName = "d" + strings.ToLower(id.String()[1:]) + ".cloudfront.net"
		modern := g.chance(0.6)
		policy := "redirect-to-https"
		if !modern && g.chance(0.5) {
			policy = "allow-all"
		}
		d.CacheBehaviors = []inventory.CacheBehavior{{PathPattern: "*", ViewerProtocolPolicy: policy}}
		app := pick(g, apps)
		if g.chance(0.5) {
			// An API path in front of a load balancer.
			d.CacheBehaviors = append(d.CacheBehaviors, inventory.CacheBehavior{PathPattern: "/api/*", ViewerProtocolPolicy: "https-only"})
			o := inventory.Origin{ID: "api", DomainName: fmt.Sprintf("%s-%d.us-east-1.elb.amazonaws.com", app, i), Type: "custom",
				OriginProtocolPolicy: "https-only", OriginSSLProtocols: []string{"TLSv1.2"}}
			switch r := g.rng.Float64(); {
			case r < 0.05:
				o.OriginProtocolPolicy = "http-only"
			case !modern && r < 0.4:
				// The console's default before 2021.
				o.OriginSSLProtocols = []string{"TLSv1", "TLSv1.1", "TLSv1.2"}
			}
			d.Origins = append(d.Origins, o)
		}
		s3 := inventory.Origin{ID: "site", DomainName: fmt.Sprintf("acme-%s-site-%d.s3.us-east-1.amazonaws.com", app, i), Type: "s3"}
		switch {
		case modern:
			s3.OriginAccessControlID = fmt.Sprintf("E%012dOAC", i)
		case g.chance(0.7):
			s3.OriginAccessIdentity = fmt.Sprintf("origin-access-identity/cloudfront/E%012dOAI", i)
		}
		d.Origins = append(d.Origins, s3)
		switch {
		case modern || g.chance(0.5):
			d.Aliases = []string{fmt.Sprintf("%s-%d.example.com", app, i)}
			tls := "TLSv1.2_2021"
			if !modern {
				tls = "TLSv1.1_2016"
			}
			d.ViewerCertificate = inventory.ViewerCertificate{MinimumProtocolVersion: tls, SSLSupportMethod: "sni-only",
				ACMCertificateARN: fmt.Sprintf("arn:aws:acm:us-east-1:%s:certificate/%08x-0000-4000-8000-%012x", AccountID, g.rng.Uint32(), i)}
		default:
			d.ViewerCertificate = inventory.ViewerCertificate{CloudFrontDefault: true, MinimumProtocolVersion: "TLSv1"}
		}
		if modern || g.chance(0.2) {
			d.WebACLID = fmt.Sprintf("arn:aws:wafv2:us-east-1:%s:global/webacl/edge-%s/%08x", AccountID, app, g.rng.Uint32())
		}
		d.Logging = &inventory.DistributionLogging{}
		if g.chance(0.7) {
			d.Logging = &inventory.DistributionLogging{Enabled: true, Bucket: "acme-cloudfront-logs.s3.amazonaws.com", Prefix: d.ID + "/"}
		}
		g.inv.CloudFront.Distributions = append(g.inv.CloudFront.Distributions, d)
	}
}
