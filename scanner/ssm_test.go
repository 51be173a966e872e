package scanner

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/demo"
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

// The EC2 patch checks end to end, through the emulator serving the demo
// account: Systems Manager's patch state decides for the managed
// instances that have one, the tags for the rest; a scan without
// Systems Manager judges every instance from its tags exactly as before;
// and when Systems Manager cannot be read the tags decide and the
// findings say why.
func TestPatchChecksSourceEndToEnd(t *testing.T) {
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	patchChecks := slices.DeleteFunc(checks.All(), func(c checks.Check) bool {
		return c.ID != "ec2-instance-patch-group" && c.ID != "ec2-instance-patched-recently"
	})
	type verdict struct {
		status  checks.Status
		source  any
		message string
		ssmErr  bool
	}
	run := func(t *testing.T, opts emulator.Options, services []string) map[string]verdict {
		t.Helper()
		inv, _ := scanAccount(t, acct, opts, Options{Services: services})
		out := map[string]verdict{}
		for _, f := range checks.Run(inv, patchChecks, checks.DefaultConfig()) {
			_, ssmErr := f.Evidence["ssm_error"]
			out[f.CheckID+" "+f.ResourceARN[strings.LastIndex(f.ResourceARN, "/")+1:]] = verdict{f.Status, f.Evidence["source"], f.Message, ssmErr}
		}
		return out
	}
	full := run(t, emulator.Options{}, nil)
	ec2Only := run(t, emulator.Options{}, []string{"ec2"})
	denied := run(t, emulator.Options{Deny: []emulator.Rule{{Service: "ssm", Operation: "DescribeInstanceInformation"}}}, nil)

	managed := map[string]bool{}
	for _, m := range acct.SSM.ManagedInstances {
		managed[m.ID] = m.Patch != nil
	}
	for key, v := range full {
		id := key[strings.Index(key, " ")+1:]
		want := "tags"
		if managed[id] {
			want = "ssm"
		}
		if v.source != want || v.ssmErr {
			t.Errorf("full scan, %s: decided from %v (%s), want %s", key, v.source, v.message, want)
		}
		// Without Systems Manager: tags, no mention of it, and the
		// verdict and message of a tag-only scan.
		e := ec2Only[key]
		if e.source != "tags" || e.ssmErr || strings.Contains(e.message, "Systems Manager") {
			t.Errorf("ec2-only scan, %s: %+v", key, e)
		}
		if want == "tags" && (e.status != v.status || e.message != v.message) {
			t.Errorf("%s: full scan %s %q, ec2-only scan %s %q: an unmanaged instance must be judged alike", key, v.status, v.message, e.status, e.message)
		}
		// Systems Manager denied: tags decide, the same as the ec2-only
		// scan, and the finding names the failed read.
		d := denied[key]
		if d.source != "tags" || !d.ssmErr || d.status != e.status || !strings.Contains(d.message, "Systems Manager could not be read") {
			t.Errorf("ssm denied, %s: %+v; want %s from tags, naming the failure", key, d, e.status)
		}
	}
	if len(full) != 2*len(acct.EC2.Instances) || len(ec2Only) != len(full) || len(denied) != len(full) {
		t.Errorf("findings: %d full, %d ec2-only, %d denied; want %d each", len(full), len(ec2Only), len(denied), 2*len(acct.EC2.Instances))
	}
	// The demo's cases: SSM's stale scan fails prod-worker-1 where its
	// tag would too; prod-app-2's pending reboot does not make it
	// unpatched; the ConnectionLost DR standby's recent state passes.
	for key, want := range map[string]checks.Status{
		"ec2-instance-patched-recently i-06b3bfc41e888aa8b": checks.Fail,
		"ec2-instance-patched-recently i-0b3919f54020170a1": checks.Pass,
		"ec2-instance-patched-recently i-0ed5d585970c07d5c": checks.Pass,
		"ec2-instance-patch-group i-0a27ec253238afe0b":      checks.Pass,
	} {
		if full[key].status != want {
			t.Errorf("%s: %s (%s), want %s", key, full[key].status, full[key].message, want)
		}
	}
}
