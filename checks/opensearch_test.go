package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// domain adds, in us-east-1, a domain that meets every OpenSearch duty,
// after set has changed it.
func domain(name string, set func(d *inventory.OpenSearchDomain)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		d := inventory.OpenSearchDomain{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, EngineVersion: "OpenSearch_2.13",
			VPCID: "vpc-0a1b2c3d", EncryptionAtRest: true, NodeToNodeEncryption: true, EnforceHTTPS: true,
			TLSSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10", FineGrainedAccessControl: true}
		if set != nil {
			set(&d)
		}
		inv.OpenSearch.Domains = append(inv.OpenSearch.Domains, d)
	}
}

var d1ARN = inventory.OpenSearchDomainARN("aws", "us-east-1", "111122223333", "d1")

// openSearchUnknownCases are the rows every domain check shares.
var openSearchUnknownCases = []statusCase{
	{"listing denied", denied("es", "us-east-1", "ListDomainNames", ""), map[string]Status{":es:us-east-1:111122223333:*": Unknown}},
	{"batch denied", both(domain("d1", nil), denied("es", "us-east-1", "DescribeDomains", d1ARN)), map[string]Status{d1ARN: Unknown}},
}

func TestOpenSearchPublic(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("es:ESHttpGet") {
		doc := `{"Version":"2012-10-17","Statement":[` + pc.statement + `]}`
		cases = append(cases,
			statusCase{pc.name + ", no VPC", domain("d1", func(d *inventory.OpenSearchDomain) { d.VPCID, d.AccessPolicy = "", doc }), map[string]Status{d1ARN: pc.want}},
			statusCase{pc.name + ", in a VPC", domain("d1", func(d *inventory.OpenSearchDomain) { d.AccessPolicy = doc }), map[string]Status{d1ARN: Pass}})
	}
	open := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"*"`
	cases = append(cases, openSearchUnknownCases...)
	cases = append(cases,
		statusCase{"narrowed to an office range", domain("d1", func(d *inventory.OpenSearchDomain) {
			d.VPCID, d.AccessPolicy = "", open+`,"Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`
		}), map[string]Status{d1ARN: Pass}},
		statusCase{"source IP 0.0.0.0/0 narrows nothing", domain("d1", func(d *inventory.OpenSearchDomain) {
			d.VPCID, d.AccessPolicy = "", open+`,"Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]}`
		}), map[string]Status{d1ARN: Fail}},
		statusCase{"subnets without a VPC ID still place it in a VPC", domain("d1", func(d *inventory.OpenSearchDomain) {
			d.VPCID, d.VPCSubnetIDs, d.AccessPolicy = "", []string{"subnet-0a"}, open+`}]}`
		}), map[string]Status{d1ARN: Pass}},
		statusCase{"no policy, no VPC", domain("d1", func(d *inventory.OpenSearchDomain) { d.VPCID = "" }), map[string]Status{d1ARN: Pass}},
		statusCase{"unparsable", domain("d1", func(d *inventory.OpenSearchDomain) { d.VPCID, d.AccessPolicy = "", "{" }), map[string]Status{d1ARN: Unknown}},
	)
	runCases(t, openSearchPublic, cases)
}

func TestOpenSearchAtRest(t *testing.T) {
	runCases(t, openSearchAtRest, append([]statusCase{
		{"encrypted", domain("d1", nil), map[string]Status{d1ARN: Pass}},
		{"with a customer key", domain("d1", func(d *inventory.OpenSearchDomain) { d.KMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/k" }), map[string]Status{d1ARN: Pass}},
		{"unencrypted", domain("d1", func(d *inventory.OpenSearchDomain) { d.EncryptionAtRest = false }), map[string]Status{d1ARN: Fail}},
	}, openSearchUnknownCases...))
}

func TestOpenSearchNodeToNode(t *testing.T) {
	runCases(t, openSearchNodeToNode, append([]statusCase{
		{"encrypted", domain("d1", nil), map[string]Status{d1ARN: Pass}},
		{"plaintext between nodes", domain("d1", func(d *inventory.OpenSearchDomain) { d.NodeToNodeEncryption = false }), map[string]Status{d1ARN: Fail}},
	}, openSearchUnknownCases...))
}

func TestOpenSearchHTTPS(t *testing.T) {
	tls := func(enforce bool, policy string) func(inv *inventory.Inventory) {
		return domain("d1", func(d *inventory.OpenSearchDomain) { d.EnforceHTTPS, d.TLSSecurityPolicy = enforce, policy })
	}
	runCases(t, openSearchHTTPS, append([]statusCase{
		{"HTTPS, TLS 1.2 with PFS", tls(true, "Policy-Min-TLS-1-2-PFS-2023-10"), map[string]Status{d1ARN: Pass}},
		{"HTTPS, TLS 1.2", tls(true, "Policy-Min-TLS-1-2-2019-07"), map[string]Status{d1ARN: Pass}},
		{"HTTPS, TLS 1.0 allowed", tls(true, "Policy-Min-TLS-1-0-2019-07"), map[string]Status{d1ARN: Fail}},
		{"HTTP allowed", tls(false, "Policy-Min-TLS-1-2-2019-07"), map[string]Status{d1ARN: Fail}},
		{"a newer TLS 1.2 policy, by its name", tls(true, "Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08"), map[string]Status{d1ARN: Pass}},
		{"a policy srmscan does not know", tls(true, "Policy-Custom-2030"), map[string]Status{d1ARN: Unknown}},
		{"no policy given", tls(true, ""), map[string]Status{d1ARN: Unknown}},
	}, openSearchUnknownCases...))
}

func TestOpenSearchFineGrained(t *testing.T) {
	runCases(t, openSearchFineGrained, append([]statusCase{
		{"on", domain("d1", nil), map[string]Status{d1ARN: Pass}},
		{"off", domain("d1", func(d *inventory.OpenSearchDomain) { d.FineGrainedAccessControl = false }), map[string]Status{d1ARN: Fail}},
	}, openSearchUnknownCases...))
}

func TestOpenSearchSoftwareUpdate(t *testing.T) {
	runCases(t, openSearchSoftwareUpdate, append([]statusCase{
		{"up to date", domain("d1", func(d *inventory.OpenSearchDomain) { d.UpdateStatus = "COMPLETED" }), map[string]Status{d1ARN: Pass}},
		{"update waiting", domain("d1", func(d *inventory.OpenSearchDomain) { d.UpdateAvailable, d.UpdateStatus = true, "ELIGIBLE" }), map[string]Status{d1ARN: Fail}},
		{"update waiting, AWS applies it next month", domain("d1", func(d *inventory.OpenSearchDomain) {
			d.UpdateAvailable, d.UpdateStatus, d.AutomatedUpdateDate = true, "ELIGIBLE", testNow.AddDate(0, 1, 0)
		}), map[string]Status{d1ARN: Fail}},
		{"update being applied", domain("d1", func(d *inventory.OpenSearchDomain) { d.UpdateAvailable, d.UpdateStatus = true, "IN_PROGRESS" }), map[string]Status{d1ARN: Pass}},
	}, openSearchUnknownCases...))
}
