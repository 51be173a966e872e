package checks

import (
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// secret adds, in us-east-1, a secret created a year before testNow that
// rotates every 30 days, was rotated 10 days ago and retrieved 5 days ago,
// after set has changed it.
func secret(name string, set func(s *inventory.Secret)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		s := inventory.Secret{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, RotationEnabled: true, RotationDays: 30,
			CreatedAt: testNow.AddDate(-1, 0, 0), LastRotatedAt: testNow.AddDate(0, 0, -10), LastAccessedAt: midnight(testNow.AddDate(0, 0, -5))}
		if set != nil {
			set(&s)
		}
		inv.SecretsManager.Secrets = append(inv.SecretsManager.Secrets, s)
	}
}

func midnight(t time.Time) time.Time { return t.Truncate(24 * time.Hour) }

// s1ARN is the ARN Normalize gives secret s1: it ends in six characters
// derived from the name, as Secrets Manager appends six of its choosing.
var s1ARN = inventory.SecretARN("aws", "us-east-1", "111122223333", "s1")

func TestSecretRotation(t *testing.T) {
	runCases(t, secretRotation, []statusCase{
		{"rotated 10 days ago", secret("s1", nil), map[string]Status{s1ARN: Pass}},
		{"rotation off", secret("s1", func(s *inventory.Secret) { s.RotationEnabled, s.RotationDays = false, 0 }), map[string]Status{s1ARN: Fail}},
		{"rotation on, last rotated 120 days ago", secret("s1", func(s *inventory.Secret) { s.LastRotatedAt = testNow.AddDate(0, 0, -120) }), map[string]Status{s1ARN: Fail}},
		{"schedule longer than the threshold", secret("s1", func(s *inventory.Secret) { s.RotationDays = 180 }), map[string]Status{s1ARN: Fail}},
		{"rate schedule within it", secret("s1", func(s *inventory.Secret) { s.RotationDays, s.RotationSchedule = 0, "rate(7 days)" }), map[string]Status{s1ARN: Pass}},
		{"rate schedule in hours", secret("s1", func(s *inventory.Secret) { s.RotationDays, s.RotationSchedule = 0, "rate(12 hours)" }), map[string]Status{s1ARN: Pass}},
		{"rate schedule beyond it", secret("s1", func(s *inventory.Secret) { s.RotationDays, s.RotationSchedule = 0, "rate(120 days)" }), map[string]Status{s1ARN: Fail}},
		{"cron schedule: judged by the last rotation", secret("s1", func(s *inventory.Secret) { s.RotationDays, s.RotationSchedule = 0, "cron(0 4 1 */6 ? *)" }), map[string]Status{s1ARN: Pass}},
		{"never rotated, created a year ago", secret("s1", func(s *inventory.Secret) { s.LastRotatedAt = time.Time{} }), map[string]Status{s1ARN: Fail}},
		{"never rotated, created last week", secret("s1", func(s *inventory.Secret) { s.LastRotatedAt, s.CreatedAt = time.Time{}, testNow.AddDate(0, 0, -7) }), map[string]Status{s1ARN: Pass}},
		{"no dates at all", secret("s1", func(s *inventory.Secret) { s.LastRotatedAt, s.CreatedAt = time.Time{}, time.Time{} }), map[string]Status{s1ARN: Unknown}},
		{"a replica is judged through its primary", both(secret("s1", nil), func(inv *inventory.Inventory) {
			inv.SecretsManager.Secrets = append(inv.SecretsManager.Secrets, inventory.Secret{Resource: inventory.Resource{Region: "eu-west-1"}, Name: "s1", PrimaryRegion: "us-east-1"})
		}), map[string]Status{s1ARN: Pass}},
		{"listing denied", denied("secretsmanager", "us-east-1", "ListSecrets", ""), map[string]Status{":secretsmanager:us-east-1:111122223333:*": Unknown}},
	})
}

func TestSecretRotationThreshold(t *testing.T) {
	s, err := ParseSettings([]byte("thresholds:\n  max_secret_rotation_days: 7\n  max_secret_unused_days: 30\n"))
	if err != nil {
		t.Fatal(err)
	}
	fs := Run(account(secret("s1", nil)), []Check{secretRotation, secretUnused}, s.Config)
	for _, f := range fs {
		want := Fail
		if f.CheckID == secretUnused.ID {
			want = Pass
		}
		if f.Status != want {
			t.Errorf("%s with thresholds 7 and 30: %s, want %s (%s)", f.CheckID, f.Status, want, f.Message)
		}
	}
	if _, err := ParseSettings([]byte("thresholds:\n  max_secret_rotation_days: 1001\n")); err == nil {
		t.Error("a rotation threshold beyond Secrets Manager's 1000 days was accepted")
	}
}

