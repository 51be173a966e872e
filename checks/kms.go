package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// kmsChecks are the customer's duties on KMS, an abstracted service: AWS
// runs the HSMs and never exposes key material; who may use a key, how
// often its material rotates and when it is deleted are the customer's.
var kmsChecks = []Check{
	kmsKeyRotation,
	kmsKeyPolicyPublic,
	kmsKeyPendingDeletion,
}

func kmsHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#" + control
}

func keyResult(k inventory.Key, st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	if len(k.Aliases) > 0 {
		ev["aliases"] = k.Aliases
	}
	return Result{Status: st, Region: k.Region, ResourceARN: k.ARN, Message: msg, Evidence: ev}
}

// keyName is a key's first alias, or its ID.
func keyName(k inventory.Key) string {
	if len(k.Aliases) > 0 {
		return k.Aliases[0] + " (" + k.ID + ")"
	}
	return k.ID
}

// findKey resolves a reference to a key as AWS resources hold one: a key
// ARN, an alias ARN, or, within region, a key ID or alias name. It returns
// nil when the account's inventory has no such key.
func findKey(inv *inventory.Inventory, region, ref string) *inventory.Key {
	return newKeyIndex(inv).find(region, ref)
}

// rotates reports whether KMS can rotate a key on a schedule: customer
// managed, symmetric, with key material KMS generated, and usable (a key
// pending deletion or import is on its way out or not in).
func rotates(k inventory.Key) bool {
	return k.Manager == inventory.KeyManagerCustomer && k.Spec == "SYMMETRIC_DEFAULT" && k.Origin == "AWS_KMS" &&
		(k.State == "Enabled" || k.State == "Disabled")
}

var kmsKeyRotation = Check{
	ID:           "kms-key-rotation-enabled",
	Title:        "Customer-managed key does not rotate its key material",
	Description:  "With automatic rotation, KMS makes new key material for a symmetric key on a schedule (yearly by default) and keeps the old material to decrypt what it encrypted, so the amount of data under any one key material stays bounded and an old compromise does not extend to new data. AWS rotates its own managed keys every year; for a customer managed key, turning rotation on is the customer's alone. Only symmetric keys with KMS-generated material can rotate automatically; asymmetric, HMAC and imported keys are not judged.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "kms",
	ServiceModel: Abstracted,
	ResourceType: "AWS::KMS::Key",
	Remediation: Remediation{
		Text:    "Enable automatic key rotation on the key (the rotation period may be 90 to 2560 days; 365 is the default). Nothing that uses the key needs to change.",
		Console: "KMS > Customer managed keys > the key > Key rotation: Automatically rotate this KMS key every year (or choose a period) > Save.",
		CLI:     "aws kms enable-key-rotation --key-id <key-id> --rotation-period-in-days 365",
	},
	References: []string{"CIS 3.6", "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html", kmsHub("kms-4")},
	Needs:      []Operation{op("kms", "ListKeys"), op("kms", "DescribeKey"), op("kms", "GetKeyRotationStatus")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, k := range inv.KMS.Keys {
			// A key whose metadata could not be read might be one; Run
			// reports it as unknown.
			if k.Manager != "" && !rotates(k) {
				continue
			}
			ev := map[string]any{"rotation_enabled": k.RotationEnabled, "key_state": k.State}
			if k.RotationEnabled {
				ev["rotation_period_days"] = k.RotationPeriodDays
				out = append(out, keyResult(k, Pass, fmt.Sprintf("%s rotates its key material every %d days", keyName(k), k.RotationPeriodDays), ev))
			} else {
				out = append(out, keyResult(k, Fail, keyName(k)+" has automatic key rotation off", ev))
			}
		}
		return out
	},
}

