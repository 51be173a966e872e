package scanner

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// openSearchAccount has seven domains in us-east-1, so DescribeDomains
// needs two batches there (five and two), and one in eu-west-1.
const openSearchAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
opensearch:
  domains:
    - {region: us-east-1, name: logs, engine_version: OpenSearch_2.13, vpc_id: vpc-0a1b2c3d, vpc_subnet_ids: [subnet-0a, subnet-0b],
       encryption_at_rest: true, kms_key_id: arn:aws:kms:us-east-1:111122223333:key/k1, node_to_node_encryption: true,
       enforce_https: true, tls_security_policy: Policy-Min-TLS-1-2-PFS-2023-10, fine_grained_access_control: true,
       update_available: false, update_status: COMPLETED, log_types: [AUDIT_LOGS, ES_APPLICATION_LOGS]}
    - {region: us-east-1, name: search, engine_version: Elasticsearch_7.10, enforce_https: false, tls_security_policy: Policy-Min-TLS-1-0-2019-07,
       access_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"*"}]}',
       update_available: true, update_status: ELIGIBLE, automated_update_date: 2026-01-15T00:00:00Z}
    - {region: us-east-1, name: a1, engine_version: OpenSearch_2.11, tls_security_policy: Policy-Min-TLS-1-2-2019-07, update_status: COMPLETED}
    - {region: us-east-1, name: a2, engine_version: OpenSearch_2.11, tls_security_policy: Policy-Min-TLS-1-2-2019-07, update_status: COMPLETED}
    - {region: us-east-1, name: a3, engine_version: OpenSearch_2.11, tls_security_policy: Policy-Min-TLS-1-2-2019-07, update_status: COMPLETED}
    - {region: us-east-1, name: a4, engine_version: OpenSearch_2.11, tls_security_policy: Policy-Min-TLS-1-2-2019-07, update_status: COMPLETED}
    - {region: us-east-1, name: a5, engine_version: OpenSearch_2.11, tls_security_policy: Policy-Min-TLS-1-2-2019-07, update_status: COMPLETED}
    - {region: eu-west-1, name: eu-docs, engine_version: OpenSearch_2.13, vpc_id: vpc-0eu, encryption_at_rest: true,
       node_to_node_encryption: true, enforce_https: true, tls_security_policy: Policy-Min-TLS-1-2-2019-07, update_status: COMPLETED}
`

func parseOpenSearch(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(openSearchAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func assertOpenSearchEqual(t *testing.T, got, want []inventory.OpenSearchDomain) {
	t.Helper()
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	want = slices.Clone(want)
	sortOpenSearch(&inventory.Inventory{OpenSearch: inventory.OpenSearch{Domains: want}}, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected OpenSearch domains differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

func openSearchErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "es" {
			out = append(out, e)
		}
	}
	return out
}

func TestOpenSearchRoundTrip(t *testing.T) {
	acct := parseOpenSearch(t)
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	if errs := openSearchErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertOpenSearchEqual(t, inv.OpenSearch.Domains, acct.OpenSearch.Domains)
	for _, c := range []struct {
		op, region string
		want       int
	}{
		{"ListDomainNames", "us-east-1", 1},
		{"ListDomainNames", "eu-west-1", 1},
		{"DescribeDomains", "us-east-1", 2},
		{"DescribeDomains", "eu-west-1", 1},
	} {
		if got := callsOf(srv, "es", c.op)[c.region]; got != c.want {
			t.Errorf("es:%s in %s: %d calls, want %d", c.op, c.region, got, c.want)
		}
	}
}

// The emulator refuses more than five names, as OpenSearch Service does.
func TestOpenSearchBatchLimit(t *testing.T) {
	acct := parseOpenSearch(t)
	for i := range 20 {
		acct.OpenSearch.Domains = append(acct.OpenSearch.Domains, inventory.OpenSearchDomain{
			Resource: inventory.Resource{Region: "us-east-1"}, Name: fmt.Sprintf("bulk-%02d", i),
			EngineVersion: "OpenSearch_2.13", TLSSecurityPolicy: "Policy-Min-TLS-1-2-2019-07", UpdateStatus: "COMPLETED"})
	}
	acct.Normalize()
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	if errs := openSearchErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got, want := len(inv.OpenSearch.Domains), len(acct.OpenSearch.Domains); got != want {
		t.Errorf("%d domains collected, want %d", got, want)
	}
	// 27 names in us-east-1: six batches.
	if got := callsOf(srv, "es", "DescribeDomains")["us-east-1"]; got != 6 {
		t.Errorf("DescribeDomains in us-east-1: %d calls, want 6", got)
	}
}

func TestOpenSearchFailedOperations(t *testing.T) {
	acct := parseOpenSearch(t)
	arn := func(region, name string) string {
		return inventory.OpenSearchDomainARN("aws", region, "111122223333", name)
	}
	bare := func(d inventory.OpenSearchDomain) inventory.OpenSearchDomain {
		return inventory.OpenSearchDomain{Resource: d.Resource, Name: d.Name}
	}
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		// want are the errors' regions, operations and resources.
		want []string
		lost func(ds []inventory.OpenSearchDomain) []inventory.OpenSearchDomain
	}{{
		name: "listing denied in one region",
		rule: emulator.Rule{Service: "es", Operation: "ListDomainNames", Region: "eu-west-1"},
		want: []string{"eu-west-1 ListDomainNames "},
		lost: func(ds []inventory.OpenSearchDomain) []inventory.OpenSearchDomain {
			return slices.DeleteFunc(ds, func(d inventory.OpenSearchDomain) bool { return d.Region == "eu-west-1" })
		},
	}, {
		// a1 to a5 are us-east-1's first batch by name, logs and search
		// its second; the second's domains alone are lost.
		name: "one batch denied",
		rule: emulator.Rule{Service: "es", Operation: "DescribeDomains", Resource: "logs"},
		want: []string{"us-east-1 DescribeDomains " + arn("us-east-1", "logs"), "us-east-1 DescribeDomains " + arn("us-east-1", "search")},
		lost: func(ds []inventory.OpenSearchDomain) []inventory.OpenSearchDomain {
			for i, d := range ds {
				if d.Name == "logs" || d.Name == "search" {
					ds[i] = bare(d)
				}
			}
			return ds
		},
	}, {
		name: "every batch denied",
		rule: emulator.Rule{Service: "es", Operation: "DescribeDomains"},
		want: func() []string {
			var out []string
			for _, d := range acct.OpenSearch.Domains {
				out = append(out, d.Region+" DescribeDomains "+d.ARN)
			}
			return out
		}(),
		lost: func(ds []inventory.OpenSearchDomain) []inventory.OpenSearchDomain {
			for i := range ds {
				ds[i] = bare(ds[i])
			}
			return ds
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			var got []string
			for _, e := range openSearchErrors(inv) {
				if e.Kind != inventory.ErrAccessDenied || e.Code != "AccessDeniedException" {
					t.Errorf("error %+v: want access denied", e)
				}
				got = append(got, e.Region+" "+e.Operation+" "+e.ResourceARN)
			}
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			assertOpenSearchEqual(t, inv.OpenSearch.Domains, tc.lost(slices.Clone(acct.OpenSearch.Domains)))
		})
	}
}
