package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ssmRegion records that Systems Manager was collected in us-east-1, with
// public sharing of documents set to sharing.
func ssmRegion(sharing string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.SSM.Regions = append(inv.SSM.Regions, inventory.SSMRegion{Resource: inventory.Resource{Region: "us-east-1"}, DocumentPublicSharing: sharing})
	}
}

// node adds an online managed node in us-east-1 with a compliant patch
// state from an install ten days before testNow, after set has changed it.
func node(id string, set func(m *inventory.ManagedInstance)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		m := inventory.ManagedInstance{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, PingStatus: "Online",
			AgentVersion: "3.3.0.0", PlatformType: "Linux", PlatformName: "Amazon Linux", PlatformVersion: "2023",
			Patch: &inventory.PatchState{BaselineID: "pb-0123456789abcdef0", PatchGroup: "web", Operation: "Install",
				OperationEndTime: testNow.Add(-10 * 24 * time.Hour), Installed: 40}}
		if set != nil {
			set(&m)
		}
		inv.SSM.ManagedInstances = append(inv.SSM.ManagedInstances, m)
	}
}

func TestSSMInstanceManaged(t *testing.T) {
	lost := func(m *inventory.ManagedInstance) { m.PingStatus = "ConnectionLost" }
	stopped := func(i *inventory.Instance) { i.State = "stopped" }
	runCases(t, ssmInstanceManaged, []statusCase{
		{"managed and online", both(ssmRegion("Disable"), instance("i-1", nil), node("i-1", nil)), map[string]Status{"i-1": Pass}},
		{"not managed", both(ssmRegion("Disable"), instance("i-1", nil)), map[string]Status{"i-1": Fail}},
		{"connection lost while running", both(ssmRegion("Disable"), instance("i-1", nil), node("i-1", lost)), map[string]Status{"i-1": Fail}},
		{"connection lost while stopped", both(ssmRegion("Disable"), instance("i-1", stopped), node("i-1", lost)), map[string]Status{"i-1": Pass}},
		{"stopped and never managed", both(ssmRegion("Disable"), instance("i-1", stopped)), map[string]Status{"i-1": Fail}},
		{"hybrid node lost", both(ssmRegion("Disable"), node("mi-0abc", lost)), map[string]Status{"managed-instance/mi-0abc": Fail}},
		{"hybrid node online", both(ssmRegion("Disable"), node("mi-0abc", nil)), map[string]Status{"managed-instance/mi-0abc": Pass}},
		{"snapshot without systems manager data", instance("i-1", nil), map[string]Status{}},
		{"instance information denied", both(ssmRegion("Disable"), instance("i-1", nil), denied("ssm", "us-east-1", "DescribeInstanceInformation", "")),
			map[string]Status{"i-1": Unknown, "ssm:us-east-1:111122223333:*": Unknown}},
		{"instances denied", both(ssmRegion("Disable"), instance("i-1", nil), denied("ec2", "us-east-1", "DescribeInstances", "")),
			map[string]Status{"i-1": Unknown, "ec2:us-east-1:111122223333:*": Unknown}},
	})
}

