package scanner

import (
	"cmp"
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/srmscan/srmscan/inventory"
)

const (
	// secretsMaxResults is ListSecrets' largest page (1 to 100).
	secretsMaxResults = 100
	// elastiCacheMaxRecords is the largest page ElastiCache's listings
	// accept (20 to 100).
	elastiCacheMaxRecords = 100
)

// collectSecrets lists a region's secrets and reads each one's resource
// policy in a job of its own. ListSecrets describes a secret fully
// (rotation, last access, key) but never its value, which srmscan must not
// read; the policy is in no listing.
func (s *scan) collectSecrets(ctx context.Context, region string) {
	c := s.clients.SecretsManager(region)
	p := secretsmanager.NewListSecretsPaginator(c, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(secretsMaxResults)})
	allPages(ctx, s, "secretsmanager", region, "ListSecrets", p, func(page *secretsmanager.ListSecretsOutput) {
		for _, e := range page.SecretList {
			sec := s.secret(region, e)
			s.spawn(ctx, func(ctx context.Context) { s.collectSecretPolicy(ctx, c, sec) })
		}
	})
}

func (s *scan) secret(region string, e smtypes.SecretListEntry) inventory.Secret {
	name := aws.ToString(e.Name)
	x := inventory.Secret{
		Resource: inventory.Resource{
			ARN:       cmp.Or(aws.ToString(e.ARN), inventory.SecretARN(s.partition(), region, s.account(), name)),
			AccountID: s.account(),
			Region:    region,
		},
		Name:            name,
		KMSKeyID:        aws.ToString(e.KmsKeyId),
		RotationEnabled: aws.ToBool(e.RotationEnabled),
		OwningService:   aws.ToString(e.OwningService),
		PrimaryRegion:   aws.ToString(e.PrimaryRegion),
		CreatedAt:       utc(e.CreatedDate),
		LastChangedAt:   utc(e.LastChangedDate),
		LastRotatedAt:   utc(e.LastRotatedDate),
		LastAccessedAt:  utc(e.LastAccessedDate),
		Tags:            tagsOf(e.Tags, func(t smtypes.Tag) (*string, *string) { return t.Key, t.Value }),
	}
	if r := e.RotationRules; r != nil {
		x.RotationDays = aws.ToInt64(r.AutomaticallyAfterDays)
		x.RotationSchedule = aws.ToString(r.ScheduleExpression)
	}
	return x
}

// collectSecretPolicy reads a secret's resource policy. A secret without
// one answers with no ResourcePolicy, not an error.
func (s *scan) collectSecretPolicy(ctx context.Context, c *secretsmanager.Client, sec inventory.Secret) {
	defer s.add(func(inv *inventory.Inventory) { inv.SecretsManager.Secrets = append(inv.SecretsManager.Secrets, sec) })
	out, err := c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String(sec.ARN)})
	if err != nil {
		s.fail("secretsmanager", sec.Region, "GetResourcePolicy", sec.ARN, err)
		return
	}
	sec.Policy = aws.ToString(out.ResourcePolicy)
}

// collectElastiCache lists a region's replication groups and cache
// clusters side by side. Every cluster is listed, members of groups too:
// a group does not say its engine version, its members do. Only the
// clusters outside groups are kept as clusters of their own.
func (s *scan) collectElastiCache(ctx context.Context, region string) {
	c := s.clients.ElastiCache(region)
	var (
		groups   []inventory.ReplicationGroup
		clusters []ectypes.CacheCluster
	)
	j := s.join(func() {
		versions := map[string]string{}
		var own []inventory.CacheCluster
		for _, cc := range clusters {
			if g := aws.ToString(cc.ReplicationGroupId); g != "" {
				versions[g] = cmp.Or(versions[g], aws.ToString(cc.EngineVersion))
				continue
			}
			own = append(own, s.cacheCluster(region, cc))
		}
		for i := range groups {
			groups[i].EngineVersion = versions[groups[i].ID]
		}
		s.add(func(inv *inventory.Inventory) {
			inv.ElastiCache.ReplicationGroups = append(inv.ElastiCache.ReplicationGroups, groups...)
			inv.ElastiCache.Clusters = append(inv.ElastiCache.Clusters, own...)
		})
	})
	j.spawn(ctx, func(ctx context.Context) {
		p := elasticache.NewDescribeReplicationGroupsPaginator(c, &elasticache.DescribeReplicationGroupsInput{MaxRecords: aws.Int32(elastiCacheMaxRecords)})
		var out []inventory.ReplicationGroup
		allPages(ctx, s, "elasticache", region, "DescribeReplicationGroups", p, func(page *elasticache.DescribeReplicationGroupsOutput) {
			for _, g := range page.ReplicationGroups {
				out = append(out, s.replicationGroup(region, g))
			}
		})
		j.mu.Lock()
		groups = out
		j.mu.Unlock()
	})
	j.spawn(ctx, func(ctx context.Context) {
		p := elasticache.NewDescribeCacheClustersPaginator(c, &elasticache.DescribeCacheClustersInput{MaxRecords: aws.Int32(elastiCacheMaxRecords)})
		var out []ectypes.CacheCluster
		allPages(ctx, s, "elasticache", region, "DescribeCacheClusters", p, func(page *elasticache.DescribeCacheClustersOutput) {
			out = append(out, page.CacheClusters...)
		})
		j.mu.Lock()
		clusters = out
		j.mu.Unlock()
	})
	j.close()
}

