package scanner

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const ssmAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
ssm:
  regions:
    - {region: us-east-1, document_public_sharing: Disable}
    - {region: eu-west-1, document_public_sharing: Enable}
  managed_instances:
    - {region: us-east-1, id: i-0aaa, ping_status: Online, last_ping_at: 2026-10-31T23:00:00Z, agent_version: 3.3.987.0, agent_latest: true,
       platform_type: Linux, platform_name: Amazon Linux, platform_version: "2023", resource_type: EC2Instance, association_status: Success,
       patch: {baseline_id: pb-0123456789abcdef0, patch_group: web, operation: Install, operation_start_time: 2026-10-20T02:00:00Z,
               operation_end_time: 2026-10-20T02:10:00Z, installed: 42, not_applicable: 300}}
    - {region: us-east-1, id: i-0bbb, ping_status: ConnectionLost, agent_version: 3.1.0.0, platform_type: Windows, resource_type: EC2Instance}
    - {region: us-east-1, id: mi-0123456789abcdef0, ping_status: Online, platform_type: Linux, resource_type: ManagedInstance, association_status: Failed,
       patch: {baseline_id: pb-0fedcba9876543210, operation: Scan, operation_end_time: 2026-09-01T00:00:00Z, installed: 10,
               installed_pending_reboot: 1, missing: 4, failed: 2, critical_non_compliant: 3, security_non_compliant: 4}}
    - {region: eu-west-1, id: i-0ccc, ping_status: Online, platform_type: Linux, resource_type: EC2Instance,
       patch: {baseline_id: pb-0aaaaaaaaaaaaaaaa, operation: Install, operation_end_time: 2026-10-25T00:00:00Z, installed: 5}}
  documents:
    - {region: us-east-1, name: Open-Runbook, document_type: Automation, document_format: YAML, shared_with: [all]}
    - {region: us-east-1, name: Private-Command, document_type: Command, document_format: JSON}
    - {region: us-east-1, name: Partner-Command, document_type: Command, document_format: JSON, shared_with: ["444455556666", "555566667777"]}
    - {region: eu-west-1, name: EU-Session, document_type: Session, document_format: JSON}
