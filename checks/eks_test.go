package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// eksCluster adds a well-configured cluster in us-east-1 after set has
// changed it.
func eksCluster(name string, set func(c *inventory.EKSCluster)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.EKSCluster{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, Version: "1.33",
			EndpointPrivateAccess: true, LogTypes: []string{"api", "audit", "authenticator"},
			SecretsKeyARN: "arn:aws:kms:us-east-1:111122223333:key/k1"}
		if set != nil {
			set(&c)
		}
		inv.EKS.Clusters = append(inv.EKS.Clusters, c)
	}
}

// nodeGroup adds a current node group of cluster c1 after set has
// changed it.
func nodeGroup(name string, set func(g *inventory.NodeGroup)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		g := inventory.NodeGroup{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, ClusterName: "c1",
			Version: "1.33", ReleaseVersion: "1.33.5-20261015", AMIType: "AL2023_x86_64_STANDARD"}
		if set != nil {
			set(&g)
		}
		inv.EKS.NodeGroups = append(inv.EKS.NodeGroups, g)
	}
}

const (
	c1ARN  = "arn:aws:eks:us-east-1:111122223333:cluster/c1"
	ng1ARN = "arn:aws:eks:us-east-1:111122223333:nodegroup/c1/ng1"
	eksAll = ":eks:us-east-1:111122223333:*"
)

func TestEKSEndpointPublic(t *testing.T) {
	runCases(t, eksEndpointPublic, []statusCase{
		{"private", eksCluster("c1", nil), map[string]Status{":cluster/c1": Pass}},
		{"public to the world", eksCluster("c1", func(c *inventory.EKSCluster) {
			c.EndpointPublicAccess, c.PublicAccessCIDRs = true, []string{"0.0.0.0/0"}
		}),
			map[string]Status{":cluster/c1": Fail}},
		{"public with no sources named (EKS's default)", eksCluster("c1", func(c *inventory.EKSCluster) { c.EndpointPublicAccess = true }),
			map[string]Status{":cluster/c1": Fail}},
		{"public to one range among others", eksCluster("c1", func(c *inventory.EKSCluster) {
			c.EndpointPublicAccess, c.PublicAccessCIDRs = true, []string{"203.0.113.0/24", "0.0.0.0/0"}
		}), map[string]Status{":cluster/c1": Fail}},
		{"public to office ranges", eksCluster("c1", func(c *inventory.EKSCluster) {
			c.EndpointPublicAccess, c.PublicAccessCIDRs = true, []string{"203.0.113.0/24", "198.51.100.7/32"}
		}), map[string]Status{":cluster/c1": Pass}},
		{"not described", both(eksCluster("c1", func(c *inventory.EKSCluster) { *c = inventory.EKSCluster{Resource: c.Resource, Name: c.Name} }),
			denied("eks", "us-east-1", "DescribeCluster", c1ARN)), map[string]Status{":cluster/c1": Unknown}},
		{"listing denied", denied("eks", "us-east-1", "ListClusters", ""), map[string]Status{eksAll: Unknown}},
	})
}

func TestEKSControlPlaneLogging(t *testing.T) {
	runCases(t, eksControlPlaneLogging, []statusCase{
		{"audit and authenticator", eksCluster("c1", nil), map[string]Status{":cluster/c1": Pass}},
		{"audit only", eksCluster("c1", func(c *inventory.EKSCluster) { c.LogTypes = []string{"api", "audit"} }), map[string]Status{":cluster/c1": Fail}},
		{"authenticator only", eksCluster("c1", func(c *inventory.EKSCluster) { c.LogTypes = []string{"authenticator"} }), map[string]Status{":cluster/c1": Fail}},
		{"none", eksCluster("c1", func(c *inventory.EKSCluster) { c.LogTypes = nil }), map[string]Status{":cluster/c1": Fail}},
		{"not described", both(eksCluster("c1", func(c *inventory.EKSCluster) { *c = inventory.EKSCluster{Resource: c.Resource, Name: c.Name} }),
			denied("eks", "us-east-1", "DescribeCluster", c1ARN)), map[string]Status{":cluster/c1": Unknown}},
		{"listing denied", denied("eks", "us-east-1", "ListClusters", ""), map[string]Status{eksAll: Unknown}},
	})
	fs := Run(account(eksCluster("c1", func(c *inventory.EKSCluster) { c.LogTypes = []string{"api", "audit"} })), []Check{eksControlPlaneLogging}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "does not log authenticator") || !strings.Contains(fs[0].Message, "only api, audit") {
		t.Errorf("the evidence must say which logs are on and which are missing: %+v", fs)
	}
}

