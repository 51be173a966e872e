package checks

import (
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// cloudFrontChecks are the customer's duties on CloudFront, an abstracted
// service: AWS runs the edge locations and their TLS stack; which
// protocols viewers and origins may use, whether a web ACL filters
// requests, how S3 origins are locked to the distribution and whether
// requests are logged are the customer's settings.
var cloudFrontChecks = []Check{cloudFrontViewerHTTPS, cloudFrontOriginTLS, cloudFrontViewerTLS, cloudFrontWAF, cloudFrontS3OAC, cloudFrontLogging}

func cloudFrontHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#" + control
}

// cloudFrontNeeds is the listing every CloudFront check reads.
var cloudFrontNeeds = []Operation{op("cloudfront", "ListDistributions")}

func distributionResult(d inventory.Distribution, st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	ev["domain_name"] = d.DomainName
	return Result{Status: st, ResourceARN: d.ARN, Message: msg, Evidence: ev}
}

func distributionName(d inventory.Distribution) string { return "distribution " + d.ID }

var cloudFrontViewerHTTPS = Check{
	ID:           "cloudfront-viewer-https",
	Title:        "CloudFront distribution serves viewers over plain HTTP",
	Description:  "A cache behavior whose viewer protocol policy is allow-all answers HTTP requests with content, so pages, cookies and tokens cross the internet unencrypted between viewer and edge. redirect-to-https and https-only keep viewers on TLS. Every cache behavior is judged, the default one and each path pattern. AWS runs the edge; which protocol it accepts from viewers is the customer's setting.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "cloudfront",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CloudFront::Distribution",
	Remediation: Remediation{
		Text:    "Set the viewer protocol policy of every cache behavior to Redirect HTTP to HTTPS (or HTTPS only).",
		Console: "CloudFront > Distributions > the distribution > Behaviors > each behavior > Edit > Viewer protocol policy: Redirect HTTP to HTTPS > Save changes.",
		CLI:     "aws cloudfront get-distribution-config --id <id> > cfg.json; set ViewerProtocolPolicy to redirect-to-https in DefaultCacheBehavior and every CacheBehaviors item; aws cloudfront update-distribution --id <id> --if-match <etag> --distribution-config file://cfg.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-viewer-policy-https.html", cloudFrontHub("cloudfront-3")},
	Needs: cloudFrontNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.CloudFront.Distributions {
			if len(d.CacheBehaviors) == 0 {
				out = append(out, distributionResult(d, Unknown, distributionName(d)+": no cache behavior was collected", nil))
				continue
			}
			var plain []string
			for _, b := range d.CacheBehaviors {
				if b.ViewerProtocolPolicy == "allow-all" {
					plain = append(plain, b.PathPattern)
				}
			}
			ev := map[string]any{"allow_all_path_patterns": plain, "cache_behaviors": len(d.CacheBehaviors)}
			if len(plain) > 0 {
				out = append(out, distributionResult(d, Fail, distributionName(d)+" serves plain HTTP to viewers for path patterns "+strings.Join(plain, ", "), ev))
			} else {
				out = append(out, distributionResult(d, Pass, distributionName(d)+" redirects or refuses HTTP on every cache behavior", ev))
			}
		}
		return out
	},
}

// oldOriginProtocols are the protocols CloudFront should not be allowed to
// use towards a custom origin: SSL 3.0, TLS 1.0 and TLS 1.1 (RFC 8996).
var oldOriginProtocols = []string{"SSLv3", "TLSv1", "TLSv1.1"}

