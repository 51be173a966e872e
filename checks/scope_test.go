package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// scopedInventory holds one pending-deletion key that a volume uses, with
// the services the scan read.
func scopedInventory(services []string) *inventory.Inventory {
	inv := &inventory.Inventory{AccountID: "111122223333", Partition: "aws", Regions: []string{"us-east-1"}, Services: services}
	key("k1", func(k *inventory.Key) {
		k.ARN, k.State, k.RotationEnabled, k.RotationPeriodDays = k1ARN, "PendingDeletion", true, 365
	})(inv)
	key("k2", func(k *inventory.Key) {
		k.ARN, k.RotationEnabled, k.RotationPeriodDays = "arn:aws:kms:us-east-1:111122223333:key/k2", true, 365
	})(inv)
	if services == nil || inv.Holds("ec2") {
		inv.EC2.Volumes = []inventory.Volume{{Resource: inventory.Resource{ARN: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1", Region: "us-east-1"},
			ID: "vol-1", Encrypted: true, KMSKeyID: k1ARN}}
	}
	return inv
}

// Checks of services the scan left out are not run: no finding at all,
// not unknown ones. A check that also reads a service left out is unknown
// where that data would decide, with the reason, and unaffected elsewhere.
func TestRunOnlyScannedServices(t *testing.T) {
	fs := Run(scopedInventory([]string{"kms"}), All(), DefaultConfig())
	byCheck := map[string][]Finding{}
	for _, f := range fs {
		if f.Service != "kms" {
			t.Errorf("%s (%s) ran, though only kms was scanned", f.CheckID, f.Service)
		}
		byCheck[f.CheckID] = append(byCheck[f.CheckID], f)
	}
	if r := byCheck["kms-key-rotation-enabled"]; len(r) != 1 || r[0].Status != Pass || r[0].ResourceARN != "arn:aws:kms:us-east-1:111122223333:key/k2" {
		t.Errorf("rotation = %+v", r)
	}
	pending := byCheck["kms-key-pending-deletion-in-use"]
	var onKey, scopes int
	for _, f := range pending {
		if f.Status != Unknown || f.Evidence["error_kind"] != "not-scanned" {
			t.Errorf("pending deletion with ec2 left out: %s %s %v", f.Status, f.Message, f.Evidence)
		}
		if f.ResourceARN == k1ARN {
			onKey++
		} else {
			scopes++
		}
	}
	// One per service left out that the check reads: cloudtrail, s3,
	// ec2, rds, efs, dynamodb.
	if onKey != 1 || scopes != 6 {
		t.Errorf("pending deletion: %d on the key, %d scope findings; want 1 and 6: %+v", onKey, scopes, pending)
	}

	// With ec2 too, the volume is seen; the services still left out keep
	// the key's verdict unknown, since one of them might also use it.
	fs = Run(scopedInventory([]string{"ec2", "kms"}), All(), DefaultConfig())
	for _, f := range fs {
		if f.Service != "kms" && f.Service != "ec2" {
			t.Errorf("%s ran", f.CheckID)
		}
	}

	// Every service, or a snapshot that predates the field: all checks,
	// the manual ones included, and the key fails on its volume.
	for _, services := range [][]string{nil, inventory.Services} {
		fs = Run(scopedInventory(services), All(), DefaultConfig())
		ran := map[string]bool{}
		for _, f := range fs {
			ran[f.CheckID] = true
			if f.CheckID == "kms-key-pending-deletion-in-use" && f.ResourceARN == k1ARN && f.Status != Fail {
				t.Errorf("services %v: pending deletion = %s %s", services, f.Status, f.Message)
			}
		}
		if !ran[awarenessTraining.ID] {
			t.Errorf("services %v: the manual %s did not run", services, awarenessTraining.ID)
		}
	}
}

// The services a scan can be limited to are exactly those the checks are
// about, so every check can be chosen and every name chooses some.
func TestServicesAreTheChecksServices(t *testing.T) {
	have := map[string]bool{}
	for _, c := range All() {
		have[c.Service] = true
		if inventory.ServiceOf(c.Service) != c.Service {
			t.Errorf("check %s's service %q cannot be chosen with --services", c.ID, c.Service)
		}
		for _, n := range c.Needs {
			if inventory.ServiceOf(n.Service) == "" {
				t.Errorf("check %s needs %s:%s, of no service --services names", c.ID, n.Service, n.Name)
			}
		}
	}
	for _, s := range inventory.Services {
		if !have[s] {
			t.Errorf("--services accepts %q, which no check is about", s)
		}
	}
}
