package scanner

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/srmscan/srmscan/inventory"
)

// ECS's largest pages and batches, from its API reference. ListServices
// must be asked for its largest page: it gives 10 by default.
const (
	ecsListPage          = 100 // ListClusters, ListServices, ListTaskDefinitions, ListContainerInstances
	ecsDescribeClusters  = 100
	ecsDescribeServices  = 10
	ecsDescribeInstances = 100
)

// collectECS lists a region's clusters and task definitions. Each
// cluster's services and container instances, each batch of details and
// each task definition are read in jobs of their own.
func (s *scan) collectECS(ctx context.Context, region string) {
	c := s.clients.ECS(region)
	var clusters []string
	allPages(ctx, s, "ecs", region, "ListClusters", ecs.NewListClustersPaginator(c, &ecs.ListClustersInput{MaxResults: aws.Int32(ecsListPage)}),
		func(page *ecs.ListClustersOutput) { clusters = append(clusters, page.ClusterArns...) })
	// The whole list before any batch, so a batch is full whatever the
	// page size: DescribeClusters takes 100 names, ListClusters pages by
	// as many or fewer.
	for batch := range slices.Chunk(clusters, ecsDescribeClusters) {
		s.spawn(ctx, func(ctx context.Context) { s.describeClusters(ctx, c, region, batch) })
	}
	for _, arn := range clusters {
		s.spawn(ctx, func(ctx context.Context) { s.collectECSServices(ctx, c, region, arn) })
		s.spawn(ctx, func(ctx context.Context) { s.collectContainerInstances(ctx, c, region, arn) })
	}
	p := ecs.NewListTaskDefinitionsPaginator(c, &ecs.ListTaskDefinitionsInput{
		Status: types.TaskDefinitionStatusActive, MaxResults: aws.Int32(ecsListPage),
	})
	allPages(ctx, s, "ecs", region, "ListTaskDefinitions", p, func(page *ecs.ListTaskDefinitionsOutput) {
		for _, arn := range page.TaskDefinitionArns {
			s.spawn(ctx, func(ctx context.Context) { s.collectTaskDefinition(ctx, c, region, arn) })
		}
	})
}

// ecsLastPart is what follows an ARN's last slash: a cluster's name, a
// service's name, a container instance's ID, a task definition's
// family:revision.
func ecsLastPart(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

// describeClusters reads one batch of clusters. A batch that failed keeps
// its clusters by name and ARN, each with the failure on it.
func (s *scan) describeClusters(ctx context.Context, c *ecs.Client, region string, arns []string) {
	byARN := map[string]inventory.ECSCluster{}
	for _, arn := range arns {
		byARN[arn] = inventory.ECSCluster{Resource: s.ecsResource(region, arn), Name: ecsLastPart(arn)}
	}
	defer s.add(func(inv *inventory.Inventory) {
		for _, arn := range arns {
			if cl, ok := byARN[arn]; ok {
				inv.ECS.Clusters = append(inv.ECS.Clusters, cl)
			}
		}
	})
	out, err := c.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: arns})
	if err != nil {
		for _, arn := range arns {
			s.fail("ecs", region, "DescribeClusters", arn, err)
		}
		return
	}
	for _, x := range out.Clusters {
		arn := aws.ToString(x.ClusterArn)
		if _, ok := byARN[arn]; !ok {
			continue
		}
		byARN[arn] = inventory.ECSCluster{
			Resource: s.ecsResource(region, arn), Name: aws.ToString(x.ClusterName), Status: aws.ToString(x.Status),
			CapacityProviders: x.CapacityProviders, DefaultStrategy: ecsCapacityStrategy(x.DefaultCapacityProviderStrategy),
		}
	}
	ecsDescribeFailures(s, region, "DescribeClusters", out.Failures, byARN)
}

// ecsDescribeFailures handles the failures a batch Describe lists beside its
// answers: a resource deleted since it was listed (MISSING) is left out,
// any other reason is recorded against the resource.
func ecsDescribeFailures[T any](s *scan, region, op string, failures []types.Failure, byARN map[string]T) {
	for _, f := range failures {
		arn := aws.ToString(f.Arn)
		if aws.ToString(f.Reason) == "MISSING" {
			delete(byARN, arn)
			continue
		}
		s.fail("ecs", region, op, arn, errors.New("ECS could not describe it: "+aws.ToString(f.Reason)+" "+aws.ToString(f.Detail)))
	}
}

