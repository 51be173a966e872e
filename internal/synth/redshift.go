package synth

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// redshiftGroups are the parameter groups clusters use: the default (TLS
// optional), and two custom ones, of which only one requires TLS.
var redshiftGroups = []struct {
	name       string
	requireSSL bool
}{{"default.redshift-1.0", false}, {"warehouse-tls", true}, {"warehouse-legacy", false}}

// redshift makes provisioned Redshift clusters: the newer ones private,
// encrypted, logged and on the TLS group; the older ones with the
// defaults of their day, a few of them public. Each region's parameter
// groups are those its clusters name, as the scanner reads them.
func (g *gen) redshift() {
	for ri, n := range g.spread(g.sz.RedshiftClusters) {
		region := g.regions[ri]
		used := map[string]bool{}
		for range n {
			c := inventory.RedshiftCluster{Resource: inventory.Resource{Region: region}, Status: "available", Version: "1.0",
				ID:       fmt.Sprintf("%s-%s-dw-%d", pick(g, envs), pick(g, apps), len(g.inv.Redshift.Clusters)),
				NodeType: pick(g, []string{"ra3.xlplus", "ra3.4xlarge", "dc2.large"}), CreatedAt: g.ago(6 * 365 * day),
				AllowVersionUpgrade: g.chance(0.85)}
			if g.chance(0.6) {
				c.Encrypted, c.LoggingEnabled, c.EnhancedVPCRouting = true, g.chance(0.9), g.chance(0.5)
				if g.chance(0.5) {
					c.KMSKeyID = g.kmsKey(region)
				}
				c.ParameterGroups = []string{redshiftGroups[1].name}
				c.AutomatedSnapshotRetentionPeriod = int32(pick(g, []int{7, 7, 14, 35}))
			} else {
				c.Encrypted, c.LoggingEnabled = g.chance(0.3), g.chance(0.3)
				c.PubliclyAccessible = g.chance(0.15)
				c.ParameterGroups = []string{pick(g, []string{redshiftGroups[0].name, redshiftGroups[2].name})}
				c.AutomatedSnapshotRetentionPeriod = int32(pick(g, []int{0, 1, 1, 7}))
			}
			used[c.ParameterGroups[0]] = true
			g.inv.Redshift.Clusters = append(g.inv.Redshift.Clusters, c)
		}
		for _, pg := range redshiftGroups {
			if used[pg.name] {
				g.inv.Redshift.ParameterGroups = append(g.inv.Redshift.ParameterGroups, inventory.RedshiftParameterGroup{
					Resource: inventory.Resource{Region: region}, Name: pg.name, RequireSSL: pg.requireSSL})
			}
		}
	}
}
