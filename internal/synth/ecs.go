package synth

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// ecs makes ECS clusters, services, task definitions and container
// instances. Most clusters are Fargate only; the rest run on Auto Scaling
// groups of EC2 hosts, which get all the container instances. Every
// service runs its family's latest revision; a CI pipeline registers a
// revision per deploy and nobody deregisters them, so task definitions
// outnumber services several times over, and some families belong to no
// service (scheduled and one-off tasks). Configurations mix the hardened
// and the copied-from-a-tutorial in proportions that give every check
// work.
func (g *gen) ecs() {
	type clusterInfo struct {
		name string
		ec2  bool
	}
	clusters := map[string][]clusterInfo{}
	for ri, n := range g.spread(g.sz.ECSClusters) {
		region := g.regions[ri]
		for range n {
			c := inventory.ECSCluster{Resource: inventory.Resource{Region: region}, Status: "ACTIVE",
				Name: fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, apps), len(g.inv.ECS.Clusters))}
			ec2 := g.chance(0.35)
			if ec2 {
				asg := c.Name + "-asg"
				c.CapacityProviders = []string{asg}
				c.DefaultStrategy = []inventory.CapacityProviderItem{{Provider: asg, Weight: 1}}
			} else {
				c.CapacityProviders = []string{"FARGATE", "FARGATE_SPOT"}
				if g.chance(0.5) {
					c.DefaultStrategy = []inventory.CapacityProviderItem{{Provider: "FARGATE", Weight: 1}}
				}
			}
			clusters[region] = append(clusters[region], clusterInfo{c.Name, ec2})
			g.inv.ECS.Clusters = append(g.inv.ECS.Clusters, c)
		}
	}

	// Services go to the regions' clusters; each family is a service's, or
	// standalone (about one in five).
	type family struct {
		name, region string
		fargate      bool
		service      int // index into inv.ECS.Services, or -1
	}
	var families []family
	for ri, n := range g.spread(g.sz.ECSServices) {
		region := g.regions[ri]
		cs := clusters[region]
		if len(cs) == 0 {
			continue
		}
		for range n {
			c := pick(g, cs)
			s := inventory.ECSService{Resource: inventory.Resource{Region: region}, Cluster: c.name, Status: "ACTIVE",
				Name: fmt.Sprintf("%s-%d", pick(g, apps), len(g.inv.ECS.Services))}
			fargate := !c.ec2
			switch {
			case c.ec2:
				s.LaunchType = "EC2"
				if g.chance(0.5) {
					s.LaunchType = ""
				}
			case g.chance(0.3):
				s.CapacityProviderStrategy = []inventory.CapacityProviderItem{{Provider: "FARGATE", Weight: 1, Base: 1}, {Provider: "FARGATE_SPOT", Weight: 3}}
			default:
				s.LaunchType, s.PlatformVersion = "FARGATE", "LATEST"
			}
			// awsvpc is Fargate's only mode; on EC2 most use it too.
			if fargate || g.chance(0.7) {
				s.AssignPublicIP = "DISABLED"
				if g.chance(0.12) {
					s.AssignPublicIP = "ENABLED"
				}
			}
			families = append(families, family{s.Name, region, fargate, len(g.inv.ECS.Services)})
			g.inv.ECS.Services = append(g.inv.ECS.Services, s)
		}
	}
	for ri, n := range g.spread(g.sz.ECSServices / 4) {
		region := g.regions[ri]
		for range n {
			families = append(families, family{fmt.Sprintf("%s-job-%d", pick(g, apps), len(families)), region, g.chance(0.5), -1})
		}
	}
	if len(families) == 0 {
		return
	}
	// Revisions: one each, then the rest at random, so busy families have
	// dozens and most a handful.
	revisions := make([]int32, len(families))
	for i := range min(g.sz.TaskDefinitions, len(families)) {
		revisions[i] = 1
	}
	for range g.sz.TaskDefinitions - min(g.sz.TaskDefinitions, len(families)) {
		revisions[g.rng.IntN(len(families))]++
	}
	for i, f := range families {
		for rev := int32(1); rev <= revisions[i]; rev++ {
			g.inv.ECS.TaskDefinitions = append(g.inv.ECS.TaskDefinitions, g.taskDefinition(f.name, f.region, rev, f.fargate))
		}
		if f.service >= 0 && revisions[i] > 0 {
			g.inv.ECS.Services[f.service].TaskDefinition = inventory.TaskDefinitionARN("aws", f.region, AccountID, f.name, revisions[i])
		}
	}

	// Container instances: on the EC2 clusters, the region's instances
	// where there are enough.
	var hosts []struct{ region, cluster string }
	for _, r := range g.regions {
		for _, c := range clusters[r] {
			if c.ec2 {
				hosts = append(hosts, struct{ region, cluster string }{r, c.name})
			}
		}
	}
	if len(hosts) == 0 {
		return
	}
	used := map[string]int{}
	for i := range g.sz.ContainerInstances {
		h := hosts[i%len(hosts)]
		ec2ID := g.id("i")
		if ids := g.insts[h.region]; used[h.region] < len(ids) {
			ec2ID = ids[used[h.region]]
			used[h.region]++
		}
		ci := inventory.ECSContainerInstance{Resource: inventory.Resource{Region: h.region}, Cluster: h.cluster, Status: "ACTIVE",
			ID: fmt.Sprintf("%016x%016x", mix(uint64(i)^g.seed), mix(uint64(i)+g.seed)), EC2InstanceID: ec2ID,
			AgentConnected: true, CapacityProvider: h.cluster + "-asg"}
		switch r := g.rng.Float64(); {
		case r < 0.55:
			ci.AgentVersion, ci.DockerVersion = "1.101.3", "DockerVersion: 25.0.8"
		case r < 0.8:
			ci.AgentVersion, ci.DockerVersion = "1.97.1", "DockerVersion: 25.0.6"
		case r < 0.95:
			ci.AgentVersion, ci.DockerVersion = "1.89.1", "DockerVersion: 20.10.25"
		default:
			ci.AgentVersion, ci.DockerVersion, ci.AgentUpdateStatus = "1.85.3", "DockerVersion: 20.10.25", "FAILED"
		}
		g.inv.ECS.ContainerInstances = append(g.inv.ECS.ContainerInstances, ci)
	}
}

