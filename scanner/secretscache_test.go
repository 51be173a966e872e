package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const secretsCacheAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
secretsmanager:
  secrets:
    - {region: us-east-1, name: prod/db/password, rotation_enabled: true, rotation_days: 30, kms_key_id: alias/secrets,
       created_at: 2024-01-02T03:04:05Z, last_changed_at: 2025-10-01T00:00:00Z, last_rotated_at: 2025-10-01T00:00:00Z,
       last_accessed_at: 2025-10-20T00:00:00Z, tags: {team: payments},
       policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'}
    - {region: us-east-1, name: api-key, created_at: 2023-05-06T07:08:09Z}
    - {region: us-east-1, name: rds!db-abc, rotation_enabled: true, rotation_schedule: rate(7 days), owning_service: rds,
       created_at: 2025-01-01T00:00:00Z, last_rotated_at: 2025-10-25T00:00:00Z}
    - {region: eu-west-1, name: eu/token, primary_region: us-east-1, created_at: 2025-02-03T04:05:06Z}
elasticache:
  replication_groups:
    - {region: us-east-1, id: sessions, engine: redis, engine_version: 7.1.0, member_clusters: [sessions-001, sessions-002],
       transit_encryption_enabled: true, transit_encryption_mode: required, at_rest_encryption_enabled: true, kms_key_id: alias/cache,
       auth_token_enabled: true, auto_minor_version_upgrade: true, snapshot_retention_limit: 7, automatic_failover: enabled,
       multi_az: enabled, node_type: cache.r7g.large, status: available, created_at: 2025-03-04T05:06:07Z}
    - {region: us-east-1, id: legacy, engine: redis, engine_version: 5.0.6, member_clusters: [legacy-001], node_type: cache.t3.small,
       automatic_failover: disabled, multi_az: disabled, status: available}
    - {region: eu-west-1, id: valkey-eu, engine: valkey, engine_version: "8.0", member_clusters: [valkey-eu-001],
       transit_encryption_enabled: true, transit_encryption_mode: preferred, user_group_ids: [app-users], auto_minor_version_upgrade: true,
       snapshot_retention_limit: 1, automatic_failover: disabled, multi_az: disabled, status: available}
  clusters:
    - {region: us-east-1, id: memcached-web, engine: memcached, engine_version: 1.6.22, num_nodes: 3, node_type: cache.t4g.small,
       transit_encryption_enabled: true, auto_minor_version_upgrade: true, status: available, created_at: 2025-06-07T08:09:10Z}
    - {region: eu-west-1, id: solo-redis, engine: redis, engine_version: 6.2.6, num_nodes: 1, snapshot_retention_limit: 0, status: available}
`

func parseSecretsCache(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(secretsCacheAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

type secretsCachePart struct {
	SecretsManager inventory.SecretsManager
	ElastiCache    inventory.ElastiCache
}

func secretsCacheOf(inv *inventory.Inventory) secretsCachePart {
	p := secretsCachePart{inv.SecretsManager, inv.ElastiCache}
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortSecretsCache(&inventory.Inventory{SecretsManager: p.SecretsManager, ElastiCache: p.ElastiCache}, byARN)
	return p
}

func assertSecretsCacheEqual(t *testing.T, got, want secretsCachePart) {
	t.Helper()
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortSecretsCache(&inventory.Inventory{SecretsManager: want.SecretsManager, ElastiCache: want.ElastiCache}, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected Secrets Manager/ElastiCache differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

func secretsCacheErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "secretsmanager" || e.Service == "elasticache" {
			out = append(out, e)
		}
	}
	return out
}

// The ElastiCache listings take at least 20 records a page, so paging is
// proved with PageSize 1, which the emulator applies under any MaxRecords.
func TestSecretsCacheRoundTrip(t *testing.T) {
	acct := parseSecretsCache(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := secretsCacheErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertSecretsCacheEqual(t, secretsCacheOf(inv), secretsCachePart{acct.SecretsManager, acct.ElastiCache})

	for _, c := range []struct {
		service, op, region string
		want                int
	}{
		{"secretsmanager", "ListSecrets", "us-east-1", 3},
		{"secretsmanager", "ListSecrets", "eu-west-1", 1},
		{"secretsmanager", "GetResourcePolicy", "us-east-1", 3},
		{"secretsmanager", "GetResourcePolicy", "eu-west-1", 1},
		{"elasticache", "DescribeReplicationGroups", "us-east-1", 2},
		// sessions-001, sessions-002, legacy-001, memcached-web.
		{"elasticache", "DescribeCacheClusters", "us-east-1", 4},
		{"elasticache", "DescribeCacheClusters", "eu-west-1", 2},
	} {
		if got := callsOf(srv, c.service, c.op)[c.region]; got != c.want {
			t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, c.region, got, c.want)
		}
	}
}

// srmscan must never be able to read a secret's value: no operation that
// returns one is in the allow-list the IAM policy is built from.
func TestNoSecretValueIsRead(t *testing.T) {
	for _, p := range Permissions {
		if p.Service != "secretsmanager" {
			continue
		}
		if !slices.Contains([]string{"ListSecrets", "GetResourcePolicy"}, p.Operation) {
			t.Errorf("Permissions holds secretsmanager:%s; only ListSecrets and GetResourcePolicy describe secrets without their values", p.Operation)
		}
	}
	for _, op := range []string{"GetSecretValue", "BatchGetSecretValue", "ListSecretVersionIds", "GetRandomPassword"} {
		for _, p := range Permissions {
			if p.Operation == op || p.Action == "secretsmanager:"+op {
				t.Errorf("Permissions holds %s:%s (%s): srmscan must never read a secret's value", p.Service, p.Operation, p.Action)
			}
		}
	}
}

func TestSecretsCacheFailedOperations(t *testing.T) {
	acct := parseSecretsCache(t)
	secretARN := inventory.SecretARN("aws", "us-east-1", "111122223333", "prod/db/password")
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(p *secretsCachePart)
	}{{
		name: "secrets denied in one region",
		rule: emulator.Rule{Service: "secretsmanager", Operation: "ListSecrets", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "secretsmanager", Region: "eu-west-1", Operation: "ListSecrets",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *secretsCachePart) {
			p.SecretsManager.Secrets = slices.DeleteFunc(p.SecretsManager.Secrets, func(s inventory.Secret) bool { return s.Region == "eu-west-1" })
		},
	}, {
		name: "one secret's policy denied",
		rule: emulator.Rule{Service: "secretsmanager", Operation: "GetResourcePolicy", Resource: "prod/db/password"},
		want: inventory.CollectionError{Service: "secretsmanager", Region: "us-east-1", Operation: "GetResourcePolicy", ResourceARN: secretARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(p *secretsCachePart) {
			for i := range p.SecretsManager.Secrets {
				if s := &p.SecretsManager.Secrets[i]; s.ARN == secretARN {
					s.Policy = ""
				}
			}
		},
	}, {
		name: "replication groups denied in one region",
		rule: emulator.Rule{Service: "elasticache", Operation: "DescribeReplicationGroups", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "elasticache", Region: "us-east-1", Operation: "DescribeReplicationGroups",
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *secretsCachePart) {
			p.ElastiCache.ReplicationGroups = slices.DeleteFunc(p.ElastiCache.ReplicationGroups, func(g inventory.ReplicationGroup) bool { return g.Region == "us-east-1" })
		},
	}, {
		// The groups are still read; only what the members say (the
		// engine version) is lost with the clusters.
		name: "cache clusters denied in one region",
		rule: emulator.Rule{Service: "elasticache", Operation: "DescribeCacheClusters", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "elasticache", Region: "eu-west-1", Operation: "DescribeCacheClusters",
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(p *secretsCachePart) {
			p.ElastiCache.Clusters = slices.DeleteFunc(p.ElastiCache.Clusters, func(c inventory.CacheCluster) bool { return c.Region == "eu-west-1" })
			for i := range p.ElastiCache.ReplicationGroups {
				if g := &p.ElastiCache.ReplicationGroups[i]; g.Region == "eu-west-1" {
					g.EngineVersion = ""
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, secretsCacheErrors(inv), tc.want)
			want := secretsCachePart{acct.SecretsManager, acct.ElastiCache}
			want.SecretsManager.Secrets = slices.Clone(want.SecretsManager.Secrets)
			want.ElastiCache.ReplicationGroups = slices.Clone(want.ElastiCache.ReplicationGroups)
			want.ElastiCache.Clusters = slices.Clone(want.ElastiCache.Clusters)
			tc.lost(&want)
			assertSecretsCacheEqual(t, secretsCacheOf(inv), want)
		})
	}
}
