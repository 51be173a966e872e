package synth

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// eksReleases are Kubernetes versions with an Amazon Linux AMI release of
// theirs, from current to long past standard support.
var eksReleases = []struct{ version, release string }{
	{"1.34", "1.34.1-20261105"}, {"1.34", "1.34.1-20261009"}, {"1.33", "1.33.5-20260917"}, {"1.32", "1.32.9-20260620"},
	{"1.31", "1.31.13-20260310"}, {"1.30", "1.30.14-20250715"}, {"1.29", "1.29.15-20250210"},
}

// eks makes EKS clusters and their managed node groups. Most clusters
// are within a version or two of current with the node groups following,
// a tail lags into extended support; logging, private endpoints and
// secrets keys come from modules in some teams and not in others.
func (g *gen) eks() {
	for ri, n := range g.spread(g.sz.EKSClusters) {
		region := g.regions[ri]
		for range n {
			rel := eksReleases[g.weighted(25, 15, 20, 15, 12, 8, 5)]
			c := inventory.EKSCluster{Resource: inventory.Resource{Region: region},
				Name:    fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, teams), len(g.inv.EKS.Clusters)),
				Version: rel.version, PlatformVersion: fmt.Sprintf("eks.%d", 1+g.rng.IntN(30)), Status: "ACTIVE",
				CreatedAt: g.ago(3 * 365 * day), EndpointPrivateAccess: g.chance(0.7), EndpointPublicAccess: true}
			switch r := g.rng.Float64(); {
			case r < 0.3:
				c.EndpointPublicAccess = false
				c.EndpointPrivateAccess = true
			case r < 0.6:
				c.PublicAccessCIDRs = []string{fmt.Sprintf("203.0.113.%d/32", g.rng.IntN(250)), "198.51.100.0/24"}
			default:
				c.PublicAccessCIDRs = []string{"0.0.0.0/0"}
			}
			switch g.weighted(40, 30, 30) {
			case 0:
				c.LogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}
			case 1:
				c.LogTypes = []string{"api", "audit"}
			}
			if g.chance(0.45) {
				c.SecretsKeyARN = g.kmsKey(region)
			}
			c.Tags = g.tags(c.Name)
			g.inv.EKS.Clusters = append(g.inv.EKS.Clusters, c)
		}
	}
	var clusters []*inventory.EKSCluster
	for i := range g.inv.EKS.Clusters {
		clusters = append(clusters, &g.inv.EKS.Clusters[i])
	}
	if len(clusters) == 0 {
		return
	}
	for i := range g.sz.NodeGroups {
		// Every cluster gets one before any gets a second.
		c := clusters[i%len(clusters)]
		if i >= len(clusters) {
			c = pick(g, clusters)
		}
		ng := inventory.NodeGroup{Resource: inventory.Resource{Region: c.Region},
			Name: fmt.Sprintf("%s-%d", pick(g, apps), i), ClusterName: c.Name, Version: c.Version,
			AMIType: pick(g, []string{"AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "AL2_x86_64", "BOTTLEROCKET_x86_64", "CUSTOM"}),
			Status:  "ACTIVE", CreatedAt: c.CreatedAt}
		for _, r := range eksReleases {
			if r.version == c.Version {
				ng.ReleaseVersion = r.release
			}
		}
		if g.chance(0.25) {
			// Left behind at the last control-plane upgrade.
			m := 0
			fmt.Sscanf(c.Version, "1.%d", &m)
			ng.Version = fmt.Sprintf("1.%d", m-1-g.rng.IntN(2))
			ng.ReleaseVersion = fmt.Sprintf("%s.8-%s", ng.Version, g.ago(2*365*day).Format("20060102"))
		}
		switch ng.AMIType {
		case "BOTTLEROCKET_x86_64":
			ng.ReleaseVersion = "1.26.2-360b7a38"
		case "CUSTOM":
			ng.ReleaseVersion = g.id("ami")
		}
		if g.chance(0.05) {
			ng.Status, ng.HealthIssues = "DEGRADED", []string{"Ec2LaunchTemplateVersionMismatch"}
		}
		g.inv.EKS.NodeGroups = append(g.inv.EKS.NodeGroups, ng)
	}
}

// beanstalkPlatforms are the platform branches environments run, with
// their lifecycle states: most supported, some deprecated or retired.
var beanstalkPlatforms = []struct{ branch, version, state string }{
	{"Node.js 20 running on 64bit Amazon Linux 2023", "6.6.2", "Supported"},
	{"Python 3.11 running on 64bit Amazon Linux 2023", "4.3.0", "Supported"},
	{"Corretto 17 running on 64bit Amazon Linux 2023", "4.4.1", "Supported"},
	{"Docker running on 64bit Amazon Linux 2023", "4.3.3", "Supported"},
	{"Node.js 16 running on 64bit Amazon Linux 2", "5.8.4", "Retired"},
	{"Python 3.8 running on 64bit Amazon Linux 2", "3.7.2", "Deprecated"},
	{"PHP 8.0 running on 64bit Amazon Linux 2", "3.5.1", "Retired"},
}

// beanstalk makes Elastic Beanstalk environments and the platform
// versions they run, each listed once per region that runs it.
func (g *gen) beanstalk() {
	eb := &g.inv.ElasticBeanstalk
	for ri, n := range g.spread(g.sz.Environments) {
		region := g.regions[ri]
		used := map[int]bool{}
		for range n {
			pi := g.weighted(25, 20, 15, 15, 10, 10, 5)
			p := beanstalkPlatforms[pi]
			app := fmt.Sprintf("%s-%s", pick(g, teams), pick(g, apps))
			e := inventory.BeanstalkEnvironment{Resource: inventory.Resource{Region: region},
				Name: fmt.Sprintf("%s-%s-%d", app, pick(g, envs), len(eb.Environments)), ApplicationName: app,
				ID: "e-" + g.id("e")[4:14], SolutionStack: "64bit " + p.branch, Status: "Ready", Health: pick(g, []string{"Green", "Green", "Green", "Yellow", "Red"}),
				PlatformARN: fmt.Sprintf("arn:aws:elasticbeanstalk:%s::platform/%s/%s", region, p.branch, p.version),
				CreatedAt:   g.ago(4 * 365 * day), ManagedActions: g.chance(0.6), UpdateLevel: pick(g, []string{"minor", "patch"}),
				HealthReporting: pick(g, []string{"enhanced", "enhanced", "basic"}), StreamLogs: g.chance(0.5)}
			eb.Environments = append(eb.Environments, e)
			if !used[pi] {
				used[pi] = true
				plat := inventory.BeanstalkPlatform{Resource: inventory.Resource{ARN: e.PlatformARN, Region: region},
					Name: p.branch, Version: p.version, BranchName: p.branch, BranchLifecycleState: p.state, Status: "Ready"}
				if p.state == "Supported" {
					plat.LifecycleState = "Recommended"
				}
				eb.Platforms = append(eb.Platforms, plat)
			}
		}
	}
}
