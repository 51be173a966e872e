package checks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// elastiCacheChecks are the customer's duties on ElastiCache, the
// container model: AWS runs the nodes, their OS and the engine; the
// customer chooses encryption, authentication, backups and whether engine
// patches are applied. Redis OSS and Valkey replication groups are judged
// as groups (their nodes share the group's settings); clusters outside any
// group (Memcached, and single-node Redis OSS made without a group) on
// their own. Node-based Memcached has no encryption at rest, no AUTH or
// user groups and no backups, so only in-transit encryption and automatic
// upgrades apply to it.
var elastiCacheChecks = []Check{cacheTransitEncryption, cacheAtRestEncryption, cacheAuth, cacheAutoMinorUpgrade, cacheBackups}

func elastiCacheHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#" + control
}

// Every ElastiCache check needs both listings: a failed cluster listing
// loses the clusters outside groups and the groups' engine versions.
var elastiCacheNeeds = []Operation{op("elasticache", "DescribeReplicationGroups"), op("elasticache", "DescribeCacheClusters")}

const cacheClusterType = "AWS::ElastiCache::CacheCluster"

// cacheNode is what the checks read of a replication group or a cluster
// outside one.
type cacheNode struct {
	kind, id, region, arn, resourceType string
	engine, version                     string
	transit                             bool
	transitMode                         string
	atRest                              bool
	authToken                           bool
	userGroups                          []string
	autoMinor                           bool
	retention                           int32
}

func cacheNodes(inv *inventory.Inventory) []cacheNode {
	var out []cacheNode
	for _, g := range inv.ElastiCache.ReplicationGroups {
		out = append(out, cacheNode{kind: "replication group", id: g.ID, region: g.Region, arn: g.ARN,
			engine: g.Engine, version: g.EngineVersion, transit: g.TransitEncryptionEnabled, transitMode: g.TransitEncryptionMode,
			atRest: g.AtRestEncryptionEnabled, authToken: g.AuthTokenEnabled, userGroups: g.UserGroupIDs,
			autoMinor: g.AutoMinorVersionUpgrade, retention: g.SnapshotRetentionLimit})
	}
	for _, c := range inv.ElastiCache.Clusters {
		out = append(out, cacheNode{kind: "cache cluster", id: c.ID, region: c.Region, arn: c.ARN, resourceType: cacheClusterType,
			engine: c.Engine, version: c.EngineVersion, transit: c.TransitEncryptionEnabled, transitMode: c.TransitEncryptionMode,
			atRest: c.AtRestEncryptionEnabled, authToken: c.AuthTokenEnabled,
			autoMinor: c.AutoMinorVersionUpgrade, retention: c.SnapshotRetentionLimit})
	}
	return out
}

func (n cacheNode) memcached() bool { return n.engine == "memcached" }

// name is how messages call it: "replication group sessions (redis 7.1.0)".
func (n cacheNode) name() string {
	return strings.TrimSpace(fmt.Sprintf("%s %s (%s %s", n.kind, n.id, n.engine, n.version)) + ")"
}

func (n cacheNode) result(st Status, msg string, ev map[string]any) Result {
	ev["engine"] = n.engine
	if n.version != "" {
		ev["engine_version"] = n.version
	}
	return Result{Status: st, Region: n.region, ResourceARN: n.arn, ResourceType: n.resourceType, Message: n.name() + " " + msg, Evidence: ev}
}

// versionBelow reports whether an engine version ("6.2.6", "7.1") is
// known and older than major.minor.patch.
func versionBelow(version string, want ...int) bool {
	if version == "" {
		return false
	}
	parts := strings.Split(version, ".")
	for i, w := range want {
		n := 0
		if i < len(parts) {
			v, err := strconv.Atoi(parts[i])
			if err != nil {
				return false
			}
			n = v
		}
		if n != w {
			return n < w
		}
	}
	return false
}

