package inventory

import "time"

// ACM holds the certificates AWS Certificate Manager keeps in every
// scanned region.
type ACM struct {
	Certificates []Certificate `json:"certificates"`
}

// Certificate is an ACM certificate. Its details come from
// DescribeCertificate; when that failed only its ARN, domain and what
// ListCertificates summarises are known.
type Certificate struct {
	Resource
	DomainName string `json:"domain_name"`
	// Type is AMAZON_ISSUED, IMPORTED or PRIVATE: ACM renews the first
	// (and private ones it issued) by itself, never an imported one.
	Type   string `json:"type"`
	Status string `json:"status"` // ISSUED, EXPIRED, PENDING_VALIDATION, ...
	// KeyAlgorithm is as ListCertificates' filter spells it: RSA_2048,
	// EC_prime256v1 (DescribeCertificate writes "RSA-2048").
	KeyAlgorithm string    `json:"key_algorithm"`
	NotBefore    time.Time `json:"not_before,omitzero"`
	NotAfter     time.Time `json:"not_after,omitzero"`
	// InUseBy are the ARNs of the resources (load balancers, CloudFront
	// distributions) that serve the certificate.
	InUseBy            []string `json:"in_use_by,omitempty"`
	RenewalEligibility string   `json:"renewal_eligibility,omitempty"`
}

// CertificateARN builds an ACM certificate's ARN from its ID.
func CertificateARN(partition, region, account, id string) string {
	return "arn:" + orAWS(partition) + ":acm:" + region + ":" + account + ":certificate/" + id
}

// normalizeACM fills the accounts of certificates; their ARNs carry an ID
// AWS makes up, so a hand-written one must give its ARN.
func (inv *Inventory) normalizeACM(fill func(r *Resource, arn string)) {
	for i := range inv.ACM.Certificates {
		x := &inv.ACM.Certificates[i]
		fill(&x.Resource, x.ARN)
	}
}
