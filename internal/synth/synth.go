// Package synth generates large synthetic AWS accounts for benchmarks: the
// account of issue 7 (17 regions, 10,000 security groups, 5,000 instances
// and volumes, 1,000 buckets, 2,000 IAM users and roles) or any multiple of
// it, as an inventory the emulator serves and the checks read.
//
// An account is a function of its seed and sizes alone, so two runs of a
// benchmark scan the same account. Its shape follows what large accounts
// look like rather than a uniform spread: most resources sit in two or three
// home regions and the rest thin out, every region has its default VPC,
// security group and NACL, and the configurations mix good practice with the
// usual mistakes in proportions that give every check work to do.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// AccountID is the synthetic account's ID.
const AccountID = "210987654321"

// Now is the synthetic account's clock: every date in it is relative to
// this instant, so ages (key age, days since patching) read the same on
// any day. Scanners of the account should start their clock here.
var Now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// Sizes says how many of each resource an account holds. Counts are for
// the whole account; Account spreads them over the regions.
type Sizes struct {
	// Regions enabled, at most 17 (the regions enabled by default).
	Regions int
	// VPCs besides each region's default VPC.
	VPCs int
	// SecurityGroups, each VPC's default group included.
	SecurityGroups int
	Instances      int
	Volumes        int
	Snapshots      int
	Images         int
	Buckets        int
	Users          int
	Roles          int
	Groups         int
	// Policies are the customer-managed policies; the AWS-managed ones
	// attached in the account come on top.
	Policies           int
	ServerCertificates int
	DBInstances        int
	DBSnapshots        int
	// DBClusterSnapshots are manual; the clusters come with their
	// Aurora member instances.
	DBClusterSnapshots int
	FileSystems        int
	// KMSKeys are the customer-managed keys; each region also has the
	// AWS-managed keys of the services used there.
	KMSKeys int
	Tables  int
	Queues  int
	Topics  int
	// EMRClusters are the active clusters; terminated ones are not read.
	EMRClusters int
	// Documents are the Systems Manager documents the account owns; the
	// managed nodes follow the instances.
	Documents int
	// Functions are Lambda functions; Repositories private ECR
	// repositories.
	Functions    int
	Repositories int
	// EKSClusters come with NodeGroups managed node groups among them,
	// at least one each; Environments are Elastic Beanstalk's.
	EKSClusters  int
	NodeGroups   int
	Environments int
	// ECSClusters hold the ECSServices; TaskDefinitions are every ACTIVE
	// revision, several per service's family; ContainerInstances are the
	// EC2 hosts of the clusters that have EC2 capacity.
	ECSClusters        int
	ECSServices        int
	TaskDefinitions    int
	ContainerInstances int
	// LoadBalancers are application and network load balancers;
	// ClassicLoadBalancers the few an older account still runs.
	LoadBalancers        int
	ClassicLoadBalancers int
	Certificates         int
	Secrets              int
	// ReplicationGroups are Redis OSS and Valkey, of one to three nodes;
	// CacheClusters are the Memcached clusters outside them.
	ReplicationGroups int
	CacheClusters     int
	// RedshiftClusters are provisioned clusters.
	RedshiftClusters int
	// Distributions are CloudFront's, global.
	Distributions int
	// BackupVaults are AWS Backup's; the recovery points follow the
	// databases and file systems.
	BackupVaults      int
	OpenSearchDomains int
	// RestAPIs (API Gateway v1) and HTTPAPIs (v2), each with its stages,
	// resources or routes.
	RestAPIs int
	HTTPAPIs int
}

// Large is the account issue 7 sets as the benchmark: 17 regions, 10,000
// security groups, 5,000 instances, 5,000 volumes, 1,000 buckets and 2,000
// IAM users and roles, with the snapshots, images, VPCs, policies and
// databases such an account has alongside.
func Large() Sizes {
	return Sizes{
		Regions:            len(regions),
		VPCs:               60,
		SecurityGroups:     10000,
		Instances:          5000,
		Volumes:            5000,
		Snapshots:          2000,
		Images:             300,
		Buckets:            1000,
		Users:              1000,
		Roles:              1000,
		Groups:             30,
		Policies:           300,
		ServerCertificates: 10,
		DBInstances:        150,
		DBSnapshots:        200,
		DBClusterSnapshots: 60,
		FileSystems:        60,
		KMSKeys:            120,
		Tables:             200,
		Queues:             400,
		Topics:             250,
		EMRClusters:        300,
		Documents:          150,
		Functions:          3000,
		Repositories:       300,
		EKSClusters:        200,
		NodeGroups:         500,
		Environments:       300,
		ECSClusters:        200,
		ECSServices:        1200,
		TaskDefinitions:    4000,
		ContainerInstances: 600,
		LoadBalancers:      300,
		// A fifth as many Classic ones: AWS retired them for new
		// accounts, but older accounts keep some.
		ClassicLoadBalancers: 60,
		Certificates:         600,
		Secrets:              500,
		ReplicationGroups:    100,
		CacheClusters:        40,
		RedshiftClusters:     100,
		Distributions:        200,
		BackupVaults:         100,
		// Search and log-analytics domains: a few per team.
		OpenSearchDomains: 80,
		RestAPIs:          300,
		HTTPAPIs:          200,
	}
}

