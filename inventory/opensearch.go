package inventory

import (
	"fmt"
	"time"
)

// OpenSearch holds the OpenSearch Service domains of every scanned region.
// It is a container service: AWS runs the nodes, their OS and the engine;
// the customer decides who may reach a domain, whether its data and
// traffic are encrypted, and when service software updates are applied.
type OpenSearch struct {
	Domains []OpenSearchDomain `json:"domains"`
}

// OpenSearchDomain is a domain as DescribeDomains gives it; when that
// failed only its name and ARN are known.
type OpenSearchDomain struct {
	Resource
	Name string `json:"name"`
	// EngineVersion is "OpenSearch_2.13" or "Elasticsearch_7.10".
	EngineVersion string `json:"engine_version,omitempty"`
	// AccessPolicy is the domain's resource policy document, empty when
	// it has none.
	AccessPolicy string `json:"access_policy,omitempty"`
	// VPCID is set when the domain sits in a VPC; its endpoint then
	// answers only inside it, whatever the access policy allows.
	VPCID string `json:"vpc_id,omitempty"`
	// VPCSubnetIDs are the subnets its endpoint sits in. Emulators that
	// leave VPCId out (moto) still give these.
	VPCSubnetIDs []string `json:"vpc_subnet_ids,omitempty"`
	// EncryptionAtRest and NodeToNodeEncryption are chosen at creation
	// (or once, on later versions) and cannot be turned off again.
	EncryptionAtRest     bool   `json:"encryption_at_rest"`
	KMSKeyID             string `json:"kms_key_id,omitempty"`
	NodeToNodeEncryption bool   `json:"node_to_node_encryption"`
	// EnforceHTTPS is whether the endpoint refuses plain HTTP;
	// TLSSecurityPolicy is "Policy-Min-TLS-1-0-2019-07",
	// "Policy-Min-TLS-1-2-2019-07" or "Policy-Min-TLS-1-2-PFS-2023-10".
	EnforceHTTPS      bool   `json:"enforce_https"`
	TLSSecurityPolicy string `json:"tls_security_policy,omitempty"`
	// FineGrainedAccessControl is AdvancedSecurityOptions.Enabled: users,
	// roles and document-level permissions inside the domain.
	FineGrainedAccessControl bool `json:"fine_grained_access_control"`
	// UpdateAvailable is whether a service software update is waiting;
	// AutomatedUpdateDate is when AWS will apply it by itself (zero when
	// none is scheduled).
	UpdateAvailable     bool      `json:"update_available"`
	UpdateStatus        string    `json:"update_status,omitempty"`
	AutomatedUpdateDate time.Time `json:"automated_update_date,omitzero"`
	// LogTypes are the log types published to CloudWatch Logs
	// ("AUDIT_LOGS", "ES_APPLICATION_LOGS", ...), sorted.
	LogTypes []string `json:"log_types,omitempty"`
}

// InVPC reports whether the domain's endpoint answers only inside a VPC.
func (d OpenSearchDomain) InVPC() bool { return d.VPCID != "" || len(d.VPCSubnetIDs) > 0 }

// OpenSearchDomainARN builds a domain's ARN (the service keeps its old
// "es" namespace).
func OpenSearchDomainARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:es:%s:%s:domain/%s", orAWS(partition), region, account, name)
}

func (inv *Inventory) normalizeOpenSearch(fill func(r *Resource, arn string)) {
	for i := range inv.OpenSearch.Domains {
		x := &inv.OpenSearch.Domains[i]
		fill(&x.Resource, OpenSearchDomainARN(inv.Partition, x.Region, inv.AccountID, x.Name))
	}
}
