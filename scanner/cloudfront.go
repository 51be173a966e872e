package scanner

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// cloudFrontMaxItems is ListDistributions' largest page, and its default
// (the 2015-07-27 API reference said so; later ones no longer do).
const cloudFrontMaxItems = 100

// collectCloudFront lists the account's distributions, once per scan:
// CloudFront is global, like IAM. The summary holds everything the checks
// read but standard logging, which only the distribution's configuration
// shows, so that is read per distribution in a job of its own.
func (s *scan) collectCloudFront(ctx context.Context) {
	c := s.clients.CloudFront()
	in := &cloudfront.ListDistributionsInput{MaxItems: aws.Int32(cloudFrontMaxItems)}
	seen := map[string]bool{}
	for {
		out, err := c.ListDistributions(ctx, in)
		if err != nil {
			s.fail("cloudfront", "", "ListDistributions", "", err)
			return
		}
		list := out.DistributionList
		if list == nil {
			return
		}
		for _, sum := range list.Items {
			d := distribution(s.partition(), s.account(), sum)
			s.spawn(ctx, func(ctx context.Context) { s.collectDistributionConfig(ctx, c, d) })
		}
		// The SDK's paginator follows NextMarker alone; IsTruncated without
		// one, or a marker already followed, is a malformed listing rather
		// than its end, which would let missing distributions pass.
		if !aws.ToBool(list.IsTruncated) {
			return
		}
		next := aws.ToString(list.NextMarker)
		switch {
		case next == "":
			err = errors.New("IsTruncated is true but no NextMarker was given")
		case seen[next]:
			err = fmt.Errorf("marker %q was already followed", next)
		}
		if err != nil {
			s.fail("cloudfront", "", "ListDistributions", "", &smithy.DeserializationError{Err: err})
			return
		}
		seen[next] = true
		in.Marker = aws.String(next)
	}
}

func (s *scan) collectDistributionConfig(ctx context.Context, c *cloudfront.Client, d inventory.Distribution) {
	defer s.add(func(inv *inventory.Inventory) {
		inv.CloudFront.Distributions = append(inv.CloudFront.Distributions, d)
	})
	out, err := c.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: aws.String(d.ID)})
	if err != nil {
		s.fail("cloudfront", "", "GetDistributionConfig", d.ARN, err)
		return
	}
	d.Logging = &inventory.DistributionLogging{}
	if l := out.DistributionConfig; l != nil && l.Logging != nil {
		d.Logging = &inventory.DistributionLogging{
			Enabled: aws.ToBool(l.Logging.Enabled),
			Bucket:  aws.ToString(l.Logging.Bucket),
			Prefix:  aws.ToString(l.Logging.Prefix),
		}
	}
}

func distribution(partition, account string, sum cftypes.DistributionSummary) inventory.Distribution {
	id := aws.ToString(sum.Id)
	d := inventory.Distribution{
		Resource:   inventory.Resource{ARN: aws.ToString(sum.ARN), AccountID: account},
		ID:         id,
		DomainName: aws.ToString(sum.DomainName),
		Enabled:    aws.ToBool(sum.Enabled),
		WebACLID:   aws.ToString(sum.WebACLId),
	}
	if d.ARN == "" {
		d.ARN = inventory.DistributionARN(partition, account, id)
	}
	if sum.Aliases != nil {
		d.Aliases = sum.Aliases.Items
	}
	d.CacheBehaviors = []inventory.CacheBehavior{}
	if b := sum.DefaultCacheBehavior; b != nil {
		d.CacheBehaviors = append(d.CacheBehaviors, inventory.CacheBehavior{PathPattern: "*", ViewerProtocolPolicy: string(b.ViewerProtocolPolicy)})
	}
	if sum.CacheBehaviors != nil {
		for _, b := range sum.CacheBehaviors.Items {
			d.CacheBehaviors = append(d.CacheBehaviors, inventory.CacheBehavior{PathPattern: aws.ToString(b.PathPattern), ViewerProtocolPolicy: string(b.ViewerProtocolPolicy)})
		}
	}
	d.Origins = []inventory.Origin{}
	if sum.Origins != nil {
		for _, o := range sum.Origins.Items {
			d.Origins = append(d.Origins, origin(o))
		}
	}
	if v := sum.ViewerCertificate; v != nil {
		d.ViewerCertificate = inventory.ViewerCertificate{
			CloudFrontDefault:      aws.ToBool(v.CloudFrontDefaultCertificate),
			ACMCertificateARN:      aws.ToString(v.ACMCertificateArn),
			IAMCertificateID:       aws.ToString(v.IAMCertificateId),
			MinimumProtocolVersion: string(v.MinimumProtocolVersion),
			SSLSupportMethod:       string(v.SSLSupportMethod),
		}
	}
	return d
}

func origin(o cftypes.Origin) inventory.Origin {
	out := inventory.Origin{
		ID:                    aws.ToString(o.Id),
		DomainName:            aws.ToString(o.DomainName),
		OriginAccessControlID: aws.ToString(o.OriginAccessControlId),
	}
	switch {
	case o.S3OriginConfig != nil:
		out.Type = "s3"
		out.OriginAccessIdentity = aws.ToString(o.S3OriginConfig.OriginAccessIdentity)
	case o.CustomOriginConfig != nil:
		out.Type = "custom"
		out.OriginProtocolPolicy = string(o.CustomOriginConfig.OriginProtocolPolicy)
		if p := o.CustomOriginConfig.OriginSslProtocols; p != nil {
			for _, x := range p.Items {
				out.OriginSSLProtocols = append(out.OriginSSLProtocols, string(x))
			}
		}
	case o.VpcOriginConfig != nil:
		out.Type = "vpc"
	}
	return out
}
