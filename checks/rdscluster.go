package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// rdsClusterChecks are the customer's duties on DB clusters: Aurora, whose
// storage, backups, deletion protection and IAM authentication belong to
// the cluster rather than to its instances, and Multi-AZ DB clusters. Like
// RDS instances they sit in the container model.
//
// A member instance is judged where its setting lives: the cluster checks
// judge storage encryption, backup retention, deletion protection and
// (over all members together) minor-version upgrades, and the instance
// checks leave out members of a collected cluster, so one cluster with
// three instances gives one finding per duty, not four. Public
// accessibility stays an instance check: for Aurora it is set per
// instance.
var rdsClusterChecks = []Check{
	rdsClusterUnencrypted,
	rdsClusterAutoMinorUpgrade,
	rdsClusterBackupRetention,
	rdsClusterDeletionProtection,
	rdsClusterIAMAuth,
	rdsClusterSnapshotPublic,
	rdsClusterSnapshotUnencrypted,
}

// clusterKeys indexes the collected clusters by region and ID, for the
// instance checks that leave their members to the cluster checks.
func clusterKeys(inv *inventory.Inventory) map[[2]string]bool {
	out := make(map[[2]string]bool, len(inv.RDS.Clusters))
	for _, c := range inv.RDS.Clusters {
		out[[2]string{c.Region, c.ID}] = true
	}
	return out
}

// judgedByCluster reports whether an instance's cluster-held settings are
// judged on its cluster: it is a member, and the cluster was collected.
func judgedByCluster(clusters map[[2]string]bool, d inventory.DBInstance) bool {
	return d.ClusterID != "" && clusters[[2]string{d.Region, d.ClusterID}]
}

func clusterName(c inventory.DBCluster) string { return fmt.Sprintf("%s (%s)", c.ID, c.Engine) }

