package inventory

import (
	"fmt"
	"time"
)

// Redshift holds the provisioned Redshift clusters of every scanned region
// and the parameter groups they use.
type Redshift struct {
	Clusters []RedshiftCluster `json:"clusters"`
	// ParameterGroups are the parameter groups the clusters name, each
	// read once per region with DescribeClusterParameters.
	ParameterGroups []RedshiftParameterGroup `json:"parameter_groups"`
}

// RedshiftCluster is a provisioned cluster from DescribeClusters, with its
// audit logging status from DescribeLoggingStatus.
type RedshiftCluster struct {
	Resource
	ID                 string `json:"id"`
	Status             string `json:"status,omitempty"`
	NodeType           string `json:"node_type,omitempty"`
	Version            string `json:"version,omitempty"`
	PubliclyAccessible bool   `json:"publicly_accessible"`
	Encrypted          bool   `json:"encrypted"`
	KMSKeyID           string `json:"kms_key_id,omitempty"`
	// AllowVersionUpgrade lets Redshift apply major engine upgrades in
	// the maintenance window.
	AllowVersionUpgrade bool `json:"allow_version_upgrade"`
	// ParameterGroups are the names of the cluster's parameter groups
	// (a cluster has one; the API lists them).
	ParameterGroups []string `json:"parameter_groups,omitempty"`
	// AutomatedSnapshotRetentionPeriod is in days; 0 turns automated
	// snapshots off.
	AutomatedSnapshotRetentionPeriod int32 `json:"automated_snapshot_retention_period"`
	EnhancedVPCRouting               bool  `json:"enhanced_vpc_routing"`
	// LoggingEnabled is audit logging (to S3 or CloudWatch Logs).
	LoggingEnabled bool      `json:"logging_enabled"`
	CreatedAt      time.Time `json:"created_at,omitzero"`
	Tags           Tags      `json:"tags,omitempty"`
}

// RedshiftParameterGroup is a cluster parameter group's require_ssl,
// from DescribeClusterParameters. Default groups (default.redshift-1.0)
// have require_ssl false.
type RedshiftParameterGroup struct {
	Resource
	Name       string `json:"name"`
	RequireSSL bool   `json:"require_ssl"`
}

// RedshiftARN builds a Redshift ARN; kind is "cluster" or "parametergroup".
func RedshiftARN(partition, region, account, kind, name string) string {
	return fmt.Sprintf("arn:%s:redshift:%s:%s:%s:%s", orAWS(partition), region, account, kind, name)
}

// normalizeRedshift fills the ARNs and accounts of Redshift resources, as
// Normalize does for the others.
func (inv *Inventory) normalizeRedshift(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.Redshift.Clusters {
		x := &inv.Redshift.Clusters[i]
		fill(&x.Resource, RedshiftARN(p, x.Region, acct, "cluster", x.ID))
	}
	for i := range inv.Redshift.ParameterGroups {
		x := &inv.Redshift.ParameterGroups[i]
		fill(&x.Resource, RedshiftARN(p, x.Region, acct, "parametergroup", x.Name))
	}
}