var cacheTransitEncryption = Check{
	ID:           "elasticache-in-transit-encryption",
	Title:        "ElastiCache does not require TLS",
	Description:  "Without in-transit encryption, everything clients send to and read from the cache, session tokens and cached personal data included, crosses the network in the clear, along with any AUTH token. Redis OSS and Valkey replication groups and clusters, and Memcached clusters from 1.6.12, can require TLS; the \"preferred\" mode, a step in turning it on for a running group, still accepts plaintext connections and fails too. AWS runs the nodes; the choice is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "elasticache",
	ServiceModel: Container,
	ResourceType: "AWS::ElastiCache::ReplicationGroup",
	Remediation: Remediation{
		Text:    "Turn on in-transit encryption: on a Redis OSS 7 or Valkey group, set the mode to preferred, move the clients to TLS, then set it to required; older groups and Memcached clusters must be recreated with it (Memcached from 1.6.12).",
		Console: "ElastiCache > Redis OSS or Valkey caches > the cache > Modify > Security: Encryption in transit on, Transit encryption mode Required > Preview changes > Modify.",
		CLI:     "aws elasticache modify-replication-group --replication-group-id <id> --transit-encryption-enabled --transit-encryption-mode required --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html", elastiCacheHub("elasticache-5")},
	Needs:      elastiCacheNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, n := range cacheNodes(inv) {
			ev := map[string]any{"transit_encryption_enabled": n.transit}
			if n.transitMode != "" {
				ev["transit_encryption_mode"] = n.transitMode
			}
			switch {
			case !n.transit && n.memcached() && versionBelow(n.version, 1, 6, 12):
				out = append(out, n.result(Fail, "sends traffic unencrypted; Memcached before 1.6.12 cannot encrypt it, so the cluster must be recreated on a newer engine", ev))
			case !n.transit:
				out = append(out, n.result(Fail, "sends traffic unencrypted: in-transit encryption is off", ev))
			case n.transitMode == "preferred":
				out = append(out, n.result(Fail, "accepts unencrypted connections: transit encryption mode is preferred, not required", ev))
			default:
				out = append(out, n.result(Pass, "requires TLS", ev))
			}
		}
		return out
	},
}

var cacheAtRestEncryption = Check{
	ID:           "elasticache-at-rest-encryption",
	Title:        "ElastiCache does not encrypt data at rest",
	Description:  "Redis OSS and Valkey write data to disk for backups, replica synchronisation and swap; only with encryption at rest, chosen when the cache is created, is that data and every backup encrypted. A cluster made without a replication group cannot have it at all. Node-based Memcached keeps data in memory only and has no such option, so it is not judged here. AWS runs the storage; the choice is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "elasticache",
	ServiceModel: Container,
	ResourceType: "AWS::ElastiCache::ReplicationGroup",
	Remediation: Remediation{
		Text:    "Encryption at rest cannot be turned on for an existing cache: take a backup, create a new replication group with encryption at rest (a KMS key if key policies must also govern it) from that backup, and move the clients over.",
		Console: "ElastiCache > Backups > the cache's backup > Restore: Security > Encryption at rest on > Create.",
		CLI:     "aws elasticache create-replication-group --replication-group-id <new-id> --replication-group-description <text> --snapshot-name <backup> --at-rest-encryption-enabled --engine <redis|valkey>",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html", elastiCacheHub("elasticache-4")},
	Needs:      elastiCacheNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, n := range cacheNodes(inv) {
			if n.memcached() {
				continue
			}
			ev := map[string]any{"at_rest_encryption_enabled": n.atRest}
			switch {
			case n.atRest:
				out = append(out, n.result(Pass, "encrypts its data at rest", ev))
			case n.kind == "cache cluster":
				out = append(out, n.result(Fail, "stores its data unencrypted: a cluster made without a replication group cannot encrypt at rest", ev))
			default:
				out = append(out, n.result(Fail, "stores its data and backups unencrypted", ev))
			}
		}
		return out
	},
}

var cacheAuth = Check{
	ID:           "elasticache-redis-auth",
	Title:        "Redis OSS or Valkey cache lets clients in without credentials",
	Description:  "With neither an AUTH token nor role-based access control (a user group, Redis OSS 6.0 and later, Valkey), any client that can reach a Redis OSS or Valkey node over the network may read, change and flush all its data and run any command: security groups are then the only control. Security Hub's ElastiCache.6 asks this of versions before 6.0 only; this check asks it of every version, as an open node is as open on 7. Node-based Memcached has neither AUTH nor user groups and is not judged here. AWS runs the engine; who may talk to it is the customer's.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "elasticache",
	ServiceModel: Container,
	ResourceType: "AWS::ElastiCache::ReplicationGroup",
	Remediation: Remediation{
		Text:    "On Redis OSS 6.0 and later or Valkey, create users and a user group and attach it (RBAC); on older versions set an AUTH token. Both need in-transit encryption, so the credentials do not cross the network in the clear.",
		Console: "ElastiCache > Redis OSS or Valkey caches > the cache > Modify > Security: Access control, User group access control list, the user group > Preview changes > Modify.",
		CLI:     "aws elasticache modify-replication-group --replication-group-id <id> --user-group-ids-to-add <user-group-id> --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html",
		"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html", elastiCacheHub("elasticache-6")},
	Needs: elastiCacheNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, n := range cacheNodes(inv) {
			if n.memcached() {
				continue
			}
			ev := map[string]any{"auth_token_enabled": n.authToken, "user_group_ids": n.userGroups}
			switch {
			case len(n.userGroups) > 0:
				out = append(out, n.result(Pass, "authenticates clients with user group "+strings.Join(n.userGroups, ", "), ev))
			case n.authToken:
				out = append(out, n.result(Pass, "authenticates clients with an AUTH token", ev))
			default:
				out = append(out, n.result(Fail, "has neither an AUTH token nor a user group: any client that reaches it can use it", ev))
			}
		}
		return out
	},
}

