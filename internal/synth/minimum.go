package synth

import (
	"fmt"
	"slices"

	"github.com/srmscan/srmscan/inventory"
)

// Minimum is the fewest calls of one operation that can collect what a
// scan keeps of an account, and the reason.
type Minimum struct {
	Calls int
	Why   string
}

// AWS's largest page per listing, from each API reference. They are
// written down here rather than taken from the scanner, so that a
// collector asking for less than the most shows as calls above the
// minimum.
const (
	ec2Page       = 1000 // most EC2 Describe* listings
	ec2VolumePage = 500  // DescribeVolumes caps MaxResults at 500
	s3BucketPage  = 10000
	iamPage       = 1000
	orgPage       = 20
	rdsPage       = 100 // MaxRecords 20 to 100
	efsPage       = 100
	detectorPage  = 50
	kmsKeyPage    = 1000
	kmsAliasPage  = 100
	tablePage     = 100
	queuePage     = 1000 // ListQueues' MaxResults
	topicPage     = 100  // ListTopics' fixed page
	secretPage    = 100  // ListSecrets' MaxResults
	cachePage     = 100  // ElastiCache's MaxRecords 20 to 100
)

// MinimumCalls is the fewest API calls per "Service:Operation" (the keys
// of the report's api_calls) that collect acct as srmscan's inventory
// holds it, when every region is scanned and listed by DescribeRegions.
// Listings cost a page per region, at least one even when empty; data AWS
// only gives per resource (a snapshot's sharing, a bucket's settings)
// costs a call per resource, as no batch operation returns it.
//
// Operations the model does not cover are absent from the map.
func MinimumCalls(acct *inventory.Inventory) map[string]Minimum {
	out := map[string]Minimum{}
	set := func(key string, n int, why string, args ...any) {
		out[key] = Minimum{Calls: n, Why: fmt.Sprintf(why, args...)}
	}
	regions := len(acct.Regions)
	set("STS:GetCallerIdentity", 1, "once: the account ID")
	set("EC2:DescribeRegions", 1, "once: the enabled regions")

	e := &acct.EC2
	perRegion := map[string]map[string]int{} // operation -> region -> items
	count := func(op, region string) {
		if perRegion[op] == nil {
			perRegion[op] = map[string]int{}
		}
		perRegion[op][region]++
	}
	for _, x := range e.Instances {
		count("DescribeInstances", x.Region)
	}
	for _, x := range e.SecurityGroups {
		count("DescribeSecurityGroups", x.Region)
	}
	for _, x := range e.NetworkACLs {
		count("DescribeNetworkAcls", x.Region)
	}
	for _, x := range e.VPCs {
		count("DescribeVpcs", x.Region)
	}
	for _, x := range e.FlowLogs {
		count("DescribeFlowLogs", x.Region)
	}
	for _, x := range e.Volumes {
		count("DescribeVolumes", x.Region)
	}
	for _, x := range e.Snapshots {
		count("DescribeSnapshots", x.Region)
	}
	for _, x := range e.Images {
		count("DescribeImages", x.Region)
	}
	for _, op := range []string{"DescribeInstances", "DescribeSecurityGroups", "DescribeNetworkAcls", "DescribeVpcs",
		"DescribeFlowLogs", "DescribeVolumes", "DescribeSnapshots", "DescribeImages"} {
		size := ec2Page
		if op == "DescribeVolumes" {
			size = ec2VolumePage
		}
		n, items := 0, 0
		for _, r := range acct.Regions {
			n += pages(perRegion[op][r], size)
			items += perRegion[op][r]
		}
		set("EC2:"+op, n, "Σ over %d regions of max(1, ⌈items/%d⌉); %d items", regions, size, items)
	}
	set("EC2:DescribeSnapshotAttribute", len(e.Snapshots), "one per snapshot (%d): who a snapshot is shared with is in no listing", len(e.Snapshots))
	set("EC2:DescribeImageAttribute", len(e.Images), "one per AMI (%d): who an AMI is shared with is in no listing", len(e.Images))
	set("EC2:GetEbsEncryptionByDefault", regions, "one per region")

	buckets, withPolicy := len(acct.S3.Buckets), 0
	for _, b := range acct.S3.Buckets {
		if b.Policy != "" {
			withPolicy++
		}
	}
	set("S3:ListBuckets", pages(buckets, s3BucketPage), "⌈%d buckets/%d⌉, each bucket's region included", buckets, s3BucketPage)
	for _, op := range []string{"GetBucketTagging", "GetBucketEncryption", "GetPublicAccessBlock", "GetBucketPolicy",
		"GetBucketAcl", "GetBucketVersioning", "GetBucketLogging", "GetBucketOwnershipControls"} {
		set("S3:"+op, buckets, "one per bucket (%d)", buckets)
	}
	set("S3:GetBucketPolicyStatus", withPolicy, "one per bucket with a policy (%d)", withPolicy)
	set("S3 Control:GetPublicAccessBlock", 1, "once: the account's Block Public Access")

	m := &acct.IAM
	gaad := len(m.Users) + len(m.Groups) + len(m.Roles)
	for _, p := range m.Policies {
		// IAM lists the AWS-managed policies attached in the account only.
		if !p.AWSManaged() || p.AttachmentCount > 0 {
			gaad++
		}
	}
	set("IAM:GetAccountAuthorizationDetails", pages(gaad, iamPage), "⌈%d users, groups, roles and policies/%d⌉", gaad, iamPage)
	set("IAM:GenerateCredentialReport", 2,
		"one that starts the report and one that finds it complete (one alone when AWS has a report under four hours old)")
	set("IAM:GetCredentialReport", 1, "once")
	set("IAM:GetAccountPasswordPolicy", 1, "once")
	set("IAM:GetAccountSummary", 1, "once")
	set("IAM:ListVirtualMFADevices", pages(len(m.VirtualMFADevices), iamPage), "⌈%d devices/%d⌉", len(m.VirtualMFADevices), iamPage)
	set("IAM:ListServerCertificates", pages(len(m.ServerCertificates), iamPage), "⌈%d certificates/%d⌉", len(m.ServerCertificates), iamPage)

	set("Organizations:DescribeOrganization", 1, "once: whether the account is in an organization, and which is its management account")
	if o := acct.Organization; o != nil && o.InOrganization && o.NotRead == "" && o.FeatureSet != "CONSOLIDATED_BILLING" &&
		o.ManagementAccountID != "" && o.ManagementAccountID != acct.AccountID {
		set("Organizations:ListParents", len(o.Parents), "one per level from the account up to the root (%d)", len(o.Parents))
		n := 0
		for _, target := range append([]string{acct.AccountID}, o.Parents...) {
			k := 0
			for _, p := range o.SCPs {
				if slices.Contains(p.Targets, target) {
					k++
				}
			}
			n += pages(k, orgPage)
		}
		set("Organizations:ListPoliciesForTarget", n, "Σ over the account, its OUs and the root of max(1, ⌈SCPs/%d⌉)", orgPage)
		set("Organizations:DescribePolicy", len(o.SCPs), "one per SCP (%d): listings give no content", len(o.SCPs))
	}

	regional := func(key string, size int, regionOf []string, what string) {
		n := map[string]int{}
		for _, r := range regionOf {
			n[r]++
		}
		total := 0
		for _, r := range acct.Regions {
			total += pages(n[r], size)
		}
		set(key, total, "Σ over %d regions of max(1, ⌈%s/%d⌉); %d in all", regions, what, size, len(regionOf))
	}
	var dbs, dbSnaps, clusters, clusterSnaps, fss, tables, keys, aliases []string
	for _, x := range acct.RDS.Instances {
		dbs = append(dbs, x.Region)
	}
	for _, x := range acct.RDS.Snapshots {
		dbSnaps = append(dbSnaps, x.Region)
	}
	for _, x := range acct.RDS.Clusters {
		clusters = append(clusters, x.Region)
	}
	for _, x := range acct.RDS.ClusterSnapshots {
		clusterSnaps = append(clusterSnaps, x.Region)
	}
	for _, x := range acct.EFS.FileSystems {
		fss = append(fss, x.Region)
	}
	for _, x := range acct.DynamoDB.Tables {
		tables = append(tables, x.Region)
	}
	customer, rotatable := 0, 0
	for _, k := range acct.KMS.Keys {
		keys = append(keys, k.Region)
		for range k.Aliases {
			aliases = append(aliases, k.Region)
		}
		if k.Manager == inventory.KeyManagerCustomer {
			customer++
			if k.Spec == "SYMMETRIC_DEFAULT" && k.Origin == "AWS_KMS" {
				rotatable++
			}
		}
	}
	regional("RDS:DescribeDBInstances", rdsPage, dbs, "instances")
	regional("RDS:DescribeDBSnapshots", rdsPage, dbSnaps, "manual snapshots")
	set("RDS:DescribeDBSnapshotAttributes", len(dbSnaps), "one per manual snapshot (%d): sharing is in no listing", len(dbSnaps))
	regional("RDS:DescribeDBClusters", rdsPage, clusters, "clusters")
	regional("RDS:DescribeDBClusterSnapshots", rdsPage, clusterSnaps, "manual cluster snapshots")
	set("RDS:DescribeDBClusterSnapshotAttributes", len(clusterSnaps), "one per manual cluster snapshot (%d): sharing is in no listing", len(clusterSnaps))
	regional("EFS:DescribeFileSystems", efsPage, fss, "file systems")
	detectors := 0
	for _, r := range acct.GuardDuty.Regions {
		detectors += len(r.Detectors)
	}
	set("GuardDuty:ListDetectors", regions, "one per region (at most one detector each, %d a page)", detectorPage)
	set("GuardDuty:GetDetector", detectors, "one per detector (%d)", detectors)
	set("SecurityHub:DescribeHub", regions, "one per region")
	set("AccessAnalyzer:ListAnalyzers", regions, "one per region")
	set("CloudTrail:DescribeTrails", regions, "one per region (not paginated; multi-region trails are listed in every region)")
	set("CloudTrail:GetTrailStatus", len(acct.CloudTrail.Trails), "one per trail (%d)", len(acct.CloudTrail.Trails))
	set("CloudTrail:GetEventSelectors", len(acct.CloudTrail.Trails), "one per trail (%d)", len(acct.CloudTrail.Trails))
	recording := map[string]bool{}
	for _, r := range acct.Config.Recorders {
		recording[r.Region] = true
	}
	set("Config Service:DescribeConfigurationRecorders", regions, "one per region")
	set("Config Service:DescribeConfigurationRecorderStatus", len(recording), "one per region with a recorder (%d)", len(recording))
	regional("KMS:ListKeys", kmsKeyPage, keys, "keys")
	regional("KMS:ListAliases", kmsAliasPage, aliases, "aliases")
	set("KMS:DescribeKey", len(keys), "one per key (%d): ListKeys says nothing but the ID", len(keys))
	set("KMS:GetKeyRotationStatus", rotatable, "one per customer-managed symmetric key of KMS origin (%d)", rotatable)
	set("KMS:GetKeyPolicy", customer, "one per customer-managed key (%d)", customer)
	regional("DynamoDB:ListTables", tablePage, tables, "tables")
	for _, op := range []string{"DescribeTable", "DescribeContinuousBackups", "ListTagsOfResource"} {
		set("DynamoDB:"+op, len(tables), "one per table (%d)", len(tables))
	}
	var queues, topics []string
	for _, x := range acct.SQS.Queues {
		queues = append(queues, x.Region)
	}
	for _, x := range acct.SNS.Topics {
		topics = append(topics, x.Region)
	}
	regional("SQS:ListQueues", queuePage, queues, "queues")
	set("SQS:GetQueueAttributes", len(queues), "one per queue (%d): ListQueues gives only URLs", len(queues))
	regional("SNS:ListTopics", topicPage, topics, "topics")
	set("SNS:GetTopicAttributes", len(topics), "one per topic (%d): ListTopics gives only ARNs", len(topics))
	var secrets, groups, cacheClusters []string
	for _, x := range acct.SecretsManager.Secrets {
		secrets = append(secrets, x.Region)
	}
	for _, x := range acct.ElastiCache.ReplicationGroups {
		groups = append(groups, x.Region)
		for range x.MemberClusters {
			cacheClusters = append(cacheClusters, x.Region)
		}
	}
	for _, x := range acct.ElastiCache.Clusters {
		cacheClusters = append(cacheClusters, x.Region)
	}
	regional("Secrets Manager:ListSecrets", secretPage, secrets, "secrets")
	set("Secrets Manager:GetResourcePolicy", len(secrets), "one per secret (%d): no listing gives the policy", len(secrets))
	regional("ElastiCache:DescribeReplicationGroups", cachePage, groups, "replication groups")
	// Members are listed too: a group does not say its engine version.
	regional("ElastiCache:DescribeCacheClusters", cachePage, cacheClusters, "cache clusters, replication group members included")
	return out
}

// pages is how many pages of size a listing of n items takes: at least
// one, which says the list is empty.
func pages(n, size int) int {
	return max(1, (n+size-1)/size)
}