// Scale multiplies every count but Regions by f. A count that was not zero
// stays at least one, so a small scale still exercises every collector.
func (s Sizes) Scale(f float64) Sizes {
	n := func(v int) int {
		if v == 0 {
			return 0
		}
		return max(1, int(math.Round(float64(v)*f)))
	}
	return Sizes{
		Regions: s.Regions, VPCs: n(s.VPCs), SecurityGroups: n(s.SecurityGroups),
		Instances: n(s.Instances), Volumes: n(s.Volumes), Snapshots: n(s.Snapshots), Images: n(s.Images),
		Buckets: n(s.Buckets), Users: n(s.Users), Roles: n(s.Roles), Groups: n(s.Groups),
		Policies: n(s.Policies), ServerCertificates: n(s.ServerCertificates),
		DBInstances: n(s.DBInstances), DBSnapshots: n(s.DBSnapshots), DBClusterSnapshots: n(s.DBClusterSnapshots), FileSystems: n(s.FileSystems),
		KMSKeys: n(s.KMSKeys), Tables: n(s.Tables), Queues: n(s.Queues), Topics: n(s.Topics),
		EMRClusters: n(s.EMRClusters),
		Documents:   n(s.Documents),
		Functions:   n(s.Functions), Repositories: n(s.Repositories),
		EKSClusters: n(s.EKSClusters), NodeGroups: n(s.NodeGroups), Environments: n(s.Environments),
		ECSClusters: n(s.ECSClusters), ECSServices: n(s.ECSServices), TaskDefinitions: n(s.TaskDefinitions), ContainerInstances: n(s.ContainerInstances),
		LoadBalancers: n(s.LoadBalancers), ClassicLoadBalancers: n(s.ClassicLoadBalancers), Certificates: n(s.Certificates),
		Secrets: n(s.Secrets), ReplicationGroups: n(s.ReplicationGroups), CacheClusters: n(s.CacheClusters),
		RedshiftClusters:  n(s.RedshiftClusters),
		Distributions:     n(s.Distributions),
		BackupVaults:      n(s.BackupVaults),
		OpenSearchDomains: n(s.OpenSearchDomains),
		RestAPIs:          n(s.RestAPIs), HTTPAPIs: n(s.HTTPAPIs),
	}
}

// regions are the 17 regions AWS enables by default, most used first, with
// the share of the account's resources each holds: a US and a European
// home region, a third for DR, and a long tail.
var regions = []struct {
	name   string
	weight float64
}{
	{"us-east-1", 0.25}, {"eu-west-1", 0.18}, {"us-west-2", 0.12}, {"eu-central-1", 0.08},
	{"us-east-2", 0.06}, {"ap-southeast-2", 0.05}, {"ap-northeast-1", 0.05}, {"eu-west-2", 0.04},
	{"ap-southeast-1", 0.03}, {"ca-central-1", 0.03}, {"ap-south-1", 0.02}, {"sa-east-1", 0.02},
	{"eu-north-1", 0.02}, {"eu-west-3", 0.015}, {"ap-northeast-2", 0.015}, {"us-west-1", 0.01},
	{"ap-northeast-3", 0.01},
}

// gen is one account being generated.
type gen struct {
	rng  *rand.Rand
	seed uint64
	sz   Sizes
	inv  *inventory.Inventory
	// regions in use, most used first, and their weights.
	regions []string
	weights []float64
	// per region, what later resources refer to.
	vpcs     map[string][]*vpcInfo
	insts    map[string][]string // instance IDs
	vols     map[string][]int    // indexes into inv.EC2.Volumes
	imgs     map[string][]string // image IDs
	ec2Roles []string            // roles EC2 instances may run as
	logs     map[string]string   // a log bucket per region
	ids      uint64
}

type vpcInfo struct {
	id      string
	def     bool
	subnets []string
	sgs     []string
}

