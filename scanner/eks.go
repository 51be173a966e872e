package scanner

import (
	"cmp"
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/srmscan/srmscan/inventory"
)

// eksMaxResults is the largest page ListClusters and ListNodegroups give
// (and their default).
const eksMaxResults = 100

// collectEKS lists a region's clusters and reads each, and its managed
// node groups, in jobs of their own.
func (s *scan) collectEKS(ctx context.Context, region string) {
	c := s.clients.EKS(region)
	p := eks.NewListClustersPaginator(c, &eks.ListClustersInput{MaxResults: aws.Int32(eksMaxResults)})
	allPages(ctx, s, "eks", region, "ListClusters", p, func(page *eks.ListClustersOutput) {
		for _, name := range page.Clusters {
			cl := inventory.EKSCluster{
				Resource: inventory.Resource{ARN: inventory.EKSClusterARN(s.partition(), region, s.account(), name), AccountID: s.account(), Region: region},
				Name:     name,
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectEKSCluster(ctx, c, cl) })
			s.spawn(ctx, func(ctx context.Context) { s.collectNodeGroups(ctx, c, cl) })
		}
	})
}

func (s *scan) collectEKSCluster(ctx context.Context, c *eks.Client, cl inventory.EKSCluster) {
	defer s.add(func(inv *inventory.Inventory) { inv.EKS.Clusters = append(inv.EKS.Clusters, cl) })
	out, err := c.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(cl.Name)})
	if err != nil {
		s.fail("eks", cl.Region, "DescribeCluster", cl.ARN, err)
		return
	}
	x := out.Cluster
	if x == nil {
		return
	}
	cl.Version = aws.ToString(x.Version)
	cl.PlatformVersion = aws.ToString(x.PlatformVersion)
	cl.Status = string(x.Status)
	cl.CreatedAt = utc(x.CreatedAt)
	if v := x.ResourcesVpcConfig; v != nil {
		cl.EndpointPublicAccess = v.EndpointPublicAccess
		cl.EndpointPrivateAccess = v.EndpointPrivateAccess
		cl.PublicAccessCIDRs = v.PublicAccessCidrs
	}
	if l := x.Logging; l != nil {
		for _, setup := range l.ClusterLogging {
			if aws.ToBool(setup.Enabled) {
				for _, t := range setup.Types {
					cl.LogTypes = append(cl.LogTypes, string(t))
				}
			}
		}
		slices.Sort(cl.LogTypes)
		cl.LogTypes = slices.Compact(cl.LogTypes)
	}
	// The config's resources once said what the key covered ("secrets");
	// EKS now envelope-encrypts all Kubernetes API data with the key it
	// names, so the key alone decides.
	for _, e := range x.EncryptionConfig {
		if e.Provider != nil && aws.ToString(e.Provider.KeyArn) != "" {
			cl.SecretsKeyARN = aws.ToString(e.Provider.KeyArn)
		}
	}
	if len(x.Tags) > 0 {
		cl.Tags = inventory.TagsFrom(x.Tags)
	}
}

// collectNodeGroups lists a cluster's managed node groups and describes
// each. A failed listing is recorded against the cluster: the node groups
// it would have named are unknown.
func (s *scan) collectNodeGroups(ctx context.Context, c *eks.Client, cl inventory.EKSCluster) {
	p := eks.NewListNodegroupsPaginator(c, &eks.ListNodegroupsInput{ClusterName: aws.String(cl.Name), MaxResults: aws.Int32(eksMaxResults)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.fail("eks", cl.Region, "ListNodegroups", cl.ARN, err)
			return
		}
		for _, name := range page.Nodegroups {
			ng := inventory.NodeGroup{
				Resource:    inventory.Resource{ARN: inventory.NodeGroupARN(s.partition(), cl.Region, s.account(), cl.Name, name), AccountID: s.account(), Region: cl.Region},
				Name:        name,
				ClusterName: cl.Name,
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectNodeGroup(ctx, c, ng) })
		}
	}
}

func (s *scan) collectNodeGroup(ctx context.Context, c *eks.Client, ng inventory.NodeGroup) {
	defer s.add(func(inv *inventory.Inventory) { inv.EKS.NodeGroups = append(inv.EKS.NodeGroups, ng) })
	out, err := c.DescribeNodegroup(ctx, &eks.DescribeNodegroupInput{ClusterName: aws.String(ng.ClusterName), NodegroupName: aws.String(ng.Name)})
	if err != nil {
		s.fail("eks", ng.Region, "DescribeNodegroup", ng.ARN, err)
		return
	}
	x := out.Nodegroup
	if x == nil {
		return
	}
	ng.ARN = cmp.Or(aws.ToString(x.NodegroupArn), ng.ARN)
	ng.Version = aws.ToString(x.Version)
	ng.ReleaseVersion = aws.ToString(x.ReleaseVersion)
	ng.AMIType = string(x.AmiType)
	ng.Status = string(x.Status)
	ng.CreatedAt = utc(x.CreatedAt)
	if h := x.Health; h != nil {
		for _, i := range h.Issues {
			ng.HealthIssues = append(ng.HealthIssues, string(i.Code))
		}
	}
	if len(x.Tags) > 0 {
		ng.Tags = inventory.TagsFrom(x.Tags)
	}
}

// sortEKS orders the EKS lists as sortInventory does the rest.
func sortEKS(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.EKS.Clusters, func(a, b inventory.EKSCluster) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.EKS.NodeGroups, func(a, b inventory.NodeGroup) int { return byARN(a.Resource, b.Resource) })
}
