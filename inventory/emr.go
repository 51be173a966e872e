package inventory

import (
	"fmt"
	"time"
)

// EMR holds the Amazon EMR state of every scanned region: the account's
// block public access configuration, the clusters that are running (or
// about to), and the security configurations those clusters name.
type EMR struct {
	// Regions holds one entry per scanned region whose block public access
	// configuration was read; a region that could not be read has none,
	// and a collection error instead.
	Regions  []EMRRegion  `json:"regions"`
	Clusters []EMRCluster `json:"clusters"`
	// SecurityConfigurations are the ones the collected clusters name,
	// each read once per region: EMR lists no others worth reading, since
	// a configuration no cluster uses protects nothing.
	SecurityConfigurations []EMRSecurityConfiguration `json:"security_configurations"`
}

// EMRRegion is one region's account-level EMR settings.
type EMRRegion struct {
	Resource
	// BlockPublicSecurityGroupRules is EMR block public access: on, EMR
	// refuses to launch a cluster whose security groups admit 0.0.0.0/0 or
	// ::/0 on a port outside PermittedPorts. It is on by default only in
	// regions where the account had created no cluster before November 2019.
	BlockPublicSecurityGroupRules bool `json:"block_public_security_group_rules"`
	// PermittedPorts are the exceptions, port 22 unless changed.
	PermittedPorts []PortRange `json:"permitted_ports,omitempty"`
}

// PortRange is an inclusive range of ports.
type PortRange struct {
	From int32 `json:"from"`
	To   int32 `json:"to"`
}

// EMRCluster is an EMR cluster in an active state (STARTING,
// BOOTSTRAPPING, RUNNING, WAITING). Its details come from DescribeCluster;
// when that failed only its ID, name and state are known.
type EMRCluster struct {
	Resource
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	// SecurityConfiguration names the cluster's security configuration,
	// empty when it has none (no encryption, no Kerberos).
	SecurityConfiguration string `json:"security_configuration,omitempty"`
	ReleaseLabel          string `json:"release_label,omitempty"`
	// MasterPublicDNSName is the primary node's DNS name: its public name
	// when the cluster runs in a public subnet, its private one otherwise.
	// Empty while the node has not yet been given an address.
	MasterPublicDNSName string `json:"master_public_dns_name,omitempty"`
	SubnetID            string `json:"subnet_id,omitempty"`
	// MasterSecurityGroupIDs are the primary node's security groups: the
	// one EMR manages first, then the additional ones.
	MasterSecurityGroupIDs []string  `json:"master_security_group_ids,omitempty"`
	CreatedAt              time.Time `json:"created_at,omitzero"`
	Tags                   Tags      `json:"tags,omitempty"`
}

// EMRSecurityConfiguration is an EMR security configuration. AWS gives it
// no ARN; its ARN here is srmscan's (EMRSecurityConfigurationARN), so that
// a failure to read it can be recorded against it.
type EMRSecurityConfiguration struct {
	Resource
	Name string `json:"name"`
	// Document is the configuration as EMR returns it, JSON: encryption at
	// rest and in transit, authentication (Kerberos), authorization.
	Document  string    `json:"document"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// EMRClusterARN builds an EMR cluster's ARN.
func EMRClusterARN(partition, region, account, id string) string {
	return fmt.Sprintf("arn:%s:elasticmapreduce:%s:%s:cluster/%s", orAWS(partition), region, account, id)
}

// EMRSecurityConfigurationARN names a security configuration in the form
// of EMR's other ARNs; AWS has none for it.
func EMRSecurityConfigurationARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:elasticmapreduce:%s:%s:security-configuration/%s", orAWS(partition), region, account, name)
}

func (inv *Inventory) normalizeEMR(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.EMR.Regions {
		x := &inv.EMR.Regions[i]
		fill(&x.Resource, ServiceSettingsARN(p, "elasticmapreduce", x.Region, acct))
	}
	for i := range inv.EMR.Clusters {
		x := &inv.EMR.Clusters[i]
		fill(&x.Resource, EMRClusterARN(p, x.Region, acct, x.ID))
	}
	for i := range inv.EMR.SecurityConfigurations {
		x := &inv.EMR.SecurityConfigurations[i]
		fill(&x.Resource, EMRSecurityConfigurationARN(p, x.Region, acct, x.Name))
	}
}