// Account generates the account for seed and sizes.
func Account(seed uint64, sz Sizes) *inventory.Inventory {
	sz.Regions = min(max(sz.Regions, 1), len(regions))
	g := &gen{
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		seed:  seed,
		sz:    sz,
		vpcs:  map[string][]*vpcInfo{},
		insts: map[string][]string{},
		vols:  map[string][]int{},
		imgs:  map[string][]string{},
		logs:  map[string]string{},
		inv: &inventory.Inventory{
			SchemaVersion: inventory.SchemaVersion,
			Partition:     "aws",
			AccountID:     AccountID,
			CallerARN:     "arn:aws:sts::" + AccountID + ":assumed-role/security-audit/srmscan",
			StartedAt:     Now,
		},
	}
	for _, r := range regions[:sz.Regions] {
		g.regions = append(g.regions, r.name)
		g.weights = append(g.weights, r.weight)
	}
	g.inv.Regions = slices.Sorted(slices.Values(g.regions))

	// Order matters: later resources refer to earlier ones (instances to
	// groups, images and roles; volumes to instances; snapshots to
	// volumes; buckets to their region's log bucket).
	g.iam()
	g.network()
	g.images()
	g.instances()
	g.volumes()
	g.snapshots()
	g.regionSettings()
	g.buckets()
	g.databases()
	g.securityServices()
	g.logging()
	g.keys()
	g.tables()
	g.messaging()
	g.emr()
	g.ssm()
	g.functions()
	g.repositories()
	g.eks()
	g.beanstalk()
	g.ecs()
	g.loadBalancers()
	g.certificates()
	g.secretsCache()
	g.redshift()
	g.distributions()
	g.backup()
	g.openSearch()
	g.apiGateway()
	g.inv.Normalize()
	sortByARN(g.inv)
	return g.inv
}

