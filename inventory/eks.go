package inventory

import (
	"fmt"
	"time"
)

// EKS holds the EKS clusters and their managed node groups of every
// scanned region. The control plane is a container service: AWS runs and
// patches it, the customer picks its Kubernetes version, who may reach its
// API, what it logs and how secrets are encrypted.
type EKS struct {
	Clusters []EKSCluster `json:"clusters"`
	// NodeGroups are the managed node groups. Self-managed nodes are EC2
	// instances and are read as such.
	NodeGroups []NodeGroup `json:"node_groups"`
}

// EKSCluster is an EKS cluster as DescribeCluster gives it; when that
// failed only its name and ARN are known.
type EKSCluster struct {
	Resource
	Name string `json:"name"`
	// Version is the control plane's Kubernetes minor version ("1.31").
	Version         string    `json:"version,omitempty"`
	PlatformVersion string    `json:"platform_version,omitempty"`
	Status          string    `json:"status,omitempty"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	// EndpointPublicAccess is whether the Kubernetes API answers from the
	// internet; PublicAccessCIDRs are the sources it answers there (AWS
	// gives 0.0.0.0/0 when none were set).
	EndpointPublicAccess  bool     `json:"endpoint_public_access"`
	EndpointPrivateAccess bool     `json:"endpoint_private_access"`
	PublicAccessCIDRs     []string `json:"public_access_cidrs,omitempty"`
	// LogTypes are the control-plane log types sent to CloudWatch Logs
	// ("api", "audit", "authenticator", "controllerManager", "scheduler"),
	// sorted; empty when none is.
	LogTypes []string `json:"log_types,omitempty"`
	// SecretsKeyARN is the customer's KMS key that envelope-encrypts
	// Kubernetes secrets (and, on current EKS, all Kubernetes API data),
	// empty when the cluster names none.
	SecretsKeyARN string `json:"secrets_key_arn,omitempty"`
	Tags          Tags   `json:"tags,omitempty"`
}

// NodeGroup is an EKS managed node group as DescribeNodegroup gives it;
// when that failed only its name, cluster and ARN are known.
type NodeGroup struct {
	Resource
	Name        string `json:"name"`
	ClusterName string `json:"cluster_name"`
	// Version is the nodes' Kubernetes minor version, which EKS does not
	// raise when the control plane is upgraded.
	Version string `json:"version,omitempty"`
	// ReleaseVersion is the EKS optimised AMI release the nodes run
	// ("1.31.2-20241121" for Amazon Linux), or the AMI ID when AMIType is
	// CUSTOM.
	ReleaseVersion string `json:"release_version,omitempty"`
	// AMIType is "AL2023_x86_64_STANDARD", "BOTTLEROCKET_ARM_64",
	// "WINDOWS_CORE_2022_x86_64", ... or "CUSTOM" for a launch template's
	// own AMI.
	AMIType   string    `json:"ami_type,omitempty"`
	Status    string    `json:"status,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	// HealthIssues are the codes of the node group's health issues
	// ("AmiIdNotFound", "Ec2LaunchTemplateVersionMismatch", ...).
	HealthIssues []string `json:"health_issues,omitempty"`
	Tags         Tags     `json:"tags,omitempty"`
}

// EKSClusterARN builds an EKS cluster's ARN.
func EKSClusterARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:eks:%s:%s:cluster/%s", orAWS(partition), region, account, name)
}

// NodeGroupARN builds a managed node group's ARN without the ID EKS
// appends, as collectors name a node group that could not be described.
func NodeGroupARN(partition, region, account, cluster, name string) string {
	return fmt.Sprintf("arn:%s:eks:%s:%s:nodegroup/%s/%s", orAWS(partition), region, account, cluster, name)
}

// normalizeEKS fills the ARNs and accounts of EKS resources, as Normalize
// does for the others.
func (inv *Inventory) normalizeEKS(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.EKS.Clusters {
		x := &inv.EKS.Clusters[i]
		fill(&x.Resource, EKSClusterARN(p, x.Region, acct, x.Name))
	}
	for i := range inv.EKS.NodeGroups {
		x := &inv.EKS.NodeGroups[i]
		fill(&x.Resource, NodeGroupARN(p, x.Region, acct, x.ClusterName, x.Name))
	}
}
