package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// redshiftChecks are the customer's duties on Redshift, the container
// model: AWS runs the nodes, their OS and the engine; the customer decides
// who can reach a cluster, whether its data and connections are
// encrypted, whether it is audited and backed up, and whether engine
// upgrades are applied.
var redshiftChecks = []Check{redshiftPublic, redshiftEncryption, redshiftAuditLogging, redshiftRequireSSL, redshiftVersionUpgrade, redshiftSnapshotRetention}

func redshiftHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#" + control
}

const redshiftClusterType = "AWS::Redshift::Cluster"

var redshiftNeeds = []Operation{op("redshift", "DescribeClusters")}

func redshiftResult(c inventory.RedshiftCluster, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: c.Region, ResourceARN: c.ARN, Message: "cluster " + c.ID + " " + msg, Evidence: ev}
}

// redshiftFlag is a check of one setting of each cluster: pass when ok
// says so.
func redshiftFlag(inv *inventory.Inventory, judge func(c inventory.RedshiftCluster) (ok bool, pass, fail string, ev map[string]any)) []Result {
	var out []Result
	for _, c := range inv.Redshift.Clusters {
		ok, pass, fail, ev := judge(c)
		if ok {
			out = append(out, redshiftResult(c, Pass, pass, ev))
		} else {
			out = append(out, redshiftResult(c, Fail, fail, ev))
		}
	}
	return out
}

var redshiftPublic = Check{
	ID:           "redshift-cluster-public",
	Title:        "Redshift cluster is publicly accessible",
	Description:  "A publicly accessible cluster gets a public IP address and a DNS name that resolves to it from the internet, so only its security groups and database credentials stand between the warehouse and anyone who finds the endpoint. AWS runs the cluster; whether it is reachable from outside the VPC is the customer's choice.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "redshift",
	ServiceModel: Container,
	ResourceType: redshiftClusterType,
	Remediation: Remediation{
		Text:    "Turn off public accessibility and reach the cluster from within the VPC (a VPN, Direct Connect, a bastion or Redshift-managed VPC endpoints).",
		Console: "Amazon Redshift > Clusters > the cluster > Actions > Modify publicly accessible setting > Turn off > Save changes.",
		CLI:     "aws redshift modify-cluster --cluster-identifier <id> --no-publicly-accessible",
	},
	References: []string{"https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html", redshiftHub("redshift-1")},
	Needs:      redshiftNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return redshiftFlag(inv, func(c inventory.RedshiftCluster) (bool, string, string, map[string]any) {
			return !c.PubliclyAccessible, "is reachable only from within its VPC", "is publicly accessible: its endpoint resolves to a public IP address",
				map[string]any{"publicly_accessible": c.PubliclyAccessible}
		})
	},
}

var redshiftEncryption = Check{
	ID:           "redshift-cluster-unencrypted",
	Title:        "Redshift cluster is not encrypted at rest",
	Description:  "An unencrypted cluster stores its data blocks, system metadata and snapshots in the clear on storage AWS manages. AWS encrypts new clusters by default since 2025, but clusters created earlier stay unencrypted until the customer turns encryption on; choosing it, and the key, is the customer's duty.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "redshift",
	ServiceModel: Container,
	ResourceType: redshiftClusterType,
	Remediation: Remediation{
		Text:    "Turn on encryption with an AWS KMS key (the AWS managed key or a customer managed one); Redshift migrates the data in place.",
		Console: "Amazon Redshift > Clusters > the cluster > Properties > Database configurations > Edit encryption > Use AWS Key Management Service > Save changes.",
		CLI:     "aws redshift modify-cluster --cluster-identifier <id> --encrypted [--kms-key-id <key-id>]",
	},
	References: []string{"https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html", redshiftHub("redshift-10")},
	Needs:      redshiftNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return redshiftFlag(inv, func(c inventory.RedshiftCluster) (bool, string, string, map[string]any) {
			ev := map[string]any{"encrypted": c.Encrypted}
			if c.KMSKeyID != "" {
				ev["kms_key_id"] = c.KMSKeyID
			}
			return c.Encrypted, "is encrypted at rest", "is not encrypted at rest", ev
		})
	},
}

var redshiftAuditLogging = Check{
	ID:            "redshift-audit-logging",
	Title:         "Redshift cluster does not log audit events",
	Description:   "Audit logging records connections, user changes and (with enable_user_activity_logging) the queries run, to S3 or CloudWatch Logs. Without it there is no record of who connected to the warehouse and what they did, which an investigation needs. AWS runs the logging; turning it on is part of the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        IdentityAccess,
	Service:       "redshift",
	ServiceModel:  Container,
	ResourceType:  redshiftClusterType,
	Remediation: Remediation{
		Text:    "Turn on audit logging to an S3 bucket or CloudWatch Logs, with at least the connection and user logs.",
		Console: "Amazon Redshift > Clusters > the cluster > Properties > Database configurations > Edit audit logging > Turn on > choose S3 or CloudWatch > Save changes.",
		CLI:     "aws redshift enable-logging --cluster-identifier <id> --log-destination-type cloudwatch --log-exports connectionlog userlog useractivitylog",
	},
	References: []string{"https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html", redshiftHub("redshift-4")},
	Needs:      append([]Operation{op("redshift", "DescribeLoggingStatus")}, redshiftNeeds...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return redshiftFlag(inv, func(c inventory.RedshiftCluster) (bool, string, string, map[string]any) {
			return c.LoggingEnabled, "logs audit events", "does not log audit events: audit logging is off",
				map[string]any{"logging_enabled": c.LoggingEnabled}
		})
	},
}

