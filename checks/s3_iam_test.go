package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

func bucket(name string, pab *inventory.PublicAccessBlock) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.S3.Buckets = append(inv.S3.Buckets, inventory.Bucket{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, PublicAccessBlock: pab})
	}
}

func TestBucketPublicAccessBlock(t *testing.T) {
	full := &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	partial := &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true}
	runCases(t, bucketPublicAccessBlock, []statusCase{
		{"full", bucket("a", full), map[string]Status{":::a": Pass}},
		{"partial", bucket("a", partial), map[string]Status{":::a": Fail}},
		{"none", bucket("a", nil), map[string]Status{":::a": Fail}},
		{"unreadable is unknown, not none", both(bucket("a", nil), denied("s3", "us-east-1", "GetPublicAccessBlock", "arn:aws:s3:::a")),
			map[string]Status{":::a": Unknown}},
		{"listing denied", denied("s3", "", "ListBuckets", ""), map[string]Status{":s3::111122223333:*": Unknown}},
	})
}

func credential(user string, password, mfa bool) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.IAM.CredentialReport = append(inv.IAM.CredentialReport, inventory.Credential{
			User: user, ARN: "arn:aws:iam::111122223333:user/" + user, PasswordEnabled: password, MFAActive: mfa})
	}
}

func TestUserConsoleMFA(t *testing.T) {
	runCases(t, userConsoleMFA, []statusCase{
		{"console with mfa", credential("alice", true, true), map[string]Status{"user/alice": Pass}},
		{"console without mfa", credential("bob", true, false), map[string]Status{"user/bob": Fail}},
		{"no console is not applicable", both(credential("ci", false, false), credential("bob", true, true)), map[string]Status{"user/bob": Pass}},
		{"root is not a console user here", credential(inventory.RootUser, true, false), map[string]Status{}},
		{"report denied", both(credential("bob", true, true), denied("iam", "", "GetCredentialReport", "")),
			map[string]Status{"user/bob": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestAwarenessTrainingIsManual(t *testing.T) {
	fs := Run(account(denied("iam", "", "GetCredentialReport", "")), []Check{awarenessTraining}, DefaultConfig())
	if len(fs) != 1 || fs[0].Status != Manual || fs[0].ResourceARN != "arn:aws:iam::111122223333:root" {
		t.Fatalf("findings = %+v", fs)
	}
}