func (s *scan) ecsResource(region, arn string) inventory.Resource {
	return inventory.Resource{ARN: arn, AccountID: s.account(), Region: region}
}

func ecsCapacityStrategy(items []types.CapacityProviderStrategyItem) []inventory.CapacityProviderItem {
	var out []inventory.CapacityProviderItem
	for _, x := range items {
		out = append(out, inventory.CapacityProviderItem{Provider: aws.ToString(x.CapacityProvider), Weight: x.Weight, Base: x.Base})
	}
	return out
}

// collectECSServices lists a cluster's services and reads them ten at a
// time, DescribeServices' largest batch. A failed listing is recorded for
// the region: its services are not known, so nothing in the region may
// pass on their account.
func (s *scan) collectECSServices(ctx context.Context, c *ecs.Client, region, cluster string) {
	var arns []string
	p := ecs.NewListServicesPaginator(c, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(ecsListPage)})
	allPages(ctx, s, "ecs", region, "ListServices", p, func(page *ecs.ListServicesOutput) { arns = append(arns, page.ServiceArns...) })
	for batch := range slices.Chunk(arns, ecsDescribeServices) {
		s.spawn(ctx, func(ctx context.Context) { s.describeServices(ctx, c, region, cluster, batch) })
	}
}

func (s *scan) describeServices(ctx context.Context, c *ecs.Client, region, cluster string, arns []string) {
	clusterName := ecsLastPart(cluster)
	byARN := map[string]inventory.ECSService{}
	for _, arn := range arns {
		byARN[arn] = inventory.ECSService{Resource: s.ecsResource(region, arn), Name: ecsLastPart(arn), Cluster: clusterName}
	}
	defer s.add(func(inv *inventory.Inventory) {
		for _, arn := range arns {
			if sv, ok := byARN[arn]; ok {
				inv.ECS.Services = append(inv.ECS.Services, sv)
			}
		}
	})
	out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: arns})
	if err != nil {
		for _, arn := range arns {
			s.fail("ecs", region, "DescribeServices", arn, err)
		}
		return
	}
	for _, x := range out.Services {
		arn := aws.ToString(x.ServiceArn)
		if _, ok := byARN[arn]; !ok {
			continue
		}
		sv := inventory.ECSService{
			Resource: s.ecsResource(region, arn), Name: aws.ToString(x.ServiceName), Cluster: clusterName,
			Status: aws.ToString(x.Status), LaunchType: string(x.LaunchType), CapacityProviderStrategy: ecsCapacityStrategy(x.CapacityProviderStrategy),
			TaskDefinition: aws.ToString(x.TaskDefinition), PlatformVersion: aws.ToString(x.PlatformVersion),
		}
		if n := x.NetworkConfiguration; n != nil && n.AwsvpcConfiguration != nil {
			sv.AssignPublicIP = string(n.AwsvpcConfiguration.AssignPublicIp)
		}
		byARN[arn] = sv
	}
	ecsDescribeFailures(s, region, "DescribeServices", out.Failures, byARN)
}

// collectTaskDefinition reads one revision. DescribeTaskDefinition takes
// one at a time; no batch operation gives container definitions.
func (s *scan) collectTaskDefinition(ctx context.Context, c *ecs.Client, region, arn string) {
	family, rev, _ := strings.Cut(ecsLastPart(arn), ":")
	revision, _ := strconv.ParseInt(rev, 10, 32)
	td := inventory.TaskDefinition{Resource: s.ecsResource(region, arn), Family: family, Revision: int32(revision)}
	defer s.add(func(inv *inventory.Inventory) { inv.ECS.TaskDefinitions = append(inv.ECS.TaskDefinitions, td) })
	out, err := c.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
	if err != nil {
		s.fail("ecs", region, "DescribeTaskDefinition", arn, err)
		return
	}
	x := out.TaskDefinition
	if x == nil {
		return
	}
	td.Status, td.NetworkMode, td.PIDMode = string(x.Status), string(x.NetworkMode), string(x.PidMode)
	for _, rc := range x.RequiresCompatibilities {
		td.RequiresCompatibilities = append(td.RequiresCompatibilities, string(rc))
	}
	if x.RuntimePlatform != nil {
		td.OSFamily = string(x.RuntimePlatform.OperatingSystemFamily)
	}
	for _, cd := range x.ContainerDefinitions {
		ct := inventory.ECSContainerDefinition{
			Name: aws.ToString(cd.Name), Image: aws.ToString(cd.Image), Privileged: aws.ToBool(cd.Privileged),
			User: aws.ToString(cd.User), ReadonlyRootFilesystem: aws.ToBool(cd.ReadonlyRootFilesystem),
		}
		for _, kv := range cd.Environment {
			// The value is classified and dropped here: it never reaches
			// the inventory, its snapshots or reports.
			ct.Environment = append(ct.Environment, inventory.ECSEnvironmentVariable{Name: aws.ToString(kv.Name), ValueShape: inventory.ValueShape(aws.ToString(kv.Value))})
		}
		for _, sec := range cd.Secrets {
			ct.Secrets = append(ct.Secrets, inventory.ECSContainerSecret{Name: aws.ToString(sec.Name), ValueFrom: aws.ToString(sec.ValueFrom)})
		}
		if cd.LogConfiguration != nil {
			ct.LogDriver = string(cd.LogConfiguration.LogDriver)
		}
		td.Containers = append(td.Containers, ct)
	}
}

