package scanner

import (
	"cmp"
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	"github.com/srmscan/srmscan/inventory"
)

// openSearchBatch is the most domain names DescribeDomains takes at once.
const openSearchBatch = 5

// collectOpenSearch lists a region's domains (ListDomainNames has no
// pagination: one answer names them all) and describes them in batches,
// each batch a job of its own.
func (s *scan) collectOpenSearch(ctx context.Context, region string) {
	c := s.clients.OpenSearch(region)
	out, err := c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		s.fail("es", region, "ListDomainNames", "", err)
		return
	}
	var domains []inventory.OpenSearchDomain
	for _, d := range out.DomainNames {
		name := aws.ToString(d.DomainName)
		domains = append(domains, inventory.OpenSearchDomain{
			Resource: inventory.Resource{ARN: inventory.OpenSearchDomainARN(s.partition(), region, s.account(), name), AccountID: s.account(), Region: region},
			Name:     name,
		})
	}
	for batch := range slices.Chunk(domains, openSearchBatch) {
		s.spawn(ctx, func(ctx context.Context) { s.describeOpenSearchDomains(ctx, c, batch) })
	}
}

// describeOpenSearchDomains describes one batch. A failed call is recorded
// against every domain of the batch, so only those become unknown; a
// domain the answer leaves out (deleted meanwhile) is recorded as is.
func (s *scan) describeOpenSearchDomains(ctx context.Context, c *opensearch.Client, batch []inventory.OpenSearchDomain) {
	defer s.add(func(inv *inventory.Inventory) { inv.OpenSearch.Domains = append(inv.OpenSearch.Domains, batch...) })
	names := make([]string, len(batch))
	for i, d := range batch {
		names[i] = d.Name
	}
	out, err := c.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: names})
	if err != nil {
		for _, d := range batch {
			s.fail("es", d.Region, "DescribeDomains", d.ARN, err)
		}
		return
	}
	for _, st := range out.DomainStatusList {
		i := slices.IndexFunc(batch, func(d inventory.OpenSearchDomain) bool { return d.Name == aws.ToString(st.DomainName) })
		if i >= 0 {
			readOpenSearchDomain(&batch[i], st)
		}
	}
}

func readOpenSearchDomain(d *inventory.OpenSearchDomain, st ostypes.DomainStatus) {
	d.ARN = cmp.Or(aws.ToString(st.ARN), d.ARN)
	d.EngineVersion = aws.ToString(st.EngineVersion)
	d.AccessPolicy = aws.ToString(st.AccessPolicies)
	if v := st.VPCOptions; v != nil {
		d.VPCID = aws.ToString(v.VPCId)
		if len(v.SubnetIds) > 0 {
			d.VPCSubnetIDs = slices.Sorted(slices.Values(v.SubnetIds))
		}
	}
	if e := st.EncryptionAtRestOptions; e != nil {
		d.EncryptionAtRest = aws.ToBool(e.Enabled)
		d.KMSKeyID = aws.ToString(e.KmsKeyId)
	}
	if n := st.NodeToNodeEncryptionOptions; n != nil {
		d.NodeToNodeEncryption = aws.ToBool(n.Enabled)
	}
	if e := st.DomainEndpointOptions; e != nil {
		d.EnforceHTTPS = aws.ToBool(e.EnforceHTTPS)
		d.TLSSecurityPolicy = string(e.TLSSecurityPolicy)
	}
	if a := st.AdvancedSecurityOptions; a != nil {
		d.FineGrainedAccessControl = aws.ToBool(a.Enabled)
	}
	if u := st.ServiceSoftwareOptions; u != nil {
		d.UpdateAvailable = aws.ToBool(u.UpdateAvailable)
		d.UpdateStatus = string(u.UpdateStatus)
		// The epoch stands for no scheduled update.
		if t := utc(u.AutomatedUpdateDate); t.Unix() > 0 {
			d.AutomatedUpdateDate = t
		}
	}
	for t, o := range st.LogPublishingOptions {
		if aws.ToBool(o.Enabled) {
			d.LogTypes = append(d.LogTypes, t)
		}
	}
	slices.Sort(d.LogTypes)
}

// sortOpenSearch orders the domains as sortInventory does the rest.
func sortOpenSearch(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.OpenSearch.Domains, func(a, b inventory.OpenSearchDomain) int { return byARN(a.Resource, b.Resource) })
}
