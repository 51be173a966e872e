package inventory

import (
	"fmt"
	"time"
)

// RDS holds the RDS instances, DB clusters and their manual snapshots of
// every scanned region. RDS is a container service: AWS runs the host, the
// OS and the database engine; the settings collected here are the
// customer's half.
type RDS struct {
	Instances []DBInstance `json:"instances"`
	// Snapshots are the account's own manual snapshots. Automated ones are
	// left out: they cannot be shared, and they go with their instance.
	Snapshots []DBSnapshot `json:"snapshots"`
	// Clusters are the Aurora and Multi-AZ DB clusters (and the Neptune
	// and DocumentDB clusters the same API lists). An inventory written
	// before clusters were collected has none: checks then leave the
	// cluster-held settings of member instances unknown.
	Clusters []DBCluster `json:"clusters,omitempty"`
	// ClusterSnapshots are the account's own manual DB cluster snapshots,
	// left out for the same reasons as automated DB snapshots.
	ClusterSnapshots []DBClusterSnapshot `json:"cluster_snapshots,omitempty"`
}

// DBInstance is an RDS DB instance, Aurora cluster members included.
type DBInstance struct {
	Resource
	// ID is the DBInstanceIdentifier.
	ID            string    `json:"id"`
	Engine        string    `json:"engine"`
	EngineVersion string    `json:"engine_version,omitempty"`
	Class         string    `json:"class,omitempty"`
	Status        string    `json:"status,omitempty"`
	CreateTime    time.Time `json:"create_time"`
	// ClusterID is the Aurora (or Multi-AZ) DB cluster the instance belongs
	// to. Such a cluster, not its instances, holds the backup retention and
	// deletion protection that count.
	ClusterID string `json:"cluster_id,omitempty"`
	// ReplicaOf is the source instance of a read replica.
	ReplicaOf               string `json:"replica_of,omitempty"`
	StorageEncrypted        bool   `json:"storage_encrypted"`
	KMSKeyID                string `json:"kms_key_id,omitempty"`
	AutoMinorVersionUpgrade bool   `json:"auto_minor_version_upgrade"`
	PubliclyAccessible      bool   `json:"publicly_accessible"`
	// BackupRetentionPeriod is in days; 0 means automated backups are off.
	BackupRetentionPeriod int32    `json:"backup_retention_period"`
	DeletionProtection    bool     `json:"deletion_protection"`
	MultiAZ               bool     `json:"multi_az"`
	VPCID                 string   `json:"vpc_id,omitempty"`
	SecurityGroupIDs      []string `json:"security_group_ids,omitempty"`
	Tags                  Tags     `json:"tags,omitempty"`
}

// DBSnapshot is a manual RDS DB snapshot owned by the scanned account.
type DBSnapshot struct {
	Resource
	// ID is the DBSnapshotIdentifier.
	ID         string    `json:"id"`
	InstanceID string    `json:"instance_id,omitempty"`
	Engine     string    `json:"engine,omitempty"`
	CreateTime time.Time `json:"create_time"`
	Encrypted  bool      `json:"encrypted"`
	KMSKeyID   string    `json:"kms_key_id,omitempty"`
	// Public is true when the restore attribute lists "all".
	Public bool `json:"public"`
	// SharedWith lists the account IDs the restore attribute names.
	SharedWith []string `json:"shared_with,omitempty"`
	Tags       Tags     `json:"tags,omitempty"`
}

