package scanner

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// maxBucketsPerPage is the largest page ListBuckets accepts. Asking for it
// also makes S3 include each bucket's region in the listing, which it
// leaves out of a bare ListBuckets.
const maxBucketsPerPage = 10000

// collectS3 inventories the account's buckets and S3 account settings.
// Buckets are listed once, from the scan's home region, and each bucket's
// settings are then read from the bucket's own region: S3 answers a bucket
// request sent to any other region with a redirect.
func (s *scan) collectS3(ctx context.Context) {
	s.spawn(ctx, s.collectAccountPublicAccessBlock)

	s.mu.Lock()
	scanned := map[string]bool{}
	for _, r := range s.inv.Regions {
		scanned[r] = true
	}
	s.mu.Unlock()

	home := s.clients.S3(s.cfg.Region)
	p := s3.NewListBucketsPaginator(home, &s3.ListBucketsInput{MaxBuckets: aws.Int32(maxBucketsPerPage)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			// Buckets of the pages already read are still collected; this
			// error marks the listing, and so every bucket, as incomplete.
			s.fail("s3", "", "ListBuckets", "", err)
			return
		}
		for _, b := range out.Buckets {
			s.spawn(ctx, func(ctx context.Context) { s.collectBucket(ctx, b, scanned) })
		}
	}
}

// collectAccountPublicAccessBlock reads the account-level Block Public
// Access settings through S3 Control.
func (s *scan) collectAccountPublicAccessBlock(ctx context.Context) {
	// A bucket's GetPublicAccessBlock has the same operation name; the
	// account's root ARN as resource keeps a failure here from being read
	// as one bucket's, or as a failed bucket listing.
	fail := func(err error) {
		s.fail("s3", "", "GetPublicAccessBlock", inventory.AccountARN(s.partition(), s.account()), err)
	}
	if s.account() == "" {
		// S3 Control addresses the account by ID; without one the request
		// cannot be made, but the gap must still show.
		fail(errors.New("account ID unknown (GetCallerIdentity failed), so the account's settings cannot be read"))
		return
	}
	out, err := s.clients.S3Control().GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{
		AccountId: aws.String(s.account()),
	})
	if err != nil && !isS3Code(err, "NoSuchPublicAccessBlockConfiguration") {
		fail(err)
		return
	}
	var pab *inventory.PublicAccessBlock
	if err == nil && out.PublicAccessBlockConfiguration != nil {
		c := out.PublicAccessBlockConfiguration
		pab = &inventory.PublicAccessBlock{
			BlockPublicACLs:       aws.ToBool(c.BlockPublicAcls),
			IgnorePublicACLs:      aws.ToBool(c.IgnorePublicAcls),
			BlockPublicPolicy:     aws.ToBool(c.BlockPublicPolicy),
			RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
		}
	}
	s.add(func(inv *inventory.Inventory) { inv.S3.AccountPublicAccessBlock = pab })
}

// collectBucket places one bucket in its region and, when that region is
// scanned, reads its settings there (readBucket).
func (s *scan) collectBucket(ctx context.Context, lb types.Bucket, scanned map[string]bool) {
	name := aws.ToString(lb.Name)
	b := inventory.Bucket{
		Resource: inventory.Resource{
			ARN:       inventory.BucketARN(s.partition(), name),
			AccountID: s.account(),
		},
		Name:         name,
		CreationDate: aws.ToTime(lb.CreationDate).UTC(),
	}

	region := aws.ToString(lb.BucketRegion)
	if region == "" {
		// Older listings and some S3-compatible stores give no region. Any
		// region answers GetBucketLocation, so the home client asks.
		out, err := s.clients.S3(s.cfg.Region).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(name)})
		if err != nil {
			// Without its region nothing more can be read, nor can the
			// bucket be placed in or out of the scan: keep it, region
			// unknown, so the error covers a bucket that is there.
			s.fail("s3", "", "GetBucketLocation", b.ARN, err)
			s.add(func(inv *inventory.Inventory) { inv.S3.Buckets = append(inv.S3.Buckets, b) })
			return
		}
		region = s3LocationRegion(out.LocationConstraint)
	}
	if !scanned[region] {
		return
	}
	b.Region = region

	s.readBucket(ctx, b)
}

// s3LocationRegion turns a LocationConstraint into a region name. S3 reports
// us-east-1 as no constraint and the oldest eu-west-1 buckets as "EU".
func s3LocationRegion(c types.BucketLocationConstraint) string {
	switch c {
	case "":
		return "us-east-1"
	case types.BucketLocationConstraintEu:
		return "eu-west-1"
	}
	return string(c)
}

// s3Encryption reads the default encryption rule. S3 allows one rule
// per bucket; a configuration without a default is no default.
func s3Encryption(c *types.ServerSideEncryptionConfiguration) *inventory.BucketEncryption {
	if c == nil {
		return nil
	}
	for _, r := range c.Rules {
		if d := r.ApplyServerSideEncryptionByDefault; d != nil {
			return &inventory.BucketEncryption{
				Algorithm:        string(d.SSEAlgorithm),
				KMSKeyID:         aws.ToString(d.KMSMasterKeyID),
				BucketKeyEnabled: aws.ToBool(r.BucketKeyEnabled),
			}
		}
	}
	return nil
}

func s3Grant(g types.Grant) inventory.Grant {
	out := inventory.Grant{Permission: string(g.Permission)}
	if ge := g.Grantee; ge != nil {
		out.GranteeType = string(ge.Type)
		out.GranteeID = aws.ToString(ge.ID)
		out.GranteeURI = aws.ToString(ge.URI)
		if ge.Type == types.TypeAmazonCustomerByEmail {
			out.GranteeID = aws.ToString(ge.EmailAddress)
		}
	}
	return out
}

// isS3Code reports whether err is the AWS error code. S3 answers reads of a
// setting that was never configured with a 404 of its own code; those are
// data ("none"), not failures.
func isS3Code(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}