var redshiftRequireSSL = Check{
	ID:           "redshift-require-ssl",
	Title:        "Redshift cluster accepts unencrypted connections",
	Description:  "Unless its parameter group sets require_ssl to true, a cluster accepts plaintext connections, so queries, results and credentials can cross the network in the clear. Default parameter groups created before 2025 leave it false. The parameter group is the customer's configuration.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "redshift",
	ServiceModel: Container,
	ResourceType: redshiftClusterType,
	Remediation: Remediation{
		Text:    "Give the cluster a custom parameter group with require_ssl true (a default group cannot be changed), then reboot the cluster so it applies.",
		Console: "Amazon Redshift > Configurations > Workload management > the parameter group > Parameters > Edit parameters: require_ssl true > Save; then the cluster > Actions > Reboot.",
		CLI:     "aws redshift modify-cluster-parameter-group --parameter-group-name <group> --parameters ParameterName=require_ssl,ParameterValue=true && aws redshift reboot-cluster --cluster-identifier <id>",
	},
	References: []string{"https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html", redshiftHub("redshift-2")},
	Needs:      append([]Operation{op("redshift", "DescribeClusterParameters")}, redshiftNeeds...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		groups := map[string]inventory.RedshiftParameterGroup{}
		for _, g := range inv.Redshift.ParameterGroups {
			groups[g.Region+"/"+g.Name] = g
		}
		var out []Result
		for _, c := range inv.Redshift.Clusters {
			ev := map[string]any{"parameter_groups": c.ParameterGroups}
			if len(c.ParameterGroups) == 0 {
				out = append(out, redshiftResult(c, Unknown, "names no parameter group, so whether it requires TLS cannot be told", ev))
				continue
			}
			var insecure, unread []string
			for _, name := range c.ParameterGroups {
				g, ok := groups[c.Region+"/"+name]
				switch {
				case !ok:
					unread = append(unread, name)
				case !g.RequireSSL:
					insecure = append(insecure, name)
				}
			}
			switch {
			case len(insecure) > 0:
				ev["require_ssl"] = false
				out = append(out, redshiftResult(c, Fail, "accepts unencrypted connections: require_ssl is false in parameter group "+strings.Join(insecure, ", "), ev))
			case len(unread) > 0:
				out = append(out, redshiftResult(c, Unknown, "uses parameter group "+strings.Join(unread, ", ")+", which could not be read", ev))
			default:
				ev["require_ssl"] = true
				out = append(out, redshiftResult(c, Pass, "requires TLS (require_ssl true)", ev))
			}
		}
		return out
	},
}

var redshiftVersionUpgrade = Check{
	ID:            "redshift-version-upgrade",
	Title:         "Redshift cluster does not take engine upgrades",
	Description:   "AWS patches the nodes' OS and ships engine fixes as new cluster versions; applying them is the customer's half of patch management. With allow version upgrade off, Redshift does not upgrade the engine in the maintenance window, and security fixes wait until someone upgrades by hand.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "redshift",
	ServiceModel:  Container,
	ResourceType:  redshiftClusterType,
	Remediation: Remediation{
		Text:    "Turn on allow version upgrade so Redshift applies new versions in the maintenance window.",
		Console: "Amazon Redshift > Clusters > the cluster > Maintenance > Edit > Allow version upgrade on > Save changes.",
		CLI:     "aws redshift modify-cluster --cluster-identifier <id> --allow-version-upgrade",
	},
	References: []string{"https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-considerations.html#rs-maintenance-windows", redshiftHub("redshift-6")},
	Needs:      redshiftNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return redshiftFlag(inv, func(c inventory.RedshiftCluster) (bool, string, string, map[string]any) {
			ev := map[string]any{"allow_version_upgrade": c.AllowVersionUpgrade}
			if c.Version != "" {
				ev["cluster_version"] = c.Version
			}
			return c.AllowVersionUpgrade, "takes engine upgrades in its maintenance window", "does not take engine upgrades: allow version upgrade is off", ev
		})
	},
}

var redshiftSnapshotRetention = Check{
	ID:            "redshift-snapshot-retention",
	Title:         "Redshift cluster keeps automated snapshots too briefly",
	Description:   "AWS takes the automated snapshots; how long they are kept (0 turns them off) is the customer's configuration. Too short a retention means a bad load or a dropped table noticed late can no longer be undone. The minimum is thresholds.min_rds_backup_retention_days (default 7 days, as Security Hub Redshift.3).",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "redshift",
	ServiceModel:  Container,
	ResourceType:  redshiftClusterType,
	Remediation: Remediation{
		Text:    "Set the automated snapshot retention period to at least the minimum (Redshift allows up to 35 days).",
		Console: "Amazon Redshift > Clusters > the cluster > Maintenance > Backup details > Edit > Automated snapshot retention period > Save changes.",
		CLI:     "aws redshift modify-cluster --cluster-identifier <id> --automated-snapshot-retention-period 7",
	},
	References: []string{"https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshots.html#about-automated-snapshots", redshiftHub("redshift-3")},
	Needs:      redshiftNeeds,
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, c := range inv.Redshift.Clusters {
			days := c.AutomatedSnapshotRetentionPeriod
			ev := map[string]any{"automated_snapshot_retention_period": days, "min_days": cfg.MinBackupRetentionDays}
			switch {
			case days == 0:
				out = append(out, redshiftResult(c, Fail, "takes no automated snapshots (retention period 0)", ev))
			case int(days) < cfg.MinBackupRetentionDays:
				out = append(out, redshiftResult(c, Fail, fmt.Sprintf("keeps automated snapshots for %d days (fewer than %d)", days, cfg.MinBackupRetentionDays), ev))
			default:
				out = append(out, redshiftResult(c, Pass, fmt.Sprintf("keeps automated snapshots for %d days", days), ev))
			}
		}
		return out
	},
}
