package scanner

import (
	"context"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// identify learns which account the credentials belong to.
func (s *scan) identify(ctx context.Context) {
	out, err := s.clients.STS().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		s.fail("sts", "", "GetCallerIdentity", "", err)
		return
	}
	if aws.ToString(out.Account) == "" {
		// Every resource is placed in the account by its ID; an answer
		// without one cannot be used, and must not pass for success.
		s.fail("sts", "", "GetCallerIdentity", "", &smithy.DeserializationError{Err: errors.New("the answer names no account")})
		return
	}
	s.inv.AccountID = aws.ToString(out.Account)
	s.inv.CallerARN = aws.ToString(out.Arn)
	s.inv.Partition = inventory.PartitionOf(s.inv.CallerARN)
}

// regions returns the regions to scan: the user's list, or every region
// enabled for the account (opted-in regions included, disabled ones not),
// falling back to the configured region if that cannot be listed.
func (s *scan) regions(ctx context.Context) []string {
	if len(s.opts.Regions) > 0 {
		r := slices.Clone(s.opts.Regions)
		slices.Sort(r)
		return slices.Compact(r)
	}
	out, err := s.clients.EC2(s.cfg.Region).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		s.fail("ec2", s.cfg.Region, "DescribeRegions", "", err)
		return []string{s.cfg.Region}
	}
	var r []string
	for _, reg := range out.Regions {
		r = append(r, aws.ToString(reg.RegionName))
	}
	slices.Sort(r)
	return r
}
