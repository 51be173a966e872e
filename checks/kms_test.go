package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

const rootOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`

// key adds a customer-managed symmetric key in us-east-1 after set has
// changed it.
func key(id string, set func(k *inventory.Key)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		k := inventory.Key{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Manager: "CUSTOMER",
			Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", State: "Enabled", Origin: "AWS_KMS", Policy: rootOnly}
		if set != nil {
			set(&k)
		}
		inv.KMS.Keys = append(inv.KMS.Keys, k)
	}
}

const k1ARN = "arn:aws:kms:us-east-1:111122223333:key/k1"

func TestKMSKeyRotation(t *testing.T) {
	runCases(t, kmsKeyRotation, []statusCase{
		{"rotating", key("k1", func(k *inventory.Key) { k.RotationEnabled, k.RotationPeriodDays = true, 365 }), map[string]Status{"key/k1": Pass}},
		{"not rotating", key("k1", nil), map[string]Status{"key/k1": Fail}},
		{"disabled, not rotating", key("k1", func(k *inventory.Key) { k.State = "Disabled" }), map[string]Status{"key/k1": Fail}},
		{"AWS managed keys are AWS's", key("k1", func(k *inventory.Key) { k.Manager = "AWS" }), map[string]Status{}},
		{"asymmetric keys cannot rotate", key("k1", func(k *inventory.Key) { k.Spec, k.Usage = "RSA_2048", "SIGN_VERIFY" }), map[string]Status{}},
		{"imported key material cannot rotate", key("k1", func(k *inventory.Key) { k.Origin = "EXTERNAL" }), map[string]Status{}},
		{"pending deletion", key("k1", func(k *inventory.Key) { k.State = "PendingDeletion" }), map[string]Status{}},
		{"metadata unreadable", both(key("k1", func(k *inventory.Key) { *k = inventory.Key{Resource: k.Resource, ID: k.ID} }),
			denied("kms", "us-east-1", "DescribeKey", k1ARN)), map[string]Status{"key/k1": Unknown}},
		{"rotation unreadable", both(key("k1", nil), denied("kms", "us-east-1", "GetKeyRotationStatus", k1ARN)), map[string]Status{"key/k1": Unknown}},
		{"listing denied", denied("kms", "us-east-1", "ListKeys", ""), map[string]Status{":kms:us-east-1:111122223333:*": Unknown}},
	})
}

func TestKMSKeyPolicyPublic(t *testing.T) {
	pol := func(statement string) func(k *inventory.Key) {
		return func(k *inventory.Key) {
			k.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},` + statement + `]}`
		}
	}
	runCases(t, kmsKeyPolicyPublic, []statusCase{
		{"root only", key("k1", nil), map[string]Status{"key/k1": Pass}},
		{"everyone, no condition", key("k1", pol(`{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`)), map[string]Status{"key/k1": Fail}},
		{"AWS *, no condition", key("k1", pol(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}`)), map[string]Status{"key/k1": Fail}},
		{"everyone but one", key("k1", pol(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/x"},"Action":"kms:Decrypt","Resource":"*"}`)), map[string]Status{"key/k1": Fail}},
		{"everyone in the account, as AWS's key policies", key("k1", pol(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-east-1.amazonaws.com"}}}`)),
			map[string]Status{"key/k1": Pass}},
		{"a caller-account wildcard restricts nothing", key("k1", pol(`{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:CallerAccount":"*"}}}`)),
			map[string]Status{"key/k1": Fail}},
		{"the service alone restricts nothing", key("k1", pol(`{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}`)),
			map[string]Status{"key/k1": Fail}},
		{"the organisation", key("k1", pol(`{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`)),
			map[string]Status{"key/k1": Pass}},
		{"a deny shuts it", key("k1", pol(`{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`)),
			map[string]Status{"key/k1": Pass}},
		{"AWS managed keys are AWS's", key("k1", func(k *inventory.Key) { k.Manager, k.Policy = "AWS", "" }), map[string]Status{}},
		{"unparsable", key("k1", func(k *inventory.Key) { k.Policy = "{" }), map[string]Status{"key/k1": Unknown}},
		{"policy unreadable", both(key("k1", func(k *inventory.Key) { k.Policy = "" }), denied("kms", "us-east-1", "GetKeyPolicy", k1ARN)), map[string]Status{"key/k1": Unknown}},
	})
	fs := Run(account(key("k1", pol(`{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`))), []Check{kmsKeyPolicyPublic}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "allows kms:Decrypt to everyone (statement Open)") || fs[0].Evidence["public_statements"] == nil {
		t.Errorf("finding = %+v", fs)
	}
}