var cloudFrontOriginTLS = Check{
	ID:           "cloudfront-origin-tls",
	Title:        "CloudFront reaches a custom origin over HTTP or old TLS",
	Description:  "A custom origin (a load balancer, website endpoint or any HTTP server) with origin protocol policy http-only is fetched unencrypted, whatever the viewer used; match-viewer does so whenever the viewer used HTTP. An origin whose SSL protocols include SSLv3, TLSv1 or TLSv1.1 lets CloudFront fall back to protocols RFC 8996 deprecated. S3 and VPC origins are not judged: CloudFront reaches them over AWS's own TLS settings. The origin connection is the customer's configuration.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "cloudfront",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CloudFront::Distribution",
	Remediation: Remediation{
		Text:    "Set each custom origin's protocol policy to HTTPS only and its minimum origin SSL protocol to TLSv1.2, after making sure the origin serves a valid certificate.",
		Console: "CloudFront > Distributions > the distribution > Origins > the origin > Edit > Protocol: HTTPS only, Minimum origin SSL protocol: TLSv1.2 > Save changes.",
		CLI:     "aws cloudfront get-distribution-config --id <id> > cfg.json; in each CustomOriginConfig set OriginProtocolPolicy to https-only and OriginSslProtocols to {Quantity:1,Items:[TLSv1.2]}; aws cloudfront update-distribution --id <id> --if-match <etag> --distribution-config file://cfg.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-traffic-to-origin-encrypted.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-no-deprecated-ssl-protocols.html",
		cloudFrontHub("cloudfront-9"), cloudFrontHub("cloudfront-10")},
	Needs: cloudFrontNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.CloudFront.Distributions {
			var plain, old []string
			custom := 0
			for _, o := range d.Origins {
				if o.Type != "custom" {
					continue
				}
				custom++
				if o.OriginProtocolPolicy == "http-only" || o.OriginProtocolPolicy == "match-viewer" {
					plain = append(plain, o.ID+" ("+o.OriginProtocolPolicy+")")
				}
				// Protocols matter only when CloudFront may use HTTPS.
				if o.OriginProtocolPolicy != "http-only" {
					for _, p := range o.OriginSSLProtocols {
						if slices.Contains(oldOriginProtocols, p) {
							old = append(old, o.ID+" ("+p+")")
						}
					}
				}
			}
			if custom == 0 {
				continue
			}
			ev := map[string]any{"custom_origins": custom, "unencrypted_origins": plain, "old_protocols": old}
			var why []string
			if len(plain) > 0 {
				why = append(why, "may fetch over HTTP from "+strings.Join(plain, ", "))
			}
			if len(old) > 0 {
				why = append(why, "allows deprecated protocols towards "+strings.Join(old, ", "))
			}
			if len(why) > 0 {
				out = append(out, distributionResult(d, Fail, distributionName(d)+" "+strings.Join(why, " and "), ev))
			} else {
				out = append(out, distributionResult(d, Pass, distributionName(d)+" reaches every custom origin over HTTPS with TLS 1.2 or later", ev))
			}
		}
		return out
	},
}

// recommendedViewerPolicies are the security policies that accept TLS 1.2
// and later only with AWS's current cipher choice, as Security Hub
// CloudFront.15 recommends them; TLSv1.2_2018 and _2019 still allow
// ciphers AWS has since dropped.
var recommendedViewerPolicies = []string{"TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"}