var cacheAutoMinorUpgrade = Check{
	ID:            "elasticache-auto-minor-upgrade",
	Title:         "ElastiCache does not take minor engine upgrades",
	Description:   "AWS patches the nodes' OS and ships engine fixes as minor versions; applying them is the customer's half of patch management. With automatic minor version upgrade off, security fixes wait until someone upgrades by hand. Redis OSS before 6.0 and Memcached before 1.6.6 cannot take them at all: they fail until the engine is upgraded to a version that can.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "elasticache",
	ServiceModel:  Container,
	ResourceType:  "AWS::ElastiCache::ReplicationGroup",
	Remediation: Remediation{
		Text:    "Turn on automatic minor version upgrade; ElastiCache then applies new minor versions in the maintenance window. On Redis OSS before 6.0 or Memcached before 1.6.6, upgrade the engine first.",
		Console: "ElastiCache > the cache > Modify > Maintenance: Auto upgrade minor versions on > Preview changes > Modify.",
		CLI:     "aws elasticache modify-replication-group --replication-group-id <id> --auto-minor-version-upgrade --apply-immediately (a cluster outside a group: aws elasticache modify-cache-cluster --cache-cluster-id <id> --auto-minor-version-upgrade)",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.html", elastiCacheHub("elasticache-2")},
	Needs:      elastiCacheNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, n := range cacheNodes(inv) {
			ev := map[string]any{"auto_minor_version_upgrade": n.autoMinor}
			switch {
			case n.autoMinor:
				out = append(out, n.result(Pass, "takes minor engine upgrades automatically", ev))
			case n.engine == "redis" && versionBelow(n.version, 6):
				out = append(out, n.result(Fail, "cannot take minor engine upgrades automatically: Redis OSS before 6.0 does not offer them; upgrade the engine", ev))
			case n.memcached() && versionBelow(n.version, 1, 6, 6):
				out = append(out, n.result(Fail, "cannot take minor engine upgrades automatically: Memcached before 1.6.6 does not offer them; upgrade the engine", ev))
			default:
				out = append(out, n.result(Fail, "does not take minor engine upgrades automatically", ev))
			}
		}
		return out
	},
}

var cacheBackups = Check{
	ID:            "elasticache-redis-backup",
	Title:         "Redis OSS or Valkey cache takes no automatic backups",
	Description:   "With a snapshot retention limit of 0, ElastiCache takes no automatic backups of a Redis OSS or Valkey cache, so data lost to a bad deployment, a FLUSHALL or a failure of every node cannot be restored. AWS runs the backups; keeping them on is the customer's configuration. Memcached has no backups and is not judged here.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        CustomerData,
	Service:       "elasticache",
	ServiceModel:  Container,
	ResourceType:  "AWS::ElastiCache::ReplicationGroup",
	Remediation: Remediation{
		Text:    "Set a snapshot retention limit of at least one day (seven lets a problem found after a weekend still be undone) and a backup window outside peak hours.",
		Console: "ElastiCache > the cache > Modify > Backup: Enable automatic backups, Backup retention period > Preview changes > Modify.",
		CLI:     "aws elasticache modify-replication-group --replication-group-id <id> --snapshot-retention-limit 7 --apply-immediately",
	},
	References: []string{"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html", elastiCacheHub("elasticache-1")},
	Needs:      elastiCacheNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, n := range cacheNodes(inv) {
			if n.memcached() {
				continue
			}
			ev := map[string]any{"snapshot_retention_limit": n.retention}
			if n.retention > 0 {
				out = append(out, n.result(Pass, fmt.Sprintf("keeps automatic backups for %d days", n.retention), ev))
			} else {
				out = append(out, n.result(Fail, "takes no automatic backups (snapshot retention limit 0)", ev))
			}
		}
		return out
	},
}