func (s *scan) replicationGroup(region string, g ectypes.ReplicationGroup) inventory.ReplicationGroup {
	id := aws.ToString(g.ReplicationGroupId)
	x := inventory.ReplicationGroup{
		Resource: inventory.Resource{
			ARN:       cmp.Or(aws.ToString(g.ARN), inventory.ElastiCacheARN(s.partition(), region, s.account(), "replicationgroup", id)),
			AccountID: s.account(),
			Region:    region,
		},
		ID: id,
		// Only Redis OSS and Valkey form replication groups; responses
		// from before Valkey may leave the engine out.
		Engine:                   cmp.Or(aws.ToString(g.Engine), "redis"),
		Status:                   aws.ToString(g.Status),
		NodeType:                 aws.ToString(g.CacheNodeType),
		TransitEncryptionEnabled: aws.ToBool(g.TransitEncryptionEnabled),
		TransitEncryptionMode:    string(g.TransitEncryptionMode),
		AtRestEncryptionEnabled:  aws.ToBool(g.AtRestEncryptionEnabled),
		KMSKeyID:                 aws.ToString(g.KmsKeyId),
		AuthTokenEnabled:         aws.ToBool(g.AuthTokenEnabled),
		AutoMinorVersionUpgrade:  aws.ToBool(g.AutoMinorVersionUpgrade),
		SnapshotRetentionLimit:   aws.ToInt32(g.SnapshotRetentionLimit),
		AutomaticFailover:        string(g.AutomaticFailover),
		MultiAZ:                  string(g.MultiAZ),
		CreatedAt:                utc(g.ReplicationGroupCreateTime),
	}
	// An empty list is left nil, as a snapshot read back holds it, so a
	// scan and an evaluation of its snapshot give the same evidence.
	if len(g.MemberClusters) > 0 {
		x.MemberClusters = slices.Sorted(slices.Values(g.MemberClusters))
	}
	if len(g.UserGroupIds) > 0 {
		x.UserGroupIDs = slices.Sorted(slices.Values(g.UserGroupIds))
	}
	return x
}

func (s *scan) cacheCluster(region string, c ectypes.CacheCluster) inventory.CacheCluster {
	id := aws.ToString(c.CacheClusterId)
	return inventory.CacheCluster{
		Resource: inventory.Resource{
			ARN:       cmp.Or(aws.ToString(c.ARN), inventory.ElastiCacheARN(s.partition(), region, s.account(), "cluster", id)),
			AccountID: s.account(),
			Region:    region,
		},
		ID:                       id,
		Engine:                   aws.ToString(c.Engine),
		EngineVersion:            aws.ToString(c.EngineVersion),
		Status:                   aws.ToString(c.CacheClusterStatus),
		NodeType:                 aws.ToString(c.CacheNodeType),
		NumNodes:                 aws.ToInt32(c.NumCacheNodes),
		TransitEncryptionEnabled: aws.ToBool(c.TransitEncryptionEnabled),
		TransitEncryptionMode:    string(c.TransitEncryptionMode),
		AtRestEncryptionEnabled:  aws.ToBool(c.AtRestEncryptionEnabled),
		AuthTokenEnabled:         aws.ToBool(c.AuthTokenEnabled),
		AutoMinorVersionUpgrade:  aws.ToBool(c.AutoMinorVersionUpgrade),
		SnapshotRetentionLimit:   aws.ToInt32(c.SnapshotRetentionLimit),
		CreatedAt:                utc(c.CacheClusterCreateTime),
	}
}

// sortSecretsCache orders the Secrets Manager and ElastiCache lists as
// sortInventory does the rest.
func sortSecretsCache(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.SecretsManager.Secrets, func(a, b inventory.Secret) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.ElastiCache.ReplicationGroups, func(a, b inventory.ReplicationGroup) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.ElastiCache.Clusters, func(a, b inventory.CacheCluster) int { return byARN(a.Resource, b.Resource) })
}
