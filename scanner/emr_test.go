package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const emrAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
emr:
  regions:
    - {region: us-east-1, block_public_security_group_rules: true, permitted_ports: [{from: 22, to: 22}, {from: 8443, to: 8445}]}
    - {region: eu-west-1, block_public_security_group_rules: false}
  clusters:
    - {region: us-east-1, id: j-1AAAAAAAAAAAA, name: etl, state: WAITING, security_configuration: encrypted,
       release_label: emr-7.2.0, master_public_dns_name: ip-10-0-1-10.ec2.internal, subnet_id: subnet-1,
       master_security_group_ids: [sg-master, sg-extra], created_at: 2025-03-01T10:00:00Z, tags: {team: data}}
    - {region: us-east-1, id: j-2BBBBBBBBBBBB, name: adhoc, state: RUNNING, security_configuration: encrypted,
       release_label: emr-6.15.0, master_public_dns_name: ec2-54-1-2-3.compute-1.amazonaws.com, subnet_id: subnet-2,
       master_security_group_ids: [sg-master2], created_at: 2025-03-02T10:00:00Z}
    - {region: us-east-1, id: j-3CCCCCCCCCCCC, name: plain, state: STARTING, release_label: emr-7.0.0,
       subnet_id: subnet-1, master_security_group_ids: [sg-master], created_at: 2025-03-03T10:00:00Z}
    - {region: us-east-1, id: j-4DDDDDDDDDDDD, name: gone, state: TERMINATED, created_at: 2025-01-01T10:00:00Z}
    - {region: eu-west-1, id: j-5EEEEEEEEEEEE, name: eu, state: BOOTSTRAPPING, security_configuration: transit-only,
       master_public_dns_name: ip-10-1-0-5.eu-west-1.compute.internal, master_security_group_ids: [sg-eu], created_at: 2025-02-01T10:00:00Z}
  security_configurations:
    - {region: us-east-1, name: encrypted, created_at: 2024-11-05T08:00:00Z,
       document: '{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":true}}'}
    - {region: eu-west-1, name: transit-only, created_at: 2024-11-06T08:00:00Z,
       document: '{"EncryptionConfiguration":{"EnableAtRestEncryption":false,"EnableInTransitEncryption":true}}'}
