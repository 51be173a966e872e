package synth

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// databases makes RDS instances (some Aurora cluster members, some
// replicas), the Aurora clusters (about one per two members), the manual
// DB and cluster snapshots and EFS file systems.
func (g *gen) databases() {
	engines := []struct{ engine, version string }{
		{"postgres", "16.4"}, {"postgres", "13.11"}, {"mysql", "8.0.39"}, {"aurora-postgresql", "15.6"},
		{"aurora-mysql", "8.0.mysql_aurora.3.05.2"}, {"sqlserver-se", "15.00.4385.2.v1"},
	}
	classes := []string{"db.t3.medium", "db.r6g.large", "db.r6g.xlarge", "db.m6i.large"}
	rds := &g.inv.RDS
	byRegion := map[string][]inventory.DBInstance{}
	clusters := map[[2]string]int{}      // region, ID -> index in rds.Clusters
	auroraMembers := map[[2]string]int{} // region, engine -> members so far
	for ri, n := range g.spread(g.sz.DBInstances) {
		region := g.regions[ri]
		vs := g.vpcs[region]
		for range n {
			e := pick(g, engines)
			v := pick(g, vs)
			db := inventory.DBInstance{
				Resource: inventory.Resource{Region: region}, ID: fmt.Sprintf("%s-%s-db-%d", pick(g, envs), pick(g, apps), len(rds.Instances)),
				Engine: e.engine, EngineVersion: e.version, Class: pick(g, classes), Status: "available",
				CreateTime: g.ago(4 * 365 * day), StorageEncrypted: g.chance(0.85), AutoMinorVersionUpgrade: g.chance(0.7),
				PubliclyAccessible: g.chance(0.04), BackupRetentionPeriod: int32(pick(g, []int{0, 1, 7, 7, 14, 35})),
				DeletionProtection: g.chance(0.5), MultiAZ: g.chance(0.4), VPCID: v.id,
			}
			if len(v.sgs) > 0 {
				db.SecurityGroupIDs = []string{pick(g, v.sgs)}
			}
			if db.StorageEncrypted {
				db.KMSKeyID = g.kmsKey(region)
			}
			if strings.HasPrefix(e.engine, "aurora") {
				// Two members a cluster, a writer and a reader: the
				// region's members of an engine pair off in order.
				db.ClusterID = fmt.Sprintf("%s-cluster-%d", e.engine, auroraMembers[[2]string{region, e.engine}]/2)
				auroraMembers[[2]string{region, e.engine}]++
				ci, ok := clusters[[2]string{region, db.ClusterID}]
				if !ok {
					ci = len(rds.Clusters)
					clusters[[2]string{region, db.ClusterID}] = ci
					rds.Clusters = append(rds.Clusters, g.cluster(db))
				}
				// Storage and backups are the cluster's; its members
				// report the cluster's values.
				c := &rds.Clusters[ci]
				c.Members = append(c.Members, db.ID)
				db.StorageEncrypted, db.KMSKeyID, db.BackupRetentionPeriod = c.StorageEncrypted, c.KMSKeyID, c.BackupRetentionPeriod
			} else if prev := byRegion[region]; len(prev) > 0 && g.chance(0.1) {
				db.ReplicaOf = prev[len(prev)-1].ID
			}
			db.Tags = g.tags(db.ID)
			byRegion[region] = append(byRegion[region], db)
			rds.Instances = append(rds.Instances, db)
		}
	}
	for ri, n := range g.spread(g.sz.DBSnapshots) {
		region := g.regions[ri]
		dbs := byRegion[region]
		for range n {
			s := inventory.DBSnapshot{Resource: inventory.Resource{Region: region}, ID: fmt.Sprintf("manual-%d", len(rds.Snapshots)),
				CreateTime: g.ago(2 * 365 * day)}
			if len(dbs) > 0 {
				db := pick(g, dbs)
				s.InstanceID, s.Engine, s.Encrypted, s.KMSKeyID = db.ID, db.Engine, db.StorageEncrypted, db.KMSKeyID
			}
			switch g.weighted(95, 4, 1) {
			case 1:
				s.SharedWith = []string{otherAccount(g)}
			case 2:
				s.Public = true
			}
			rds.Snapshots = append(rds.Snapshots, s)
		}
	}
	byRegionClusters := map[string][]inventory.DBCluster{}
	for _, c := range rds.Clusters {
		byRegionClusters[c.Region] = append(byRegionClusters[c.Region], c)
	}
	for ri, n := range g.spread(g.sz.DBClusterSnapshots) {
		region := g.regions[ri]
		cs := byRegionClusters[region]
		for range n {
			s := inventory.DBClusterSnapshot{Resource: inventory.Resource{Region: region}, ID: fmt.Sprintf("cluster-manual-%d", len(rds.ClusterSnapshots)),
				CreateTime: g.ago(2 * 365 * day)}
			if len(cs) > 0 {
				c := pick(g, cs)
				s.ClusterID, s.Engine, s.Encrypted, s.KMSKeyID = c.ID, c.Engine, c.StorageEncrypted, c.KMSKeyID
			}
			switch g.weighted(95, 4, 1) {
			case 1:
				s.SharedWith = []string{otherAccount(g)}
			case 2:
				s.Public = !s.Encrypted
			}
			rds.ClusterSnapshots = append(rds.ClusterSnapshots, s)
		}
	}
	for ri, n := range g.spread(g.sz.FileSystems) {
		region := g.regions[ri]
		for range n {
			fs := inventory.FileSystem{Resource: inventory.Resource{Region: region}, ID: g.id("fs")[:20],
				Name: fmt.Sprintf("%s-shared", pick(g, apps)), CreationTime: g.ago(3 * 365 * day),
				LifeCycleState: "available", Encrypted: g.chance(0.8)}
			if fs.Encrypted {
				fs.KMSKeyID = g.kmsKey(region)
			}
			fs.Tags = g.tags(fs.Name)
			g.inv.EFS.FileSystems = append(g.inv.EFS.FileSystems, fs)
		}
	}
}

