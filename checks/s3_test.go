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
