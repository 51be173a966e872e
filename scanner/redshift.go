package scanner

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	"github.com/srmscan/srmscan/inventory"
)

// redshiftMaxRecords is the largest page Redshift's listings accept (20
// to 100).
const redshiftMaxRecords = 100

// collectRedshift lists a region's provisioned clusters, reads each
// one's logging status in a job of its own (DescribeClusters does not say
// whether audit logging is on), and then each distinct parameter group's
// parameters once, however many clusters share it: require_ssl lives only
// there.
func (s *scan) collectRedshift(ctx context.Context, region string) {
	c := s.clients.Redshift(region)
	groups := map[string]bool{}
	p := redshift.NewDescribeClustersPaginator(c, &redshift.DescribeClustersInput{MaxRecords: aws.Int32(redshiftMaxRecords)})
	allPages(ctx, s, "redshift", region, "DescribeClusters", p, func(page *redshift.DescribeClustersOutput) {
		for _, cl := range page.Clusters {
			x := s.redshiftCluster(region, cl)
			for _, g := range x.ParameterGroups {
				groups[g] = true
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectRedshiftLogging(ctx, c, x) })
		}
	})
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		s.spawn(ctx, func(ctx context.Context) { s.collectRedshiftParameters(ctx, c, region, name) })
	}
}

func (s *scan) redshiftCluster(region string, cl rstypes.Cluster) inventory.RedshiftCluster {
	id := aws.ToString(cl.ClusterIdentifier)
	x := inventory.RedshiftCluster{
		Resource: inventory.Resource{
			// Clusters carry no ARN of their own in DescribeClusters.
			ARN:       inventory.RedshiftARN(s.partition(), region, s.account(), "cluster", id),
			AccountID: s.account(),
			Region:    region,
		},
		ID:                               id,
		Status:                           aws.ToString(cl.ClusterStatus),
		NodeType:                         aws.ToString(cl.NodeType),
		Version:                          aws.ToString(cl.ClusterVersion),
		PubliclyAccessible:               aws.ToBool(cl.PubliclyAccessible),
		Encrypted:                        aws.ToBool(cl.Encrypted),
		KMSKeyID:                         aws.ToString(cl.KmsKeyId),
		AllowVersionUpgrade:              aws.ToBool(cl.AllowVersionUpgrade),
		AutomatedSnapshotRetentionPeriod: aws.ToInt32(cl.AutomatedSnapshotRetentionPeriod),
		EnhancedVPCRouting:               aws.ToBool(cl.EnhancedVpcRouting),
		CreatedAt:                        utc(cl.ClusterCreateTime),
		Tags:                             tagsOf(cl.Tags, func(t rstypes.Tag) (*string, *string) { return t.Key, t.Value }),
	}
	for _, g := range cl.ClusterParameterGroups {
		if n := aws.ToString(g.ParameterGroupName); n != "" {
			x.ParameterGroups = append(x.ParameterGroups, n)
		}
	}
	return x
}

func (s *scan) collectRedshiftLogging(ctx context.Context, c *redshift.Client, x inventory.RedshiftCluster) {
	defer s.add(func(inv *inventory.Inventory) { inv.Redshift.Clusters = append(inv.Redshift.Clusters, x) })
	out, err := c.DescribeLoggingStatus(ctx, &redshift.DescribeLoggingStatusInput{ClusterIdentifier: aws.String(x.ID)})
	if err != nil {
		s.fail("redshift", x.Region, "DescribeLoggingStatus", x.ARN, err)
		return
	}
	x.LoggingEnabled = aws.ToBool(out.LoggingEnabled)
}

// collectRedshiftParameters reads one parameter group's require_ssl. A
// group that could not be read is left out, so checks of the clusters
// using it say unknown.
func (s *scan) collectRedshiftParameters(ctx context.Context, c *redshift.Client, region, name string) {
	g := inventory.RedshiftParameterGroup{
		Resource: inventory.Resource{
			ARN:       inventory.RedshiftARN(s.partition(), region, s.account(), "parametergroup", name),
			AccountID: s.account(),
			Region:    region,
		},
		Name: name,
	}
	p := redshift.NewDescribeClusterParametersPaginator(c, &redshift.DescribeClusterParametersInput{
		ParameterGroupName: aws.String(name), MaxRecords: aws.Int32(redshiftMaxRecords),
	})
	ok := resourcePages(ctx, s, "redshift", region, "DescribeClusterParameters", g.ARN, p, func(page *redshift.DescribeClusterParametersOutput) {
		for _, prm := range page.Parameters {
			if aws.ToString(prm.ParameterName) == "require_ssl" {
				g.RequireSSL = strings.EqualFold(aws.ToString(prm.ParameterValue), "true")
			}
		}
	})
	if ok {
		s.add(func(inv *inventory.Inventory) { inv.Redshift.ParameterGroups = append(inv.Redshift.ParameterGroups, g) })
	}
}

// sortRedshift orders the Redshift lists as sortInventory does the rest.
func sortRedshift(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.Redshift.Clusters, func(a, b inventory.RedshiftCluster) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.Redshift.ParameterGroups, func(a, b inventory.RedshiftParameterGroup) int {
		return byARN(a.Resource, b.Resource)
	})
}