// securityServices turns GuardDuty, Security Hub and Access Analyzer on
// in the home regions and in some of the tail, as organisations that
// enabled them region by region have them.
func (g *gen) securityServices() {
	for i, region := range g.regions {
		on := i < 4 || g.chance(0.5)
		gd := inventory.GuardDutyRegion{Resource: inventory.Resource{Region: region}}
		hub := inventory.Hub{Resource: inventory.Resource{Region: region}}
		aa := inventory.AnalyzerRegion{Resource: inventory.Resource{Region: region}}
		if on {
			gd.Detectors = []inventory.Detector{{ID: fmt.Sprintf("%032x", mix(uint64(i)^g.seed)), Status: "ENABLED",
				CreatedAt: g.ago(3 * 365 * day), FindingPublishingFrequency: "SIX_HOURS"}}
			hub.Enabled, hub.SubscribedAt, hub.AutoEnableControls = true, g.ago(2*365*day), true
		}
		if on || g.chance(0.3) {
			aa.Analyzers = []inventory.Analyzer{{Name: "ConsoleAnalyzer-" + region, Type: "ACCOUNT", Status: "ACTIVE", CreatedAt: g.ago(2 * 365 * day)}}
		}
		g.inv.GuardDuty.Regions = append(g.inv.GuardDuty.Regions, gd)
		g.inv.SecurityHub.Hubs = append(g.inv.SecurityHub.Hubs, hub)
		g.inv.AccessAnalyzer.Regions = append(g.inv.AccessAnalyzer.Regions, aa)
	}
}

// logging makes a multi-region trail homed in the first region, a
// regional one in the second, and Config recorders in most regions.
func (g *gen) logging() {
	ct := &g.inv.CloudTrail
	for i, region := range g.regions[:min(2, len(g.regions))] {
		t := inventory.Trail{Resource: inventory.Resource{Region: region}, Name: "org-audit",
			MultiRegion: i == 0, IncludeGlobalServiceEvents: i == 0, LogFileValidation: i == 0,
			S3BucketName: g.logs[region], S3KeyPrefix: "cloudtrail", IsLogging: true,
			EventSelectors: []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}}
		if i > 0 {
			t.Name = region + "-data-events"
			t.EventSelectors[0].DataResources = []inventory.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}
		} else {
			t.KMSKeyID = g.kmsKey(region)
			t.CloudWatchLogsLogGroupARN = "arn:aws:logs:" + region + ":" + AccountID + ":log-group:cloudtrail:*"
		}
		ct.Trails = append(ct.Trails, t)
	}
	for i, region := range g.regions {
		if i >= 4 && !g.chance(0.6) {
			continue
		}
		g.inv.Config.Recorders = append(g.inv.Config.Recorders, inventory.ConfigRecorder{
			Resource: inventory.Resource{Region: region}, Name: "default",
			RoleARN:      "arn:aws:iam::" + AccountID + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
			AllSupported: true, IncludeGlobalResourceTypes: i == 0, Recording: g.chance(0.9), LastStatus: "SUCCESS",
		})
	}
}

