package emulator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/srmscan/srmscan/inventory"
)

// ECS limits, from its API reference: listings page by 1 to 100 (10 by
// default for ListServices, 100 for the others), and the batch Describes
// take at most 100 clusters, 10 services or 100 container instances.
const (
	ecsMaxPage            = 100
	ecsDefaultServicePage = 10
	ecsMaxClusters        = 100
	ecsMaxServices        = 10
	ecsMaxInstances       = 100
)

// ecsService serves Amazon ECS (JSON 1.1, target
// AmazonEC2ContainerServiceV20141113) from the account's ECS section: a
// region answers with its own.
type ecsService struct {
	s   *Server
	idx *ecsIndex
}

// ecsIndex holds the account's ECS resources by region and cluster, in
// the order ECS lists them. A scan describes every task definition one
// by one, thousands in a large account: scanning and sorting the region's
// list for each made serving it quadratic. The account never changes, so
// it is built once.
type ecsIndex struct {
	once      sync.Once
	clusters  map[string][]*inventory.ECSCluster           // by region
	services  map[string][]*inventory.ECSService           // by region/cluster name
	instances map[string][]*inventory.ECSContainerInstance // by region/cluster name
	taskDefs  map[string][]*inventory.TaskDefinition       // by region
	// byRef finds a revision by region and ARN or family:revision, and a
	// family's latest active revision by region and family.
	byRef map[string]*inventory.TaskDefinition
}

func (x ecsService) index() *ecsIndex {
	i := x.idx
	i.once.Do(func() {
		e := &x.s.acct.ECS
		i.clusters, i.services, i.instances = map[string][]*inventory.ECSCluster{}, map[string][]*inventory.ECSService{}, map[string][]*inventory.ECSContainerInstance{}
		i.taskDefs, i.byRef = map[string][]*inventory.TaskDefinition{}, map[string]*inventory.TaskDefinition{}
		for k := range e.Clusters {
			c := &e.Clusters[k]
			i.clusters[c.Region] = append(i.clusters[c.Region], c)
		}
		for k := range e.Services {
			sv := &e.Services[k]
			i.services[sv.Region+"/"+sv.Cluster] = append(i.services[sv.Region+"/"+sv.Cluster], sv)
		}
		for k := range e.ContainerInstances {
			ci := &e.ContainerInstances[k]
			i.instances[ci.Region+"/"+ci.Cluster] = append(i.instances[ci.Region+"/"+ci.Cluster], ci)
		}
		for k := range e.TaskDefinitions {
			td := &e.TaskDefinitions[k]
			i.taskDefs[td.Region] = append(i.taskDefs[td.Region], td)
		}
		for _, cs := range i.clusters {
			slices.SortFunc(cs, func(a, b *inventory.ECSCluster) int { return cmp.Compare(a.ARN, b.ARN) })
		}
		for _, ss := range i.services {
			slices.SortFunc(ss, func(a, b *inventory.ECSService) int { return cmp.Compare(a.ARN, b.ARN) })
		}
		for _, is := range i.instances {
			slices.SortFunc(is, func(a, b *inventory.ECSContainerInstance) int { return cmp.Compare(a.ARN, b.ARN) })
		}
		for region, ts := range i.taskDefs {
			slices.SortFunc(ts, func(a, b *inventory.TaskDefinition) int {
				return cmp.Or(cmp.Compare(a.Family, b.Family), cmp.Compare(a.Revision, b.Revision))
			})
			for _, td := range ts {
				i.byRef[region+" "+td.ARN] = td
				i.byRef[region+" "+fmt.Sprintf("%s:%d", td.Family, td.Revision)] = td
				if cmp.Or(td.Status, "ACTIVE") == "ACTIVE" {
					i.byRef[region+" "+td.Family] = td // the highest active revision, as ts is in revision order
				}
			}
		}
	})
	return i
}

