package synth

import (
	"fmt"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// openSearch makes OpenSearch Service domains: most newer ones in a VPC
// with encryption, HTTPS and fine-grained access control, as current
// templates make them; the older ones public, some with an access policy
// narrowed to office addresses and a few open to everyone; a quarter
// with a service software update waiting.
func (g *gen) openSearch() {
	for ri, n := range g.spread(g.sz.OpenSearchDomains) {
		region := g.regions[ri]
		for range n {
			d := inventory.OpenSearchDomain{Resource: inventory.Resource{Region: region},
				Name:              fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, apps), len(g.inv.OpenSearch.Domains)),
				UpdateStatus:      "COMPLETED",
				TLSSecurityPolicy: "Policy-Min-TLS-1-0-2019-07",
			}
			if g.chance(0.6) {
				d.EngineVersion = pick(g, []string{"OpenSearch_2.13", "OpenSearch_2.11", "OpenSearch_2.15"})
				if vs := g.vpcs[region]; len(vs) > 0 && g.chance(0.8) {
					d.VPCID = pick(g, vs).id
				}
				d.EncryptionAtRest, d.NodeToNodeEncryption, d.EnforceHTTPS = true, true, true
				d.TLSSecurityPolicy = pick(g, []string{"Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"})
				d.FineGrainedAccessControl = g.chance(0.7)
				if g.chance(0.5) {
					d.KMSKeyID = g.kmsKey(region)
				}
				d.LogTypes = []string{"AUDIT_LOGS", "ES_APPLICATION_LOGS"}
			} else {
				d.EngineVersion = pick(g, []string{"Elasticsearch_7.10", "Elasticsearch_6.8", "OpenSearch_1.3"})
				d.EncryptionAtRest = g.chance(0.4)
				d.NodeToNodeEncryption = g.chance(0.3)
				d.EnforceHTTPS = g.chance(0.5)
			}
			if d.VPCID == "" {
				arn := inventory.OpenSearchDomainARN("aws", region, g.inv.AccountID, d.Name) + "/*"
				switch r := g.rng.Float64(); {
				case r < 0.1:
					d.AccessPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"` + arn + `"}]}`
				case r < 0.6:
					d.AccessPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:ESHttp*","Resource":"` + arn + `",` +
						`"Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}}]}`
				default:
					d.AccessPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + g.inv.AccountID + `:role/search-app"},"Action":"es:ESHttp*","Resource":"` + arn + `"}]}`
				}
			}
			if g.chance(0.25) {
				d.UpdateAvailable, d.UpdateStatus = true, "ELIGIBLE"
				if g.chance(0.5) {
					// AWS schedules the update some weeks out.
					d.AutomatedUpdateDate = Now.Add(time.Duration(7+g.rng.IntN(30)) * day).Truncate(day)
				}
			}
			g.inv.OpenSearch.Domains = append(g.inv.OpenSearch.Domains, d)
		}
	}
}
