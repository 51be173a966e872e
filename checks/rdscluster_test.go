package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// cluster adds a well-kept Aurora cluster, changed by fill.
func cluster(id string, fill func(*inventory.DBCluster)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.DBCluster{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Engine: "aurora-postgresql", EngineVersion: "15.6",
			EngineMode: "provisioned", StorageEncrypted: true, BackupRetentionPeriod: 7, DeletionProtection: true, IAMDatabaseAuthentication: true}
		if fill != nil {
			fill(&c)
		}
		inv.RDS.Clusters = append(inv.RDS.Clusters, c)
	}
}

// member adds a cluster member instance and lists it on its cluster.
func member(id, clusterID string, fill func(*inventory.DBInstance)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		db(id, func(d *inventory.DBInstance) {
			d.ClusterID, d.Engine = clusterID, "aurora-postgresql"
			if fill != nil {
				fill(d)
			}
		})(inv)
		for i := range inv.RDS.Clusters {
			if c := &inv.RDS.Clusters[i]; c.ID == clusterID {
				c.Members = append(c.Members, id)
			}
		}
	}
}

var clustersDenied = denied("rds", "us-east-1", "DescribeDBClusters", "")

func TestRDSClusterUnencrypted(t *testing.T) {
	runCases(t, rdsClusterUnencrypted, []statusCase{
		{"encrypted", cluster("c-1", nil), map[string]Status{"cluster:c-1": Pass}},
		{"plain", cluster("c-1", func(c *inventory.DBCluster) { c.StorageEncrypted = false }), map[string]Status{"cluster:c-1": Fail}},
		{"listing denied", both(cluster("c-1", nil), clustersDenied), map[string]Status{"cluster:c-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSClusterAutoMinorUpgrade(t *testing.T) {
	off := func(d *inventory.DBInstance) { d.AutoMinorVersionUpgrade = false }
	setting := func(v bool) func(c *inventory.DBCluster) {
		return func(c *inventory.DBCluster) { c.AutoMinorVersionUpgrade = &v }
	}
	runCases(t, rdsClusterAutoMinorUpgrade, []statusCase{
		{"every member on", both(cluster("c-1", nil), member("w", "c-1", nil), member("r", "c-1", nil)), map[string]Status{"cluster:c-1": Pass}},
		{"a reader off", both(cluster("c-1", nil), member("w", "c-1", nil), member("r", "c-1", off)), map[string]Status{"cluster:c-1": Fail}},
		{"cluster level on, members on", both(cluster("c-1", setting(true)), member("w", "c-1", nil)), map[string]Status{"cluster:c-1": Pass}},
		{"cluster level on, a member off", both(cluster("c-1", setting(true)), member("w", "c-1", off)), map[string]Status{"cluster:c-1": Fail}},
		{"cluster level off, members on", both(cluster("c-1", setting(false)), member("w", "c-1", nil)), map[string]Status{"cluster:c-1": Fail}},
		{"cluster level off, no members", cluster("c-1", setting(false)), map[string]Status{"cluster:c-1": Fail}},
		{"no members, no cluster setting", cluster("c-1", nil), map[string]Status{"cluster:c-1": Pass}},
		{"a member the instance listing lacks", cluster("c-1", func(c *inventory.DBCluster) { c.Members = []string{"gone"} }),
			map[string]Status{"cluster:c-1": Unknown}},
		{"a member of another region's same-named cluster does not count", both(cluster("c-1", nil), member("w", "c-1", nil),
			db("w", func(d *inventory.DBInstance) {
				d.Region, d.ClusterID, d.AutoMinorVersionUpgrade = "eu-west-1", "c-1", false
			})),
			map[string]Status{"cluster:c-1": Pass}},
		{"cluster listing denied", both(cluster("c-1", nil), member("w", "c-1", off), clustersDenied), map[string]Status{"cluster:c-1": Unknown, ":*": Unknown}},
		{"instance listing denied", both(cluster("c-1", nil), member("w", "c-1", off), instancesDenied), map[string]Status{"cluster:c-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSClusterBackupRetention(t *testing.T) {
	runCases(t, rdsClusterBackupRetention, []statusCase{
		{"a week", cluster("c-1", nil), map[string]Status{"cluster:c-1": Pass}},
		{"a day, Aurora's least", cluster("c-1", func(c *inventory.DBCluster) { c.BackupRetentionPeriod = 1 }), map[string]Status{"cluster:c-1": Fail}},
		{"off", cluster("c-1", func(c *inventory.DBCluster) { c.BackupRetentionPeriod = 0 }), map[string]Status{"cluster:c-1": Fail}},
		{"listing denied", both(cluster("c-1", nil), clustersDenied), map[string]Status{"cluster:c-1": Unknown, ":*": Unknown}},
	})
	cfg := DefaultConfig()
	cfg.MinBackupRetentionDays = 14
	fs := Run(account(cluster("c-1", nil)), []Check{rdsClusterBackupRetention}, cfg)
	if len(fs) != 1 || fs[0].Status != Fail || fs[0].Evidence["min_days"] != 14 {
		t.Fatalf("with a 14-day minimum, findings = %+v", fs)
	}
}

func TestRDSClusterDeletionProtection(t *testing.T) {
	runCases(t, rdsClusterDeletionProtection, []statusCase{
		{"on", cluster("c-1", nil), map[string]Status{"cluster:c-1": Pass}},
		{"off", cluster("c-1", func(c *inventory.DBCluster) { c.DeletionProtection = false }), map[string]Status{"cluster:c-1": Fail}},
		{"a protected member does not protect its cluster", both(cluster("c-1", func(c *inventory.DBCluster) { c.DeletionProtection = false }),
			member("w", "c-1", nil)), map[string]Status{"cluster:c-1": Fail}},
		{"listing denied", both(cluster("c-1", nil), clustersDenied), map[string]Status{"cluster:c-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSClusterIAMAuth(t *testing.T) {
	runCases(t, rdsClusterIAMAuth, []statusCase{
		{"on", cluster("c-1", nil), map[string]Status{"cluster:c-1": Pass}},
		{"off", cluster("c-1", func(c *inventory.DBCluster) { c.IAMDatabaseAuthentication = false }), map[string]Status{"cluster:c-1": Fail}},
		{"Multi-AZ DB cluster off", cluster("c-1", func(c *inventory.DBCluster) { c.Engine, c.IAMDatabaseAuthentication = "postgres", false }),
			map[string]Status{"cluster:c-1": Fail}},
		{"DocumentDB and Serverless v1 are not judged", both(
			cluster("docs", func(c *inventory.DBCluster) { c.Engine, c.IAMDatabaseAuthentication = "docdb", false }),
			cluster("v1", func(c *inventory.DBCluster) { c.EngineMode, c.IAMDatabaseAuthentication = "serverless", false }),
			cluster("c-1", nil)), map[string]Status{"cluster:c-1": Pass}},
		{"listing denied", both(cluster("c-1", nil), clustersDenied), map[string]Status{"cluster:c-1": Unknown, ":*": Unknown}},
	})
}

func clusterSnapshot(id string, encrypted, public bool, shared ...string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.RDS.ClusterSnapshots = append(inv.RDS.ClusterSnapshots, inventory.DBClusterSnapshot{Resource: inventory.Resource{Region: "us-east-1"},
			ID: id, ClusterID: "c-1", Encrypted: encrypted, Public: public, SharedWith: shared})
	}
}

func TestRDSClusterSnapshotPublic(t *testing.T) {
	arn := inventory.RDSARN("aws", "us-east-1", "111122223333", "cluster-snapshot", "s-1")
	runCases(t, rdsClusterSnapshotPublic, []statusCase{
		{"private", clusterSnapshot("s-1", true, false), map[string]Status{"cluster-snapshot:s-1": Pass}},
		{"shared with an account", clusterSnapshot("s-1", true, false, "444455556666"), map[string]Status{"cluster-snapshot:s-1": Pass}},
		{"public", clusterSnapshot("s-1", false, true), map[string]Status{"cluster-snapshot:s-1": Fail}},
		{"sharing unreadable", both(clusterSnapshot("s-1", false, false), clusterSnapshot("s-2", false, true),
			denied("rds", "us-east-1", "DescribeDBClusterSnapshotAttributes", arn)),
			map[string]Status{"cluster-snapshot:s-1": Unknown, "cluster-snapshot:s-2": Fail}},
		{"listing denied", both(clusterSnapshot("s-1", true, false), denied("rds", "us-east-1", "DescribeDBClusterSnapshots", "")),
			map[string]Status{"cluster-snapshot:s-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSClusterSnapshotUnencrypted(t *testing.T) {
	arn := inventory.RDSARN("aws", "us-east-1", "111122223333", "cluster-snapshot", "s-1")
	runCases(t, rdsClusterSnapshotUnencrypted, []statusCase{
		{"encrypted", clusterSnapshot("s-1", true, false), map[string]Status{"cluster-snapshot:s-1": Pass}},
		{"plain", clusterSnapshot("s-1", false, false), map[string]Status{"cluster-snapshot:s-1": Fail}},
		// Encryption is in the listing: a sharing read that failed does
		// not make it unknown.
		{"sharing unreadable", both(clusterSnapshot("s-1", false, false), denied("rds", "us-east-1", "DescribeDBClusterSnapshotAttributes", arn)),
			map[string]Status{"cluster-snapshot:s-1": Fail}},
		{"listing denied", both(clusterSnapshot("s-1", true, false), denied("rds", "us-east-1", "DescribeDBClusterSnapshots", "")),
			map[string]Status{"cluster-snapshot:s-1": Unknown, ":*": Unknown}},
	})
}

// An Aurora member whose cluster was collected is judged once, on its
// cluster: the instance checks for settings the cluster holds leave it
// out. A member whose cluster was not collected (its listing failed, or
// the snapshot predates clusters) keeps what the instance alone can say.
func TestRDSInstanceChecksLeaveMembersToTheirCluster(t *testing.T) {
	plainMember := func(d *inventory.DBInstance) {
		d.StorageEncrypted, d.AutoMinorVersionUpgrade, d.BackupRetentionPeriod, d.DeletionProtection = false, false, 1, false
	}
	withCluster := both(cluster("c-1", nil), member("m-1", "c-1", plainMember), db("solo", nil))
	orphan := both(member("m-1", "c-1", plainMember), db("solo", nil))
	for _, tc := range []struct {
		check       Check
		withCluster map[string]Status
		orphan      map[string]Status
	}{
		{rdsInstanceUnencrypted, map[string]Status{"db:solo": Pass}, map[string]Status{"db:solo": Pass, "db:m-1": Fail}},
		{rdsInstanceAutoMinorUpgrade, map[string]Status{"db:solo": Pass}, map[string]Status{"db:solo": Pass, "db:m-1": Fail}},
		{rdsInstanceBackupRetention, map[string]Status{"db:solo": Pass}, map[string]Status{"db:solo": Pass, "db:m-1": Unknown}},
		{rdsInstanceDeletionProtection, map[string]Status{"db:solo": Pass}, map[string]Status{"db:solo": Pass, "db:m-1": Unknown}},
		// Public accessibility is set per Aurora instance: still judged.
		{rdsInstancePublic, map[string]Status{"db:solo": Pass, "db:m-1": Pass}, map[string]Status{"db:solo": Pass, "db:m-1": Pass}},
	} {
		t.Run(tc.check.ID, func(t *testing.T) {
			runCases(t, tc.check, []statusCase{
				{"cluster collected", withCluster, tc.withCluster},
				{"cluster not collected", orphan, tc.orphan},
			})
		})
	}
}