func TestEKSVersionSupported(t *testing.T) {
	// On testNow, 2026-11-01, 1.34 (until 2026-12-02) is the oldest
	// version in standard support; 1.33's ended on 2026-07-29.
	version := func(v string) func(*inventory.Inventory) {
		return eksCluster("c1", func(c *inventory.EKSCluster) { c.Version = v })
	}
	runCases(t, eksVersionSupported, []statusCase{
		{"1.34, in standard support", version("1.34"), map[string]Status{":cluster/c1": Pass}},
		{"1.35", version("1.35"), map[string]Status{":cluster/c1": Pass}},
		{"newer than the calendar", version("1.37"), map[string]Status{":cluster/c1": Pass}},
		{"1.33, in extended support", version("1.33"), map[string]Status{":cluster/c1": Fail}},
		{"1.31, extended support ending", version("1.31"), map[string]Status{":cluster/c1": Fail}},
		{"1.29, past extended support", version("1.29"), map[string]Status{":cluster/c1": Fail}},
		{"older than the calendar", version("1.21"), map[string]Status{":cluster/c1": Fail}},
		{"unreadable version", version("latest"), map[string]Status{":cluster/c1": Unknown}},
		{"not described", both(version(""), denied("eks", "us-east-1", "DescribeCluster", c1ARN)), map[string]Status{":cluster/c1": Unknown}},
		{"listing denied", denied("eks", "us-east-1", "ListClusters", ""), map[string]Status{eksAll: Unknown}},
	})
	fs := Run(account(version("1.33")), []Check{eksVersionSupported}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["end_of_standard_support"] != "2026-07-29" || fs[0].Evidence["extended_support"] != true {
		t.Errorf("finding = %+v", fs)
	}
}

// The calendar is the one thing in the check that must change with time;
// it must stay ordered and consistent for the lookups to hold.
func TestEKSCalendar(t *testing.T) {
	for i, v := range eksVersions {
		m, ok := minorOf(v.version)
		if !ok || !v.endStandard.Before(v.endExtend) {
			t.Errorf("%s: bad entry %+v", v.version, v)
		}
		if i > 0 {
			prev, _ := minorOf(eksVersions[i-1].version)
			if prev != m+1 || !eksVersions[i-1].endStandard.After(v.endStandard) {
				t.Errorf("%s does not follow %s", v.version, eksVersions[i-1].version)
			}
		}
		// Extended support is 12 months.
		if v.endStandard.AddDate(1, 0, 0) != v.endExtend {
			t.Errorf("%s: extended support ends %s, not a year after standard support (%s)", v.version, v.endExtend, v.endStandard)
		}
	}
}

func TestEKSSecretsEncryption(t *testing.T) {
	runCases(t, eksSecretsEncryption, []statusCase{
		{"KMS key", eksCluster("c1", nil), map[string]Status{":cluster/c1": Pass}},
		{"no key", eksCluster("c1", func(c *inventory.EKSCluster) { c.SecretsKeyARN = "" }), map[string]Status{":cluster/c1": Fail}},
		{"not described", both(eksCluster("c1", func(c *inventory.EKSCluster) { *c = inventory.EKSCluster{Resource: c.Resource, Name: c.Name} }),
			denied("eks", "us-east-1", "DescribeCluster", c1ARN)), map[string]Status{":cluster/c1": Unknown}},
		{"listing denied", denied("eks", "us-east-1", "ListClusters", ""), map[string]Status{eksAll: Unknown}},
	})
}

func TestEKSNodeGroupVersionSkew(t *testing.T) {
	runCases(t, eksNodeGroupVersionSkew, []statusCase{
		{"same version", both(eksCluster("c1", nil), nodeGroup("ng1", nil)), map[string]Status{"/c1/ng1": Pass}},
		{"one behind", both(eksCluster("c1", nil), nodeGroup("ng1", func(g *inventory.NodeGroup) { g.Version = "1.32" })), map[string]Status{"/c1/ng1": Fail}},
		{"three behind", both(eksCluster("c1", nil), nodeGroup("ng1", func(g *inventory.NodeGroup) { g.Version = "1.30" })), map[string]Status{"/c1/ng1": Fail}},
		{"custom AMI behind", both(eksCluster("c1", nil), nodeGroup("ng1", func(g *inventory.NodeGroup) { g.Version, g.AMIType = "1.31", "CUSTOM" })),
			map[string]Status{"/c1/ng1": Fail}},
		{"cluster not described", both(eksCluster("c1", func(c *inventory.EKSCluster) { *c = inventory.EKSCluster{Resource: c.Resource, Name: c.Name} }),
			denied("eks", "us-east-1", "DescribeCluster", c1ARN), nodeGroup("ng1", nil)), map[string]Status{"/c1/ng1": Unknown}},
		{"node group not described", both(eksCluster("c1", nil), nodeGroup("ng1", func(g *inventory.NodeGroup) {
			*g = inventory.NodeGroup{Resource: g.Resource, Name: g.Name, ClusterName: g.ClusterName}
		}), denied("eks", "us-east-1", "DescribeNodegroup", ng1ARN)), map[string]Status{"/c1/ng1": Unknown}},
		{"node groups not listed", both(eksCluster("c1", nil), denied("eks", "us-east-1", "ListNodegroups", c1ARN)), map[string]Status{":cluster/c1": Unknown}},
		{"listing denied", denied("eks", "us-east-1", "ListClusters", ""), map[string]Status{eksAll: Unknown}},
	})
	fs := Run(account(both(eksCluster("c1", nil), nodeGroup("ng1", func(g *inventory.NodeGroup) { g.Version, g.AMIType = "1.31", "CUSTOM" }),
		nodeGroup("ng2", func(g *inventory.NodeGroup) { g.Version = "1.31" }))), []Check{eksNodeGroupVersionSkew}, DefaultConfig())
	if len(fs) != 2 || fs[0].ServiceModel != Infrastructure || fs[1].ServiceModel != Container || fs[0].Evidence["minor_versions_behind"] != 2 {
		t.Errorf("a custom-AMI node group is the customer's host (infrastructure), an EKS AMI one is container: %+v", fs)
	}
}

func TestEKSNodeGroupAMIOutdated(t *testing.T) {
	release := func(ami, rel string) func(*inventory.Inventory) {
		return nodeGroup("ng1", func(g *inventory.NodeGroup) { g.AMIType, g.ReleaseVersion = ami, rel })
	}
	runCases(t, eksNodeGroupAMIOutdated, []statusCase{
		{"recent Amazon Linux release", release("AL2023_x86_64_STANDARD", "1.33.5-20261015"), map[string]Status{"/c1/ng1": Pass}},
		{"old Amazon Linux release", release("AL2_x86_64", "1.29.0-20240129"), map[string]Status{"/c1/ng1": Fail}},
		{"old Windows release", release("WINDOWS_CORE_2022_x86_64", "2025.01.15"), map[string]Status{"/c1/ng1": Fail}},
		{"recent Windows release", release("WINDOWS_FULL_2022_x86_64", "2026.10.14"), map[string]Status{"/c1/ng1": Pass}},
		{"Bottlerocket has no build date", release("BOTTLEROCKET_x86_64", "1.26.2-360b7a38"), map[string]Status{}},
		{"custom AMI is judged as EC2 instances", release("CUSTOM", "ami-0abcdef1234567890"), map[string]Status{}},
		{"not described", both(nodeGroup("ng1", func(g *inventory.NodeGroup) {
			*g = inventory.NodeGroup{Resource: g.Resource, Name: g.Name, ClusterName: g.ClusterName}
		}), denied("eks", "us-east-1", "DescribeNodegroup", ng1ARN)), map[string]Status{"/c1/ng1": Unknown}},
		{"node groups not listed", both(eksCluster("c1", nil), denied("eks", "us-east-1", "ListNodegroups", c1ARN)), map[string]Status{":cluster/c1": Unknown}},
		{"listing denied", denied("eks", "us-east-1", "ListClusters", ""), map[string]Status{eksAll: Unknown}},
	})
}