func TestSecretPolicyPublic(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("secretsmanager:GetSecretValue") {
		doc := `{"Version":"2012-10-17","Statement":[` + pc.statement + `]}`
		cases = append(cases, statusCase{pc.name, secret("s1", func(s *inventory.Secret) { s.Policy = doc }), map[string]Status{s1ARN: pc.want}})
	}
	cases = append(cases,
		statusCase{"no policy", secret("s1", nil), map[string]Status{s1ARN: Pass}},
		statusCase{"unparsable", secret("s1", func(s *inventory.Secret) { s.Policy = "{" }), map[string]Status{s1ARN: Unknown}},
		statusCase{"policy unreadable", both(secret("s1", nil), denied("secretsmanager", "us-east-1", "GetResourcePolicy", s1ARN)), map[string]Status{s1ARN: Unknown}},
		statusCase{"listing denied", denied("secretsmanager", "us-east-1", "ListSecrets", ""), map[string]Status{":secretsmanager:us-east-1:111122223333:*": Unknown}},
	)
	runCases(t, secretPolicyPublic, cases)
}

func TestSecretUnused(t *testing.T) {
	runCases(t, secretUnused, []statusCase{
		{"retrieved 5 days ago", secret("s1", nil), map[string]Status{s1ARN: Pass}},
		{"retrieved 200 days ago", secret("s1", func(s *inventory.Secret) { s.LastAccessedAt = midnight(testNow.AddDate(0, 0, -200)) }), map[string]Status{s1ARN: Fail}},
		// The date is the day of the access, which may have been late on
		// it: 91 days after that midnight is not yet 90 full days unused.
		{"access date 91 days ago", secret("s1", func(s *inventory.Secret) { s.LastAccessedAt = midnight(testNow).AddDate(0, 0, -91) }), map[string]Status{s1ARN: Pass}},
		{"access date 92 days ago", secret("s1", func(s *inventory.Secret) { s.LastAccessedAt = midnight(testNow).AddDate(0, 0, -92) }), map[string]Status{s1ARN: Fail}},
		{"never retrieved, created a year ago", secret("s1", func(s *inventory.Secret) { s.LastAccessedAt = time.Time{} }), map[string]Status{s1ARN: Fail}},
		{"never retrieved, created last month", secret("s1", func(s *inventory.Secret) { s.LastAccessedAt, s.CreatedAt = time.Time{}, testNow.AddDate(0, -1, 0) }), map[string]Status{s1ARN: Pass}},
		{"no dates at all", secret("s1", func(s *inventory.Secret) { s.LastAccessedAt, s.CreatedAt = time.Time{}, time.Time{} }), map[string]Status{s1ARN: Unknown}},
		{"listing denied", denied("secretsmanager", "us-east-1", "ListSecrets", ""), map[string]Status{":secretsmanager:us-east-1:111122223333:*": Unknown}},
	})
}

// cacheGroup adds, in us-east-1, a Redis OSS 7.1 replication group that meets
// every duty, after set has changed it.
func cacheGroup(id string, set func(g *inventory.ReplicationGroup)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		g := inventory.ReplicationGroup{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Engine: "redis", EngineVersion: "7.1.0",
			TransitEncryptionEnabled: true, TransitEncryptionMode: "required", AtRestEncryptionEnabled: true, AuthTokenEnabled: true,
			AutoMinorVersionUpgrade: true, SnapshotRetentionLimit: 7}
		if set != nil {
			set(&g)
		}
		inv.ElastiCache.ReplicationGroups = append(inv.ElastiCache.ReplicationGroups, g)
	}
}

// cacheCluster adds, in us-east-1, a cache cluster outside any group.
func cacheCluster(id, engine, version string, set func(c *inventory.CacheCluster)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.CacheCluster{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Engine: engine, EngineVersion: version, NumNodes: 1}
		if set != nil {
			set(&c)
		}
		inv.ElastiCache.Clusters = append(inv.ElastiCache.Clusters, c)
	}
}

const (
	rg1        = ":replicationgroup:rg1"
	mc1        = ":cluster:mc1"
	solo1      = ":cluster:solo1"
	cacheScope = ":elasticache:us-east-1:111122223333:*"
)

// cacheDenied are the unknown cases every ElastiCache check shares: either
// listing failing leaves the region's caches unknown.
func cacheDenied(fill func(inv *inventory.Inventory)) []statusCase {
	return []statusCase{
		{"groups denied", both(fill, denied("elasticache", "us-east-1", "DescribeReplicationGroups", "")), map[string]Status{rg1: Unknown, cacheScope: Unknown}},
		{"clusters denied", both(fill, denied("elasticache", "us-east-1", "DescribeCacheClusters", "")), map[string]Status{rg1: Unknown, cacheScope: Unknown}},
	}
}