`

func parseEMR(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(emrAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// emrServed is what a scan should collect of the account: its active
// clusters, and everything else.
func emrServed(acct *inventory.Inventory) inventory.EMR {
	want := acct.EMR
	want.Regions = slices.Clone(want.Regions)
	want.SecurityConfigurations = slices.Clone(want.SecurityConfigurations)
	want.Clusters = slices.DeleteFunc(slices.Clone(want.Clusters), func(c inventory.EMRCluster) bool { return c.State == "TERMINATED" })
	return want
}

func assertEMREqual(t *testing.T, got, want inventory.EMR) {
	t.Helper()
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortEMR(&inventory.Inventory{EMR: want}, byARN)
	sortEMR(&inventory.Inventory{EMR: got}, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected EMR differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func emrErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "elasticmapreduce" {
			out = append(out, e)
		}
	}
	return out
}

func TestEMRRoundTrip(t *testing.T) {
	acct := parseEMR(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := emrErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertEMREqual(t, inv.EMR, emrServed(acct))

	// One cluster per page: a collector that stopped at the first page
	// would make one call per region. Two clusters share "encrypted",
	// which is read once.
	for _, c := range []struct {
		op, region string
		want       int
	}{
		{"GetBlockPublicAccessConfiguration", "us-east-1", 1},
		{"ListClusters", "us-east-1", 3},
		{"ListClusters", "eu-west-1", 1},
		{"DescribeCluster", "us-east-1", 3},
		{"DescribeSecurityConfiguration", "us-east-1", 1},
		{"DescribeSecurityConfiguration", "eu-west-1", 1},
	} {
		if got := callsOf(srv, "elasticmapreduce", c.op)[c.region]; got != c.want {
			t.Errorf("%s in %s: %d calls, want %d", c.op, c.region, got, c.want)
		}
	}
}

// A region the account description leaves out answers with AWS's default
// for accounts new to EMR there: blocked, port 22 excepted.
func TestEMRBlockPublicAccessDefault(t *testing.T) {
	acct := parseEMR(t)
	acct.EMR.Regions = nil
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"eu-west-1"}})
	want := []inventory.EMRRegion{{Resource: inventory.Resource{ARN: "arn:aws:elasticmapreduce:eu-west-1:111122223333:account-settings", AccountID: "111122223333", Region: "eu-west-1"},
		BlockPublicSecurityGroupRules: true, PermittedPorts: []inventory.PortRange{{From: 22, To: 22}}}}
	g, _ := json.Marshal(inv.EMR.Regions)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("regions = %s, want %s", g, w)
	}
}

func TestEMRFailedOperations(t *testing.T) {
	plain := inventory.EMRClusterARN("aws", "us-east-1", "111122223333", "j-3CCCCCCCCCCCC")
	cfgARN := inventory.EMRSecurityConfigurationARN("aws", "us-east-1", "111122223333", "encrypted")
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(e *inventory.EMR)
	}{{
		name: "block public access denied in one region",
		rule: emulator.Rule{Service: "elasticmapreduce", Operation: "GetBlockPublicAccessConfiguration", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "elasticmapreduce", Region: "us-east-1", Operation: "GetBlockPublicAccessConfiguration",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(e *inventory.EMR) {
			e.Regions = slices.DeleteFunc(e.Regions, func(r inventory.EMRRegion) bool { return r.Region == "us-east-1" })
		},
	}, {
		name: "clusters denied in one region",
		rule: emulator.Rule{Service: "elasticmapreduce", Operation: "ListClusters", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "elasticmapreduce", Region: "eu-west-1", Operation: "ListClusters",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(e *inventory.EMR) {
			e.Clusters = slices.DeleteFunc(e.Clusters, func(c inventory.EMRCluster) bool { return c.Region == "eu-west-1" })
			e.SecurityConfigurations = slices.DeleteFunc(e.SecurityConfigurations, func(c inventory.EMRSecurityConfiguration) bool { return c.Region == "eu-west-1" })
		},
	}, {
		name: "one cluster's description denied",
		rule: emulator.Rule{Service: "elasticmapreduce", Operation: "DescribeCluster", Resource: "j-3CCCCCCCCCCCC"},
		want: inventory.CollectionError{Service: "elasticmapreduce", Region: "us-east-1", Operation: "DescribeCluster", ResourceARN: plain,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(e *inventory.EMR) {
			for i := range e.Clusters {
				if c := &e.Clusters[i]; c.ARN == plain {
					*c = inventory.EMRCluster{Resource: c.Resource, ID: c.ID, Name: c.Name, State: c.State}
				}
			}
		},
	}, {
		name: "one security configuration denied",
		rule: emulator.Rule{Service: "elasticmapreduce", Operation: "DescribeSecurityConfiguration", Resource: "encrypted"},
		want: inventory.CollectionError{Service: "elasticmapreduce", Region: "us-east-1", Operation: "DescribeSecurityConfiguration", ResourceARN: cfgARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(e *inventory.EMR) {
			e.SecurityConfigurations = slices.DeleteFunc(e.SecurityConfigurations, func(c inventory.EMRSecurityConfiguration) bool { return c.ARN == cfgARN })
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseEMR(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, emrErrors(inv), tc.want)
			want := emrServed(acct)
			tc.lost(&want)
			assertEMREqual(t, inv.EMR, want)
		})
	}
}

// An endpoint that answers a region with another region's clusters (moto
// 5.2.1 keeps one EMR state for all regions) must not have them judged
// there too.
func TestEMRClusterOfAnotherRegionIsSkipped(t *testing.T) {
	acct := parseEMR(t)
	for i := range acct.EMR.Clusters {
		if c := &acct.EMR.Clusters[i]; c.Region == "eu-west-1" {
			c.ARN = inventory.EMRClusterARN("aws", "us-east-1", "111122223333", c.ID)
		}
	}
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"eu-west-1"}})
	if len(inv.EMR.Clusters) != 0 || callsOf(srv, "elasticmapreduce", "DescribeCluster")["eu-west-1"] != 0 {
		t.Errorf("clusters = %+v, want none", inv.EMR.Clusters)
	}
}