// sortByARN orders the lists as a scan's inventory is ordered, so checks
// benchmarked on a generated account see what they see after a scan.
func sortByARN(inv *inventory.Inventory) {
	e, m := &inv.EC2, &inv.IAM
	byARN(e.Instances, func(x *inventory.Instance) string { return x.ARN })
	byARN(e.SecurityGroups, func(x *inventory.SecurityGroup) string { return x.ARN })
	byARN(e.NetworkACLs, func(x *inventory.NetworkACL) string { return x.ARN })
	byARN(e.VPCs, func(x *inventory.VPC) string { return x.ARN })
	byARN(e.FlowLogs, func(x *inventory.FlowLog) string { return x.ARN })
	byARN(e.Volumes, func(x *inventory.Volume) string { return x.ARN })
	byARN(e.Snapshots, func(x *inventory.Snapshot) string { return x.ARN })
	byARN(e.Images, func(x *inventory.Image) string { return x.ARN })
	byARN(e.RegionSettings, func(x *inventory.RegionSettings) string { return x.ARN })
	byARN(inv.S3.Buckets, func(x *inventory.Bucket) string { return x.ARN })
	byARN(m.Users, func(x *inventory.User) string { return x.ARN })
	byARN(m.Groups, func(x *inventory.Group) string { return x.ARN })
	byARN(m.Roles, func(x *inventory.Role) string { return x.ARN })
	byARN(m.Policies, func(x *inventory.ManagedPolicy) string { return x.ARN })
	byARN(m.ServerCertificates, func(x *inventory.ServerCertificate) string { return x.ARN })
	byARN(m.CredentialReport, func(x *inventory.Credential) string { return x.ARN })
	byARN(m.VirtualMFADevices, func(x *inventory.MFADevice) string { return x.SerialNumber })
	byARN(inv.RDS.Instances, func(x *inventory.DBInstance) string { return x.ARN })
	byARN(inv.RDS.Snapshots, func(x *inventory.DBSnapshot) string { return x.ARN })
	byARN(inv.RDS.Clusters, func(x *inventory.DBCluster) string { return x.ARN })
	byARN(inv.RDS.ClusterSnapshots, func(x *inventory.DBClusterSnapshot) string { return x.ARN })
	byARN(inv.EFS.FileSystems, func(x *inventory.FileSystem) string { return x.ARN })
	byARN(inv.CloudTrail.Trails, func(x *inventory.Trail) string { return x.ARN })
	byARN(inv.Config.Recorders, func(x *inventory.ConfigRecorder) string { return x.ARN })
	byARN(inv.KMS.Keys, func(x *inventory.Key) string { return x.ARN })
	byARN(inv.DynamoDB.Tables, func(x *inventory.Table) string { return x.ARN })
	byARN(inv.SQS.Queues, func(x *inventory.Queue) string { return x.ARN })
	byARN(inv.SNS.Topics, func(x *inventory.Topic) string { return x.ARN })
	byARN(inv.EMR.Regions, func(x *inventory.EMRRegion) string { return x.ARN })
	byARN(inv.EMR.Clusters, func(x *inventory.EMRCluster) string { return x.ARN })
	byARN(inv.EMR.SecurityConfigurations, func(x *inventory.EMRSecurityConfiguration) string { return x.ARN })
	byARN(inv.SSM.Regions, func(x *inventory.SSMRegion) string { return x.ARN })
	byARN(inv.SSM.ManagedInstances, func(x *inventory.ManagedInstance) string { return x.ARN })
	byARN(inv.SSM.Documents, func(x *inventory.SSMDocument) string { return x.ARN })
	byARN(inv.Lambda.Functions, func(x *inventory.Function) string { return x.ARN })
	byARN(inv.ECR.Repositories, func(x *inventory.Repository) string { return x.ARN })
	slices.SortFunc(inv.ECR.Registries, func(a, b inventory.Registry) int { return strings.Compare(a.Region, b.Region) })
	byARN(inv.EKS.Clusters, func(x *inventory.EKSCluster) string { return x.ARN })
	byARN(inv.EKS.NodeGroups, func(x *inventory.NodeGroup) string { return x.ARN })
	byARN(inv.ElasticBeanstalk.Environments, func(x *inventory.BeanstalkEnvironment) string { return x.ARN })
	byARN(inv.ElasticBeanstalk.Platforms, func(x *inventory.BeanstalkPlatform) string { return x.ARN })
	byARN(inv.ECS.Clusters, func(x *inventory.ECSCluster) string { return x.ARN })
	byARN(inv.ECS.Services, func(x *inventory.ECSService) string { return x.ARN })
	byARN(inv.ECS.TaskDefinitions, func(x *inventory.TaskDefinition) string { return x.ARN })
	byARN(inv.ECS.ContainerInstances, func(x *inventory.ECSContainerInstance) string { return x.ARN })
	byARN(inv.ELB.LoadBalancers, func(x *inventory.LoadBalancer) string { return x.ARN })
	byARN(inv.ELB.Classic, func(x *inventory.ClassicLoadBalancer) string { return x.ARN })
	byARN(inv.ACM.Certificates, func(x *inventory.Certificate) string { return x.ARN })
	byARN(inv.SecretsManager.Secrets, func(x *inventory.Secret) string { return x.ARN })
	byARN(inv.ElastiCache.ReplicationGroups, func(x *inventory.ReplicationGroup) string { return x.ARN })
	byARN(inv.ElastiCache.Clusters, func(x *inventory.CacheCluster) string { return x.ARN })
	byARN(inv.Redshift.Clusters, func(x *inventory.RedshiftCluster) string { return x.ARN })
	byARN(inv.Redshift.ParameterGroups, func(x *inventory.RedshiftParameterGroup) string { return x.ARN })
	byARN(inv.CloudFront.Distributions, func(x *inventory.Distribution) string { return x.ARN })
	byARN(inv.Backup.ProtectedResources, func(x *inventory.ProtectedResource) string { return x.ARN })
	byARN(inv.Backup.Vaults, func(x *inventory.BackupVault) string { return x.ARN })
	byARN(inv.OpenSearch.Domains, func(x *inventory.OpenSearchDomain) string { return x.ARN })
	byARN(inv.APIGateway.RestAPIs, func(x *inventory.RestAPI) string { return x.ARN })
	byARN(inv.APIGateway.RestStages, func(x *inventory.RestStage) string { return x.ARN })
	byARN(inv.APIGateway.HTTPAPIs, func(x *inventory.HTTPAPI) string { return x.ARN })
	byARN(inv.APIGateway.HTTPStages, func(x *inventory.HTTPStage) string { return x.ARN })
}

func byARN[T any](xs []T, key func(*T) string) {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(key(&a), key(&b)) })
}