var cloudFrontViewerTLS = Check{
	ID:          "cloudfront-viewer-tls-policy",
	Title:       "CloudFront distribution accepts viewers on TLS older than TLSv1.2_2021",
	Description: "A distribution's security policy sets the oldest TLS version and the ciphers it negotiates with viewers; policies before TLSv1.2_2021 accept TLS 1.0 or 1.1, or weaker ciphers. A distribution that serves the default *.cloudfront.net certificate cannot choose: CloudFront fixes its policy at TLSv1, so viewers can connect with TLS 1.0. Security Hub CloudFront.15 skips such distributions; srmscan fails them, because the customer's choice of the default domain is what leaves TLS 1.0 open, and the remedy (a custom domain with an ACM certificate) is the customer's. The security policy is the customer's setting.",
	Severity:    Medium,
	Category:    CustomerSpecific,
	Domain:      NetworkTrafficProtection,
	Service:     "cloudfront",
	// AWS keeps the edge's TLS stack patched; the customer picks which
	// versions it accepts.
	ServiceModel: Abstracted,
	ResourceType: "AWS::CloudFront::Distribution",
	Remediation: Remediation{
		Text:    "Serve the distribution with a custom certificate from ACM (us-east-1) and the TLSv1.2_2021 security policy or later; a distribution on the default *.cloudfront.net certificate needs an alternate domain name to do so.",
		Console: "CloudFront > Distributions > the distribution > General > Settings > Edit > Custom SSL certificate: choose the ACM certificate, Security policy: TLSv1.2_2021 (recommended) > Save changes.",
		CLI:     "aws cloudfront get-distribution-config --id <id> > cfg.json; set ViewerCertificate to {ACMCertificateArn:<arn>,SSLSupportMethod:sni-only,MinimumProtocolVersion:TLSv1.2_2021}; aws cloudfront update-distribution --id <id> --if-match <etag> --distribution-config file://cfg.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-security-policy-check.html", cloudFrontHub("cloudfront-15")},
	Needs: cloudFrontNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.CloudFront.Distributions {
			v := d.ViewerCertificate
			ev := map[string]any{"minimum_protocol_version": v.MinimumProtocolVersion, "cloudfront_default_certificate": v.CloudFrontDefault}
			// A certificate of the customer's decides, whatever the
			// default-certificate flag says: AWS never sets both, and an
			// endpoint that does has the certificate the customer chose.
			custom := v.ACMCertificateARN != "" || v.IAMCertificateID != ""
			switch {
			case !custom && !v.CloudFrontDefault:
				out = append(out, distributionResult(d, Unknown, distributionName(d)+": its viewer certificate was not collected", ev))
			case !custom:
				out = append(out, distributionResult(d, Fail, distributionName(d)+" serves the default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1: viewers can connect with TLS 1.0", ev))
			case v.MinimumProtocolVersion == "":
				out = append(out, distributionResult(d, Unknown, distributionName(d)+": its security policy was not collected", ev))
			case slices.Contains(recommendedViewerPolicies, v.MinimumProtocolVersion):
				out = append(out, distributionResult(d, Pass, distributionName(d)+" uses security policy "+v.MinimumProtocolVersion, ev))
			default:
				out = append(out, distributionResult(d, Fail, distributionName(d)+" uses security policy "+v.MinimumProtocolVersion+", older than TLSv1.2_2021", ev))
			}
		}
		return out
	},
}

var cloudFrontWAF = Check{
	ID:           "cloudfront-waf-enabled",
	Title:        "CloudFront distribution has no web ACL",
	Description:  "A distribution without an AWS WAF web ACL passes every request to its origins unfiltered: no managed rules against common exploits, no rate limiting, no IP or geographic blocks at the edge. AWS runs the edge and absorbs network-layer attacks (AWS Shield Standard); filtering application requests is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "cloudfront",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CloudFront::Distribution",
	Remediation: Remediation{
		Text:    "Create an AWS WAF web ACL with the CLOUDFRONT scope (in us-east-1), with at least AWS's core managed rule group, and associate it with the distribution.",
		Console: "CloudFront > Distributions > the distribution > Security > Edit > Enable AWS WAF protections (or choose an existing web ACL) > Save changes.",
		CLI:     "aws cloudfront get-distribution-config --id <id> > cfg.json; set WebACLId to the web ACL's ARN; aws cloudfront update-distribution --id <id> --if-match <etag> --distribution-config file://cfg.json",
	},
	References: []string{"https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-associated-with-waf.html", cloudFrontHub("cloudfront-6")},
	Needs: cloudFrontNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.CloudFront.Distributions {
			ev := map[string]any{"web_acl_id": d.WebACLID}
			if d.WebACLID == "" {
				out = append(out, distributionResult(d, Fail, distributionName(d)+" has no AWS WAF web ACL", ev))
			} else {
				out = append(out, distributionResult(d, Pass, distributionName(d)+" is protected by web ACL "+d.WebACLID, ev))
			}
		}
		return out
	},
}

