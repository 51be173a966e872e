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
	emrPage       = 50   // ListClusters' fixed page
	ssmNodePage   = 50   // DescribeInstanceInformation's MaxResults
	ssmPatchBatch = 50   // DescribeInstancePatchStates' InstanceIds
	ssmDocPage    = 50   // ListDocuments' MaxResults
	ssmSharePage  = 200  // DescribeDocumentPermission's MaxResults
	functionPage  = 50   // ListFunctions returns at most 50, whatever MaxItems asks
	urlPage       = 50   // ListFunctionUrlConfigs' MaxItems
	repoPage      = 1000 // DescribeRepositories' maxResults
	eksPage       = 100  // ListClusters' and ListNodegroups' maxResults
	envPage       = 1000 // DescribeEnvironments' MaxRecords
	ecsPage       = 100  // every ECS listing's maxResults
	ecsClusters   = 100  // DescribeClusters' batch
	ecsServices   = 10   // DescribeServices' batch
	ecsInstances  = 100  // DescribeContainerInstances' batch
	elbPage       = 400  // both load balancer APIs' PageSize
	certPage      = 1000 // ListCertificates' MaxItems
	secretPage    = 100  // ListSecrets' MaxResults
	cachePage     = 100  // ElastiCache's MaxRecords 20 to 100
	redshiftPage  = 100  // Redshift's MaxRecords 20 to 100
	distPage      = 100  // ListDistributions' MaxItems
	backupPage    = 1000 // AWS Backup's MaxResults
	domainBatch   = 5    // DescribeDomains' most names
	restPage      = 500  // GetRestApis' and GetResources' limit
	// httpAPIPage is the test endpoint's page for the API Gateway v2
	// listings, which the scanner sends no size for: AWS documents
	// neither a default nor a largest one.
	httpAPIPage = 100
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
	var emrClusters []string
	emrConfigs := map[string]bool{}
	for _, x := range acct.EMR.Clusters {
		emrClusters = append(emrClusters, x.Region)
		if x.SecurityConfiguration != "" {
			emrConfigs[x.Region+"/"+x.SecurityConfiguration] = true
		}
	}
	set("EMR:GetBlockPublicAccessConfiguration", regions, "once per region (%d): an account setting", regions)
	regional("EMR:ListClusters", emrPage, emrClusters, "active clusters")
	set("EMR:DescribeCluster", len(emrClusters), "one per active cluster (%d): ListClusters gives no network or security settings", len(emrClusters))
	set("EMR:DescribeSecurityConfiguration", len(emrConfigs), "one per security configuration the clusters name, per region (%d)", len(emrConfigs))
	var nodes, docs []string
	nodesIn := map[string]int{}
	for _, x := range acct.SSM.ManagedInstances {
		nodes = append(nodes, x.Region)
		nodesIn[x.Region]++
	}
	regional("SSM:DescribeInstanceInformation", ssmNodePage, nodes, "managed nodes")
	batches := 0
	for _, n := range nodesIn {
		batches += (n + ssmPatchBatch - 1) / ssmPatchBatch
	}
	set("SSM:DescribeInstancePatchStates", batches, "Σ over regions of ⌈managed nodes/%d⌉, the most IDs one call may name; none where no node is managed", ssmPatchBatch)
	shares := 0
	for _, x := range acct.SSM.Documents {
		docs = append(docs, x.Region)
		shares += pages(len(x.SharedWith), ssmSharePage)
	}
	regional("SSM:ListDocuments", ssmDocPage, docs, "documents owned")
	set("SSM:DescribeDocumentPermission", shares, "one per document (%d), a page per %d accounts shared with: the listing says nothing of sharing", len(docs), ssmSharePage)
	set("SSM:GetServiceSetting", regions, "one per region: the public-sharing setting")

	var functions, repos []string
	urlPages := 0
	for _, x := range acct.Lambda.Functions {
		functions = append(functions, x.Region)
		urlPages += pages(len(x.URLs), urlPage)
	}
	for _, x := range acct.ECR.Repositories {
		repos = append(repos, x.Region)
	}
	regional("Lambda:ListFunctions", functionPage, functions, "functions")
	set("Lambda:GetPolicy", len(functions), "one per function (%d): no listing gives resource policies", len(functions))
	set("Lambda:ListFunctionUrlConfigs", urlPages, "Σ over %d functions of max(1, ⌈URLs/%d⌉): no listing gives a function's URLs", len(functions), urlPage)
	regional("ECR:DescribeRepositories", repoPage, repos, "repositories")
	set("ECR:GetRegistryScanningConfiguration", regions, "one per region")
	set("ECR:GetRepositoryPolicy", len(repos), "one per repository (%d): no listing gives policies", len(repos))
	set("ECR:GetLifecyclePolicy", len(repos), "one per repository (%d): no listing gives lifecycle policies", len(repos))

	var eksClusters, envs []string
	groups := map[string]int{} // region/cluster -> node groups
	for _, x := range acct.EKS.Clusters {
		eksClusters = append(eksClusters, x.Region)
	}
	for _, x := range acct.EKS.NodeGroups {
		groups[x.Region+"/"+x.ClusterName]++
	}
	ngPages := 0
	for _, x := range acct.EKS.Clusters {
		ngPages += pages(groups[x.Region+"/"+x.Name], eksPage)
	}
	regional("EKS:ListClusters", eksPage, eksClusters, "clusters")
	set("EKS:DescribeCluster", len(eksClusters), "one per cluster (%d): ListClusters gives only names", len(eksClusters))
	set("EKS:ListNodegroups", ngPages, "Σ over %d clusters of max(1, ⌈node groups/%d⌉)", len(eksClusters), eksPage)
	set("EKS:DescribeNodegroup", len(acct.EKS.NodeGroups), "one per managed node group (%d): ListNodegroups gives only names", len(acct.EKS.NodeGroups))
	platforms := map[string]bool{}
	for _, x := range acct.ElasticBeanstalk.Environments {
		envs = append(envs, x.Region)
		if x.PlatformARN != "" {
			platforms[x.Region+" "+x.PlatformARN] = true
		}
	}
	regional("Elastic Beanstalk:DescribeEnvironments", envPage, envs, "environments")
	set("Elastic Beanstalk:DescribeConfigurationSettings", len(envs), "one per environment (%d): no listing gives option settings", len(envs))
	set("Elastic Beanstalk:DescribePlatformVersion", len(platforms), "one per platform version in use, per region (%d): environments give only its ARN", len(platforms))
	ecsMinimum(acct, set, regional)
	var lbs, classic, certs []string
	listenerCalls, tlsClassic := 0, 0
	for _, x := range acct.ELB.LoadBalancers {
		lbs = append(lbs, x.Region)
		listenerCalls += pages(len(x.Listeners), elbPage)
	}
	for _, x := range acct.ELB.Classic {
		classic = append(classic, x.Region)
		if slices.ContainsFunc(x.Listeners, func(l inventory.ClassicListener) bool { return l.Protocol == "HTTPS" || l.Protocol == "SSL" }) {
			tlsClassic++
		}
	}
	for _, x := range acct.ACM.Certificates {
		certs = append(certs, x.Region)
	}
	regional("Elastic Load Balancing v2:DescribeLoadBalancers", elbPage, lbs, "load balancers")
	set("Elastic Load Balancing v2:DescribeListeners", listenerCalls, "one per load balancer (%d): listeners are listed per load balancer", len(lbs))
	set("Elastic Load Balancing v2:DescribeLoadBalancerAttributes", len(lbs), "one per load balancer (%d)", len(lbs))
	regional("Elastic Load Balancing:DescribeLoadBalancers", elbPage, classic, "Classic Load Balancers")
	set("Elastic Load Balancing:DescribeLoadBalancerAttributes", len(classic), "one per Classic Load Balancer (%d)", len(classic))
	set("Elastic Load Balancing:DescribeLoadBalancerPolicies", tlsClassic, "one per Classic Load Balancer with an HTTPS or SSL listener (%d of %d): only those negotiate TLS", tlsClassic, len(classic))
	regional("ACM:ListCertificates", certPage, certs, "certificates")
	set("ACM:DescribeCertificate", len(certs), "one per certificate (%d): in-use and renewal details are in no listing", len(certs))
	var secrets, replGroups, cacheClusters []string
	for _, x := range acct.SecretsManager.Secrets {
		secrets = append(secrets, x.Region)
	}
	for _, x := range acct.ElastiCache.ReplicationGroups {
		replGroups = append(replGroups, x.Region)
		for range x.MemberClusters {
			cacheClusters = append(cacheClusters, x.Region)
		}
	}
	for _, x := range acct.ElastiCache.Clusters {
		cacheClusters = append(cacheClusters, x.Region)
	}
	regional("Secrets Manager:ListSecrets", secretPage, secrets, "secrets")
	set("Secrets Manager:GetResourcePolicy", len(secrets), "one per secret (%d): no listing gives the policy", len(secrets))
	regional("ElastiCache:DescribeReplicationGroups", cachePage, replGroups, "replication groups")
	// Members are listed too: a group does not say its engine version.
	regional("ElastiCache:DescribeCacheClusters", cachePage, cacheClusters, "cache clusters, replication group members included")
	var warehouses []string
	for _, x := range acct.Redshift.Clusters {
		warehouses = append(warehouses, x.Region)
	}
	regional("Redshift:DescribeClusters", redshiftPage, warehouses, "clusters")
	set("Redshift:DescribeLoggingStatus", len(warehouses), "one per cluster (%d): DescribeClusters does not say whether audit logging is on", len(warehouses))
	// A group's parameters fit one page of 100 (Redshift has some 20).
	set("Redshift:DescribeClusterParameters", len(acct.Redshift.ParameterGroups),
		"one per parameter group in use, per region (%d): only the parameters give require_ssl", len(acct.Redshift.ParameterGroups))
	dists := len(acct.CloudFront.Distributions)
	set("CloudFront:ListDistributions", pages(dists, distPage), "⌈%d distributions/%d⌉, once: CloudFront is global", dists, distPage)
	set("CloudFront:GetDistributionConfig", dists, "one per distribution (%d): standard logging is in no listing", dists)
	var protected, vaults []string
	for _, x := range acct.Backup.ProtectedResources {
		protected = append(protected, x.Region)
	}
	for _, x := range acct.Backup.Vaults {
		vaults = append(vaults, x.Region)
	}
	regional("Backup:ListProtectedResources", backupPage, protected, "protected resources")
	regional("Backup:ListBackupVaults", backupPage, vaults, "vaults")
	set("Backup:GetBackupVaultAccessPolicy", len(vaults), "one per vault (%d): the listing does not give the policy", len(vaults))
	domains := map[string]int{}
	for _, x := range acct.OpenSearch.Domains {
		domains[x.Region]++
	}
	domainBatches := 0
	for _, n := range domains {
		domainBatches += (n + domainBatch - 1) / domainBatch
	}
	set("OpenSearch:ListDomainNames", regions, "one per region (%d): the list has no pages", regions)
	set("OpenSearch:DescribeDomains", domainBatches, "Σ over regions of ⌈domains/%d⌉ (%d domains): no call in a region without any", domainBatch, len(acct.OpenSearch.Domains))
	var restAPIs, httpAPIs []string
	resourcePages, routePages, httpStagePages := 0, 0, 0
	for _, x := range acct.APIGateway.RestAPIs {
		restAPIs = append(restAPIs, x.Region)
		paths := map[string]bool{"/": true}
		for _, m := range x.Methods {
			paths[m.Path] = true
		}
		resourcePages += pages(len(paths), restPage)
	}
	for _, x := range acct.APIGateway.HTTPAPIs {
		httpAPIs = append(httpAPIs, x.Region)
		routePages += pages(len(x.Routes), httpAPIPage)
		n := 0
		for _, st := range acct.APIGateway.HTTPStages {
			if st.Region == x.Region && st.APIID == x.ID {
				n++
			}
		}
		httpStagePages += pages(n, httpAPIPage)
	}
	regional("API Gateway:GetRestApis", restPage, restAPIs, "REST APIs")
	set("API Gateway:GetStages", len(restAPIs), "one per REST API (%d): unpaged, and no listing gives stages", len(restAPIs))
	set("API Gateway:GetResources", resourcePages, "Σ over %d REST APIs of max(1, ⌈resources/%d⌉), methods embedded (embed=methods) rather than a GetMethod each", len(restAPIs), restPage)
	regional("ApiGatewayV2:GetApis", httpAPIPage, httpAPIs, "HTTP APIs")
	set("ApiGatewayV2:GetStages", httpStagePages, "Σ over %d HTTP APIs of max(1, ⌈stages/%d⌉)", len(httpAPIs), httpAPIPage)
	set("ApiGatewayV2:GetRoutes", routePages, "Σ over %d HTTP APIs of max(1, ⌈routes/%d⌉)", len(httpAPIs), httpAPIPage)
	return out
}

