package checks

import (
	"fmt"
	"time"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// backupChecks are the customer's duties through AWS Backup, an
// abstracted service: AWS runs the backup jobs and stores the recovery
// points; choosing what is backed up and who may delete the backups is the
// customer's.
//
// A resource counts as protected by AWS Backup when Backup holds a
// recovery point of it (ListProtectedResources): see inventory.Backup for
// why plan selections are not what decides.
var backupChecks = []Check{backupRDSProtected, backupDynamoDBProtected, backupEFSProtected, backupVaultPolicyPublicDelete}

// protectedByBackup indexes the resources AWS Backup holds recovery points
// of by ARN, once per evaluation: a large account has thousands.
func protectedByBackup(inv *inventory.Inventory) map[string]inventory.ProtectedResource {
	out := make(map[string]inventory.ProtectedResource, len(inv.Backup.ProtectedResources))
	for _, p := range inv.Backup.ProtectedResources {
		out[p.ARN] = p
	}
	return out
}

// backupEvidence says what AWS Backup holds of a resource.
func backupEvidence(p inventory.ProtectedResource, ok bool, ev map[string]any) map[string]any {
	ev["aws_backup_recovery_point"] = ok
	if ok && !p.LastBackupTime.IsZero() {
		ev["last_backup_time"] = p.LastBackupTime.UTC().Format(time.RFC3339)
	}
	return ev
}

const backupPlanConsole = "AWS Backup > Backup plans > Create backup plan (or an existing plan) > Assign resources: select the resource by ID, by type or by a tag it carries > Assign resources."

var backupRDSProtected = Check{
	ID:            "backup-rds-instance-protected",
	Title:         "RDS DB instance has no backups",
	Description:   "An RDS DB instance with automated backups off (backup retention 0) and no recovery point in AWS Backup cannot be restored after a failed change, a bad write or a deletion. Either protects it: RDS's automated backups restore to any second of the retention period, an AWS Backup plan keeps recovery points on its own schedule and retention, in a vault whose policy can forbid their deletion. Aurora and Multi-AZ cluster members are left out: their cluster holds the backups. AWS runs the backups; choosing to keep them is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "backup",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::RDS::DBInstance",
	Remediation: Remediation{
		Text:    "Turn on automated backups (a retention of at least 7 days), or assign the instance to an AWS Backup plan.",
		Console: "RDS > Databases > the instance > Modify > Backup: set the backup retention period above 0 > Continue > Apply immediately. Or: " + backupPlanConsole,
		CLI:     "aws rds modify-db-instance --db-instance-identifier <instance> --backup-retention-period 7 --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
		"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-26"},
	Needs: []Operation{op("backup", "ListProtectedResources"), op("rds", "DescribeDBInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		protected := protectedByBackup(inv)
		var out []Result
		for _, db := range inv.RDS.Instances {
			if db.ClusterID != "" {
				continue
			}
			p, ok := protected[db.ARN]
			ev := backupEvidence(p, ok, map[string]any{"backup_retention_period": db.BackupRetentionPeriod})
			res := Result{Region: db.Region, ResourceARN: db.ARN, Evidence: ev, ServiceModel: Container}
			switch {
			case ok:
				res.Status, res.Message = Pass, "instance "+db.ID+" has a recovery point in AWS Backup"
			case db.BackupRetentionPeriod > 0:
				days := "days"
				if db.BackupRetentionPeriod == 1 {
					days = "day"
				}
				res.Status, res.Message = Pass, fmt.Sprintf("instance %s keeps automated backups for %d %s", db.ID, db.BackupRetentionPeriod, days)
			default:
				res.Status, res.Message = Fail, "instance "+db.ID+" has automated backups off and no recovery point in AWS Backup"
			}
			out = append(out, res)
		}
		return out
	},
}

var backupDynamoDBProtected = Check{
	ID:            "backup-dynamodb-table-protected",
	Title:         "DynamoDB table has no backups",
	Description:   "A DynamoDB table with point-in-time recovery off and no recovery point in AWS Backup cannot be restored after a bad write or a deletion. Either protects it: point-in-time recovery restores to any second of its recovery period, an AWS Backup plan keeps recovery points on its own schedule and retention. AWS runs the backups; choosing to keep them is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "backup",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::DynamoDB::Table",
	Remediation: Remediation{
		Text:    "Turn on point-in-time recovery, or assign the table to an AWS Backup plan.",
		Console: "DynamoDB > Tables > the table > Backups > Point-in-time recovery (PITR) > Edit: Turn on point-in-time recovery. Or: " + backupPlanConsole,
		CLI:     "aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
	},
	References: []string{"https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
		"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Backup-and-Restore.html", dynamoHub("dynamodb-4")},
	Needs: []Operation{op("backup", "ListProtectedResources"), op("dynamodb", "ListTables"), op("dynamodb", "DescribeContinuousBackups")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		protected := protectedByBackup(inv)
		var out []Result
		for _, t := range inv.DynamoDB.Tables {
			p, ok := protected[t.ARN]
			ev := backupEvidence(p, ok, map[string]any{"point_in_time_recovery": t.PointInTimeRecovery})
			switch {
			case ok:
				out = append(out, tableResult(t, Pass, "table "+t.Name+" has a recovery point in AWS Backup", ev))
			case t.PointInTimeRecovery:
				out = append(out, tableResult(t, Pass, "table "+t.Name+" has point-in-time recovery on", ev))
			default:
				out = append(out, tableResult(t, Fail, "table "+t.Name+" has point-in-time recovery off and no recovery point in AWS Backup", ev))
			}
		}
		return out
	},
}

var backupEFSProtected = Check{
	ID:            "backup-efs-protected",
	Title:         "EFS file system has no backups",
	Description:   "EFS keeps no backups of its own: its automatic backups are an AWS Backup plan, so a file system without a recovery point in AWS Backup cannot be restored after files are deleted or overwritten. AWS runs the backups; choosing to keep them is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "backup",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::EFS::FileSystem",
	Remediation: Remediation{
		Text:    "Turn on the file system's automatic backups (a daily AWS Backup plan with 35 days' retention), or assign it to a backup plan of your own.",
		Console: "EFS > File systems > the file system > General > Edit: Automatic backups: Enable automatic backups > Save changes. Or: " + backupPlanConsole,
		CLI:     "aws efs put-backup-policy --file-system-id <fs-id> --backup-policy Status=ENABLED",
	},
	References: []string{"https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-2"},
	Needs: []Operation{op("backup", "ListProtectedResources"), op("elasticfilesystem", "DescribeFileSystems")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		protected := protectedByBackup(inv)
		var out []Result
		for _, f := range inv.EFS.FileSystems {
			p, ok := protected[f.ARN]
			res := Result{Region: f.Region, ResourceARN: f.ARN, Evidence: backupEvidence(p, ok, map[string]any{}), ServiceModel: Container}
			if ok {
				res.Status, res.Message = Pass, "file system "+f.ID+" has a recovery point in AWS Backup"
			} else {
				res.Status, res.Message = Fail, "file system "+f.ID+" has no recovery point in AWS Backup, which holds EFS's only backups"
			}
			out = append(out, res)
		}
		return out
	},
}

// deleteRecoveryPoint is the action whose public grant lets anyone destroy
// a vault's backups.
const deleteRecoveryPoint = "backup:DeleteRecoveryPoint"

var backupVaultPolicyPublicDelete = Check{
	ID:           "backup-vault-policy-public-delete",
	Title:        "Backup vault policy lets anyone delete recovery points",
	Description:  "A backup vault's access policy statement that allows backup:DeleteRecoveryPoint (or backup:*, or every action) to Principal \"*\" unless a condition ties it to a fixed account, organisation, source or VPC endpoint, lets any AWS account's principals destroy the backups kept to recover from exactly such an attack. Deny statements, which most vault policies are, take nothing away and pass. This is the same reading of public as S3's, which every resource-policy check shares. AWS stores the recovery points; who may delete them is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "backup",
	ServiceModel: Abstracted,
	ResourceType: "AWS::Backup::BackupVault",
	Remediation: Remediation{
		Text:    "Remove the public Allow from the vault's access policy, or narrow it to named accounts or aws:PrincipalOrgID; add a Deny of backup:DeleteRecoveryPoint for everyone but a break-glass role, and consider AWS Backup Vault Lock.",
		Console: "AWS Backup > Backup vaults > the vault > Access policy > Edit: remove or narrow the statement with \"Principal\": \"*\" > Save policy.",
		CLI:     "aws backup put-backup-vault-access-policy --backup-vault-name <vault> --policy file://narrowed-policy.json",
	},
	References: []string{"https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html",
		"https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html"},
	Needs: []Operation{op("backup", "ListBackupVaults"), op("backup", "GetBackupVaultAccessPolicy")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, v := range inv.Backup.Vaults {
			res := func(st Status, msg string, ev map[string]any) Result {
				ev["locked"] = v.Locked
				return Result{Status: st, Region: v.Region, ResourceARN: v.ARN, Message: msg, Evidence: ev}
			}
			what := "backup vault " + v.Name
			if v.Policy == "" {
				// Run makes this unknown when the policy was not read.
				out = append(out, res(Pass, what+" has no access policy: only its own account's principals, as their IAM policies allow, can delete its recovery points", map[string]any{"policy": false}))
				continue
			}
			r := publicPolicyResult(cfg, what, v.Policy, res)
			if r.Status == Fail && !publicDelete(cfg, v.Policy) {
				r = res(Pass, what+"'s policy grants the public actions other than deleting recovery points", r.Evidence)
			}
			out = append(out, r)
		}
		return out
	},
}

// publicDelete reports whether a public statement of the policy allows
// deleting recovery points, which is what this check is about: a public
// grant of, say, backup:DescribeBackupVault exposes less.
func publicDelete(cfg Config, doc string) bool {
	parsed, err := cfg.parse(doc)
	if err != nil {
		return false
	}
	for _, g := range policy.Public(parsed).Public {
		if g.Statement.Allows(deleteRecoveryPoint) {
			return true
		}
	}
	return false
}
