package checks

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// rdsChecks are the customer's duties on RDS and EFS. RDS is the container
// model: AWS runs the host, the OS and the database engine, and the
// customer owns the platform's settings, network access, encryption and
// credentials. EFS is abstracted: AWS runs all of it, and the customer
// chooses encryption and access.
var rdsChecks = []Check{
	rdsInstanceUnencrypted,
	rdsInstanceAutoMinorUpgrade,
	rdsInstancePublic,
	rdsSnapshotPublic,
	rdsInstanceBackupRetention,
	rdsInstanceDeletionProtection,
	efsFileSystemUnencrypted,
}

var rdsInstanceUnencrypted = Check{
	ID:           "rds-instance-unencrypted",
	Title:        "RDS instance storage is not encrypted",
	Description:  "AWS encrypts an RDS instance's storage, its automated backups, snapshots and read replicas only if the customer chose encryption when creating it; it cannot be turned on later. Unencrypted, the data sits in the clear on AWS's storage and in every copy made of it. Members of a collected DB cluster are judged by rds-cluster-unencrypted: their storage is the cluster's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBInstance",
	Remediation: Remediation{
		Text:    "Encryption cannot be added to an existing instance: snapshot it, copy the snapshot with a KMS key, restore a new instance from the copy and move clients over.",
		Console: "RDS > Snapshots > Take snapshot; then the snapshot > Actions > Copy snapshot: Enable encryption; then Actions > Restore snapshot.",
		CLI:     "aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot> --target-db-snapshot-identifier <snapshot>-encrypted --kms-key-id <key> && aws rds restore-db-instance-from-db-snapshot --db-instance-identifier <new-id> --db-snapshot-identifier <snapshot>-encrypted",
	},
	References: []string{"CIS 2.3.1", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"},
	Needs:      []Operation{op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		clusters := clusterKeys(inv)
		for _, d := range inv.RDS.Instances {
			if judgedByCluster(clusters, d) {
				continue
			}
			r := Result{Status: Pass, Region: d.Region, ResourceARN: d.ARN, Message: fmt.Sprintf("%s (%s) has encrypted storage", d.ID, d.Engine),
				Evidence: map[string]any{"storage_encrypted": d.StorageEncrypted, "engine": d.Engine}}
			if d.KMSKeyID != "" {
				r.Evidence["kms_key_id"] = d.KMSKeyID
			}
			if !d.StorageEncrypted {
				r.Status, r.Message = Fail, fmt.Sprintf("%s (%s) stores its data unencrypted", d.ID, d.Engine)
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsInstanceAutoMinorUpgrade = Check{
	ID:            "rds-instance-auto-minor-upgrade",
	Title:         "RDS instance does not take minor engine upgrades",
	Description:   "On a managed database AWS patches the host and OS and ships engine patches as minor versions; applying them is the customer's half of patch management. With auto minor version upgrade off, security fixes wait until someone upgrades by hand. Members of a collected DB cluster are judged together, on the cluster, by rds-cluster-auto-minor-upgrade.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "rds",
	ServiceModel:  Container,
	ResourceType:  "AWS::RDS::DBInstance",
	Remediation: Remediation{
		Text:    "Turn on auto minor version upgrade; RDS then applies new minor versions in the instance's maintenance window.",
		Console: "RDS > Databases > the instance > Modify > Maintenance: Enable auto minor version upgrade.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier <id> --auto-minor-version-upgrade --apply-immediately",
	},
	References: []string{"CIS 2.3.2", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades"},
	Needs:      []Operation{op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		clusters := clusterKeys(inv)
		for _, d := range inv.RDS.Instances {
			if judgedByCluster(clusters, d) {
				continue
			}
			r := Result{Status: Pass, Region: d.Region, ResourceARN: d.ARN,
				Message:  fmt.Sprintf("%s (%s %s) takes minor engine upgrades", d.ID, d.Engine, d.EngineVersion),
				Evidence: map[string]any{"auto_minor_version_upgrade": d.AutoMinorVersionUpgrade, "engine": d.Engine, "engine_version": d.EngineVersion}}
			if !d.AutoMinorVersionUpgrade {
				r.Status = Fail
				r.Message = fmt.Sprintf("%s (%s %s) does not take minor engine upgrades: engine patches wait for a manual upgrade", d.ID, d.Engine, d.EngineVersion)
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsInstancePublic = Check{
	ID:           "rds-instance-public",
	Title:        "RDS instance is publicly accessible",
	Description:  "A publicly accessible instance gets an endpoint that resolves to a public IP address, so only its security groups stand between the database and the internet. Network access to the platform is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBInstance",
	Remediation: Remediation{
		Text:    "Turn public accessibility off and reach the database from inside the VPC (application subnets, a VPN, or Session Manager port forwarding through an instance).",
		Console: "RDS > Databases > the instance > Modify > Connectivity > Additional configuration: Not publicly accessible.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately",
	},
	References: []string{"CIS 2.3.3", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"},
	Needs:      []Operation{op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.RDS.Instances {
			r := Result{Status: Pass, Region: d.Region, ResourceARN: d.ARN, Message: d.ID + " is reachable only from inside its VPC",
				Evidence: map[string]any{"publicly_accessible": d.PubliclyAccessible}}
			if d.PubliclyAccessible {
				r.Status = Fail
				r.Message = fmt.Sprintf("%s is publicly accessible: only security groups %v guard it", d.ID, d.SecurityGroupIDs)
				r.Evidence["security_group_ids"] = d.SecurityGroupIDs
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsSnapshotPublic = Check{
	ID:           "rds-snapshot-public",
	Title:        "RDS snapshot is shared publicly",
	Description:  "A manual snapshot whose restore attribute includes 'all' can be restored by any AWS account, with all the data of its database. Unencrypted snapshots are the only ones RDS lets anyone share this way.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "rds",
	ServiceModel: Container,
	ResourceType: "AWS::RDS::DBSnapshot",
	Remediation: Remediation{
		Text:    "Make the snapshot private; share it with named accounts only if needed.",
		Console: "RDS > Snapshots > the snapshot > Actions > Share snapshot: DB snapshot visibility Private.",
		CLI:     "aws rds modify-db-snapshot-attribute --db-snapshot-identifier <id> --attribute-name restore --values-to-remove all",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html"},
	Needs:      []Operation{op("rds", "DescribeDBSnapshots"), op("rds", "DescribeDBSnapshotAttributes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, s := range inv.RDS.Snapshots {
			out = append(out, sharingResult(s.Region, s.ARN, s.ID, s.Public, s.SharedWith))
		}
		return out
	},
}

// clusterMember is the unknown verdict on a setting that an Aurora (or
// Multi-AZ DB cluster) instance takes from its cluster when the cluster is
// not in the inventory (its listing failed, or the snapshot predates
// cluster collection): the instance's own value says nothing either way.
// A member of a collected cluster gets no finding: the cluster checks
// judge the setting there.
func clusterMember(d inventory.DBInstance, setting string) Result {
	return Result{Status: Unknown, Region: d.Region, ResourceARN: d.ARN,
		Message:  fmt.Sprintf("%s belongs to DB cluster %s, which holds its %s and was not collected", d.ID, d.ClusterID, setting),
		Evidence: map[string]any{"cluster_id": d.ClusterID}}
}

var rdsInstanceBackupRetention = Check{
	ID:            "rds-instance-backup-retention",
	Title:         "RDS instance keeps automated backups too briefly",
	Description:   "AWS runs the backups; how long they are kept (0 turns them off) is the customer's configuration. Too short a retention means a corruption or deletion noticed late can no longer be undone. The minimum is thresholds.min_rds_backup_retention_days (default 7 days). Read replicas are not judged: their source's backups cover them. Nor are members of a collected DB cluster: the cluster holds their backups (rds-cluster-backup-retention).",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "rds",
	ServiceModel:  Container,
	ResourceType:  "AWS::RDS::DBInstance",
	Remediation: Remediation{
		Text:    "Set the backup retention period to at least the minimum (RDS allows up to 35 days).",
		Console: "RDS > Databases > the instance > Modify > Backup: Backup retention period.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 7 --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11"},
	Needs: []Operation{op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		clusters := clusterKeys(inv)
		for _, d := range inv.RDS.Instances {
			switch {
			case d.ReplicaOf != "", judgedByCluster(clusters, d):
				continue
			case d.ClusterID != "":
				out = append(out, clusterMember(d, "backup retention"))
				continue
			}
			r := Result{Status: Pass, Region: d.Region, ResourceARN: d.ARN,
				Message:  fmt.Sprintf("%s keeps automated backups for %d days", d.ID, d.BackupRetentionPeriod),
				Evidence: map[string]any{"backup_retention_period": d.BackupRetentionPeriod, "min_days": cfg.MinBackupRetentionDays}}
			switch {
			case d.BackupRetentionPeriod == 0:
				r.Status, r.Message = Fail, d.ID+" has automated backups turned off"
			case int(d.BackupRetentionPeriod) < cfg.MinBackupRetentionDays:
				r.Status = Fail
				r.Message = fmt.Sprintf("%s keeps automated backups for %d days (fewer than %d)", d.ID, d.BackupRetentionPeriod, cfg.MinBackupRetentionDays)
			}
			out = append(out, r)
		}
		return out
	},
}

var rdsInstanceDeletionProtection = Check{
	ID:            "rds-instance-deletion-protection",
	Title:         "RDS instance has no deletion protection",
	Description:   "Without deletion protection one API call, a mistaken script or a stolen credential, deletes the database. AWS provides the setting; turning it on is the customer's configuration. Read replicas are not judged: deleting one loses no data. Nor are members of a collected DB cluster: the cluster's protection counts (rds-cluster-deletion-protection).",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "rds",
	ServiceModel:  Container,
	ResourceType:  "AWS::RDS::DBInstance",
	Remediation: Remediation{
		Text:    "Turn on deletion protection; it must then be turned off on purpose before the instance can be deleted.",
		Console: "RDS > Databases > the instance > Modify > Deletion protection: Enable deletion protection.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8"},
	Needs: []Operation{op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		clusters := clusterKeys(inv)
		for _, d := range inv.RDS.Instances {
			switch {
			case d.ReplicaOf != "", judgedByCluster(clusters, d):
				continue
			case d.ClusterID != "":
				out = append(out, clusterMember(d, "deletion protection"))
				continue
			}
			r := Result{Status: Pass, Region: d.Region, ResourceARN: d.ARN, Message: d.ID + " has deletion protection",
				Evidence: map[string]any{"deletion_protection": d.DeletionProtection}}
			if !d.DeletionProtection {
				r.Status, r.Message = Fail, d.ID+" can be deleted without first turning deletion protection off"
			}
			out = append(out, r)
		}
		return out
	},
}

var efsFileSystemUnencrypted = Check{
	ID:           "efs-file-system-unencrypted",
	Title:        "EFS file system is not encrypted at rest",
	Description:  "AWS encrypts an EFS file system at rest only if the customer chose it when creating the file system; it cannot be turned on later. Unencrypted, the files sit in the clear on AWS's storage.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "efs",
	ServiceModel: Abstracted,
	ResourceType: "AWS::EFS::FileSystem",
	Remediation: Remediation{
		Text:    "Create an encrypted file system, copy the data over (AWS DataSync, or rsync from a client that mounts both), move clients to it and delete the old one.",
		Console: "EFS > File systems > Create file system > Customize: Enable encryption of data at rest.",
		CLI:     "aws efs create-file-system --encrypted --kms-key-id <key> --creation-token <token> --tags Key=Name,Value=<name>",
	},
	References: []string{"CIS 2.4.1", "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"},
	Needs:      []Operation{op("elasticfilesystem", "DescribeFileSystems")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, f := range inv.EFS.FileSystems {
			name := f.ID
			if f.Name != "" {
				name = fmt.Sprintf("%s (%s)", f.Name, f.ID)
			}
			r := Result{Status: Pass, Region: f.Region, ResourceARN: f.ARN, Message: name + " is encrypted at rest",
				Evidence: map[string]any{"encrypted": f.Encrypted}}
			if f.KMSKeyID != "" {
				r.Evidence["kms_key_id"] = f.KMSKeyID
			}
			if !f.Encrypted {
				r.Status, r.Message = Fail, name+" is not encrypted at rest"
			}
			out = append(out, r)
		}
		return out
	},
}