// DBCluster is an RDS DB cluster: an Aurora cluster, whose storage,
// backups and deletion protection its member instances share, or a
// Multi-AZ DB cluster.
type DBCluster struct {
	Resource
	// ID is the DBClusterIdentifier.
	ID            string `json:"id"`
	Engine        string `json:"engine"`
	EngineVersion string `json:"engine_version,omitempty"`
	// EngineMode is "provisioned" (Serverless v2 included), "serverless"
	// (Aurora Serverless v1), "parallelquery", ...; empty when RDS gives
	// none.
	EngineMode       string    `json:"engine_mode,omitempty"`
	Status           string    `json:"status,omitempty"`
	CreateTime       time.Time `json:"create_time"`
	StorageEncrypted bool      `json:"storage_encrypted"`
	KMSKeyID         string    `json:"kms_key_id,omitempty"`
	// BackupRetentionPeriod is in days; Aurora keeps at least one.
	BackupRetentionPeriod     int32 `json:"backup_retention_period"`
	DeletionProtection        bool  `json:"deletion_protection"`
	IAMDatabaseAuthentication bool  `json:"iam_database_authentication"`
	// AutoMinorVersionUpgrade is the cluster's own setting, which RDS
	// gives for Multi-AZ DB clusters and newer Aurora clusters; nil when
	// the answer has none, and then the member instances' settings are
	// all there is.
	AutoMinorVersionUpgrade *bool `json:"auto_minor_version_upgrade,omitempty"`
	MultiAZ                 bool  `json:"multi_az"`
	// Members are the DBInstanceIdentifiers of the cluster's instances,
	// sorted.
	Members []string `json:"members,omitempty"`
	Tags    Tags     `json:"tags,omitempty"`
}

// DBClusterSnapshot is a manual DB cluster snapshot owned by the scanned
// account.
type DBClusterSnapshot struct {
	Resource
	// ID is the DBClusterSnapshotIdentifier.
	ID         string    `json:"id"`
	ClusterID  string    `json:"cluster_id,omitempty"`
	Engine     string    `json:"engine,omitempty"`
	CreateTime time.Time `json:"create_time"`
	Encrypted  bool      `json:"encrypted"`
	KMSKeyID   string    `json:"kms_key_id,omitempty"`
	// Public is true when the restore attribute lists "all".
	Public bool `json:"public"`
	// SharedWith lists the account IDs the restore attribute names.
	SharedWith []string `json:"shared_with,omitempty"`
	Tags       Tags     `json:"tags,omitempty"`
}

// EFS holds the EFS file systems of every scanned region.
type EFS struct {
	FileSystems []FileSystem `json:"file_systems"`
}

// FileSystem is an EFS file system.
type FileSystem struct {
	Resource
	ID           string    `json:"id"`
	Name         string    `json:"name,omitempty"`
	CreationTime time.Time `json:"creation_time"`
	// LifeCycleState is "available", "creating", "deleting", ...
	LifeCycleState string `json:"life_cycle_state,omitempty"`
	// Encrypted can only be chosen when the file system is created.
	Encrypted bool   `json:"encrypted"`
	KMSKeyID  string `json:"kms_key_id,omitempty"`
	Tags      Tags   `json:"tags,omitempty"`
}

// RDSARN builds an RDS ARN for kind "db" (instances), "snapshot",
// "cluster" or "cluster-snapshot".
func RDSARN(partition, region, account, kind, id string) string {
	return fmt.Sprintf("arn:%s:rds:%s:%s:%s:%s", orAWS(partition), region, account, kind, id)
}

// FileSystemARN builds an EFS file system's ARN.
func FileSystemARN(partition, region, account, id string) string {
	return fmt.Sprintf("arn:%s:elasticfilesystem:%s:%s:file-system/%s", orAWS(partition), region, account, id)
}

func (inv *Inventory) normalizeDatabases(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.RDS.Instances {
		x := &inv.RDS.Instances[i]
		fill(&x.Resource, RDSARN(p, x.Region, acct, "db", x.ID))
	}
	for i := range inv.RDS.Snapshots {
		x := &inv.RDS.Snapshots[i]
		fill(&x.Resource, RDSARN(p, x.Region, acct, "snapshot", x.ID))
	}
	for i := range inv.RDS.Clusters {
		x := &inv.RDS.Clusters[i]
		fill(&x.Resource, RDSARN(p, x.Region, acct, "cluster", x.ID))
	}
	for i := range inv.RDS.ClusterSnapshots {
		x := &inv.RDS.ClusterSnapshots[i]
		fill(&x.Resource, RDSARN(p, x.Region, acct, "cluster-snapshot", x.ID))
	}
	for i := range inv.EFS.FileSystems {
		x := &inv.EFS.FileSystems[i]
		fill(&x.Resource, FileSystemARN(p, x.Region, acct, x.ID))
	}
}