// Count is the number of resources an inventory holds, the unit the check
// benchmarks are sized in: every listed resource, every credential report
// row and MFA device, and each region's settings and security services.
func Count(inv *inventory.Inventory) int {
	e, m := &inv.EC2, &inv.IAM
	return len(e.Instances) + len(e.SecurityGroups) + len(e.NetworkACLs) + len(e.VPCs) + len(e.FlowLogs) +
		len(e.Volumes) + len(e.Snapshots) + len(e.Images) + len(e.RegionSettings) +
		len(inv.S3.Buckets) +
		len(m.Users) + len(m.Groups) + len(m.Roles) + len(m.Policies) + len(m.CredentialReport) +
		len(m.VirtualMFADevices) + len(m.ServerCertificates) +
		len(inv.RDS.Instances) + len(inv.RDS.Snapshots) + len(inv.RDS.Clusters) + len(inv.RDS.ClusterSnapshots) + len(inv.EFS.FileSystems) +
		len(inv.GuardDuty.Regions) + len(inv.SecurityHub.Hubs) + len(inv.AccessAnalyzer.Regions) +
		len(inv.CloudTrail.Trails) + len(inv.Config.Recorders) + len(inv.KMS.Keys) + len(inv.DynamoDB.Tables) +
		len(inv.SQS.Queues) + len(inv.SNS.Topics) +
		len(inv.EMR.Regions) + len(inv.EMR.Clusters) + len(inv.EMR.SecurityConfigurations) +
		len(inv.SSM.Regions) + len(inv.SSM.ManagedInstances) + len(inv.SSM.Documents) +
		len(inv.Lambda.Functions) + len(inv.ECR.Repositories) + len(inv.ECR.Registries) +
		len(inv.EKS.Clusters) + len(inv.EKS.NodeGroups) + len(inv.ElasticBeanstalk.Environments) +
		len(inv.ECS.Clusters) + len(inv.ECS.Services) + len(inv.ECS.TaskDefinitions) + len(inv.ECS.ContainerInstances) +
		len(inv.ELB.LoadBalancers) + len(inv.ELB.Classic) + len(inv.ACM.Certificates) +
		len(inv.SecretsManager.Secrets) + len(inv.ElastiCache.ReplicationGroups) + len(inv.ElastiCache.Clusters) +
		len(inv.Redshift.Clusters) + len(inv.Redshift.ParameterGroups) +
		len(inv.CloudFront.Distributions) +
		len(inv.Backup.Vaults) +
		len(inv.OpenSearch.Domains) +
		len(inv.APIGateway.RestAPIs) + len(inv.APIGateway.RestStages) + len(inv.APIGateway.HTTPAPIs) + len(inv.APIGateway.HTTPStages)
}

// spread divides n among the regions by weight (largest remainder), so
// the counts add up to n exactly and the same n always splits the same way.
func (g *gen) spread(n int) []int {
	var total float64
	for _, w := range g.weights {
		total += w
	}
	out := make([]int, len(g.weights))
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(g.weights))
	given := 0
	for i, w := range g.weights {
		exact := float64(n) * w / total
		out[i] = int(exact)
		given += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; given < n; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}

// id returns a fresh resource ID with EC2's shape: the prefix and 17 hex
// digits. A bijective mix of a counter makes IDs unique and random-looking.
func (g *gen) id(prefix string) string {
	g.ids++
	return fmt.Sprintf("%s-0%016x", prefix, mix(g.ids^g.seed<<20))
}

// mix is SplitMix64's finaliser, a bijection on uint64.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// chance is true with probability p.
func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// pick returns one of xs, uniformly.
func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// weighted returns an index into ws, with probability proportional to it.
func (g *gen) weighted(ws ...float64) int {
	var total float64
	for _, w := range ws {
		total += w
	}
	x := g.rng.Float64() * total
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

// ago is a time up to d before Now, at a whole second.
func (g *gen) ago(d time.Duration) time.Time {
	return Now.Add(-time.Duration(g.rng.Int64N(int64(d/time.Second)+1)) * time.Second)
}

func (g *gen) agoPtr(d time.Duration) *time.Time {
	t := g.ago(d)
	return &t
}

const day = 24 * time.Hour

var (
	envs  = []string{"prod", "prod", "prod", "staging", "dev", "sandbox"}
	teams = []string{"platform", "payments", "search", "data", "ml", "identity", "web", "mobile", "ops", "security"}
	apps  = []string{"api", "web", "worker", "etl", "batch", "cache", "queue", "auth", "search", "reports", "ingest", "billing"}
)

// tags is a typical tag set: most resources carry Name, Environment and
// Team; a third are untagged beyond Name; Terraform marks what it made.
func (g *gen) tags(name string) inventory.Tags {
	t := inventory.TagsOf("Name", name)
	if g.chance(0.7) {
		t.Set("Environment", pick(g, envs))
		t.Set("Team", pick(g, teams))
	}
	if g.chance(0.6) {
		t.Set("ManagedBy", "terraform")
	}
	if g.chance(0.2) {
		t.Set("CostCenter", fmt.Sprintf("cc-%04d", 1000+g.rng.IntN(40)))
	}
	return t
}
