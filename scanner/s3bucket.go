package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/srmscan/srmscan/inventory"
)

// readBucket reads a bucket's settings from its region, each read a job
// of its own (see join), and adds the bucket to the inventory once all
// have finished. A failed read is recorded against the bucket and the
// others still made, so one denied action does not hide the rest of it.
func (s *scan) readBucket(ctx context.Context, b inventory.Bucket) {
	region := b.Region
	c := s.clients.S3(region)
	bucket := aws.String(b.Name)
	fail := func(op string, err error) { s.fail("s3", region, op, b.ARN, err) }
	j := s.join(func() { s.add(func(inv *inventory.Inventory) { inv.S3.Buckets = append(inv.S3.Buckets, b) }) })
	defer j.close()

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: bucket}); err == nil {
			b.Tags = tagsOf(out.TagSet, func(t types.Tag) (*string, *string) { return t.Key, t.Value })
		} else if !isS3Code(err, "NoSuchTagSet") {
			fail("GetBucketTagging", err)
		}
	})

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: bucket}); err == nil {
			b.Encryption = s3Encryption(out.ServerSideEncryptionConfiguration)
		} else if !isS3Code(err, "ServerSideEncryptionConfigurationNotFoundError") {
			fail("GetBucketEncryption", err)
		}
	})

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket}); err == nil {
			if p := out.PublicAccessBlockConfiguration; p != nil {
				b.PublicAccessBlock = &inventory.PublicAccessBlock{
					BlockPublicACLs:       aws.ToBool(p.BlockPublicAcls),
					IgnorePublicACLs:      aws.ToBool(p.IgnorePublicAcls),
					BlockPublicPolicy:     aws.ToBool(p.BlockPublicPolicy),
					RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets),
				}
			}
		} else if !isS3Code(err, "NoSuchPublicAccessBlockConfiguration") {
			fail("GetPublicAccessBlock", err)
		}
	})

	// Only a bucket with a policy has a policy status to read, so that
	// read waits for the policy's.
	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket}); err == nil {
			b.Policy = aws.ToString(out.Policy)
		} else if !isS3Code(err, "NoSuchBucketPolicy") {
			fail("GetBucketPolicy", err)
		}
		if b.Policy == "" {
			return
		}
		j.spawn(ctx, func(ctx context.Context) {
			out, err := c.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: bucket})
			switch {
			case err == nil && out.PolicyStatus != nil:
				b.PolicyIsPublic = aws.ToBool(out.PolicyStatus.IsPublic)
			case err != nil && !isS3Code(err, "NoSuchBucketPolicy"):
				// NoSuchBucketPolicy here means the policy was deleted
				// since it was read: no policy, so not public.
				fail("GetBucketPolicyStatus", err)
			}
		})
	})

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: bucket}); err == nil {
			if out.Owner != nil {
				b.OwnerID = aws.ToString(out.Owner.ID)
			}
			for _, g := range out.Grants {
				b.Grants = append(b.Grants, s3Grant(g))
			}
		} else {
			fail("GetBucketAcl", err)
		}
	})

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: bucket}); err == nil {
			b.Versioning = string(out.Status)
			b.MFADelete = string(out.MFADelete)
		} else {
			fail("GetBucketVersioning", err)
		}
	})

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: bucket}); err == nil {
			if l := out.LoggingEnabled; l != nil {
				b.Logging = &inventory.BucketLogging{TargetBucket: aws.ToString(l.TargetBucket), TargetPrefix: aws.ToString(l.TargetPrefix)}
			}
		} else {
			fail("GetBucketLogging", err)
		}
	})

	j.spawn(ctx, func(ctx context.Context) {
		if out, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: bucket}); err == nil {
			if oc := out.OwnershipControls; oc != nil && len(oc.Rules) > 0 {
				b.ObjectOwnership = string(oc.Rules[0].ObjectOwnership)
			}
		} else if !isS3Code(err, "OwnershipControlsNotFoundError") {
			fail("GetBucketOwnershipControls", err)
		}
	})
}