func TestKMSKeyPendingDeletion(t *testing.T) {
	pending := func(k *inventory.Key) {
		k.State, k.DeletionDate, k.Aliases = "PendingDeletion", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), []string{"alias/old"}
	}
	volume := func(ref string) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.Volumes = append(inv.EC2.Volumes, inventory.Volume{Resource: inventory.Resource{Region: "us-east-1"}, ID: "vol-1", Encrypted: true, KMSKeyID: ref})
		}
	}
	bucketKey := func(ref string) func(inv *inventory.Inventory) {
		return bkt("data", func(b *inventory.Bucket) {
			b.Encryption = &inventory.BucketEncryption{Algorithm: "aws:kms", KMSKeyID: ref}
		})
	}
	table := func(region, ref string) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.DynamoDB.Tables = append(inv.DynamoDB.Tables, inventory.Table{Resource: inventory.Resource{Region: region}, Name: "t", SSEType: "KMS", KMSKeyARN: ref})
		}
	}
	runCases(t, kmsKeyPendingDeletion, []statusCase{
		{"not pending deletion", both(key("k1", nil), volume(k1ARN)), map[string]Status{}},
		{"pending, unused", both(key("k1", pending), volume("arn:aws:kms:us-east-1:111122223333:key/k2")), map[string]Status{"key/k1": Pass}},
		{"pending, used by a volume", both(key("k1", pending), volume(k1ARN)), map[string]Status{"key/k1": Fail}},
		{"pending, used by a bucket by alias", both(key("k1", pending), bucketKey("alias/old")), map[string]Status{"key/k1": Fail}},
		{"pending, used by a bucket by alias ARN", both(key("k1", pending), bucketKey("arn:aws:kms:us-east-1:111122223333:alias/old")), map[string]Status{"key/k1": Fail}},
		{"pending, used by a bucket by key ID", both(key("k1", pending), bucketKey("k1")), map[string]Status{"key/k1": Fail}},
		{"a key ID names a key of the resource's region only", both(regions("eu-west-1", "us-east-1"), key("k1", pending), func(inv *inventory.Inventory) {
			inv.S3.Buckets = append(inv.S3.Buckets, inventory.Bucket{Resource: inventory.Resource{Region: "eu-west-1"}, Name: "eu",
				Encryption: &inventory.BucketEncryption{Algorithm: "aws:kms", KMSKeyID: "k1"}})
		}), map[string]Status{"key/k1": Pass}},
		{"pending, used by a table", both(key("k1", pending), table("us-east-1", k1ARN)), map[string]Status{"key/k1": Fail}},
		{"pending, used by a trail", both(key("k1", pending), trail("main", "eu-west-1", func(t *inventory.Trail) { t.KMSKeyID = k1ARN })), map[string]Status{"key/k1": Fail}},
		{"pending, used by an RDS instance", both(key("k1", pending), func(inv *inventory.Inventory) {
			inv.RDS.Instances = append(inv.RDS.Instances, inventory.DBInstance{Resource: inventory.Resource{Region: "us-east-1"}, ID: "db", StorageEncrypted: true, KMSKeyID: k1ARN})
		}), map[string]Status{"key/k1": Fail}},
		{"pending, unused as far as read, but volumes unreadable", both(key("k1", pending), denied("ec2", "us-east-1", "DescribeVolumes", "")),
			map[string]Status{"key/k1": Unknown, ":ec2:us-east-1:111122223333:*": Unknown}},
		{"pending, unused as far as read, but a bucket's encryption unreadable", both(key("k1", pending), bkt("data", nil), denied("s3", "us-east-1", "GetBucketEncryption", "arn:aws:s3:::data")),
			map[string]Status{"key/k1": Unknown}},
		{"pending, but aliases unreadable", both(key("k1", pending), denied("kms", "us-east-1", "ListAliases", "")),
			map[string]Status{"key/k1": Unknown, ":kms:us-east-1:111122223333:*": Unknown}},
		{"used, though something else is unreadable", both(key("k1", pending), volume(k1ARN), denied("s3", "us-east-1", "GetBucketEncryption", "arn:aws:s3:::data")),
			map[string]Status{"key/k1": Fail}},
	})
	fs := Run(account(both(key("k1", pending), volume(k1ARN), bucketKey("alias/old"))), []Check{kmsKeyPendingDeletion}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "on 2026-11-20, but is still used by bucket data, volume vol-1") {
		t.Errorf("finding = %+v", fs)
	}
}