func newECS(s *Server) jsonService {
	x := ecsService{s: s, idx: &ecsIndex{}}
	return jsonService{
		s: s, target: "AmazonEC2ContainerServiceV20141113", version: "1.1", internal: "ServerException",
		ops: map[string]jsonOp{
			"ListClusters":               {serve: x.listClusters},
			"DescribeClusters":           {serve: x.describeClusters},
			"ListServices":               {serve: x.listServices, resource: "cluster"},
			"DescribeServices":           {serve: x.describeServices, resource: "cluster"},
			"ListTaskDefinitions":        {serve: x.listTaskDefinitions},
			"DescribeTaskDefinition":     {serve: x.describeTaskDefinition, resource: "taskDefinition"},
			"ListContainerInstances":     {serve: x.listContainerInstances, resource: "cluster"},
			"DescribeContainerInstances": {serve: x.describeContainerInstances, resource: "cluster"},
		},
	}
}

type ecsPageIn struct {
	MaxResults *int    `json:"maxResults"`
	NextToken  *string `json:"nextToken"`
}

// page pages ECS ARNs, answering a bad token as ECS does.
func (x ecsService) page(c *jsonCall, arns []string, in ecsPageIn, def int) ([]string, string, *jsonError) {
	if err := jsonLimit(in.MaxResults, "maxResults", 1, ecsMaxPage); err != nil {
		return nil, "", err
	}
	if in.MaxResults == nil {
		in.MaxResults = &def
	}
	return jsonPage(c, arns, in.NextToken, in.MaxResults, "InvalidParameterException")
}

func (x ecsService) clusters(region string) []*inventory.ECSCluster {
	return x.index().clusters[region]
}

// cluster finds a cluster by name or ARN, as every ECS operation taking
// one accepts either; an absent cluster means "default".
func (x ecsService) cluster(region string, ref *string) (*inventory.ECSCluster, *jsonError) {
	name := "default"
	if ref != nil && *ref != "" {
		name = *ref
	}
	for _, c := range x.clusters(region) {
		if c.ARN == name || c.Name == name {
			return c, nil
		}
	}
	return nil, badRequest("ClusterNotFoundException", "Cluster not found.")
}

func (x ecsService) listClusters(c *jsonCall) (any, *jsonError) {
	var in ecsPageIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var arns []string
	for _, cl := range x.clusters(c.Region) {
		arns = append(arns, cl.ARN)
	}
	page, next, err := x.page(c, arns, in, ecsMaxPage)
	if err != nil {
		return nil, err
	}
	return map[string]any{"clusterArns": orEmptyOf(page), "nextToken": optString(next)}, nil
}

type ecsStrategyItem struct {
	CapacityProvider string `json:"capacityProvider"`
	Weight           int32  `json:"weight"`
	Base             int32  `json:"base"`
}

func ecsStrategy(items []inventory.CapacityProviderItem) []ecsStrategyItem {
	out := []ecsStrategyItem{}
	for _, i := range items {
		out = append(out, ecsStrategyItem{i.Provider, i.Weight, i.Base})
	}
	return out
}

type ecsFailure struct {
	Arn    string `json:"arn"`
	Reason string `json:"reason"`
}

// ecsBatch checks a Describe's list of names against its limit.
func ecsBatch(names []string, member string, most int) *jsonError {
	if len(names) > most {
		return badRequest("InvalidParameterException", "%s can have at most %d items.", member, most)
	}
	return nil
}