var cloudFrontS3OAC = Check{
	ID:           "cloudfront-s3-origin-access-control",
	Title:        "CloudFront S3 origin without origin access control",
	Description:  "An S3 origin reached without origin access control (OAC) is either a bucket the distribution reads anonymously, which must then be readable by anyone and so can be fetched around CloudFront, its web ACL and its logs, or one reached through a legacy origin access identity (OAI), which AWS has replaced with OAC (OAI does not sign requests with SigV4, so it cannot read SSE-KMS objects, nor work in regions opened after 2022). Who may read the bucket is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "cloudfront",
	ServiceModel: Abstracted,
	ResourceType: "AWS::CloudFront::Distribution",
	Remediation: Remediation{
		Text:    "Create an origin access control for S3, attach it to each S3 origin, remove any OAI, and let only the cloudfront.amazonaws.com service principal with aws:SourceArn of this distribution read the bucket; then turn off public access to the bucket.",
		Console: "CloudFront > Distributions > the distribution > Origins > the S3 origin > Edit > Origin access: Origin access control settings (recommended) > Create new OAC > Save changes; copy the bucket policy CloudFront offers into the bucket.",
		CLI:     "aws cloudfront create-origin-access-control --origin-access-control-config Name=<name>,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3; then set OriginAccessControlId on the origin (and an empty OriginAccessIdentity) with update-distribution",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-s3-origin-access-control-enabled.html", cloudFrontHub("cloudfront-13")},
	Needs: cloudFrontNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.CloudFront.Distributions {
			var without []string
			s3 := 0
			for _, o := range d.Origins {
				if o.Type != "s3" {
					continue
				}
				s3++
				if o.OriginAccessControlID == "" {
					without = append(without, o.ID)
				}
			}
			if s3 == 0 {
				continue
			}
			ev := map[string]any{"s3_origins": s3, "origins_without_oac": without}
			if len(without) > 0 {
				out = append(out, distributionResult(d, Fail, distributionName(d)+" reaches S3 origins "+strings.Join(without, ", ")+" without origin access control", ev))
			} else {
				out = append(out, distributionResult(d, Pass, distributionName(d)+" reaches every S3 origin through origin access control", ev))
			}
		}
		return out
	},
}

var cloudFrontLogging = Check{
	ID:            "cloudfront-logging",
	Title:         "CloudFront distribution does not log requests",
	Description:   "Standard logging writes a record of every viewer request (client address, path, TLS version, result) to an S3 bucket. Without it there is no record of who fetched what through the edge, which an investigation needs. Only the legacy standard logging setting in the distribution's configuration is read: logs delivered through CloudWatch Logs vended delivery (standard logging v2) or real-time logs are not seen, so a distribution that uses only those fails here and the finding can be suppressed. AWS runs the logging; turning it on is part of the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "cloudfront",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::CloudFront::Distribution",
	Remediation: Remediation{
		Text:    "Turn on standard logging to an S3 bucket that has ACLs enabled for the CloudFront log delivery, or configure standard logging (v2) delivery.",
		Console: "CloudFront > Distributions > the distribution > Logging > Add > Amazon S3 (or Settings > Edit > Standard logging: On, choose the bucket) > Save changes.",
		CLI:     "aws cloudfront get-distribution-config --id <id> > cfg.json; set Logging to {Enabled:true,IncludeCookies:false,Bucket:<bucket>.s3.amazonaws.com,Prefix:<prefix>}; aws cloudfront update-distribution --id <id> --if-match <etag> --distribution-config file://cfg.json",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html",
		"https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-accesslogs-enabled.html", cloudFrontHub("cloudfront-5")},
	Needs: append(slices.Clone(cloudFrontNeeds), op("cloudfront", "GetDistributionConfig")),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.CloudFront.Distributions {
			switch l := d.Logging; {
			case l == nil:
				out = append(out, distributionResult(d, Unknown, distributionName(d)+": its configuration was not read", nil))
			case l.Enabled:
				out = append(out, distributionResult(d, Pass, distributionName(d)+" logs requests to "+l.Bucket, map[string]any{"bucket": l.Bucket, "prefix": l.Prefix}))
			default:
				out = append(out, distributionResult(d, Fail, distributionName(d)+" has standard logging off", map[string]any{"logging_enabled": false}))
			}
		}
		return out
	},
}
