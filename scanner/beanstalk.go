package scanner

import (
	"cmp"
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	eb "github.com/aws/aws-sdk-go-v2/service/elasticbeanstalk"
	"github.com/srmscan/srmscan/inventory"
)

// beanstalkMaxRecords is DescribeEnvironments' largest page.
const beanstalkMaxRecords = 1000

// environmentPages pages through DescribeEnvironments, for which the SDK
// has no paginator.
type environmentPages struct {
	c    *eb.Client
	in   eb.DescribeEnvironmentsInput
	done bool
}

func (p *environmentPages) HasMorePages() bool { return !p.done }

func (p *environmentPages) NextPage(ctx context.Context, opts ...func(*eb.Options)) (*eb.DescribeEnvironmentsOutput, error) {
	out, err := p.c.DescribeEnvironments(ctx, &p.in, opts...)
	if err != nil {
		return nil, err
	}
	p.in.NextToken = out.NextToken
	p.done = aws.ToString(out.NextToken) == ""
	return out, nil
}

// collectBeanstalk lists a region's live environments, then reads each
// one's settings and each platform version they run, once per platform:
// most environments of an account share a few platforms.
func (s *scan) collectBeanstalk(ctx context.Context, region string) {
	c := s.clients.ElasticBeanstalk(region)
	// Without IncludeDeleted=false the listing also holds environments
	// terminated in the last hour, which have nothing left to judge.
	p := &environmentPages{c: c, in: eb.DescribeEnvironmentsInput{IncludeDeleted: aws.Bool(false), MaxRecords: aws.Int32(beanstalkMaxRecords)}}
	var platforms []string
	allPages(ctx, s, "elasticbeanstalk", region, "DescribeEnvironments", p, func(page *eb.DescribeEnvironmentsOutput) {
		for _, e := range page.Environments {
			env := inventory.BeanstalkEnvironment{
				Resource:        inventory.Resource{AccountID: s.account(), Region: region},
				Name:            aws.ToString(e.EnvironmentName),
				ID:              aws.ToString(e.EnvironmentId),
				ApplicationName: aws.ToString(e.ApplicationName),
				SolutionStack:   aws.ToString(e.SolutionStackName),
				PlatformARN:     aws.ToString(e.PlatformArn),
				Status:          string(e.Status),
				Health:          string(e.Health),
				CreatedAt:       utc(e.DateCreated),
			}
			env.ARN = cmp.Or(aws.ToString(e.EnvironmentArn), inventory.BeanstalkEnvironmentARN(s.partition(), region, s.account(), env.ApplicationName, env.Name))
			if env.PlatformARN != "" && !slices.Contains(platforms, env.PlatformARN) {
				platforms = append(platforms, env.PlatformARN)
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectEnvironmentSettings(ctx, c, env) })
		}
	})
	for _, arn := range platforms {
		s.spawn(ctx, func(ctx context.Context) { s.collectPlatform(ctx, c, region, arn) })
	}
}

func (s *scan) collectEnvironmentSettings(ctx context.Context, c *eb.Client, env inventory.BeanstalkEnvironment) {
	defer s.add(func(inv *inventory.Inventory) {
		inv.ElasticBeanstalk.Environments = append(inv.ElasticBeanstalk.Environments, env)
	})
	out, err := c.DescribeConfigurationSettings(ctx, &eb.DescribeConfigurationSettingsInput{
		ApplicationName: aws.String(env.ApplicationName), EnvironmentName: aws.String(env.Name),
	})
	if err != nil {
		s.fail("elasticbeanstalk", env.Region, "DescribeConfigurationSettings", env.ARN, err)
		return
	}
	for _, cs := range out.ConfigurationSettings {
		for _, o := range cs.OptionSettings {
			v := aws.ToString(o.Value)
			switch aws.ToString(o.Namespace) + " " + aws.ToString(o.OptionName) {
			case "aws:elasticbeanstalk:managedactions ManagedActionsEnabled":
				env.ManagedActions = v == "true"
			case "aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel":
				env.UpdateLevel = v
			case "aws:elasticbeanstalk:healthreporting:system SystemType":
				env.HealthReporting = v
			case "aws:elasticbeanstalk:cloudwatch:logs StreamLogs":
				env.StreamLogs = v == "true"
			}
		}
	}
}

func (s *scan) collectPlatform(ctx context.Context, c *eb.Client, region, arn string) {
	out, err := c.DescribePlatformVersion(ctx, &eb.DescribePlatformVersionInput{PlatformArn: aws.String(arn)})
	if err != nil {
		s.fail("elasticbeanstalk", region, "DescribePlatformVersion", arn, err)
		return
	}
	d := out.PlatformDescription
	if d == nil {
		return
	}
	p := inventory.BeanstalkPlatform{
		Resource:             inventory.Resource{ARN: arn, Region: region},
		Name:                 aws.ToString(d.PlatformName),
		Version:              aws.ToString(d.PlatformVersion),
		BranchName:           aws.ToString(d.PlatformBranchName),
		BranchLifecycleState: aws.ToString(d.PlatformBranchLifecycleState),
		LifecycleState:       aws.ToString(d.PlatformLifecycleState),
		Status:               string(d.PlatformStatus),
	}
	s.add(func(inv *inventory.Inventory) {
		inv.ElasticBeanstalk.Platforms = append(inv.ElasticBeanstalk.Platforms, p)
	})
}

// sortBeanstalk orders the Elastic Beanstalk lists as sortInventory does
// the rest. A platform is listed once per region that runs it.
func sortBeanstalk(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.ElasticBeanstalk.Environments, func(a, b inventory.BeanstalkEnvironment) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.ElasticBeanstalk.Platforms, func(a, b inventory.BeanstalkPlatform) int {
		return cmp.Or(byARN(a.Resource, b.Resource), cmp.Compare(a.Region, b.Region))
	})
}
