package inventory

import (
	"fmt"
	"time"
)

// RDS holds the RDS instances and manual snapshots of every scanned region.
// RDS is a container service: AWS runs the host, the OS and the database
// engine; the settings collected here are the customer's half.
type RDS struct {
	Instances []DBInstance `json:"instances"`
	// Snapshots are the account's own manual snapshots. Automated ones are
	// left out: they cannot be shared, and they go with their instance.
	Snapshots []DBSnapshot `json:"snapshots"`
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

// RDSARN builds an RDS ARN for kind "db" (instances) or "snapshot".
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
	for i := range inv.EFS.FileSystems {
		x := &inv.EFS.FileSystems[i]
		fill(&x.Resource, FileSystemARN(p, x.Region, acct, x.ID))
	}
}