func (g *gen) taskDefinition(family, region string, rev int32, fargate bool) inventory.TaskDefinition {
	td := inventory.TaskDefinition{Resource: inventory.Resource{Region: region}, Family: family, Revision: rev, Status: "ACTIVE", NetworkMode: "awsvpc"}
	if fargate {
		td.RequiresCompatibilities = []string{"FARGATE"}
	} else {
		td.RequiresCompatibilities = []string{"EC2"}
		switch r := g.rng.Float64(); {
		case r < 0.15:
			td.NetworkMode = "bridge"
		case r < 0.2:
			td.NetworkMode, td.PIDMode = "host", "host"
		}
	}
	app := inventory.ECSContainerDefinition{Name: "app", Image: fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s:%d", AccountID, region, family, rev),
		LogDriver: "awslogs", Environment: []inventory.ECSEnvironmentVariable{{Name: "PORT"}, {Name: "LOG_LEVEL"}},
		Secrets: []inventory.ECSContainerSecret{{Name: "DB_PASSWORD", ValueFrom: fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s/db", region, AccountID, family)}}}
	if g.chance(0.6) {
		app.User = "10001"
	} else if g.chance(0.3) {
		app.User = "root"
	}
	app.ReadonlyRootFilesystem = g.chance(0.4)
	app.Privileged = !fargate && g.chance(0.08)
	if g.chance(0.1) {
		app.Environment = append(app.Environment, inventory.ECSEnvironmentVariable{Name: "API_TOKEN"})
	}
	if g.chance(0.02) {
		app.Environment = append(app.Environment, inventory.ECSEnvironmentVariable{Name: "UPLOAD_KEY", ValueShape: inventory.ValueShapeAccessKeyID})
	}
	td.Containers = []inventory.ECSContainerDefinition{app}
	if g.chance(0.3) {
		side := inventory.ECSContainerDefinition{Name: "datadog-agent", Image: "public.ecr.aws/datadog/agent:7", User: "1000", ReadonlyRootFilesystem: true}
		if g.chance(0.7) {
			side.LogDriver = "awslogs"
		}
		td.Containers = append(td.Containers, side)
	}
	return td
}