func TestSSMPatchCompliant(t *testing.T) {
	runCases(t, ssmPatchCompliant, []statusCase{
		{"compliant", node("i-1", nil), map[string]Status{"i-1": Pass}},
		{"missing", node("i-1", func(m *inventory.ManagedInstance) { m.Patch.Missing = 3 }), map[string]Status{"i-1": Fail}},
		{"failed", node("i-1", func(m *inventory.ManagedInstance) { m.Patch.Failed = 1 }), map[string]Status{"i-1": Fail}},
		{"pending reboot", node("i-1", func(m *inventory.ManagedInstance) { m.Patch.InstalledPendingReboot = 2 }), map[string]Status{"i-1": Fail}},
		{"never scanned", node("i-1", func(m *inventory.ManagedInstance) { m.Patch = nil }), map[string]Status{"i-1": Fail}},
		{"hybrid node", node("mi-0abc", func(m *inventory.ManagedInstance) { m.Patch.Missing = 1 }), map[string]Status{"mi-0abc": Fail}},
		{"patch states denied", both(node("i-1", func(m *inventory.ManagedInstance) { m.Patch = nil }), denied("ssm", "us-east-1", "DescribeInstancePatchStates", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
	fs := Run(account(node("mi-0abc", nil)), []Check{ssmPatchCompliant}, DefaultConfig())
	if len(fs) != 1 || fs[0].ResourceType != "AWS::SSM::ManagedInstanceInventory" || fs[0].ServiceModel != Infrastructure {
		t.Errorf("hybrid node finding = %+v", fs)
	}
}

func TestSSMAssociationCompliant(t *testing.T) {
	assoc := func(s string) func(m *inventory.ManagedInstance) {
		return func(m *inventory.ManagedInstance) { m.AssociationStatus = s }
	}
	runCases(t, ssmAssociationCompliant, []statusCase{
		{"success", node("i-1", assoc("Success")), map[string]Status{"i-1": Pass}},
		{"failed", node("i-1", assoc("Failed")), map[string]Status{"i-1": Fail}},
		{"pending", node("i-1", assoc("Pending")), map[string]Status{"i-1": Unknown}},
		{"no associations", node("i-1", nil), map[string]Status{}},
		{"denied", both(node("i-1", assoc("Success")), denied("ssm", "us-east-1", "DescribeInstanceInformation", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
}

func TestSSMDocumentPublic(t *testing.T) {
	doc := func(name string, shared ...string) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.SSM.Documents = append(inv.SSM.Documents, inventory.SSMDocument{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, SharedWith: shared})
		}
	}
	runCases(t, ssmDocumentPublic, []statusCase{
		{"private", doc("d1"), map[string]Status{"document/d1": Pass}},
		{"shared with an account", doc("d1", "444455556666"), map[string]Status{"document/d1": Pass}},
		{"public", doc("d1", "all"), map[string]Status{"document/d1": Fail}},
		{"permission unreadable", both(doc("d1"), denied("ssm", "us-east-1", "DescribeDocumentPermission", "arn:aws:ssm:us-east-1:111122223333:document/d1")),
			map[string]Status{"document/d1": Unknown}},
		{"listing denied", denied("ssm", "us-east-1", "ListDocuments", ""), map[string]Status{":*": Unknown}},
	})
}

func TestSSMDocumentPublicSharingBlocked(t *testing.T) {
	setting := "servicesetting/ssm/documents/console/public-sharing-permission"
	runCases(t, ssmDocumentPublicSharingBlocked, []statusCase{
		{"blocked", ssmRegion("Disable"), map[string]Status{setting: Pass}},
		{"allowed", ssmRegion("Enable"), map[string]Status{setting: Fail}},
		{"not read", ssmRegion(""), map[string]Status{setting: Unknown}},
		{"denied", both(ssmRegion(""), denied("ssm", "us-east-1", "GetServiceSetting", "arn:aws:ssm:us-east-1:111122223333:"+setting)),
			map[string]Status{setting: Unknown}},
	})
}

// The EC2 patch checks decide from Systems Manager where it manages the
// instance and has a patch state, from the tags otherwise, and say which.
func TestInstancePatchChecksSource(t *testing.T) {
	untagged := instance("i-1", nil)
	tagged := instance("i-1", tags("PatchGroup", "prod", "LastPatched", "2026-10-20"))
	stale := func(m *inventory.ManagedInstance) { m.Patch.OperationEndTime = testNow.Add(-60 * 24 * time.Hour) }
	cases := []struct {
		name         string
		fill         func(inv *inventory.Inventory)
		group, age   Status
		source       string
		ssmUnreadble bool
	}{
		{"managed with a patch state, no tags", both(ssmRegion("Disable"), untagged, node("i-1", nil)), Pass, Pass, "ssm", false},
		{"managed, stale patch state beats fresh tags", both(ssmRegion("Disable"), tagged, node("i-1", stale)), Pass, Fail, "ssm", false},
		{"managed, no baseline in the state", both(ssmRegion("Disable"), tagged, node("i-1", func(m *inventory.ManagedInstance) { m.Patch.BaselineID = "" })), Fail, Pass, "ssm", false},
		{"managed without a patch state", both(ssmRegion("Disable"), untagged, node("i-1", func(m *inventory.ManagedInstance) { m.Patch = nil })), Fail, Fail, "tags", false},
		{"not managed, tagged", both(ssmRegion("Disable"), tagged), Pass, Pass, "tags", false},
		{"not managed, untagged", both(ssmRegion("Disable"), untagged), Fail, Fail, "tags", false},
		{"no systems manager data at all", tagged, Pass, Pass, "tags", false},
		{"systems manager denied: tags decide and say so", both(ssmRegion("Disable"), tagged, denied("ssm", "us-east-1", "DescribeInstanceInformation", "")), Pass, Pass, "tags", true},
		{"patch states denied everywhere", both(ssmRegion("Disable"), untagged, node("i-1", func(m *inventory.ManagedInstance) { m.Patch = nil }),
			denied("ssm", "", "DescribeInstancePatchStates", "")), Fail, Fail, "tags", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := account(tc.fill)
			for _, c := range []struct {
				check Check
				want  Status
			}{{instancePatchGroup, tc.group}, {instancePatchedRecently, tc.age}} {
				fs := Run(inv, []Check{c.check}, DefaultConfig())
				if len(fs) != 1 {
					t.Fatalf("%s: %d findings: %+v", c.check.ID, len(fs), fs)
				}
				f := fs[0]
				if f.Status != c.want || f.Evidence["source"] != tc.source {
					t.Errorf("%s: %s from %v (%s), want %s from %s", c.check.ID, f.Status, f.Evidence["source"], f.Message, c.want, tc.source)
				}
				_, hasErr := f.Evidence["ssm_error"]
				if hasErr != tc.ssmUnreadble || strings.Contains(f.Message, "could not be read") != tc.ssmUnreadble {
					t.Errorf("%s: ssm_error %v, message %q; want the failure named: %v", c.check.ID, f.Evidence["ssm_error"], f.Message, tc.ssmUnreadble)
				}
			}
		})
	}
}

// A scan limited to EC2 judges from the tags exactly as before Systems
// Manager was read, even when the snapshot holds SSM data.
func TestInstancePatchChecksWithoutSSMScope(t *testing.T) {
	inv := account(both(ssmRegion("Disable"), instance("i-1", nil), node("i-1", nil)))
	inv.Services = []string{"ec2"}
	for _, c := range []Check{instancePatchGroup, instancePatchedRecently} {
		fs := Run(inv, []Check{c}, DefaultConfig())
		if len(fs) != 1 || fs[0].Status != Fail || fs[0].Evidence["source"] != "tags" || strings.Contains(fs[0].Message, "Systems Manager") {
			t.Errorf("%s: %+v", c.ID, fs)
		}
	}
	if fs := Run(inv, ssmChecks, DefaultConfig()); len(fs) != 0 {
		t.Errorf("ssm checks ran in an ec2-only scan: %+v", fs)
	}
}
