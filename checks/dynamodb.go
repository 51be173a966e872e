package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// dynamoChecks are the customer's duties on DynamoDB, an abstracted
// service: AWS runs the storage, replication and encryption; the data, its
// classification, the key it is encrypted with and whether it can be
// restored are the customer's.
var dynamoChecks = []Check{
	dynamoPITR,
	dynamoSensitiveCMK,
}

func dynamoHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#" + control
}

func tableResult(t inventory.Table, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: t.Region, ResourceARN: t.ARN, Message: msg, Evidence: ev}
}

// classification reads a resource's data-classification tag: its value,
// whether it is set, and whether the value is one the configuration calls
// sensitive (compared case-insensitively, as for buckets).
func classification(tags inventory.Tags, cfg Config) (class string, tagged, sensitive bool) {
	class, tagged = tags.Lookup(cfg.DataClassificationTag)
	sensitive = tagged && slices.ContainsFunc(cfg.SensitiveClassifications, func(s string) bool {
		return strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(class))
	})
	return class, tagged, sensitive
}

var dynamoPITR = Check{
	ID:            "dynamodb-table-pitr-enabled",
	Title:         "DynamoDB table has point-in-time recovery off",
	Description:   "Point-in-time recovery keeps continuous backups of a table, so it can be restored to any second of its recovery period (up to 35 days) after an accidental or malicious write or delete; on-demand backups only restore to when they were taken. AWS runs the backups; turning them on is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "dynamodb",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::DynamoDB::Table",
	Remediation: Remediation{
		Text:    "Turn on point-in-time recovery for the table, with the recovery period your data needs (35 days at most).",
		Console: "DynamoDB > Tables > the table > Backups > Point-in-time recovery (PITR) > Edit: Turn on point-in-time recovery.",
		CLI:     "aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=35",
	},
	References: []string{"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html", dynamoHub("dynamodb-2")},
	Needs:      []Operation{op("dynamodb", "ListTables"), op("dynamodb", "DescribeContinuousBackups")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, t := range inv.DynamoDB.Tables {
			ev := map[string]any{"point_in_time_recovery": t.PointInTimeRecovery}
			if t.PointInTimeRecovery {
				ev["recovery_period_days"] = t.RecoveryPeriodDays
				out = append(out, tableResult(t, Pass, fmt.Sprintf("%s can be restored to any second of the last %d days", t.Name, t.RecoveryPeriodDays), ev))
			} else {
				out = append(out, tableResult(t, Fail, t.Name+" has point-in-time recovery off: a bad write or delete can only be undone from an on-demand backup, if there is one", ev))
			}
		}
		return out
	},
}

var dynamoSensitiveCMK = Check{
	ID:           "dynamodb-table-sensitive-cmk",
	Title:        "Sensitive DynamoDB table is not encrypted with a customer managed key",
	Description:  "DynamoDB encrypts every table at rest, by default with a key AWS owns, which the account cannot see, restrict or audit. A table whose data-classification tag marks it sensitive needs a customer managed KMS key: then the key policy decides who can read the data, separately from DynamoDB permissions, every use is logged in CloudTrail, and disabling the key locks the data. AWS provides the encryption; choosing the key for the data is the customer's alone. The tag key and sensitive values are the ones the bucket encryption check uses (default DataClassification: confidential, restricted, sensitive). A key in another account is customer managed by definition.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "dynamodb",
	ServiceModel: Abstracted,
	ResourceType: "AWS::DynamoDB::Table",
	Remediation: Remediation{
		Text:    "Switch the table's encryption to a customer managed KMS key whose policy names who may use it. The switch happens in place, without downtime.",
		Console: "DynamoDB > Tables > the table > Additional settings > Encryption > Manage encryption: Stored in your account, and owned and managed by you; choose the key.",
		CLI:     "aws dynamodb update-table --table-name <table> --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<key-arn>",
	},
	References: []string{"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
		"https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk"},
	Needs: []Operation{op("dynamodb", "ListTables"), op("dynamodb", "DescribeTable"), op("dynamodb", "ListTagsOfResource"),
		op("kms", "ListKeys"), op("kms", "DescribeKey")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, t := range inv.DynamoDB.Tables {
			class, tagged, sensitive := classification(t.Tags, cfg)
			ev := map[string]any{"classification_tag": cfg.DataClassificationTag, "sensitive": sensitive, "sse_type": t.SSEType}
			if tagged {
				ev["classification"] = class
			}
			if t.KMSKeyARN != "" {
				ev["kms_key_arn"] = t.KMSKeyARN
			}
			if !sensitive {
				out = append(out, tableResult(t, Pass, t.Name+" is not classified sensitive; DynamoDB's default encryption at rest suffices", ev))
				continue
			}
			sensitiveAs := fmt.Sprintf("%s is classified %s=%s", t.Name, cfg.DataClassificationTag, class)
			if t.SSEType != "KMS" || t.KMSKeyARN == "" {
				ev["key_manager"] = "AWS owned"
				out = append(out, tableResult(t, Fail, sensitiveAs+" but is encrypted with DynamoDB's AWS owned key, which the account cannot restrict or audit", ev))
				continue
			}
			k := findKey(inv, t.Region, t.KMSKeyARN)
			switch {
			case k != nil && k.Manager == inventory.KeyManagerCustomer:
				ev["key_manager"] = "customer"
				out = append(out, tableResult(t, Pass, sensitiveAs+" and is encrypted with customer managed key "+keyName(*k), ev))
			case k != nil && k.Manager == inventory.KeyManagerAWS:
				ev["key_manager"] = "AWS managed"
				out = append(out, tableResult(t, Fail, sensitiveAs+" but is encrypted with the AWS managed key aws/dynamodb, whose policy the account cannot narrow", ev))
			case arnAccountOf(t.KMSKeyARN) != "" && arnAccountOf(t.KMSKeyARN) != inv.AccountID:
				// AWS managed keys serve their own account only.
				ev["key_manager"] = "customer (another account)"
				out = append(out, tableResult(t, Pass, sensitiveAs+" and is encrypted with a key of account "+arnAccountOf(t.KMSKeyARN), ev))
			default:
				r := tableResult(t, Unknown, sensitiveAs+" and is encrypted with KMS key "+t.KMSKeyARN+", which is not among the account's keys, so who manages it is unknown", ev)
				keyARN := t.KMSKeyARN
				if k != nil {
					keyARN = k.ARN
				}
				if e, ok := resourceFailure(inv, keyARN, op("kms", "DescribeKey")); ok {
					r = unknownFrom(r, e)
				}
				out = append(out, r)
			}
		}
		return out
	},
}

// arnAccountOf returns the account field of an ARN, "" when it has none.
func arnAccountOf(arn string) string {
	f := strings.SplitN(arn, ":", 6)
	if len(f) < 6 || f[0] != "arn" {
		return ""
	}
	return f[4]
}
