package synth

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// emrConfigs are the security configurations a region's clusters choose
// from: most teams copy one that encrypts everything, some one that
// encrypts only at rest, and about a third launch with none.
var emrConfigs = []struct{ name, doc string }{
	{"emr-kms-tls", `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":true,` +
		`"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-KMS","AwsKmsKey":"alias/emr"},"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"alias/emr"}},` +
		`"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM","S3Object":"s3://emr-certs/certs.zip"}}}}`},
	{"emr-at-rest", `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":false,` +
		`"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-S3"}}}}`},
}

// emr makes EMR clusters, the security configurations they use, and each
// region's block public access setting (off in a few regions, as in
// accounts that ran clusters before it became the default in 2019). A
// tenth of the clusters run in a public subnet, some of those behind a
// primary-node group open to the internet.
func (g *gen) emr() {
	e := &g.inv.EMR
	for _, region := range g.regions {
		e.Regions = append(e.Regions, inventory.EMRRegion{Resource: inventory.Resource{Region: region},
			BlockPublicSecurityGroupRules: !g.chance(0.2), PermittedPorts: []inventory.PortRange{{From: 22, To: 22}}})
	}
	for ri, n := range g.spread(g.sz.EMRClusters) {
		region := g.regions[ri]
		used := map[int]bool{}
		for range n {
			c := inventory.EMRCluster{Resource: inventory.Resource{Region: region},
				ID:           fmt.Sprintf("j-%013X", g.rng.Uint64()>>12),
				Name:         fmt.Sprintf("%s-%s-emr-%d", pick(g, envs), pick(g, apps), len(e.Clusters)),
				State:        pick(g, []string{"WAITING", "WAITING", "RUNNING", "RUNNING", "RUNNING", "STARTING", "BOOTSTRAPPING"}),
				ReleaseLabel: pick(g, []string{"emr-7.5.0", "emr-7.2.0", "emr-6.15.0", "emr-6.10.0"}),
				CreatedAt:    g.ago(90 * day)}
			c.Tags = g.tags(c.Name)
			if r := g.weighted(0.55, 0.15, 0.3); r < len(emrConfigs) {
				c.SecurityConfiguration = emrConfigs[r].name
				used[r] = true
			}
			if vs := g.vpcs[region]; len(vs) > 0 {
				v := pick(g, vs)
				if len(v.subnets) > 0 {
					c.SubnetID = pick(g, v.subnets)
				}
				if len(v.sgs) > 0 {
					c.MasterSecurityGroupIDs = []string{pick(g, v.sgs)}
				}
			}
			a, b := g.rng.IntN(256), g.rng.IntN(256)
			switch {
			case c.State == "STARTING":
				// No address until the primary node is up.
			case g.chance(0.1):
				c.MasterPublicDNSName = fmt.Sprintf("ec2-54-%d-%d-%d.%s", a, b, g.rng.IntN(256), computeDomain(region, true))
			default:
				c.MasterPublicDNSName = fmt.Sprintf("ip-10-%d-%d-%d.%s", a, b, g.rng.IntN(256), computeDomain(region, false))
			}
			e.Clusters = append(e.Clusters, c)
		}
		for i, sc := range emrConfigs {
			if used[i] {
				e.SecurityConfigurations = append(e.SecurityConfigurations, inventory.EMRSecurityConfiguration{
					Resource: inventory.Resource{Region: region}, Name: sc.name, Document: sc.doc, CreatedAt: g.ago(2 * 365 * day)})
			}
		}
	}
}

// computeDomain is the domain of EC2's DNS names in a region, which
// us-east-1 spells differently.
func computeDomain(region string, public bool) string {
	switch {
	case public && region == "us-east-1":
		return "compute-1.amazonaws.com"
	case public:
		return region + ".compute.amazonaws.com"
	case region == "us-east-1":
		return "ec2.internal"
	}
	return region + ".compute.internal"
}
