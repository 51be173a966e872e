package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const platformsAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
eks:
  clusters:
    - {region: us-east-1, name: prod, version: "1.33", platform_version: eks.9, status: ACTIVE, created_at: 2025-06-01T00:00:00Z,
       endpoint_public_access: true, public_access_cidrs: [0.0.0.0/0], log_types: [api, audit, authenticator],
       secrets_key_arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", tags: {team: platform}}
    - {region: us-east-1, name: internal, version: "1.28", platform_version: eks.20, status: ACTIVE, created_at: 2023-10-01T00:00:00Z,
       endpoint_private_access: true}
    - {region: eu-west-1, name: eu, version: "1.32", platform_version: eks.12, status: ACTIVE, created_at: 2025-02-01T00:00:00Z,
       endpoint_public_access: true, endpoint_private_access: true, public_access_cidrs: [203.0.113.0/24], log_types: [audit]}
  node_groups:
    - {region: us-east-1, cluster_name: prod, name: general, version: "1.33", release_version: 1.33.0-20250620, ami_type: AL2023_x86_64_STANDARD,
       status: ACTIVE, created_at: 2025-06-02T00:00:00Z, tags: {team: platform}}
    - {region: us-east-1, cluster_name: prod, name: gpu, version: "1.31", release_version: 1.31.2-20241121, ami_type: AL2_x86_64_GPU,
       status: DEGRADED, created_at: 2024-12-01T00:00:00Z, health_issues: [Ec2LaunchTemplateVersionMismatch]}
    - {region: eu-west-1, cluster_name: eu, name: workers, version: "1.32", release_version: ami-0abcdef1234567890, ami_type: CUSTOM,
       status: ACTIVE, created_at: 2025-02-02T00:00:00Z}
elasticbeanstalk:
  environments:
    - {region: us-east-1, application_name: shop, name: shop-prod, id: e-abc123, status: Ready, health: Green, created_at: 2025-01-01T00:00:00Z,
       solution_stack: 64bit Amazon Linux 2023 v4.3.0 running Python 3.11,
       platform_arn: "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.3.0",
       managed_actions: true, update_level: minor, health_reporting: enhanced, stream_logs: true}
    - {region: us-east-1, application_name: shop, name: shop-old, id: e-def456, status: Ready, health: Yellow, created_at: 2021-01-01T00:00:00Z,
       solution_stack: 64bit Amazon Linux 2 v3.1.0 running Python 3.7,
       platform_arn: "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.7 running on 64bit Amazon Linux 2/3.1.0",
       update_level: patch, health_reporting: basic}
    - {region: us-east-1, application_name: blog, name: blog-prod, id: e-ghi789, status: Ready, health: Green, created_at: 2024-01-01T00:00:00Z,
       solution_stack: 64bit Amazon Linux 2023 v4.3.0 running Python 3.11,
       platform_arn: "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.3.0",
       managed_actions: true, update_level: minor, health_reporting: enhanced}
    - {region: eu-west-1, application_name: api, name: api-eu, id: e-jkl012, status: Ready, health: Green, created_at: 2024-05-01T00:00:00Z,
       solution_stack: 64bit Amazon Linux 2023 v6.1.0 running Node.js 20,
       platform_arn: "arn:aws:elasticbeanstalk:eu-west-1::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.0",
       managed_actions: true, update_level: minor, health_reporting: enhanced, stream_logs: true}
  platforms:
    - {region: us-east-1, arn: "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.3.0",
       name: Python 3.11 running on 64bit Amazon Linux 2023, version: 4.3.0, branch_name: Python 3.11 running on 64bit Amazon Linux 2023,
       branch_lifecycle_state: Supported, lifecycle_state: Recommended, status: Ready}
    - {region: us-east-1, arn: "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.7 running on 64bit Amazon Linux 2/3.1.0",
       name: Python 3.7 running on 64bit Amazon Linux 2, version: 3.1.0, branch_name: Python 3.7 running on 64bit Amazon Linux 2,
       branch_lifecycle_state: Retired, status: Ready}
    - {region: eu-west-1, arn: "arn:aws:elasticbeanstalk:eu-west-1::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.0",
       name: Node.js 20 running on 64bit Amazon Linux 2023, version: 6.1.0, branch_name: Node.js 20 running on 64bit Amazon Linux 2023,
       branch_lifecycle_state: Supported, lifecycle_state: Recommended, status: Ready}
`

func parsePlatforms(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(platformsAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

type platformsPart struct {
	EKS inventory.EKS
	EB  inventory.ElasticBeanstalk
}

func platformsOf(inv *inventory.Inventory) platformsPart {
	x := &inventory.Inventory{EKS: inv.EKS, ElasticBeanstalk: inv.ElasticBeanstalk}
	x.EKS.Clusters = slices.Clone(x.EKS.Clusters)
	x.EKS.NodeGroups = slices.Clone(x.EKS.NodeGroups)
	x.ElasticBeanstalk.Environments = slices.Clone(x.ElasticBeanstalk.Environments)
	x.ElasticBeanstalk.Platforms = slices.Clone(x.ElasticBeanstalk.Platforms)
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortEKS(x, byARN)
	sortBeanstalk(x, byARN)
	return platformsPart{x.EKS, x.ElasticBeanstalk}
}

func assertPlatformsEqual(t *testing.T, got, want platformsPart) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected EKS/Elastic Beanstalk differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

func platformErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "eks" || e.Service == "elasticbeanstalk" {
			out = append(out, e)
		}
	}
	return out
}

func TestPlatformsRoundTrip(t *testing.T) {
	acct := parsePlatforms(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := platformErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertPlatformsEqual(t, platformsOf(inv), platformsOf(acct))

	// One item per page: a collector that stopped at the first page would
	// make one call per listing. Two environments share a platform, which
	// is read once.
	for _, c := range []struct {
		service, op, region string
		want                int
	}{
		{"eks", "ListClusters", "us-east-1", 2},
		{"eks", "ListClusters", "eu-west-1", 1},
		{"eks", "DescribeCluster", "us-east-1", 2},
		{"eks", "ListNodegroups", "us-east-1", 3}, // prod's two pages, internal's empty one
		{"eks", "DescribeNodegroup", "us-east-1", 2},
		{"eks", "DescribeNodegroup", "eu-west-1", 1},
		{"elasticbeanstalk", "DescribeEnvironments", "us-east-1", 3},
		{"elasticbeanstalk", "DescribeEnvironments", "eu-west-1", 1},
		{"elasticbeanstalk", "DescribeConfigurationSettings", "us-east-1", 3},
		{"elasticbeanstalk", "DescribePlatformVersion", "us-east-1", 2},
		{"elasticbeanstalk", "DescribePlatformVersion", "eu-west-1", 1},
	} {
		if got := callsOf(srv, c.service, c.op)[c.region]; got != c.want {
			t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, c.region, got, c.want)
		}
	}
}

func TestPlatformsFailedOperations(t *testing.T) {
	prodARN := inventory.EKSClusterARN("aws", "us-east-1", "111122223333", "prod")
	gpuARN := inventory.NodeGroupARN("aws", "us-east-1", "111122223333", "prod", "gpu")
	envARN := inventory.BeanstalkEnvironmentARN("aws", "us-east-1", "111122223333", "shop", "shop-old")
	oldPlatform := "arn:aws:elasticbeanstalk:us-east-1::platform/Python 3.7 running on 64bit Amazon Linux 2/3.1.0"
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(p *platformsPart)
	}{{
		name: "clusters denied in one region",
		rule: emulator.Rule{Service: "eks", Operation: "ListClusters", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "eks", Region: "eu-west-1", Operation: "ListClusters",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *platformsPart) {
			p.EKS.Clusters = slices.DeleteFunc(p.EKS.Clusters, func(c inventory.EKSCluster) bool { return c.Region == "eu-west-1" })
			p.EKS.NodeGroups = slices.DeleteFunc(p.EKS.NodeGroups, func(g inventory.NodeGroup) bool { return g.Region == "eu-west-1" })
		},
	}, {
		name: "one cluster not described",
		rule: emulator.Rule{Service: "eks", Operation: "DescribeCluster", Resource: "prod"},
		want: inventory.CollectionError{Service: "eks", Region: "us-east-1", Operation: "DescribeCluster", ResourceARN: prodARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *platformsPart) {
			for i := range p.EKS.Clusters {
				if c := &p.EKS.Clusters[i]; c.ARN == prodARN {
					*c = inventory.EKSCluster{Resource: c.Resource, Name: c.Name}
				}
			}
		},
	}, {
		name: "one cluster's node groups not listed",
		rule: emulator.Rule{Service: "eks", Operation: "ListNodegroups", Resource: "prod"},
		want: inventory.CollectionError{Service: "eks", Region: "us-east-1", Operation: "ListNodegroups", ResourceARN: prodARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *platformsPart) {
			p.EKS.NodeGroups = slices.DeleteFunc(p.EKS.NodeGroups, func(g inventory.NodeGroup) bool { return g.ClusterName == "prod" })
		},
	}, {
		name: "one node group not described",
		rule: emulator.Rule{Service: "eks", Operation: "DescribeNodegroup", Resource: "gpu"},
		want: inventory.CollectionError{Service: "eks", Region: "us-east-1", Operation: "DescribeNodegroup", ResourceARN: gpuARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *platformsPart) {
			for i := range p.EKS.NodeGroups {
				if g := &p.EKS.NodeGroups[i]; g.Name == "gpu" {
					*g = inventory.NodeGroup{Resource: g.Resource, Name: g.Name, ClusterName: g.ClusterName}
				}
			}
		},
	}, {
		name: "environments denied in one region",
		rule: emulator.Rule{Service: "elasticbeanstalk", Operation: "DescribeEnvironments", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "elasticbeanstalk", Region: "us-east-1", Operation: "DescribeEnvironments",
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *platformsPart) {
			p.EB.Environments = slices.DeleteFunc(p.EB.Environments, func(e inventory.BeanstalkEnvironment) bool { return e.Region == "us-east-1" })
			p.EB.Platforms = slices.DeleteFunc(p.EB.Platforms, func(x inventory.BeanstalkPlatform) bool { return x.Region == "us-east-1" })
		},
	}, {
		name: "one environment's settings denied",
		rule: emulator.Rule{Service: "elasticbeanstalk", Operation: "DescribeConfigurationSettings", Resource: "shop-old"},
		want: inventory.CollectionError{Service: "elasticbeanstalk", Region: "us-east-1", Operation: "DescribeConfigurationSettings", ResourceARN: envARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *platformsPart) {
			for i := range p.EB.Environments {
				if e := &p.EB.Environments[i]; e.ARN == envARN {
					e.ManagedActions, e.UpdateLevel, e.HealthReporting, e.StreamLogs = false, "", "", false
				}
			}
		},
	}, {
		name: "one platform not described",
		rule: emulator.Rule{Service: "elasticbeanstalk", Operation: "DescribePlatformVersion", Resource: oldPlatform},
		want: inventory.CollectionError{Service: "elasticbeanstalk", Region: "us-east-1", Operation: "DescribePlatformVersion", ResourceARN: oldPlatform,
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *platformsPart) {
			p.EB.Platforms = slices.DeleteFunc(p.EB.Platforms, func(x inventory.BeanstalkPlatform) bool { return x.ARN == oldPlatform })
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parsePlatforms(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, platformErrors(inv), tc.want)
			want := platformsOf(acct)
			tc.lost(&want)
			assertPlatformsEqual(t, platformsOf(inv), want)
		})
	}
}