// collectContainerInstances lists a cluster's container instances and
// reads them a hundred at a time. Fargate clusters have none: the listing
// is then one empty page.
func (s *scan) collectContainerInstances(ctx context.Context, c *ecs.Client, region, cluster string) {
	var arns []string
	p := ecs.NewListContainerInstancesPaginator(c, &ecs.ListContainerInstancesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(ecsListPage)})
	allPages(ctx, s, "ecs", region, "ListContainerInstances", p, func(page *ecs.ListContainerInstancesOutput) {
		arns = append(arns, page.ContainerInstanceArns...)
	})
	for batch := range slices.Chunk(arns, ecsDescribeInstances) {
		s.spawn(ctx, func(ctx context.Context) { s.describeContainerInstances(ctx, c, region, cluster, batch) })
	}
}

func (s *scan) describeContainerInstances(ctx context.Context, c *ecs.Client, region, cluster string, arns []string) {
	clusterName := ecsLastPart(cluster)
	byARN := map[string]inventory.ECSContainerInstance{}
	for _, arn := range arns {
		byARN[arn] = inventory.ECSContainerInstance{Resource: s.ecsResource(region, arn), ID: ecsLastPart(arn), Cluster: clusterName}
	}
	defer s.add(func(inv *inventory.Inventory) {
		for _, arn := range arns {
			if ci, ok := byARN[arn]; ok {
				inv.ECS.ContainerInstances = append(inv.ECS.ContainerInstances, ci)
			}
		}
	})
	out, err := c.DescribeContainerInstances(ctx, &ecs.DescribeContainerInstancesInput{Cluster: aws.String(cluster), ContainerInstances: arns})
	if err != nil {
		for _, arn := range arns {
			s.fail("ecs", region, "DescribeContainerInstances", arn, err)
		}
		return
	}
	for _, x := range out.ContainerInstances {
		arn := aws.ToString(x.ContainerInstanceArn)
		if _, ok := byARN[arn]; !ok {
			continue
		}
		ci := inventory.ECSContainerInstance{
			Resource: s.ecsResource(region, arn), ID: ecsLastPart(arn), Cluster: clusterName,
			EC2InstanceID: aws.ToString(x.Ec2InstanceId), Status: aws.ToString(x.Status), AgentConnected: x.AgentConnected,
			AgentUpdateStatus: string(x.AgentUpdateStatus), CapacityProvider: aws.ToString(x.CapacityProviderName),
		}
		if v := x.VersionInfo; v != nil {
			ci.AgentVersion, ci.DockerVersion = aws.ToString(v.AgentVersion), aws.ToString(v.DockerVersion)
		}
		byARN[arn] = ci
	}
	ecsDescribeFailures(s, region, "DescribeContainerInstances", out.Failures, byARN)
}

// sortECS orders the ECS lists as sortInventory does the rest.
func sortECS(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	e := &inv.ECS
	slices.SortFunc(e.Clusters, func(a, b inventory.ECSCluster) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.Services, func(a, b inventory.ECSService) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.TaskDefinitions, func(a, b inventory.TaskDefinition) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.ContainerInstances, func(a, b inventory.ECSContainerInstance) int { return byARN(a.Resource, b.Resource) })
}
