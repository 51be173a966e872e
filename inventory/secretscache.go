package inventory

import (
	"fmt"
	"hash/fnv"
	"time"
)

// SecretsManager holds the Secrets Manager secrets of every scanned
// region. Their values are never read: srmscan has no permission to.
type SecretsManager struct {
	Secrets []Secret `json:"secrets"`
}

// Secret is a Secrets Manager secret as ListSecrets describes it, and its
// resource policy from GetResourcePolicy. Secrets scheduled for deletion
// are not listed.
type Secret struct {
	Resource
	Name string `json:"name"`
	// KMSKeyID is the key that encrypts the secret, empty for the AWS
	// managed key aws/secretsmanager.
	KMSKeyID        string `json:"kms_key_id,omitempty"`
	RotationEnabled bool   `json:"rotation_enabled"`
	// RotationDays is the rotation schedule's interval in days, zero when
	// the schedule is a cron or rate expression (RotationSchedule) or
	// there is none.
	RotationDays     int64  `json:"rotation_days,omitempty"`
	RotationSchedule string `json:"rotation_schedule,omitempty"`
	// OwningService is the service that manages the secret ("rds" for a
	// DB master password RDS manages), empty for the customer's own.
	OwningService string `json:"owning_service,omitempty"`
	// PrimaryRegion is set on a replica: the region of the secret it
	// copies.
	PrimaryRegion string    `json:"primary_region,omitempty"`
	CreatedAt     time.Time `json:"created_at,omitzero"`
	LastChangedAt time.Time `json:"last_changed_at,omitzero"`
	// LastRotatedAt is zero when the secret was never rotated.
	LastRotatedAt time.Time `json:"last_rotated_at,omitzero"`
	// LastAccessedAt is a date, not an instant: Secrets Manager records
	// the day of the last retrieval, at midnight UTC. Zero means the secret
	// was never retrieved since Secrets Manager began recording it.
	LastAccessedAt time.Time `json:"last_accessed_at,omitzero"`
	// Policy is the secret's resource policy as JSON, empty when it has
	// none (only its own account's principals may then use it).
	Policy string `json:"policy,omitempty"`
	Tags   Tags   `json:"tags,omitempty"`
}

// ElastiCache holds the ElastiCache replication groups (Redis OSS and
// Valkey) and the cache clusters outside them (Memcached, and single-node
// Redis OSS created without a group) of every scanned region.
type ElastiCache struct {
	ReplicationGroups []ReplicationGroup `json:"replication_groups"`
	// Clusters are the cache clusters that belong to no replication
	// group: a member's settings are its group's.
	Clusters []CacheCluster `json:"clusters"`
}

// ReplicationGroup is a Redis OSS or Valkey replication group, from
// DescribeReplicationGroups; EngineVersion comes from its member clusters
// (DescribeCacheClusters), as the group does not carry one.
type ReplicationGroup struct {
	Resource
	ID            string `json:"id"`
	Engine        string `json:"engine"` // "redis" or "valkey"
	EngineVersion string `json:"engine_version,omitempty"`
	Status        string `json:"status,omitempty"`
	NodeType      string `json:"node_type,omitempty"`
	// MemberClusters are the IDs of the group's cache clusters (its
	// nodes).
	MemberClusters           []string `json:"member_clusters,omitempty"`
	TransitEncryptionEnabled bool     `json:"transit_encryption_enabled"`
	// TransitEncryptionMode is "preferred" (TLS and plaintext both
	// accepted, a migration state) or "required"; empty when off.
	TransitEncryptionMode   string `json:"transit_encryption_mode,omitempty"`
	AtRestEncryptionEnabled bool   `json:"at_rest_encryption_enabled"`
	KMSKeyID                string `json:"kms_key_id,omitempty"`
	// AuthTokenEnabled is Redis AUTH; UserGroupIDs are the RBAC user
	// groups (Redis OSS 6.0 and later, Valkey).
	AuthTokenEnabled        bool     `json:"auth_token_enabled"`
	UserGroupIDs            []string `json:"user_group_ids,omitempty"`
	AutoMinorVersionUpgrade bool     `json:"auto_minor_version_upgrade"`
	// SnapshotRetentionLimit is how many days automatic backups are kept;
	// 0 turns them off.
	SnapshotRetentionLimit int32     `json:"snapshot_retention_limit"`
	AutomaticFailover      string    `json:"automatic_failover,omitempty"` // enabled, disabled, enabling, disabling
	MultiAZ                string    `json:"multi_az,omitempty"`
	CreatedAt              time.Time `json:"created_at,omitzero"`
}

// CacheCluster is a cache cluster in no replication group, from
// DescribeCacheClusters.
type CacheCluster struct {
	Resource
	ID                       string `json:"id"`
	Engine                   string `json:"engine"` // "memcached", "redis" or "valkey"
	EngineVersion            string `json:"engine_version,omitempty"`
	Status                   string `json:"status,omitempty"`
	NodeType                 string `json:"node_type,omitempty"`
	NumNodes                 int32  `json:"num_nodes,omitempty"`
	TransitEncryptionEnabled bool   `json:"transit_encryption_enabled"`
	TransitEncryptionMode    string `json:"transit_encryption_mode,omitempty"`
	AtRestEncryptionEnabled  bool   `json:"at_rest_encryption_enabled"`
	AuthTokenEnabled         bool   `json:"auth_token_enabled"`
	AutoMinorVersionUpgrade  bool   `json:"auto_minor_version_upgrade"`
	// SnapshotRetentionLimit is 0 for Memcached, which has no backups.
	SnapshotRetentionLimit int32     `json:"snapshot_retention_limit"`
	CreatedAt              time.Time `json:"created_at,omitzero"`
}

// SecretARN builds a secret's ARN. Secrets Manager appends a hyphen and
// six random characters to the name; this derives them from the name, so
// an account description can leave the ARN out and still get a stable one.
func SecretARN(partition, region, account, name string) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	h := fnv.New64a()
	_, _ = h.Write([]byte(region + "/" + name))
	n := h.Sum64()
	suffix := make([]byte, 6)
	for i := range suffix {
		suffix[i] = chars[n%uint64(len(chars))]
		n /= uint64(len(chars))
	}
	return fmt.Sprintf("arn:%s:secretsmanager:%s:%s:secret:%s-%s", orAWS(partition), region, account, name, suffix)
}

// ElastiCacheARN builds an ElastiCache ARN; kind is "replicationgroup" or
// "cluster".
func ElastiCacheARN(partition, region, account, kind, id string) string {
	return fmt.Sprintf("arn:%s:elasticache:%s:%s:%s:%s", orAWS(partition), region, account, kind, id)
}

// normalizeSecretsCache fills the ARNs and accounts of secrets and
// ElastiCache resources, as Normalize does for the others.
func (inv *Inventory) normalizeSecretsCache(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.SecretsManager.Secrets {
		x := &inv.SecretsManager.Secrets[i]
		fill(&x.Resource, SecretARN(p, x.Region, acct, x.Name))
	}
	for i := range inv.ElastiCache.ReplicationGroups {
		x := &inv.ElastiCache.ReplicationGroups[i]
		fill(&x.Resource, ElastiCacheARN(p, x.Region, acct, "replicationgroup", x.ID))
	}
	for i := range inv.ElastiCache.Clusters {
		x := &inv.ElastiCache.Clusters[i]
		fill(&x.Resource, ElastiCacheARN(p, x.Region, acct, "cluster", x.ID))
	}
}
