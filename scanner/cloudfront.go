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

// collectDistributionConfig reads a distribution's configuration. It holds
// everything the summary does and standard logging besides; where both
// are read the configuration wins, being the distribution's own record
// (some AWS-compatible endpoints, moto among them, summarise a
// distribution without its settings). A failed read keeps the summary's
// settings, so only logging becomes unknown.
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
	cfg := out.DistributionConfig
	if cfg == nil {
		return
	}
	d.Enabled, d.WebACLID = aws.ToBool(cfg.Enabled), aws.ToString(cfg.WebACLId)
	settings(&d, cfg.Aliases, cfg.DefaultCacheBehavior, cfg.CacheBehaviors, cfg.Origins, cfg.ViewerCertificate)
	if l := cfg.Logging; l != nil {
		d.Logging = &inventory.DistributionLogging{
			Enabled: aws.ToBool(l.Enabled),
			Bucket:  aws.ToString(l.Bucket),
			Prefix:  aws.ToString(l.Prefix),
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
	settings(&d, sum.Aliases, sum.DefaultCacheBehavior, sum.CacheBehaviors, sum.Origins, sum.ViewerCertificate)
	return d
}

// settings fills what a summary and a configuration both hold.
func settings(d *inventory.Distribution, aliases *cftypes.Aliases, def *cftypes.DefaultCacheBehavior, behaviors *cftypes.CacheBehaviors,
	origins *cftypes.Origins, v *cftypes.ViewerCertificate) {
	d.Aliases = nil
	if aliases != nil && len(aliases.Items) > 0 {
		d.Aliases = aliases.Items
	}
	d.CacheBehaviors = []inventory.CacheBehavior{}
	if def != nil {
		d.CacheBehaviors = append(d.CacheBehaviors, inventory.CacheBehavior{PathPattern: "*", ViewerProtocolPolicy: string(def.ViewerProtocolPolicy)})
	}
	if behaviors != nil {
		for _, b := range behaviors.Items {
			d.CacheBehaviors = append(d.CacheBehaviors, inventory.CacheBehavior{PathPattern: aws.ToString(b.PathPattern), ViewerProtocolPolicy: string(b.ViewerProtocolPolicy)})
		}
	}
	d.Origins = []inventory.Origin{}
	if origins != nil {
		for _, o := range origins.Items {
			d.Origins = append(d.Origins, origin(o))
		}
	}
	d.ViewerCertificate = inventory.ViewerCertificate{}
	if v != nil {
		d.ViewerCertificate = inventory.ViewerCertificate{
			CloudFrontDefault:      aws.ToBool(v.CloudFrontDefaultCertificate),
			ACMCertificateARN:      aws.ToString(v.ACMCertificateArn),
			IAMCertificateID:       aws.ToString(v.IAMCertificateId),
			MinimumProtocolVersion: string(v.MinimumProtocolVersion),
			SSLSupportMethod:       string(v.SSLSupportMethod),
		}
	}
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