var kmsKeyPolicyPublic = Check{
	ID:           "kms-key-policy-public",
	Title:        "Key policy lets anyone use the key",
	Description:  "A key policy statement that allows Principal \"*\" (or everyone but a few, through NotPrincipal) unless a condition ties it to a fixed value of a key naming who or from where, such as the calling account (kms:CallerAccount), organisation (aws:PrincipalOrgID), source VPC endpoint or address range (the same reading of public as S3's, which every resource-policy check shares), lets any AWS account's principals use the key as far as the statement's actions go: decrypt whatever they obtain, or encrypt with it. The key policy is the primary control on a KMS key, and it is the customer's alone for customer managed keys; AWS writes the policies of its own.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "kms",
	ServiceModel: Abstracted,
	ResourceType: "AWS::KMS::Key",
	Remediation: Remediation{
		Text:    "Replace Principal \"*\" with the accounts or roles that need the key, or add a condition such as kms:CallerAccount or aws:PrincipalOrgID; grant cross-account use to the other account's root and let it delegate through IAM.",
		Console: "KMS > Customer managed keys > the key > Key policy > Edit: remove or narrow the statement with \"Principal\": \"*\".",
		CLI:     "aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://policy-without-public-statements.json",
	},
	References: []string{"https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
		"https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account", kmsHub("kms-5")},
	Needs: []Operation{op("kms", "ListKeys"), op("kms", "DescribeKey"), op("kms", "GetKeyPolicy")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, k := range inv.KMS.Keys {
			if k.Manager == inventory.KeyManagerAWS {
				continue
			}
			if k.Policy == "" {
				// Run makes this unknown when the read failed; a key always
				// has a policy, so an empty one was not read.
				out = append(out, keyResult(k, Unknown, keyName(k)+"'s key policy was not read", nil))
				continue
			}
			doc, err := cfg.parse(k.Policy)
			if err != nil {
				out = append(out, keyResult(k, Unknown, fmt.Sprintf("%s's key policy could not be analysed: %v", keyName(k), err), map[string]any{"parse_error": err.Error()}))
				continue
			}
			v := policy.Public(doc)
			if !v.IsPublic() {
				out = append(out, keyResult(k, Pass, keyName(k)+"'s key policy allows no one outside named principals or narrowing conditions"+narrowedSummary(v), v.Evidence()))
				continue
			}
			out = append(out, keyResult(k, Fail, keyName(k)+"'s key policy "+publicSummary(v), publicEvidence(v)))
		}
		return out
	},
}

// keyRef is a resource that names a KMS key.
type keyRef struct {
	kind, name, arn, region, ref string
}

// keyRefs lists every reference to a KMS key in the inventory: trails,
// buckets' default encryption, EBS volumes and snapshots, RDS instances
// and snapshots, EFS file systems and DynamoDB tables.
func keyRefs(inv *inventory.Inventory) []keyRef {
	var out []keyRef
	add := func(kind, name, arn, region, ref string) {
		if ref != "" {
			out = append(out, keyRef{kind, name, arn, region, ref})
		}
	}
	for _, t := range inv.CloudTrail.Trails {
		add("trail", t.Name, t.ARN, t.Region, t.KMSKeyID)
	}
	for _, b := range inv.S3.Buckets {
		if e := b.Encryption; e != nil && strings.HasPrefix(e.Algorithm, "aws:kms") {
			// S3 uses aws/s3 when the rule names no key.
			add("bucket", b.Name, b.ARN, b.Region, cmp.Or(e.KMSKeyID, "alias/aws/s3"))
		}
	}
	for _, v := range inv.EC2.Volumes {
		add("volume", v.ID, v.ARN, v.Region, v.KMSKeyID)
	}
	for _, s := range inv.EC2.Snapshots {
		add("snapshot", s.ID, s.ARN, s.Region, s.KMSKeyID)
	}
	for _, d := range inv.RDS.Instances {
		add("db-instance", d.ID, d.ARN, d.Region, d.KMSKeyID)
	}
	for _, d := range inv.RDS.Snapshots {
		add("db-snapshot", d.ID, d.ARN, d.Region, d.KMSKeyID)
	}
	for _, f := range inv.EFS.FileSystems {
		add("file-system", f.ID, f.ARN, f.Region, f.KMSKeyID)
	}
	for _, t := range inv.DynamoDB.Tables {
		add("table", t.Name, t.ARN, t.Region, t.KMSKeyARN)
	}
	return out
}

// keyRefReads are the reads a resource's key reference comes from. When
// one failed for a resource in a key's region, that resource may name the
// key unseen.
var keyRefReads = []Operation{
	op("s3", "GetBucketEncryption"), op("s3", "GetBucketLocation"),
	op("dynamodb", "DescribeTable"),
}