`

func parseSSM(t testing.TB) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(ssmAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// ssmOf is the SSM section in ARN order, as the scanner sorts it.
func ssmOf(s inventory.SSM) inventory.SSM {
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	out := inventory.SSM{Regions: slices.Clone(s.Regions), ManagedInstances: slices.Clone(s.ManagedInstances), Documents: slices.Clone(s.Documents)}
	sortSSM(&inventory.Inventory{SSM: out}, byARN)
	return out
}

func assertSSMEqual(t *testing.T, got, want inventory.SSM) {
	t.Helper()
	g, _ := json.MarshalIndent(ssmOf(got), "", " ")
	w, _ := json.MarshalIndent(ssmOf(want), "", " ")
	if string(g) != string(w) {
		t.Errorf("collected SSM differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func ssmErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "ssm" {
			out = append(out, e)
		}
	}
	return out
}

func TestSSMRoundTrip(t *testing.T) {
	acct := parseSSM(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := ssmErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertSSMEqual(t, inv.SSM, acct.SSM)

	// One item per page: a collector that stopped at the first page would
	// make one call per listing. Each page of nodes is one batch of patch
	// states; a document shared with two accounts takes two pages.
	for _, c := range []struct {
		op, region string
		want       int
	}{
		{"DescribeInstanceInformation", "us-east-1", 3},
		{"DescribeInstanceInformation", "eu-west-1", 1},
		{"DescribeInstancePatchStates", "us-east-1", 3},
		{"DescribeInstancePatchStates", "eu-west-1", 1},
		{"ListDocuments", "us-east-1", 3},
		{"DescribeDocumentPermission", "us-east-1", 4},
		{"DescribeDocumentPermission", "eu-west-1", 1},
		{"GetServiceSetting", "eu-west-1", 1},
	} {
		if got := callsOf(srv, "ssm", c.op)[c.region]; got != c.want {
			t.Errorf("ssm:%s in %s: %d calls, want %d", c.op, c.region, got, c.want)
		}
	}
}

// A setting never changed reads as AWS's default, which allows public
// sharing.
func TestSSMSettingDefault(t *testing.T) {
	acct := parseSSM(t)
	acct.SSM.Regions = nil
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"us-east-1"}})
	if len(inv.SSM.Regions) != 1 || inv.SSM.Regions[0].DocumentPublicSharing != "Enable" ||
		inv.SSM.Regions[0].ARN != "arn:aws:ssm:us-east-1:111122223333:servicesetting/ssm/documents/console/public-sharing-permission" {
		t.Errorf("regions = %+v", inv.SSM.Regions)
	}
}

// More managed nodes than one DescribeInstancePatchStates call may name:
// each page of 50 is one batch, and no request names more than 50.
func TestSSMPatchStateBatches(t *testing.T) {
	acct := &inventory.Inventory{AccountID: "111122223333", Regions: []string{"us-east-1"}}
	for i := range 120 {
		acct.SSM.ManagedInstances = append(acct.SSM.ManagedInstances, inventory.ManagedInstance{
			Resource: inventory.Resource{Region: "us-east-1"}, ID: fmt.Sprintf("i-%017x", i), PingStatus: "Online",
			Patch: &inventory.PatchState{BaselineID: "pb-1", Operation: "Scan", OperationEndTime: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Missing: int32(i % 3)}})
	}
	acct.Normalize()
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions, Services: []string{"ssm"}})
	if errs := ssmErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := callsOf(srv, "ssm", "DescribeInstanceInformation")["us-east-1"]; got != 3 {
		t.Errorf("DescribeInstanceInformation: %d calls, want 3", got)
	}
	if got := callsOf(srv, "ssm", "DescribeInstancePatchStates")["us-east-1"]; got != 3 {
		t.Errorf("DescribeInstancePatchStates: %d calls, want 3", got)
	}
	withState := 0
	for _, m := range inv.SSM.ManagedInstances {
		if m.Patch != nil && m.Patch.Missing == int32(mustHex(t, m.ID[2:])%3) {
			withState++
		}
	}
	if withState != 120 {
		t.Errorf("%d of 120 nodes have their own patch state", withState)
	}
}

func mustHex(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(s, "%x", &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSSMFailedOperations(t *testing.T) {
	docARN := inventory.SSMDocumentARN("aws", "us-east-1", "111122223333", "Open-Runbook")
	settingARN := inventory.SSMSettingARN("aws", "eu-west-1", "111122223333", inventory.DocumentPublicSharingSetting)
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(s *inventory.SSM)
	}{{
		name: "nodes denied in one region",
		rule: emulator.Rule{Service: "ssm", Operation: "DescribeInstanceInformation", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "ssm", Region: "us-east-1", Operation: "DescribeInstanceInformation",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *inventory.SSM) {
			s.ManagedInstances = slices.DeleteFunc(s.ManagedInstances, func(m inventory.ManagedInstance) bool { return m.Region == "us-east-1" })
		},
	}, {
		name: "patch states denied in one region",
		rule: emulator.Rule{Service: "ssm", Operation: "DescribeInstancePatchStates", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "ssm", Region: "eu-west-1", Operation: "DescribeInstancePatchStates",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *inventory.SSM) {
			for i := range s.ManagedInstances {
				if s.ManagedInstances[i].Region == "eu-west-1" {
					s.ManagedInstances[i].Patch = nil
				}
			}
		},
	}, {
		name: "documents denied in one region",
		rule: emulator.Rule{Service: "ssm", Operation: "ListDocuments", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "ssm", Region: "us-east-1", Operation: "ListDocuments",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *inventory.SSM) {
			s.Documents = slices.DeleteFunc(s.Documents, func(d inventory.SSMDocument) bool { return d.Region == "us-east-1" })
		},
	}, {
		name: "one document's permission denied",
		rule: emulator.Rule{Service: "ssm", Operation: "DescribeDocumentPermission", Resource: "Open-Runbook"},
		want: inventory.CollectionError{Service: "ssm", Region: "us-east-1", Operation: "DescribeDocumentPermission", ResourceARN: docARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *inventory.SSM) {
			for i := range s.Documents {
				if s.Documents[i].ARN == docARN {
					s.Documents[i].SharedWith = nil
				}
			}
		},
	}, {
		name: "setting denied in one region",
		rule: emulator.Rule{Service: "ssm", Operation: "GetServiceSetting", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "ssm", Region: "eu-west-1", Operation: "GetServiceSetting", ResourceARN: settingARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *inventory.SSM) {
			for i := range s.Regions {
				if s.Regions[i].Region == "eu-west-1" {
					s.Regions[i].DocumentPublicSharing = ""
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := parseSSM(t)
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, ssmErrors(inv), tc.want)
			want := ssmOf(acct.SSM)
			for i := range want.ManagedInstances {
				if p := want.ManagedInstances[i].Patch; p != nil {
					c := *p
					want.ManagedInstances[i].Patch = &c
				}
			}
			tc.lost(&want)
			assertSSMEqual(t, inv.SSM, want)
		})
	}
}
