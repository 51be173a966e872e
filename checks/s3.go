package checks

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// s3Checks are the customer's duties on S3, an abstracted service: AWS runs
// everything but the data, its classification, encryption and access.
var s3Checks = []Check{
	bucketPublicAccessBlock,
}

var bucketPublicAccessBlock = Check{
	ID:           "s3-bucket-public-access-block",
	Title:        "Bucket does not block public access",
	Description:  "S3 Block Public Access overrides any ACL or policy that would make the bucket public. AWS runs S3; what is exposed from it is the customer's data and the customer's choice.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "s3",
	ServiceModel: Abstracted,
	ResourceType: "AWS::S3::Bucket",
	Remediation: Remediation{
		Text:    "Turn on all four Block Public Access settings for the bucket (and for the account), unless the bucket deliberately serves public content.",
		Console: "S3 > the bucket > Permissions > Block public access (bucket settings) > Edit: tick Block all public access.",
		CLI:     "aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
	},
	References: []string{"CIS 2.1.4", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"},
	Needs:      []Operation{op("s3", "ListBuckets"), op("s3", "GetBucketLocation"), op("s3", "GetPublicAccessBlock")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, b := range inv.S3.Buckets {
			r := Result{Status: Pass, Region: b.Region, ResourceARN: b.ARN,
				Message: b.Name + " blocks all public access"}
			p := b.PublicAccessBlock
			switch {
			case p == nil:
				r.Status = Fail
				r.Message = b.Name + " has no Block Public Access configuration"
				r.Evidence = map[string]any{"public_access_block": nil}
			default:
				r.Evidence = map[string]any{"block_public_acls": p.BlockPublicACLs, "ignore_public_acls": p.IgnorePublicACLs,
					"block_public_policy": p.BlockPublicPolicy, "restrict_public_buckets": p.RestrictPublicBuckets}
				if !p.FullyOn() {
					r.Status = Fail
					r.Message = fmt.Sprintf("%s blocks public access only partly", b.Name)
				}
			}
			out = append(out, r)
		}
		return out
	},
}
