package inventory

// CloudFront holds the account's CloudFront distributions. CloudFront is
// global: its resources have no region.
type CloudFront struct {
	Distributions []Distribution `json:"distributions"`
}

// Distribution is a CloudFront distribution, as ListDistributions
// summarises it; Logging comes from GetDistributionConfig, since the
// summary leaves it out.
type Distribution struct {
	Resource
	ID         string   `json:"id"`
	DomainName string   `json:"domain_name"`
	Aliases    []string `json:"aliases,omitempty"`
	Enabled    bool     `json:"enabled"`
	// CacheBehaviors lists the default behavior first (path pattern "*"),
	// then the others in the distribution's order.
	CacheBehaviors    []CacheBehavior   `json:"cache_behaviors"`
	Origins           []Origin          `json:"origins"`
	ViewerCertificate ViewerCertificate `json:"viewer_certificate"`
	// WebACLID is the AWS WAF web ACL's ARN (WAFv2) or ID (WAF Classic);
	// empty when none is attached.
	WebACLID string `json:"web_acl_id,omitempty"`
	// Logging is the standard (legacy) access log setting; nil when
	// GetDistributionConfig was not read.
	Logging *DistributionLogging `json:"logging,omitempty"`
}

// CacheBehavior is one path pattern's viewer protocol policy.
type CacheBehavior struct {
	PathPattern string `json:"path_pattern"`
	// ViewerProtocolPolicy is allow-all, redirect-to-https or https-only.
	ViewerProtocolPolicy string `json:"viewer_protocol_policy"`
}

// Origin is where a distribution fetches content from.
type Origin struct {
	ID         string `json:"id"`
	DomainName string `json:"domain_name"`
	// Type is "s3" (S3OriginConfig), "custom" (CustomOriginConfig: a
	// website endpoint, load balancer or any HTTP server) or "vpc".
	Type string `json:"type"`
	// OriginProtocolPolicy is http-only, match-viewer or https-only
	// (custom origins only).
	OriginProtocolPolicy string `json:"origin_protocol_policy,omitempty"`
	// OriginSSLProtocols are the protocols CloudFront may use to reach a
	// custom origin over HTTPS: SSLv3, TLSv1, TLSv1.1, TLSv1.2.
	OriginSSLProtocols    []string `json:"origin_ssl_protocols,omitempty"`
	OriginAccessControlID string   `json:"origin_access_control_id,omitempty"`
	// OriginAccessIdentity is the legacy OAI ("origin-access-identity/cloudfront/ID").
	OriginAccessIdentity string `json:"origin_access_identity,omitempty"`
}

// ViewerCertificate is the certificate a distribution serves viewers.
type ViewerCertificate struct {
	// CloudFrontDefault is set when the distribution serves the
	// *.cloudfront.net certificate, whose TLS settings AWS fixes.
	CloudFrontDefault bool   `json:"cloudfront_default"`
	ACMCertificateARN string `json:"acm_certificate_arn,omitempty"`
	IAMCertificateID  string `json:"iam_certificate_id,omitempty"`
	// MinimumProtocolVersion is the security policy, e.g. TLSv1.2_2021.
	MinimumProtocolVersion string `json:"minimum_protocol_version,omitempty"`
	SSLSupportMethod       string `json:"ssl_support_method,omitempty"`
}

// DistributionLogging is a distribution's standard logging setting.
type DistributionLogging struct {
	Enabled bool   `json:"enabled"`
	Bucket  string `json:"bucket,omitempty"`
	Prefix  string `json:"prefix,omitempty"`
}

// DistributionARN builds a distribution's ARN; CloudFront ARNs name no
// region.
func DistributionARN(partition, account, id string) string {
	return "arn:" + orAWS(partition) + ":cloudfront::" + account + ":distribution/" + id
}

func (inv *Inventory) normalizeCloudFront(fill func(r *Resource, arn string)) {
	for i := range inv.CloudFront.Distributions {
		x := &inv.CloudFront.Distributions[i]
		fill(&x.Resource, DistributionARN(inv.Partition, inv.AccountID, x.ID))
	}
}