func (x ecsService) describeClusters(c *jsonCall) (any, *jsonError) {
	var in struct {
		Clusters []string `json:"clusters"`
		Include  []string `json:"include"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := ecsBatch(in.Clusters, "clusters", ecsMaxClusters); err != nil {
		return nil, err
	}
	if len(in.Include) > 0 {
		return nil, badRequest("InvalidParameterException", "the emulator serves no include options, not %v", in.Include)
	}
	if len(in.Clusters) == 0 {
		in.Clusters = []string{"default"}
	}
	out, failures := []map[string]any{}, []ecsFailure{}
	for _, ref := range in.Clusters {
		cl, err := x.cluster(c.Region, &ref)
		if err != nil {
			failures = append(failures, ecsFailure{ref, "MISSING"})
			continue
		}
		instances, services := len(x.instances(cl)), len(x.services(cl))
		out = append(out, map[string]any{
			"clusterArn": cl.ARN, "clusterName": cl.Name, "status": cmp.Or(cl.Status, "ACTIVE"),
			"capacityProviders": orEmptyOf(cl.CapacityProviders), "defaultCapacityProviderStrategy": ecsStrategy(cl.DefaultStrategy),
			"registeredContainerInstancesCount": instances, "activeServicesCount": services,
			"runningTasksCount": 0, "pendingTasksCount": 0, "statistics": []any{}, "tags": []any{}, "settings": []any{},
		})
	}
	return map[string]any{"clusters": out, "failures": failures}, nil
}

func (x ecsService) services(cl *inventory.ECSCluster) []*inventory.ECSService {
	return x.index().services[cl.Region+"/"+cl.Name]
}

func (x ecsService) listServices(c *jsonCall) (any, *jsonError) {
	var in struct {
		ecsPageIn
		Cluster *string `json:"cluster"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	cl, jerr := x.cluster(c.Region, in.Cluster)
	if jerr != nil {
		return nil, jerr
	}
	var arns []string
	for _, s := range x.services(cl) {
		arns = append(arns, s.ARN)
	}
	page, next, err := x.page(c, arns, in.ecsPageIn, ecsDefaultServicePage)
	if err != nil {
		return nil, err
	}
	return map[string]any{"serviceArns": orEmptyOf(page), "nextToken": optString(next)}, nil
}

func (x ecsService) describeServices(c *jsonCall) (any, *jsonError) {
	var in struct {
		Cluster  *string  `json:"cluster"`
		Services []string `json:"services"`
		Include  []string `json:"include"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if len(in.Services) == 0 {
		return nil, badRequest("InvalidParameterException", "Services cannot be empty.")
	}
	if err := ecsBatch(in.Services, "services", ecsMaxServices); err != nil {
		return nil, err
	}
	if len(in.Include) > 0 {
		return nil, badRequest("InvalidParameterException", "the emulator serves no include options, not %v", in.Include)
	}
	cl, jerr := x.cluster(c.Region, in.Cluster)
	if jerr != nil {
		return nil, jerr
	}
	out, failures := []map[string]any{}, []ecsFailure{}
	for _, ref := range in.Services {
		ss := x.services(cl)
		i := slices.IndexFunc(ss, func(s *inventory.ECSService) bool { return s.ARN == ref || s.Name == ref })
		if i < 0 {
			failures = append(failures, ecsFailure{ref, "MISSING"})
			continue
		}
		s := ss[i]
		svc := map[string]any{
			"serviceArn": s.ARN, "serviceName": s.Name, "clusterArn": cl.ARN, "status": cmp.Or(s.Status, "ACTIVE"),
			"taskDefinition": s.TaskDefinition, "desiredCount": 1, "runningCount": 1, "pendingCount": 0,
			"schedulingStrategy": "REPLICA", "deploymentController": map[string]string{"type": "ECS"},
			"loadBalancers": []any{}, "serviceRegistries": []any{}, "events": []any{}, "deployments": []any{},
		}
		if s.LaunchType != "" {
			svc["launchType"] = s.LaunchType
		}
		if len(s.CapacityProviderStrategy) > 0 {
			svc["capacityProviderStrategy"] = ecsStrategy(s.CapacityProviderStrategy)
		}
		if s.PlatformVersion != "" {
			svc["platformVersion"] = s.PlatformVersion
		}
		if s.AssignPublicIP != "" {
			svc["networkConfiguration"] = map[string]any{"awsvpcConfiguration": map[string]any{
				"subnets": []string{"subnet-0a1b2c3d4e5f60718"}, "securityGroups": []string{}, "assignPublicIp": s.AssignPublicIP,
			}}
		}
		out = append(out, svc)
	}
	return map[string]any{"services": out, "failures": failures}, nil
}

func (x ecsService) taskDefinitions(region string) []*inventory.TaskDefinition {
	return x.index().taskDefs[region]
}

// listTaskDefinitions serves the status filter (ACTIVE by default, as
// in ECS) and the order; the family prefix would narrow the answer, so
// the emulator refuses it rather than ignore it.
func (x ecsService) listTaskDefinitions(c *jsonCall) (any, *jsonError) {
	var in struct {
		ecsPageIn
		Status *string `json:"status"`
		Sort   *string `json:"sort"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	status := "ACTIVE"
	if in.Status != nil {
		status = *in.Status
	}
	var arns []string
	for _, t := range x.taskDefinitions(c.Region) {
		if cmp.Or(t.Status, "ACTIVE") == status {
			arns = append(arns, t.ARN)
		}
	}
	if in.Sort != nil && *in.Sort == "DESC" {
		slices.Reverse(arns)
	}
	page, next, err := x.page(c, arns, in.ecsPageIn, ecsMaxPage)
	if err != nil {
		return nil, err
	}
	return map[string]any{"taskDefinitionArns": orEmptyOf(page), "nextToken": optString(next)}, nil
}

// ecsAccessKeyExample is AWS's documentation example of an access key ID,
// served for a variable whose value had that shape.
const ecsAccessKeyExample = "AKIAIOSFODNN7EXAMPLE"

func (x ecsService) describeTaskDefinition(c *jsonCall) (any, *jsonError) {
	var in struct {
		TaskDefinition string   `json:"taskDefinition"`
		Include        []string `json:"include"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if len(in.Include) > 0 {
		return nil, badRequest("InvalidParameterException", "the emulator serves no include options, not %v", in.Include)
	}
	// ECS takes a family (its latest active revision), family:revision or
	// the full ARN.
	td := x.index().byRef[c.Region+" "+in.TaskDefinition]
	if td == nil {
		return nil, badRequest("ClientException", "Unable to describe task definition.")
	}
	containers := []map[string]any{}
	for _, ct := range td.Containers {
		env := []map[string]string{}
		for _, v := range ct.Environment {
			value := "value-of-" + strings.ToLower(v.Name)
			if v.ValueShape == inventory.ValueShapeAccessKeyID {
				value = ecsAccessKeyExample
			}
			env = append(env, map[string]string{"name": v.Name, "value": value})
		}
		secrets := []map[string]string{}
		for _, s := range ct.Secrets {
			secrets = append(secrets, map[string]string{"name": s.Name, "valueFrom": s.ValueFrom})
		}
		cd := map[string]any{
			"name": ct.Name, "image": ct.Image, "cpu": 0, "essential": true,
			"environment": env, "secrets": secrets, "mountPoints": []any{}, "volumesFrom": []any{}, "portMappings": []any{},
		}
		// ECS echoes what was registered: a flag set false is given as
		// false, one never set is left out. The inventory cannot tell the
		// two apart; leaving unset flags out is the stricter reading.
		if ct.Privileged {
			cd["privileged"] = true
		}
		if ct.ReadonlyRootFilesystem {
			cd["readonlyRootFilesystem"] = true
		}
		if ct.User != "" {
			cd["user"] = ct.User
		}
		if ct.LogDriver != "" {
			cd["logConfiguration"] = map[string]any{"logDriver": ct.LogDriver, "options": map[string]string{}}
		}
		containers = append(containers, cd)
	}
	out := map[string]any{
		"taskDefinitionArn": td.ARN, "family": td.Family, "revision": td.Revision, "status": cmp.Or(td.Status, "ACTIVE"),
		"containerDefinitions": containers, "volumes": []any{}, "placementConstraints": []any{},
		"compatibilities": ecsCompatibilities(td), "requiresCompatibilities": orEmptyOf(td.RequiresCompatibilities),
	}
	if td.NetworkMode != "" {
		out["networkMode"] = td.NetworkMode
	}
	if td.PIDMode != "" {
		out["pidMode"] = td.PIDMode
	}
	if td.OSFamily != "" {
		out["runtimePlatform"] = map[string]string{"operatingSystemFamily": td.OSFamily, "cpuArchitecture": "X86_64"}
	}
	return map[string]any{"taskDefinition": out, "tags": []any{}}, nil
}

// ecsCompatibilities are the launch types ECS validated the task definition
// for: always EC2, and FARGATE too when it meets Fargate's requirements
// (awsvpc networking, no privileged container), as ECS decides it.
func ecsCompatibilities(td *inventory.TaskDefinition) []string {
	out := []string{"EC2"}
	fargate := td.NetworkMode == "awsvpc" && !slices.ContainsFunc(td.Containers, func(c inventory.ECSContainerDefinition) bool { return c.Privileged })
	if fargate {
		out = append(out, "FARGATE")
	}
	if slices.Contains(td.RequiresCompatibilities, "EXTERNAL") {
		out = append(out, "EXTERNAL")
	}
	return out
}

func (x ecsService) instances(cl *inventory.ECSCluster) []*inventory.ECSContainerInstance {
	return x.index().instances[cl.Region+"/"+cl.Name]
}

func (x ecsService) listContainerInstances(c *jsonCall) (any, *jsonError) {
	var in struct {
		ecsPageIn
		Cluster *string `json:"cluster"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	cl, jerr := x.cluster(c.Region, in.Cluster)
	if jerr != nil {
		return nil, jerr
	}
	var arns []string
	for _, i := range x.instances(cl) {
		arns = append(arns, i.ARN)
	}
	page, next, err := x.page(c, arns, in.ecsPageIn, ecsMaxPage)
	if err != nil {
		return nil, err
	}
	return map[string]any{"containerInstanceArns": orEmptyOf(page), "nextToken": optString(next)}, nil
}

func (x ecsService) describeContainerInstances(c *jsonCall) (any, *jsonError) {
	var in struct {
		Cluster            *string  `json:"cluster"`
		ContainerInstances []string `json:"containerInstances"`
		Include            []string `json:"include"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := ecsBatch(in.ContainerInstances, "containerInstances", ecsMaxInstances); err != nil {
		return nil, err
	}
	if len(in.Include) > 0 {
		return nil, badRequest("InvalidParameterException", "the emulator serves no include options, not %v", in.Include)
	}
	cl, jerr := x.cluster(c.Region, in.Cluster)
	if jerr != nil {
		return nil, jerr
	}
	out, failures := []map[string]any{}, []ecsFailure{}
	for _, ref := range in.ContainerInstances {
		is := x.instances(cl)
		i := slices.IndexFunc(is, func(ci *inventory.ECSContainerInstance) bool { return ci.ARN == ref || ci.ID == ref })
		if i < 0 {
			failures = append(failures, ecsFailure{ref, "MISSING"})
			continue
		}
		ci := is[i]
		v := map[string]any{
			"containerInstanceArn": ci.ARN, "status": cmp.Or(ci.Status, "ACTIVE"), "agentConnected": ci.AgentConnected,
			"runningTasksCount": 0, "pendingTasksCount": 0, "version": 1,
			"registeredResources": []any{}, "remainingResources": []any{}, "attributes": []any{}, "attachments": []any{}, "tags": []any{},
		}
		if ci.EC2InstanceID != "" {
			v["ec2InstanceId"] = ci.EC2InstanceID
		}
		if ci.AgentVersion != "" || ci.DockerVersion != "" {
			v["versionInfo"] = map[string]string{"agentVersion": ci.AgentVersion, "agentHash": "0000000", "dockerVersion": ci.DockerVersion}
		}
		if ci.AgentUpdateStatus != "" {
			v["agentUpdateStatus"] = ci.AgentUpdateStatus
		}
		if ci.CapacityProvider != "" {
			v["capacityProviderName"] = ci.CapacityProvider
		}
		out = append(out, v)
	}
	return map[string]any{"containerInstances": out, "failures": failures}, nil
}