var rdsClusterUnencrypted = Check{
	ID:           "rds-cluster-unencrypted",
	Title:        "RDS DB cluster storage is not encrypted",
	Description:  "An Aurora or Multi-AZ DB cluster's storage, and with it every instance, automated backup and snapshot of the cluster, is encrypted only if the customer chose it when creating the cluster; it cannot be turned on later. This check decides storage encryption for cluster members, which rds-instance-unencrypted leaves out.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBCluster",
	Remediation: Remediation{
		Text:    "Encryption cannot be added to an existing cluster: snapshot it, copy the snapshot with a KMS key, restore a new cluster (and its instances) from the copy and move clients over.",
		Console: "RDS > Databases > the cluster > Actions > Take snapshot; then Snapshots > the snapshot > Actions > Copy snapshot: Enable encryption; then Actions > Restore snapshot.",
		CLI:     "aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <snapshot> --target-db-cluster-snapshot-identifier <snapshot>-encrypted --kms-key-id <key> && aws rds restore-db-cluster-from-snapshot --db-cluster-identifier <new-id> --snapshot-identifier <snapshot>-encrypted --engine <engine>",
	},
	References: []string{"CIS 2.3.1", "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27"},
	Needs: []Operation{op("rds", "DescribeDBClusters")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.RDS.Clusters {
			r := Result{Status: Pass, Region: c.Region, ResourceARN: c.ARN, Message: clusterName(c) + " has encrypted storage",
				Evidence: map[string]any{"storage_encrypted": c.StorageEncrypted, "engine": c.Engine}}
			if c.KMSKeyID != "" {
				r.Evidence["kms_key_id"] = c.KMSKeyID
			}
			if !c.StorageEncrypted {
				r.Status, r.Message = Fail, clusterName(c)+" stores its data, backups and snapshots unencrypted"
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsClusterAutoMinorUpgrade = Check{
	ID:            "rds-cluster-auto-minor-upgrade",
	Title:         "RDS DB cluster does not take minor engine upgrades",
	Description:   "AWS ships engine patches as minor versions; applying them is the customer's half of patch management. For Aurora the setting lives on each member instance, and a cluster whose writer takes upgrades while a reader does not runs mixed versions until someone steps in; newer clusters and Multi-AZ DB clusters also carry the setting at cluster level. The cluster fails if its own setting is off or any member's is; members are judged here, not by rds-instance-auto-minor-upgrade.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "rds",
	ServiceModel:  Container,
	ResourceType:  "AWS::RDS::DBCluster",
	Remediation: Remediation{
		Text:    "Turn on auto minor version upgrade on the cluster (where RDS offers it) and on every member instance; RDS then applies new minor versions in the maintenance window.",
		Console: "RDS > Databases > each instance of the cluster > Modify > Maintenance: Enable auto minor version upgrade (and the cluster > Modify, where it shows the setting).",
		CLI:     "aws rds modify-db-instance --db-instance-identifier <member> --auto-minor-version-upgrade --apply-immediately (for each member); aws rds modify-db-cluster --db-cluster-identifier <id> --auto-minor-version-upgrade --apply-immediately",
	},
	References: []string{"CIS 2.3.2", "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.Maintenance.html#Aurora.Maintenance.AMVU",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-35"},
	Needs: []Operation{op("rds", "DescribeDBClusters"), op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		instances := map[[2]string]inventory.DBInstance{}
		for _, d := range inv.RDS.Instances {
			instances[[2]string{d.Region, d.ID}] = d
		}
		var out []Result
		for _, c := range inv.RDS.Clusters {
			var off, missing []string
			for _, id := range c.Members {
				d, ok := instances[[2]string{c.Region, id}]
				switch {
				case !ok:
					missing = append(missing, id)
				case !d.AutoMinorVersionUpgrade:
					off = append(off, id)
				}
			}
			r := Result{Status: Pass, Region: c.Region, ResourceARN: c.ARN,
				Message:  fmt.Sprintf("%s %s takes minor engine upgrades on all %d instances", clusterName(c), c.EngineVersion, len(c.Members)),
				Evidence: map[string]any{"engine": c.Engine, "engine_version": c.EngineVersion, "members": c.Members}}
			if c.AutoMinorVersionUpgrade != nil {
				r.Evidence["cluster_auto_minor_version_upgrade"] = *c.AutoMinorVersionUpgrade
			}
			if len(off) > 0 {
				r.Evidence["members_without_auto_minor_version_upgrade"] = off
			}
			switch {
			case c.AutoMinorVersionUpgrade != nil && !*c.AutoMinorVersionUpgrade:
				r.Status = Fail
				r.Message = fmt.Sprintf("%s %s has auto minor version upgrade off at cluster level: engine patches wait for a manual upgrade", clusterName(c), c.EngineVersion)
			case len(off) > 0:
				r.Status = Fail
				r.Message = fmt.Sprintf("%s %s: instance(s) %s do not take minor engine upgrades", clusterName(c), c.EngineVersion, strings.Join(off, ", "))
			case len(missing) > 0:
				r.Status = Unknown
				r.Message = fmt.Sprintf("%s lists instance(s) %s that the instance listing did not return", clusterName(c), strings.Join(missing, ", "))
				r.Evidence["members_not_listed"] = missing
			case len(c.Members) == 0 && c.AutoMinorVersionUpgrade != nil:
				r.Message = clusterName(c) + " has auto minor version upgrade on at cluster level and no instances"
			case len(c.Members) == 0:
				r.Message = clusterName(c) + " has no instances, so no engine runs to be patched; the setting is chosen on each instance added"
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsClusterBackupRetention = Check{
	ID:            "rds-cluster-backup-retention",
	Title:         "RDS DB cluster keeps automated backups too briefly",
	Description:   "AWS backs a cluster up continuously; how many days it keeps (Aurora keeps at least one) is the customer's configuration, and the cluster's, not its instances'. Too short a retention means a corruption or deletion noticed late can no longer be undone. The minimum is thresholds.min_rds_backup_retention_days (default 7 days), as for instances.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "rds",
	ServiceModel:  Container,
	ResourceType:  "AWS::RDS::DBCluster",
	Remediation: Remediation{
		Text:    "Set the cluster's backup retention period to at least the minimum (RDS allows up to 35 days).",
		Console: "RDS > Databases > the cluster > Modify > Backup: Backup retention period.",
		CLI:     "aws rds modify-db-cluster --db-cluster-identifier <id> --backup-retention-period 7 --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html"},
	Needs:      []Operation{op("rds", "DescribeDBClusters")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, c := range inv.RDS.Clusters {
			r := Result{Status: Pass, Region: c.Region, ResourceARN: c.ARN,
				Message:  fmt.Sprintf("%s keeps automated backups for %d days", clusterName(c), c.BackupRetentionPeriod),
				Evidence: map[string]any{"backup_retention_period": c.BackupRetentionPeriod, "min_days": cfg.MinBackupRetentionDays}}
			switch {
			case c.BackupRetentionPeriod == 0:
				r.Status, r.Message = Fail, clusterName(c)+" has automated backups turned off"
			case int(c.BackupRetentionPeriod) < cfg.MinBackupRetentionDays:
				r.Status = Fail
				r.Message = fmt.Sprintf("%s keeps automated backups for %d days (fewer than %d)", clusterName(c), c.BackupRetentionPeriod, cfg.MinBackupRetentionDays)
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsClusterDeletionProtection = Check{
	ID:            "rds-cluster-deletion-protection",
	Title:         "RDS DB cluster has no deletion protection",
	Description:   "Without deletion protection one API call, a mistaken script or a stolen credential, deletes the cluster and its storage. For a cluster the setting is the cluster's: its instances' own flag does not protect the data. AWS provides it; turning it on is the customer's configuration.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "rds",
	ServiceModel:  Container,
	ResourceType:  "AWS::RDS::DBCluster",
	Remediation: Remediation{
		Text:    "Turn on deletion protection for the cluster; it must then be turned off on purpose before the cluster can be deleted.",
		Console: "RDS > Databases > the cluster > Modify > Deletion protection: Enable deletion protection.",
		CLI:     "aws rds modify-db-cluster --db-cluster-identifier <id> --deletion-protection --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-7"},
	Needs: []Operation{op("rds", "DescribeDBClusters")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.RDS.Clusters {
			r := Result{Status: Pass, Region: c.Region, ResourceARN: c.ARN, Message: clusterName(c) + " has deletion protection",
				Evidence: map[string]any{"deletion_protection": c.DeletionProtection}}
			if !c.DeletionProtection {
				r.Status, r.Message = Fail, clusterName(c)+" can be deleted without first turning deletion protection off"
			}
			out = append(out, r)
		}
		return out
	},
}

// iamAuthEngines are the cluster engines whose IAMDatabaseAuthenticationEnabled
// setting exists. DocumentDB authenticates IAM identities another way, and
// Aurora Serverless v1 does not offer it, so neither is judged.
func iamAuthApplies(c inventory.DBCluster) bool {
	switch c.Engine {
	case "aurora-mysql", "aurora-postgresql", "aurora", "mysql", "postgres", "neptune":
		return c.EngineMode != "serverless"
	}
	return false
}

var rdsClusterIAMAuth = Check{
	ID:           "rds-cluster-iam-auth",
	Title:        "RDS DB cluster does not accept IAM database authentication",
	Description:  "With IAM database authentication, users and applications connect with short-lived tokens issued to IAM identities instead of long-lived database passwords, so database access is granted, audited and revoked where the rest of the account's access is. Who can reach the data is the customer's alone. Judged for Aurora MySQL and PostgreSQL, Multi-AZ MySQL and PostgreSQL, and Neptune clusters; DocumentDB and Aurora Serverless v1 are left out, as they do not offer the setting.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBCluster",
	Remediation: Remediation{
		Text:    "Turn on IAM database authentication for the cluster, create database users mapped to IAM, and move applications from passwords to authentication tokens.",
		Console: "RDS > Databases > the cluster > Modify > Database authentication: Password and IAM database authentication.",
		CLI:     "aws rds modify-db-cluster --db-cluster-identifier <id> --enable-iam-database-authentication --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-12"},
	Needs: []Operation{op("rds", "DescribeDBClusters")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.RDS.Clusters {
			if !iamAuthApplies(c) {
				continue
			}
			r := Result{Status: Pass, Region: c.Region, ResourceARN: c.ARN, Message: clusterName(c) + " accepts IAM database authentication",
				Evidence: map[string]any{"iam_database_authentication": c.IAMDatabaseAuthentication}}
			if !c.IAMDatabaseAuthentication {
				r.Status, r.Message = Fail, clusterName(c)+" accepts database passwords only: access to it is managed outside IAM"
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsClusterSnapshotPublic = Check{
	ID:           "rds-cluster-snapshot-public",
	Title:        "RDS DB cluster snapshot is shared publicly",
	Description:  "A manual cluster snapshot whose restore attribute includes 'all' can be restored by any AWS account, with all the data of its cluster. Unencrypted snapshots are the only ones RDS lets anyone share this way.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBClusterSnapshot",
	Remediation: Remediation{
		Text:    "Make the cluster snapshot private; share it with named accounts only if needed.",
		Console: "RDS > Snapshots > Manual > the cluster snapshot > Actions > Share snapshot: DB snapshot visibility Private.",
		CLI:     "aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <id> --attribute-name restore --values-to-remove all",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-share-snapshot.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-1"},
	Needs: []Operation{op("rds", "DescribeDBClusterSnapshots"), op("rds", "DescribeDBClusterSnapshotAttributes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, s := range inv.RDS.ClusterSnapshots {
			out = append(out, sharingResult(s.Region, s.ARN, s.ID, s.Public, s.SharedWith))
		}
		return out
	},
}

var rdsClusterSnapshotUnencrypted = Check{
	ID:           "rds-cluster-snapshot-unencrypted",
	Title:        "RDS DB cluster snapshot is not encrypted",
	Description:  "A manual cluster snapshot outlives its cluster and can be copied and shared; unencrypted, it holds the cluster's data in the clear on AWS's storage, and it is the only kind RDS lets anyone share publicly. A snapshot is encrypted when its cluster is, or when it is copied with a KMS key.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBClusterSnapshot",
	Remediation: Remediation{
		Text:    "Copy the snapshot with a KMS key and delete the unencrypted original once the copy is available.",
		Console: "RDS > Snapshots > Manual > the cluster snapshot > Actions > Copy snapshot: Enable encryption; then delete the original.",
		CLI:     "aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <id> --target-db-cluster-snapshot-identifier <id>-encrypted --kms-key-id <key> && aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier <id>",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-copy-snapshot.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-4"},
	Needs: []Operation{op("rds", "DescribeDBClusterSnapshots")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, s := range inv.RDS.ClusterSnapshots {
			r := Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Message: s.ID + " is encrypted",
				Evidence: map[string]any{"encrypted": s.Encrypted, "cluster_id": s.ClusterID}}
			if s.KMSKeyID != "" {
				r.Evidence["kms_key_id"] = s.KMSKeyID
			}
			if !s.Encrypted {
				r.Status, r.Message = Fail, fmt.Sprintf("%s (of cluster %s) is not encrypted", s.ID, s.ClusterID)
			}
			out = append(out, r)
		}
		return out
	},
}
