package synth

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// secretsCache makes Secrets Manager secrets and ElastiCache caches.
// Secrets: a third are database credentials RDS manages (rotated weekly),
// most of the rest rotate monthly, some never; a tenth were not read in
// months and a few were never read; a few policies name the organisation
// and one in a hundred is open to everyone. Caches: Redis OSS and Valkey
// replication groups of one to three nodes, the newer ones built with
// TLS, encryption at rest and RBAC, the older ones with the defaults of
// their day; and Memcached clusters beside them.
func (g *gen) secretsCache() {
	for ri, n := range g.spread(g.sz.Secrets) {
		region := g.regions[ri]
		for range n {
			s := inventory.Secret{Resource: inventory.Resource{Region: region}, CreatedAt: g.ago(4 * 365 * day)}
			s.Name = fmt.Sprintf("%s/%s/%s-%d", pick(g, envs), pick(g, apps), pick(g, []string{"db", "api-key", "token", "oauth", "smtp"}), len(g.inv.SecretsManager.Secrets))
			switch r := g.rng.Float64(); {
			case r < 0.3:
				s.Name = fmt.Sprintf("rds!db-%08x-%04x-4%03x-8%03x-%012x", g.rng.Uint32(), g.rng.IntN(1<<16), g.rng.IntN(1<<12), g.rng.IntN(1<<12), g.rng.Uint64()>>16)
				s.OwningService, s.RotationEnabled, s.RotationSchedule = "rds", true, "rate(7 days)"
				s.LastRotatedAt = g.ago(7 * day)
			case r < 0.75:
				s.RotationEnabled, s.RotationDays = true, 30
				if g.chance(0.9) {
					s.LastRotatedAt = g.ago(30 * day)
				} else {
					// A rotation function that stopped working.
					s.LastRotatedAt = g.ago(400 * day)
				}
			}
			if s.LastRotatedAt.Before(s.CreatedAt) {
				s.LastRotatedAt = s.CreatedAt
			}
			switch r := g.rng.Float64(); {
			case r < 0.03:
				// Never read.
			case r < 0.13:
				s.LastAccessedAt = g.ago(300 * day).Truncate(day)
			default:
				s.LastAccessedAt = g.ago(10 * day).Truncate(day)
			}
			if s.LastAccessedAt.Before(s.CreatedAt) {
				s.LastAccessedAt = s.CreatedAt.Truncate(day)
			}
			s.LastChangedAt = s.CreatedAt
			if s.LastRotatedAt.After(s.LastChangedAt) {
				s.LastChangedAt = s.LastRotatedAt
			}
			if g.chance(0.4) {
				s.KMSKeyID = g.kmsKey(region)
			}
			switch r := g.rng.Float64(); {
			case r < 0.01:
				s.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
			case r < 0.15:
				s.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*",` +
					`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-synth0000001"}}}]}`
			}
			g.inv.SecretsManager.Secrets = append(g.inv.SecretsManager.Secrets, s)
		}
	}
	for ri, n := range g.spread(g.sz.ReplicationGroups) {
		region := g.regions[ri]
		for range n {
			id := fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, apps), len(g.inv.ElastiCache.ReplicationGroups))
			rg := inventory.ReplicationGroup{Resource: inventory.Resource{Region: region}, ID: id, Status: "available",
				NodeType: pick(g, []string{"cache.t4g.small", "cache.r7g.large", "cache.m7g.xlarge"}), CreatedAt: g.ago(5 * 365 * day),
				AutomaticFailover: "disabled", MultiAZ: "disabled"}
			for i := range 1 + g.rng.IntN(3) {
				rg.MemberClusters = append(rg.MemberClusters, fmt.Sprintf("%s-%03d", id, i+1))
			}
			if len(rg.MemberClusters) > 1 {
				rg.AutomaticFailover, rg.MultiAZ = "enabled", "enabled"
			}
			if g.chance(0.6) {
				// Built with current modules.
				rg.Engine, rg.EngineVersion = pick(g, []string{"redis", "valkey"}), ""
				if rg.Engine == "redis" {
					rg.EngineVersion = pick(g, []string{"7.1.0", "7.0.7", "6.2.6"})
				} else {
					rg.EngineVersion = pick(g, []string{"8.0", "7.2"})
				}
				rg.TransitEncryptionEnabled, rg.TransitEncryptionMode = true, "required"
				if g.chance(0.1) {
					rg.TransitEncryptionMode = "preferred"
				}
				rg.AtRestEncryptionEnabled = true
				if g.chance(0.7) {
					rg.UserGroupIDs = []string{"app-users"}
				} else {
					rg.AuthTokenEnabled = true
				}
				rg.AutoMinorVersionUpgrade = g.chance(0.9)
				rg.SnapshotRetentionLimit = int32(pick(g, []int{1, 7, 7, 35}))
			} else {
				// The defaults of older days.
				rg.Engine, rg.EngineVersion = "redis", pick(g, []string{"5.0.6", "6.0.5", "6.2.6"})
				rg.AtRestEncryptionEnabled = g.chance(0.3)
				rg.AutoMinorVersionUpgrade = rg.EngineVersion != "5.0.6" && g.chance(0.5)
				if g.chance(0.5) {
					rg.SnapshotRetentionLimit = 1
				}
			}
			g.inv.ElastiCache.ReplicationGroups = append(g.inv.ElastiCache.ReplicationGroups, rg)
		}
	}
	for ri, n := range g.spread(g.sz.CacheClusters) {
		region := g.regions[ri]
		for range n {
			c := inventory.CacheCluster{Resource: inventory.Resource{Region: region}, Engine: "memcached", Status: "available",
				ID:       fmt.Sprintf("%s-%s-mc-%d", pick(g, envs), pick(g, apps), len(g.inv.ElastiCache.Clusters)),
				NodeType: "cache.t4g.medium", NumNodes: int32(1 + g.rng.IntN(4)), CreatedAt: g.ago(5 * 365 * day)}
			c.EngineVersion = pick(g, []string{"1.6.22", "1.6.17", "1.6.6", "1.5.16"})
			c.TransitEncryptionEnabled = c.EngineVersion != "1.5.16" && g.chance(0.5)
			c.AutoMinorVersionUpgrade = c.EngineVersion != "1.5.16" && g.chance(0.8)
			g.inv.ElastiCache.Clusters = append(g.inv.ElastiCache.Clusters, c)
		}
	}
}