// keys makes customer-managed KMS keys, most symmetric with rotation on,
// and the AWS-managed keys EBS and S3 create in every region.
func (g *gen) keys() {
	kms := &g.inv.KMS
	key := func(region, manager string) inventory.Key {
		return inventory.Key{Resource: inventory.Resource{Region: region},
			ID:      fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", g.rng.Uint32(), g.rng.IntN(1<<16), g.rng.IntN(1<<12), g.rng.IntN(1<<12), g.rng.Uint64()>>16),
			Manager: manager, Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", State: "Enabled", Origin: "AWS_KMS",
			CreationDate: g.ago(4 * 365 * day)}
	}
	for _, region := range g.regions {
		for _, svc := range []string{"ebs", "s3"} {
			k := key(region, inventory.KeyManagerAWS)
			k.Aliases, k.Description, k.RotationEnabled = []string{"alias/aws/" + svc}, "Default key that protects my "+svc+" data when no other key is defined", true
			kms.Keys = append(kms.Keys, k)
		}
	}
	for ri, n := range g.spread(g.sz.KMSKeys) {
		region := g.regions[ri]
		for range n {
			k := key(region, inventory.KeyManagerCustomer)
			app := pick(g, apps)
			k.Aliases, k.Description = []string{fmt.Sprintf("alias/%s-%s-%d", pick(g, envs), app, len(kms.Keys))}, app+" data key"
			switch g.weighted(85, 10, 5) {
			case 0:
				k.RotationEnabled, k.RotationPeriodDays = g.chance(0.8), 365
			case 1:
				k.Spec, k.Usage = "RSA_2048", "SIGN_VERIFY"
			case 2:
				k.State, k.DeletionDate = "PendingDeletion", Now.Add(7*day)
			}
			k.Policy = `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + AccountID + `:root"},"Action":"kms:*","Resource":"*"}]}`
			kms.Keys = append(kms.Keys, k)
		}
	}
}

// tables makes DynamoDB tables: most encrypted with the AWS-owned key (no
// SSE description), some with a KMS key; point-in-time recovery and
// deletion protection on for the production ones, mostly.
func (g *gen) tables() {
	for ri, n := range g.spread(g.sz.Tables) {
		region := g.regions[ri]
		for range n {
			env := pick(g, envs)
			t := inventory.Table{Resource: inventory.Resource{Region: region},
				Name:   fmt.Sprintf("%s-%s-%d", env, pick(g, apps), len(g.inv.DynamoDB.Tables)),
				Status: "ACTIVE", CreationDate: g.ago(4 * 365 * day)}
			if g.chance(0.3) {
				t.SSEType, t.SSEStatus, t.KMSKeyARN = "KMS", "ENABLED", g.kmsKey(region)
			}
			prod := env == "prod"
			if prod && g.chance(0.8) || !prod && g.chance(0.2) {
				t.PointInTimeRecovery, t.RecoveryPeriodDays = true, 35
			}
			t.DeletionProtection = prod && g.chance(0.6)
			t.Tags = g.tags(t.Name)
			g.inv.DynamoDB.Tables = append(g.inv.DynamoDB.Tables, t)
		}
	}
}

// cluster makes the Aurora cluster of its first member: mostly encrypted,
// a week or more of backups (Aurora keeps at least one day), and on about
// half the cluster-level minor-upgrade setting newer clusters carry.
func (g *gen) cluster(first inventory.DBInstance) inventory.DBCluster {
	c := inventory.DBCluster{Resource: inventory.Resource{Region: first.Region}, ID: first.ClusterID,
		Engine: first.Engine, EngineVersion: first.EngineVersion, EngineMode: "provisioned", Status: "available",
		CreateTime: first.CreateTime, StorageEncrypted: g.chance(0.9), BackupRetentionPeriod: int32(pick(g, []int{1, 7, 7, 14, 35})),
		DeletionProtection: g.chance(0.6), IAMDatabaseAuthentication: g.chance(0.3), MultiAZ: true, Tags: g.tags(first.ClusterID)}
	if c.StorageEncrypted {
		c.KMSKeyID = g.kmsKey(c.Region)
	}
	if g.chance(0.5) {
		on := g.chance(0.8)
		c.AutoMinorVersionUpgrade = &on
	}
	return c
}
