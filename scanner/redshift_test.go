package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const redshiftAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
redshift:
  clusters:
    - {region: us-east-1, id: analytics, node_type: ra3.xlplus, version: "1.0", status: available, encrypted: true, kms_key_id: alias/rs,
       allow_version_upgrade: true, parameter_groups: [secure-pg], automated_snapshot_retention_period: 7, enhanced_vpc_routing: true,
       logging_enabled: true, created_at: 2025-03-04T05:06:07Z, tags: {team: data}}
    - {region: us-east-1, id: legacy, node_type: dc2.large, version: "1.0", status: available, publicly_accessible: true,
       parameter_groups: [default.redshift-1.0], automated_snapshot_retention_period: 1}
    - {region: us-east-1, id: reports, node_type: ra3.xlplus, status: available, encrypted: true, allow_version_upgrade: true,
       parameter_groups: [secure-pg], automated_snapshot_retention_period: 35, logging_enabled: true}
    - {region: eu-west-1, id: eu-wh, node_type: ra3.4xlarge, status: available, encrypted: true, parameter_groups: [eu-pg],
       automated_snapshot_retention_period: 0}
  parameter_groups:
    - {region: us-east-1, name: secure-pg, require_ssl: true}
    - {region: us-east-1, name: default.redshift-1.0}
    - {region: eu-west-1, name: eu-pg}
`

func parseRedshift(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(redshiftAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func assertRedshiftEqual(t *testing.T, got, want inventory.Redshift) {
	t.Helper()
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortRedshift(&inventory.Inventory{Redshift: got}, byARN)
	sortRedshift(&inventory.Inventory{Redshift: want}, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected Redshift differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func redshiftErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "redshift" {
			out = append(out, e)
		}
	}
	return out
}

// Redshift's listings take at least 20 records a page, so paging is proved
// with PageSize 1, which the emulator applies under any MaxRecords: every
// parameter group then takes one page per parameter.
func TestRedshiftRoundTrip(t *testing.T) {
	acct := parseRedshift(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := redshiftErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertRedshiftEqual(t, inv.Redshift, acct.Redshift)

	for _, c := range []struct {
		op, region string
		want       int
	}{
		{"DescribeClusters", "us-east-1", 3},
		{"DescribeClusters", "eu-west-1", 1},
		{"DescribeLoggingStatus", "us-east-1", 3},
		{"DescribeLoggingStatus", "eu-west-1", 1},
		// Two groups shared by three clusters, fourteen parameters each.
		{"DescribeClusterParameters", "us-east-1", 28},
		{"DescribeClusterParameters", "eu-west-1", 14},
	} {
		if got := callsOf(srv, "redshift", c.op)[c.region]; got != c.want {
			t.Errorf("redshift:%s in %s: %d calls, want %d", c.op, c.region, got, c.want)
		}
	}
}

func TestRedshiftFailedOperations(t *testing.T) {
	acct := parseRedshift(t)
	legacyARN := inventory.RedshiftARN("aws", "us-east-1", "111122223333", "cluster", "legacy")
	pgARN := inventory.RedshiftARN("aws", "us-east-1", "111122223333", "parametergroup", "secure-pg")
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(r *inventory.Redshift)
	}{{
		// The parameter groups are named only by the clusters, so they
		// go with them.
		name: "clusters denied in one region",
		rule: emulator.Rule{Service: "redshift", Operation: "DescribeClusters", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "redshift", Region: "eu-west-1", Operation: "DescribeClusters",
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(r *inventory.Redshift) {
			r.Clusters = slices.DeleteFunc(r.Clusters, func(c inventory.RedshiftCluster) bool { return c.Region == "eu-west-1" })
			r.ParameterGroups = slices.DeleteFunc(r.ParameterGroups, func(g inventory.RedshiftParameterGroup) bool { return g.Region == "eu-west-1" })
		},
	}, {
		name: "one cluster's logging status denied",
		rule: emulator.Rule{Service: "redshift", Operation: "DescribeLoggingStatus", Resource: "legacy"},
		want: inventory.CollectionError{Service: "redshift", Region: "us-east-1", Operation: "DescribeLoggingStatus", ResourceARN: legacyARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(*inventory.Redshift) {},
	}, {
		name: "one parameter group denied",
		rule: emulator.Rule{Service: "redshift", Operation: "DescribeClusterParameters", Resource: "secure-pg"},
		want: inventory.CollectionError{Service: "redshift", Region: "us-east-1", Operation: "DescribeClusterParameters", ResourceARN: pgARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(r *inventory.Redshift) {
			r.ParameterGroups = slices.DeleteFunc(r.ParameterGroups, func(g inventory.RedshiftParameterGroup) bool { return g.ARN == pgARN })
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, redshiftErrors(inv), tc.want)
			want := acct.Redshift
			want.Clusters = slices.Clone(want.Clusters)
			want.ParameterGroups = slices.Clone(want.ParameterGroups)
			tc.lost(&want)
			assertRedshiftEqual(t, inv.Redshift, want)
		})
	}
}