var kmsKeyPendingDeletion = Check{
	ID:           "kms-key-pending-deletion-in-use",
	Title:        "Key scheduled for deletion is still in use",
	Description:  "When a KMS key's waiting period ends, KMS deletes it for good, and everything encrypted under it (volumes, snapshots, objects, tables, database storage, log files) can never be decrypted again; while pending deletion the key already refuses to encrypt or decrypt. A key pending deletion that a trail, a bucket's default encryption, an EBS volume or snapshot, an RDS instance or snapshot, an EFS file system or a DynamoDB table still names means data about to become unrecoverable. AWS enforces the waiting period; what to delete, and when, is the customer's alone. Keys pending deletion that nothing names pass; references by alias are resolved.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "kms",
	ServiceModel: Abstracted,
	ResourceType: "AWS::KMS::Key",
	Remediation: Remediation{
		Text:    "Cancel the deletion, re-enable the key, and move each resource that uses it to another key (re-encrypt or copy the data) before scheduling the deletion again. Check the key's recent use in CloudTrail (Decrypt, GenerateDataKey) too: data encrypted client-side does not show here.",
		Console: "KMS > Customer managed keys > the key > Key actions > Cancel key deletion, then Key actions > Enable.",
		CLI:     "aws kms cancel-key-deletion --key-id <key-id> && aws kms enable-key --key-id <key-id>",
	},
	References: []string{"https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
		"https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-determining-usage.html", kmsHub("kms-3")},
	Needs: []Operation{
		op("kms", "ListKeys"), op("kms", "DescribeKey"), op("kms", "ListAliases"),
		op("cloudtrail", "DescribeTrails"), op("s3", "ListBuckets"), op("s3", "GetBucketLocation"), op("s3", "GetBucketEncryption"),
		op("ec2", "DescribeVolumes"), op("ec2", "DescribeSnapshots"),
		op("rds", "DescribeDBInstances"), op("rds", "DescribeDBSnapshots"), op("elasticfilesystem", "DescribeFileSystems"),
		op("dynamodb", "ListTables"), op("dynamodb", "DescribeTable"),
	},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var refs []keyRef
		var keys keyIndex
		var out []Result
		for _, k := range inv.KMS.Keys {
			if k.State != "PendingDeletion" {
				continue
			}
			if refs == nil {
				refs, keys = keyRefs(inv), newKeyIndex(inv)
			}
			ev := map[string]any{"key_state": k.State}
			if !k.DeletionDate.IsZero() {
				ev["deletion_date"] = k.DeletionDate.UTC().Format("2006-01-02")
			}
			var users []string
			var uses []map[string]any
			for _, r := range refs {
				if key := keys.find(r.region, r.ref); key != nil && key.ARN == k.ARN {
					users = append(users, r.kind+" "+r.name)
					uses = append(uses, map[string]any{"kind": r.kind, "name": r.name, "arn": r.arn, "reference": r.ref})
				}
			}
			when := "when its deletion date comes"
			if d, ok := ev["deletion_date"]; ok {
				when = fmt.Sprintf("on %s", d)
			}
			if users != nil {
				ev["used_by"] = uses
				out = append(out, keyResult(k, Fail, fmt.Sprintf("%s is pending deletion, which makes data unrecoverable %s, but is still used by %s", keyName(k), when, strings.Join(users, ", ")), ev))
				continue
			}
			res := keyResult(k, Pass, keyName(k)+" is pending deletion and no resource srmscan reads names it", ev)
			// A resource whose key reference could not be read may name it.
			for _, e := range inv.Errors {
				if slices.Contains(keyRefReads, Operation{e.Service, e.Operation}) && e.ResourceARN != "" && (e.Region == k.Region || e.Region == "") {
					res = unknownFrom(res, e)
					break
				}
				if e.Service == "cloudtrail" && e.Operation == "DescribeTrails" {
					// A trail's key lives in its bucket's region, which
					// need not be the trail's.
					res = unknownFrom(res, e)
					break
				}
			}
			out = append(out, res)
		}
		return out
	},
}
