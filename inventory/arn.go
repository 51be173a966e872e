package inventory

import (
	"fmt"
	"strings"
)

// EC2 does not return ARNs for most of its resources; collectors build them
// with these functions so every ARN in a report has one spelling.

// EC2ARN builds an EC2 resource ARN, e.g. kind "security-group" and id
// "sg-0123" in region us-east-1.
func EC2ARN(partition, region, account, kind, id string) string {
	return fmt.Sprintf("arn:%s:ec2:%s:%s:%s/%s", orAWS(partition), region, account, kind, id)
}

// ImageARN builds an AMI's ARN. AMIs have no account in their ARN.
func ImageARN(partition, region, id string) string {
	return fmt.Sprintf("arn:%s:ec2:%s::image/%s", orAWS(partition), region, id)
}

// SnapshotARN builds an EBS snapshot's ARN. Snapshots have no account in
// their ARN.
func SnapshotARN(partition, region, id string) string {
	return fmt.Sprintf("arn:%s:ec2:%s::snapshot/%s", orAWS(partition), region, id)
}

// RegionSettingsARN names the account-level EC2 settings of a region. AWS has
// no ARN for them; this pseudo-ARN keeps findings about them addressable.
func RegionSettingsARN(partition, region, account string) string {
	return fmt.Sprintf("arn:%s:ec2:%s:%s:account-settings", orAWS(partition), region, account)
}

// BucketARN builds an S3 bucket's ARN.
func BucketARN(partition, name string) string {
	return fmt.Sprintf("arn:%s:s3:::%s", orAWS(partition), name)
}

// AccountARN is the account's root principal ARN.
func AccountARN(partition, account string) string {
	return fmt.Sprintf("arn:%s:iam::%s:root", orAWS(partition), account)
}

// IAMARN builds an IAM ARN for kind "user", "role", "group", "policy" or
// "server-certificate", with path ("/" when empty) and name.
func IAMARN(partition, account, kind, path, name string) string {
	if path == "" {
		path = "/"
	}
	return fmt.Sprintf("arn:%s:iam::%s:%s%s%s", orAWS(partition), account, kind, path, name)
}

// PartitionOf returns the partition of an ARN ("aws", "aws-cn", ...), or
// "aws" when arn is not one.
func PartitionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 || parts[0] != "arn" || parts[1] == "" {
		return "aws"
	}
	return parts[1]
}

func orAWS(partition string) string {
	if partition == "" {
		return "aws"
	}
	return partition
}

// Normalize fills what a hand-written account description may leave out:
// the schema version, partition, each resource's account ID and ARN. It
// never overwrites a value that is set.
func (inv *Inventory) Normalize() {
	if inv.SchemaVersion == 0 {
		inv.SchemaVersion = SchemaVersion
	}
	if inv.Partition == "" {
		inv.Partition = "aws"
	}
	p, acct := inv.Partition, inv.AccountID
	fill := func(r *Resource, arn string) {
		if r.AccountID == "" {
			r.AccountID = acct
		}
		if r.ARN == "" {
			r.ARN = arn
		}
	}
	e := &inv.EC2
	for i := range e.Instances {
		x := &e.Instances[i]
		fill(&x.Resource, EC2ARN(p, x.Region, acct, "instance", x.ID))
	}
	for i := range e.SecurityGroups {
		x := &e.SecurityGroups[i]
		fill(&x.Resource, EC2ARN(p, x.Region, acct, "security-group", x.ID))
	}
	for i := range e.NetworkACLs {
		x := &e.NetworkACLs[i]
		fill(&x.Resource, EC2ARN(p, x.Region, acct, "network-acl", x.ID))
	}
	for i := range e.VPCs {
		x := &e.VPCs[i]
		fill(&x.Resource, EC2ARN(p, x.Region, acct, "vpc", x.ID))
	}
	for i := range e.FlowLogs {
		x := &e.FlowLogs[i]
		fill(&x.Resource, EC2ARN(p, x.Region, acct, "vpc-flow-log", x.ID))
	}
	for i := range e.Volumes {
		x := &e.Volumes[i]
		fill(&x.Resource, EC2ARN(p, x.Region, acct, "volume", x.ID))
	}
	for i := range e.Snapshots {
		x := &e.Snapshots[i]
		fill(&x.Resource, SnapshotARN(p, x.Region, x.ID))
	}
	for i := range e.Images {
		x := &e.Images[i]
		fill(&x.Resource, ImageARN(p, x.Region, x.ID))
	}
	for i := range e.RegionSettings {
		x := &e.RegionSettings[i]
		fill(&x.Resource, RegionSettingsARN(p, x.Region, acct))
	}
	for i := range inv.S3.Buckets {
		x := &inv.S3.Buckets[i]
		fill(&x.Resource, BucketARN(p, x.Name))
	}
	m := &inv.IAM
	for i := range m.Users {
		x := &m.Users[i]
		fill(&x.Resource, IAMARN(p, acct, "user", x.Path, x.Name))
	}
	for i := range m.Groups {
		x := &m.Groups[i]
		fill(&x.Resource, IAMARN(p, acct, "group", x.Path, x.Name))
	}
	for i := range m.Roles {
		x := &m.Roles[i]
		fill(&x.Resource, IAMARN(p, acct, "role", x.Path, x.Name))
	}
	for i := range m.Policies {
		x := &m.Policies[i]
		fill(&x.Resource, IAMARN(p, acct, "policy", x.Path, x.Name))
	}
	for i := range m.ServerCertificates {
		x := &m.ServerCertificates[i]
		fill(&x.Resource, IAMARN(p, acct, "server-certificate", "/", x.Name))
	}
	inv.normalizeDatabases(fill)
	inv.normalizeSecurity(fill)
	inv.normalizeLogging(fill)
	inv.normalizeMessaging(fill)
	inv.normalizeEMR(fill)
	inv.normalizeSSM(fill)
	inv.normalizeLambda(fill)
	inv.normalizeECR(fill)
	inv.normalizeEKS(fill)
	inv.normalizeBeanstalk(fill)
	inv.normalizeECS(fill)
	inv.normalizeELB(fill)
	inv.normalizeACM(fill)
	inv.normalizeSecretsCache(fill)
	inv.normalizeRedshift(fill)
	inv.normalizeCloudFront(fill)
	inv.normalizeBackup(fill)
	inv.normalizeOpenSearch(fill)
	inv.normalizeAPIGateway(fill)
}
