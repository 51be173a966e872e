package inventory

import (
	"fmt"
	"time"
)

// ECR holds the private repositories and registry settings of every
// scanned region: each region has a registry of its own.
type ECR struct {
	Repositories []Repository `json:"repositories"`
	// Registries holds each region's registry scanning configuration, for
	// the regions where it was read.
	Registries []Registry `json:"registries"`
}

// Registry is one region's private registry and how it scans images.
type Registry struct {
	Region string `json:"region"`
	// ScanType is "BASIC" or "ENHANCED" (Amazon Inspector).
	ScanType string `json:"scan_type"`
	// Rules say which repositories are scanned, and when.
	Rules []ScanningRule `json:"rules,omitempty"`
}

// ScanningRule is a registry scanning rule: repositories whose names match
// one of Filters are scanned at ScanFrequency.
type ScanningRule struct {
	// ScanFrequency is "SCAN_ON_PUSH", "CONTINUOUS_SCAN" or "MANUAL".
	ScanFrequency string `json:"scan_frequency"`
	// Filters are repository-name patterns where "*" matches any run of
	// characters (filter type WILDCARD, the only one ECR has).
	Filters []string `json:"filters"`
}

// Repository is a private ECR repository.
type Repository struct {
	Resource
	Name string `json:"name"`
	URI  string `json:"uri,omitempty"`
	// ScanOnPush is the repository's own basic-scanning setting; a
	// registry rule can scan it as well (see Registry).
	ScanOnPush bool `json:"scan_on_push"`
	// ImageTagMutability is "MUTABLE" or "IMMUTABLE", or either with
	// "_WITH_EXCLUSION" when some tags are exempt.
	ImageTagMutability string `json:"image_tag_mutability"`
	// EncryptionType is "AES256" (keys ECR manages), "KMS" or "KMS_DSSE".
	EncryptionType string `json:"encryption_type,omitempty"`
	KMSKey         string `json:"kms_key,omitempty"`
	// Policy is the repository policy as JSON, empty when it has none
	// (only the owning account's principals may then use it).
	Policy string `json:"policy,omitempty"`
	// LifecyclePolicy is the lifecycle policy as JSON, empty when it has
	// none (images are then kept for ever).
	LifecyclePolicy string    `json:"lifecycle_policy,omitempty"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
}

// RepositoryARN builds an ECR repository's ARN.
func RepositoryARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", orAWS(partition), region, account, name)
}

// RepositoryURI builds the URI images are pushed to and pulled from.
func RepositoryURI(region, account, name string) string {
	return fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", account, region, name)
}

// normalizeECR fills the ARNs, URIs and accounts of ECR repositories, as
// Normalize does for the others.
func (inv *Inventory) normalizeECR(fill func(r *Resource, arn string)) {
	for i := range inv.ECR.Repositories {
		x := &inv.ECR.Repositories[i]
		fill(&x.Resource, RepositoryARN(inv.Partition, x.Region, inv.AccountID, x.Name))
		if x.URI == "" {
			x.URI = RepositoryURI(x.Region, x.AccountID, x.Name)
		}
	}
}
