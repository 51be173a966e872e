package synth

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// ownerID is the account's canonical user ID.
const ownerID = "9f3b1c7e2a4d6f8091b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7"

var purposes = []string{"uploads", "assets", "backups", "exports", "artifacts", "data-lake", "reports", "tmp", "state", "media"}

// buckets makes the account's buckets, each region's first one its log
// bucket. Since 2023 S3 encrypts every bucket by default, so all have a
// default encryption; Block Public Access, policies, ACLs, versioning and
// logging vary as they do in accounts that grew over years.
func (g *gen) buckets() {
	s3 := &g.inv.S3
	s3.AccountPublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	ownerFull := inventory.Grant{GranteeType: "CanonicalUser", GranteeID: ownerID, Permission: "FULL_CONTROL"}
	for ri, n := range g.spread(g.sz.Buckets) {
		region := g.regions[ri]
		for k := range n {
			b := inventory.Bucket{
				Resource: inventory.Resource{Region: region},
				Name:     fmt.Sprintf("acme-%s-%s-%s-%05d", pick(g, purposes), pick(g, envs), region, len(s3.Buckets)),
				OwnerID:  ownerID, Grants: []inventory.Grant{ownerFull},
				CreationDate: g.ago(6 * 365 * day),
				Encryption:   &inventory.BucketEncryption{Algorithm: "AES256"},
			}
			if k == 0 {
				b.Name = fmt.Sprintf("acme-logs-%s", region)
				g.logs[region] = b.Name
				b.Grants = append(b.Grants, inventory.Grant{GranteeType: "Group", GranteeURI: "http://acs.amazonaws.com/groups/s3/LogDelivery", Permission: "WRITE"})
			}
			arn := "arn:aws:s3:::" + b.Name
			if g.chance(0.2) {
				b.Encryption = &inventory.BucketEncryption{Algorithm: "aws:kms", KMSKeyID: g.kmsKey(region), BucketKeyEnabled: g.chance(0.5)}
			}
			switch g.weighted(85, 5, 10) {
			case 0:
				b.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
			case 1:
				b.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: g.chance(0.5)}
			}
			switch g.weighted(55, 30, 8, 5, 2) {
			case 1:
				b.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + arn + `","` + arn + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
			case 2:
				b.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"CrossAccountRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + otherAccount(g) + `:root"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["` + arn + `","` + arn + `/*"]}]}`
			case 3:
				b.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"CloudFrontRead","Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"` + arn + `/*","Condition":{"StringEquals":{"AWS:SourceArn":"arn:aws:cloudfront::` + AccountID + `:distribution/E` + fmt.Sprintf("%013X", g.rng.Uint64()>>12) + `"}}}]}`
			case 4:
				b.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + arn + `/*"}]}`
				b.PolicyIsPublic = b.PublicAccessBlock == nil || !b.PublicAccessBlock.RestrictPublicBuckets
			}
			if g.chance(0.02) {
				b.Grants = append(b.Grants, inventory.Grant{GranteeType: "Group",
					GranteeURI: pick(g, []string{"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}), Permission: "READ"})
			}
			switch g.weighted(50, 8, 42) {
			case 0:
				b.Versioning, b.MFADelete = "Enabled", "Disabled"
				if g.chance(0.04) {
					b.MFADelete = "Enabled"
				}
			case 1:
				b.Versioning, b.MFADelete = "Suspended", "Disabled"
			}
			if k > 0 && g.chance(0.3) {
				b.Logging = &inventory.BucketLogging{TargetBucket: g.logs[region], TargetPrefix: b.Name + "/"}
			}
			b.ObjectOwnership = []string{"BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter", ""}[g.weighted(80, 8, 7, 5)]
			if g.chance(0.7) {
				b.Tags = g.tags(b.Name)
				b.Tags.Delete("Name")
				b.Tags.Set("DataClassification", pick(g, []string{"public", "internal", "confidential", "restricted"}))
			}
			s3.Buckets = append(s3.Buckets, b)
		}
	}
}