func TestCacheTransitEncryption(t *testing.T) {
	runCases(t, cacheTransitEncryption, append([]statusCase{
		{"required", cacheGroup("rg1", nil), map[string]Status{rg1: Pass}},
		{"off", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.TransitEncryptionEnabled, g.TransitEncryptionMode = false, "" }), map[string]Status{rg1: Fail}},
		{"preferred accepts plaintext", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.TransitEncryptionMode = "preferred" }), map[string]Status{rg1: Fail}},
		{"memcached with TLS", cacheCluster("mc1", "memcached", "1.6.22", func(c *inventory.CacheCluster) { c.TransitEncryptionEnabled = true }), map[string]Status{mc1: Pass}},
		{"old memcached cannot", cacheCluster("mc1", "memcached", "1.5.16", nil), map[string]Status{mc1: Fail}},
		{"standalone redis without TLS", cacheCluster("solo1", "redis", "6.2.6", nil), map[string]Status{solo1: Fail}},
	}, cacheDenied(cacheGroup("rg1", nil))...))
}

func TestCacheAtRestEncryption(t *testing.T) {
	runCases(t, cacheAtRestEncryption, append([]statusCase{
		{"encrypted", cacheGroup("rg1", nil), map[string]Status{rg1: Pass}},
		{"unencrypted", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.AtRestEncryptionEnabled = false }), map[string]Status{rg1: Fail}},
		{"standalone redis cannot encrypt", cacheCluster("solo1", "redis", "6.2.6", nil), map[string]Status{solo1: Fail}},
		{"memcached is not judged", cacheCluster("mc1", "memcached", "1.6.22", nil), map[string]Status{}},
	}, cacheDenied(cacheGroup("rg1", nil))...))
}

func TestCacheAuth(t *testing.T) {
	runCases(t, cacheAuth, append([]statusCase{
		{"AUTH token", cacheGroup("rg1", nil), map[string]Status{rg1: Pass}},
		{"RBAC user group", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.AuthTokenEnabled, g.UserGroupIDs = false, []string{"app-users"} }), map[string]Status{rg1: Pass}},
		{"neither", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.AuthTokenEnabled = false }), map[string]Status{rg1: Fail}},
		{"valkey without either", cacheGroup("rg1", func(g *inventory.ReplicationGroup) {
			g.Engine, g.EngineVersion, g.AuthTokenEnabled = "valkey", "8.0", false
		}), map[string]Status{rg1: Fail}},
		{"standalone redis with a token", cacheCluster("solo1", "redis", "5.0.6", func(c *inventory.CacheCluster) { c.AuthTokenEnabled = true }), map[string]Status{solo1: Pass}},
		{"memcached is not judged", cacheCluster("mc1", "memcached", "1.6.22", nil), map[string]Status{}},
	}, cacheDenied(cacheGroup("rg1", nil))...))
}

func TestCacheAutoMinorUpgrade(t *testing.T) {
	runCases(t, cacheAutoMinorUpgrade, append([]statusCase{
		{"on", cacheGroup("rg1", nil), map[string]Status{rg1: Pass}},
		{"off", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.AutoMinorVersionUpgrade = false }), map[string]Status{rg1: Fail}},
		{"redis 5 cannot", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.EngineVersion, g.AutoMinorVersionUpgrade = "5.0.6", false }), map[string]Status{rg1: Fail}},
		{"memcached on", cacheCluster("mc1", "memcached", "1.6.22", func(c *inventory.CacheCluster) { c.AutoMinorVersionUpgrade = true }), map[string]Status{mc1: Pass}},
		{"memcached off", cacheCluster("mc1", "memcached", "1.6.22", nil), map[string]Status{mc1: Fail}},
	}, cacheDenied(cacheGroup("rg1", nil))...))
}

func TestCacheBackups(t *testing.T) {
	runCases(t, cacheBackups, append([]statusCase{
		{"seven days", cacheGroup("rg1", nil), map[string]Status{rg1: Pass}},
		{"none", cacheGroup("rg1", func(g *inventory.ReplicationGroup) { g.SnapshotRetentionLimit = 0 }), map[string]Status{rg1: Fail}},
		{"standalone redis without", cacheCluster("solo1", "redis", "6.2.6", nil), map[string]Status{solo1: Fail}},
		{"memcached is not judged", cacheCluster("mc1", "memcached", "1.6.22", nil), map[string]Status{}},
	}, cacheDenied(cacheGroup("rg1", nil))...))
}

func TestVersionBelow(t *testing.T) {
	for _, c := range []struct {
		v     string
		want  []int
		below bool
	}{
		{"5.0.6", []int{6}, true}, {"6.0", []int{6}, false}, {"6.2.6", []int{6}, false}, {"7.1", []int{6}, false},
		{"1.6.6", []int{1, 6, 6}, false}, {"1.6.5", []int{1, 6, 6}, true}, {"1.5.16", []int{1, 6, 12}, true},
		{"1.6.22", []int{1, 6, 12}, false}, {"", []int{6}, false}, {"x.y", []int{6}, false},
	} {
		if got := versionBelow(c.v, c.want...); got != c.below {
			t.Errorf("versionBelow(%q, %v) = %v, want %v", c.v, c.want, got, c.below)
		}
	}
}