// ecsMinimum adds the ECS operations: listings per region (clusters, task
// definitions) or per cluster (services, container instances), the batch
// Describes by their largest batch, and one DescribeTaskDefinition per
// active revision, the only way to read container definitions.
func ecsMinimum(acct *inventory.Inventory, set func(string, int, string, ...any), regional func(string, int, []string, string)) {
	e := &acct.ECS
	var clusterRegions, active []string
	perRegion := map[string]int{}
	for _, c := range e.Clusters {
		clusterRegions = append(clusterRegions, c.Region)
		perRegion[c.Region]++
	}
	for _, td := range e.TaskDefinitions {
		if td.Status == "" || td.Status == "ACTIVE" {
			active = append(active, td.Region)
		}
	}
	describeClusters := 0
	for _, n := range perRegion {
		describeClusters += (n + ecsClusters - 1) / ecsClusters
	}
	services, instances := map[string]int{}, map[string]int{}
	for _, s := range e.Services {
		services[s.Region+"/"+s.Cluster]++
	}
	for _, ci := range e.ContainerInstances {
		instances[ci.Region+"/"+ci.Cluster]++
	}
	listServices, describeServices, listInstances, describeInstances := 0, 0, 0, 0
	for _, c := range e.Clusters {
		k := c.Region + "/" + c.Name
		listServices += pages(services[k], ecsPage)
		describeServices += (services[k] + ecsServices - 1) / ecsServices
		listInstances += pages(instances[k], ecsPage)
		describeInstances += (instances[k] + ecsInstances - 1) / ecsInstances
	}
	regional("ECS:ListClusters", ecsPage, clusterRegions, "clusters")
	set("ECS:DescribeClusters", describeClusters, "Σ over regions of ⌈clusters/%d⌉ (none where a region has no cluster); %d clusters", ecsClusters, len(e.Clusters))
	set("ECS:ListServices", listServices, "Σ over %d clusters of max(1, ⌈services/%d⌉)", len(e.Clusters), ecsPage)
	set("ECS:DescribeServices", describeServices, "Σ over clusters of ⌈services/%d⌉; %d services", ecsServices, len(e.Services))
	regional("ECS:ListTaskDefinitions", ecsPage, active, "active task definitions")
	set("ECS:DescribeTaskDefinition", len(active), "one per active task definition (%d): no batch operation gives container definitions", len(active))
	set("ECS:ListContainerInstances", listInstances, "Σ over %d clusters of max(1, ⌈container instances/%d⌉)", len(e.Clusters), ecsPage)
	set("ECS:DescribeContainerInstances", describeInstances, "Σ over clusters of ⌈container instances/%d⌉; %d container instances", ecsInstances, len(e.ContainerInstances))
}

// pages is how many pages of size a listing of n items takes: at least
// one, which says the list is empty.
func pages(n, size int) int {
	return max(1, (n+size-1)/size)
}
