package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// db adds a well-kept instance, changed by fill.
func db(id string, fill func(*inventory.DBInstance)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		d := inventory.DBInstance{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Engine: "postgres", EngineVersion: "16.4",
			StorageEncrypted: true, AutoMinorVersionUpgrade: true, BackupRetentionPeriod: 7, DeletionProtection: true}
		if fill != nil {
			fill(&d)
		}
		inv.RDS.Instances = append(inv.RDS.Instances, d)
	}
}

var instancesDenied = denied("rds", "us-east-1", "DescribeDBInstances", "")

func TestRDSInstanceUnencrypted(t *testing.T) {
	runCases(t, rdsInstanceUnencrypted, []statusCase{
		{"encrypted", db("db-1", nil), map[string]Status{"db:db-1": Pass}},
		{"plain", db("db-1", func(d *inventory.DBInstance) { d.StorageEncrypted = false }), map[string]Status{"db:db-1": Fail}},
		{"listing denied", both(db("db-1", nil), instancesDenied), map[string]Status{"db:db-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSInstanceAutoMinorUpgrade(t *testing.T) {
	runCases(t, rdsInstanceAutoMinorUpgrade, []statusCase{
		{"on", db("db-1", nil), map[string]Status{"db:db-1": Pass}},
		{"off", db("db-1", func(d *inventory.DBInstance) { d.AutoMinorVersionUpgrade = false }), map[string]Status{"db:db-1": Fail}},
		{"listing denied", both(db("db-1", nil), instancesDenied), map[string]Status{"db:db-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSInstancePublic(t *testing.T) {
	runCases(t, rdsInstancePublic, []statusCase{
		{"private", db("db-1", nil), map[string]Status{"db:db-1": Pass}},
		{"public", db("db-1", func(d *inventory.DBInstance) { d.PubliclyAccessible, d.SecurityGroupIDs = true, []string{"sg-1"} }),
			map[string]Status{"db:db-1": Fail}},
		{"listing denied elsewhere", both(db("db-1", nil), denied("rds", "eu-west-1", "DescribeDBInstances", "")),
			map[string]Status{"db:db-1": Pass, "eu-west-1:111122223333:*": Unknown}},
	})
}

func dbSnapshot(id string, public bool, shared ...string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.RDS.Snapshots = append(inv.RDS.Snapshots, inventory.DBSnapshot{Resource: inventory.Resource{Region: "us-east-1"},
			ID: id, Public: public, SharedWith: shared})
	}
}

func TestRDSSnapshotPublic(t *testing.T) {
	arn := inventory.RDSARN("aws", "us-east-1", "111122223333", "snapshot", "snap-1")
	runCases(t, rdsSnapshotPublic, []statusCase{
		{"private", dbSnapshot("snap-1", false), map[string]Status{"snapshot:snap-1": Pass}},
		{"shared with an account", dbSnapshot("snap-1", false, "444455556666"), map[string]Status{"snapshot:snap-1": Pass}},
		{"public", dbSnapshot("snap-1", true), map[string]Status{"snapshot:snap-1": Fail}},
		{"sharing unreadable", both(dbSnapshot("snap-1", false), dbSnapshot("snap-2", true),
			denied("rds", "us-east-1", "DescribeDBSnapshotAttributes", arn)),
			map[string]Status{"snapshot:snap-1": Unknown, "snapshot:snap-2": Fail}},
	})
}

func TestRDSInstanceBackupRetention(t *testing.T) {
	runCases(t, rdsInstanceBackupRetention, []statusCase{
		{"a week", db("db-1", nil), map[string]Status{"db:db-1": Pass}},
		{"a day", db("db-1", func(d *inventory.DBInstance) { d.BackupRetentionPeriod = 1 }), map[string]Status{"db:db-1": Fail}},
		{"off", db("db-1", func(d *inventory.DBInstance) { d.BackupRetentionPeriod = 0 }), map[string]Status{"db:db-1": Fail}},
		{"a replica is not judged", both(db("db-1", nil), db("db-2", func(d *inventory.DBInstance) { d.ReplicaOf, d.BackupRetentionPeriod = "db-1", 0 })),
			map[string]Status{"db:db-1": Pass}},
		{"a cluster member's retention is its cluster's, when the cluster was not collected", db("db-1", func(d *inventory.DBInstance) { d.ClusterID, d.BackupRetentionPeriod = "aurora-1", 1 }),
			map[string]Status{"db:db-1": Unknown}},
		{"listing denied", both(db("db-1", nil), instancesDenied), map[string]Status{"db:db-1": Unknown, ":*": Unknown}},
	})
}

func TestRDSInstanceBackupRetentionConfigurable(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinBackupRetentionDays = 14
	fs := Run(account(db("db-1", nil)), []Check{rdsInstanceBackupRetention}, cfg)
	if len(fs) != 1 || fs[0].Status != Fail || fs[0].Evidence["min_days"] != 14 {
		t.Fatalf("findings = %+v", fs)
	}
	s, err := ParseSettings([]byte("thresholds:\n  min_rds_backup_retention_days: 35\n"))
	if err != nil || s.Config.MinBackupRetentionDays != 35 {
		t.Fatalf("settings = %+v, %v", s.Config.MinBackupRetentionDays, err)
	}
	if _, err := ParseSettings([]byte("thresholds:\n  min_rds_backup_retention_days: 36\n")); err == nil {
		t.Error("a retention RDS cannot keep must be refused")
	}
}

func TestRDSInstanceDeletionProtection(t *testing.T) {
	runCases(t, rdsInstanceDeletionProtection, []statusCase{
		{"on", db("db-1", nil), map[string]Status{"db:db-1": Pass}},
		{"off", db("db-1", func(d *inventory.DBInstance) { d.DeletionProtection = false }), map[string]Status{"db:db-1": Fail}},
		{"a replica is not judged", both(db("db-1", nil), db("db-2", func(d *inventory.DBInstance) { d.ReplicaOf, d.DeletionProtection = "db-1", false })),
			map[string]Status{"db:db-1": Pass}},
		{"a cluster member's protection is its cluster's, when the cluster was not collected", db("db-1", func(d *inventory.DBInstance) { d.ClusterID, d.DeletionProtection = "aurora-1", false }),
			map[string]Status{"db:db-1": Unknown}},
		{"listing denied", both(db("db-1", nil), instancesDenied), map[string]Status{"db:db-1": Unknown, ":*": Unknown}},
	})
}

func TestEFSFileSystemUnencrypted(t *testing.T) {
	fs := func(id string, enc bool) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EFS.FileSystems = append(inv.EFS.FileSystems, inventory.FileSystem{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Encrypted: enc})
		}
	}
	runCases(t, efsFileSystemUnencrypted, []statusCase{
		{"encrypted", fs("fs-1", true), map[string]Status{"fs-1": Pass}},
		{"plain", fs("fs-1", false), map[string]Status{"fs-1": Fail}},
		{"listing denied", both(fs("fs-1", true), denied("elasticfilesystem", "us-east-1", "DescribeFileSystems", "")),
			map[string]Status{"fs-1": Unknown, "elasticfilesystem:us-east-1:111122223333:*": Unknown}},
	})
}
