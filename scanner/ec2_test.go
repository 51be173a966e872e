package scanner

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const ec2Account = "../testdata/accounts/ec2.yaml"

// ec2Listings are the listing operations a scan makes in every region.
var ec2Listings = []string{
	"DescribeFlowLogs", "DescribeImages", "DescribeInstances", "DescribeNetworkAcls", "DescribeSecurityGroups",
	"DescribeSnapshots", "DescribeVolumes", "DescribeVpcs", "GetEbsEncryptionByDefault",
}

// inRegions keeps the items of the given regions.
func inRegions[T any](items []T, regions []string, region func(T) string) []T {
	var out []T
	for _, x := range items {
		if slices.Contains(regions, region(x)) {
			out = append(out, x)
		}
	}
	return out
}

// wantEC2 is what a scan of regions should collect from acct: its EC2
// resources in those regions but the terminated instances, in the scan's
// order. The account description already has every nested list in the
// collector's order.
func wantEC2(acct *inventory.Inventory, regions []string) inventory.EC2 {
	e := acct.EC2
	inv := &inventory.Inventory{EC2: inventory.EC2{
		Instances: slices.DeleteFunc(inRegions(e.Instances, regions, func(x inventory.Instance) string { return x.Region }),
			func(x inventory.Instance) bool { return x.State == "terminated" }),
		SecurityGroups: inRegions(e.SecurityGroups, regions, func(x inventory.SecurityGroup) string { return x.Region }),
		NetworkACLs:    inRegions(e.NetworkACLs, regions, func(x inventory.NetworkACL) string { return x.Region }),
		VPCs:           inRegions(e.VPCs, regions, func(x inventory.VPC) string { return x.Region }),
		FlowLogs:       inRegions(e.FlowLogs, regions, func(x inventory.FlowLog) string { return x.Region }),
		Volumes:        inRegions(e.Volumes, regions, func(x inventory.Volume) string { return x.Region }),
		Snapshots:      inRegions(e.Snapshots, regions, func(x inventory.Snapshot) string { return x.Region }),
		Images:         inRegions(e.Images, regions, func(x inventory.Image) string { return x.Region }),
		RegionSettings: inRegions(e.RegionSettings, regions, func(x inventory.RegionSettings) string { return x.Region }),
	}}
	sortInventory(inv)
	return inv.EC2
}

func ec2Errors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "ec2" {
			out = append(out, e)
		}
	}
	return out
}

func assertEC2Equal(t *testing.T, got, want inventory.EC2) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("collected EC2 differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

// countRegionCalls counts the calls of one operation signed for region.
func countRegionCalls(srv *emulator.Server, op, region string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Service == "ec2" && c.Operation == op && c.Region == region {
			n++
		}
	}
	return n
}

func TestEC2RoundTrip(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{})
	if len(inv.Errors) > 0 {
		t.Fatalf("errors: %v", inv.Errors)
	}
	if !slices.Equal(inv.Regions, []string{"eu-central-1", "eu-west-1", "us-east-1"}) {
		t.Fatalf("regions = %v, want the account's enabled regions", inv.Regions)
	}
	assertEC2Equal(t, inv.EC2, wantEC2(acct, acct.Regions))
	for _, c := range srv.Calls() {
		if c.Service == "ec2" && !slices.Contains(acct.Regions, c.Region) {
			t.Errorf("%s signed for %s, which the account has not enabled", c.Operation, c.Region)
		}
	}
}

// With one item per page, a collector that stopped at the first page would
// make one call per listing and region. Counting calls proves every
// paginated listing follows NextToken to the end, and that the snapshot
// and image listings ask for the account's own only: Amazon's public ones,
// which the emulator adds without the filter, would add a page each.
func TestEC2Pagination(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	_, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	e := acct.EC2
	for _, region := range acct.Regions {
		at := []string{region}
		// Terminated instances are listed, and so paged over, too.
		items := map[string]int{
			"DescribeInstances":      len(inRegions(e.Instances, at, func(x inventory.Instance) string { return x.Region })),
			"DescribeSecurityGroups": len(inRegions(e.SecurityGroups, at, func(x inventory.SecurityGroup) string { return x.Region })),
			"DescribeNetworkAcls":    len(inRegions(e.NetworkACLs, at, func(x inventory.NetworkACL) string { return x.Region })),
			"DescribeVpcs":           len(inRegions(e.VPCs, at, func(x inventory.VPC) string { return x.Region })),
			"DescribeFlowLogs":       len(inRegions(e.FlowLogs, at, func(x inventory.FlowLog) string { return x.Region })),
			"DescribeVolumes":        len(inRegions(e.Volumes, at, func(x inventory.Volume) string { return x.Region })),
			"DescribeSnapshots":      len(inRegions(e.Snapshots, at, func(x inventory.Snapshot) string { return x.Region })),
			"DescribeImages":         len(inRegions(e.Images, at, func(x inventory.Image) string { return x.Region })),
		}
		for op, n := range items {
			if got, want := countRegionCalls(srv, op, region), max(n, 1); got != want {
				t.Errorf("%s in %s: %d calls, want one per item (%d)", op, region, got, want)
			}
		}
		// Not paginated: one call a region.
		if n := countRegionCalls(srv, "GetEbsEncryptionByDefault", region); n != 1 {
			t.Errorf("GetEbsEncryptionByDefault in %s: %d calls, want 1", region, n)
		}
		// One sharing read per own snapshot and image, none for Amazon's.
		if got, want := countRegionCalls(srv, "DescribeSnapshotAttribute", region), items["DescribeSnapshots"]; got != want {
			t.Errorf("DescribeSnapshotAttribute in %s: %d calls, want %d", region, got, want)
		}
		if got, want := countRegionCalls(srv, "DescribeImageAttribute", region), items["DescribeImages"]; got != want {
			t.Errorf("DescribeImageAttribute in %s: %d calls, want %d", region, got, want)
		}
	}
}

// EC2 promises no order inside a resource; the collector imposes one, so
// a snapshot does not change when only EC2's order does.
func TestEC2NestedListsAreOrdered(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	want := wantEC2(acct, acct.Regions)
	served := loadAccount(t, ec2Account)
	e := &served.EC2
	for i := range e.Instances {
		slices.Reverse(e.Instances[i].SecurityGroupIDs)
	}
	for i := range e.SecurityGroups {
		g := &e.SecurityGroups[i]
		for _, rules := range [][]inventory.Rule{g.Ingress, g.Egress} {
			slices.Reverse(rules)
			for j := range rules {
				slices.Reverse(rules[j].IPv4Ranges)
				slices.Reverse(rules[j].IPv6Ranges)
				slices.Reverse(rules[j].GroupIDs)
				slices.Reverse(rules[j].PrefixListIDs)
			}
		}
	}
	for i := range e.NetworkACLs {
		slices.Reverse(e.NetworkACLs[i].Entries)
		slices.Reverse(e.NetworkACLs[i].SubnetIDs)
	}
	for i := range e.Volumes {
		slices.Reverse(e.Volumes[i].InstanceIDs)
	}
	for i := range e.Snapshots {
		slices.Reverse(e.Snapshots[i].SharedWith)
	}
	for i := range e.Images {
		slices.Reverse(e.Images[i].SharedWith)
	}
	if reflect.DeepEqual(served.EC2, acct.EC2) {
		t.Fatal("reversing changed nothing: the account has no nested list of two")
	}
	inv, _ := scanAccount(t, served, emulator.Options{}, Options{Regions: acct.Regions})
	if errs := ec2Errors(inv); len(errs) > 0 {
		t.Fatalf("EC2 errors: %v", errs)
	}
	assertEC2Equal(t, inv.EC2, want)
}

// A failed operation is recorded exactly, naming the resource when it
// concerns one, and everything else in the region is still collected.
func TestEC2FailedOperations(t *testing.T) {
	snapARN := inventory.SnapshotARN("aws", "us-east-1", "snap-0a000000000000002")
	imageARN := inventory.ImageARN("aws", "eu-west-1", "ami-0b000000000000001")
	for _, tc := range []struct {
		name string
		opts emulator.Options
		want inventory.CollectionError
		// lost takes from the expected inventory what the failure hides.
		lost func(e *inventory.EC2)
	}{{
		name: "flow logs denied in one region",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "ec2", Operation: "DescribeFlowLogs", Region: "eu-west-1"}}},
		want: inventory.CollectionError{Service: "ec2", Region: "eu-west-1", Operation: "DescribeFlowLogs",
			Kind: inventory.ErrAccessDenied, Code: "UnauthorizedOperation"},
		lost: func(e *inventory.EC2) {
			e.FlowLogs = slices.DeleteFunc(e.FlowLogs, func(f inventory.FlowLog) bool { return f.Region == "eu-west-1" })
		},
	}, {
		name: "one snapshot's sharing denied",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "ec2", Operation: "DescribeSnapshotAttribute", Resource: "snap-0a000000000000002"}}},
		want: inventory.CollectionError{Service: "ec2", Region: "us-east-1", Operation: "DescribeSnapshotAttribute",
			ResourceARN: snapARN, Kind: inventory.ErrAccessDenied, Code: "UnauthorizedOperation"},
		lost: func(e *inventory.EC2) {
			for i := range e.Snapshots {
				if s := &e.Snapshots[i]; s.ARN == snapARN {
					s.Public, s.SharedWith = false, nil
				}
			}
		},
	}, {
		name: "one image's sharing failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "ec2", Operation: "DescribeImageAttribute", Resource: "ami-0b000000000000001"}}},
		want: inventory.CollectionError{Service: "ec2", Region: "eu-west-1", Operation: "DescribeImageAttribute",
			ResourceARN: imageARN, Kind: inventory.ErrService, Code: "InternalError"},
		lost: func(e *inventory.EC2) {
			for i := range e.Images {
				if im := &e.Images[i]; im.ARN == imageARN {
					im.Public, im.SharedWith = false, nil
				}
			}
		},
	}, {
		name: "volumes failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "ec2", Operation: "DescribeVolumes", Region: "us-east-1"}}},
		want: inventory.CollectionError{Service: "ec2", Region: "us-east-1", Operation: "DescribeVolumes",
			Kind: inventory.ErrService, Code: "InternalError"},
		lost: func(e *inventory.EC2) {
			e.Volumes = slices.DeleteFunc(e.Volumes, func(v inventory.Volume) bool { return v.Region == "us-east-1" })
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := loadAccount(t, ec2Account)
			inv, _ := scanAccount(t, acct, tc.opts, Options{Regions: acct.Regions})
			assertOneError(t, ec2Errors(inv), tc.want)
			want := wantEC2(acct, acct.Regions)
			tc.lost(&want)
			assertEC2Equal(t, inv.EC2, want)
		})
	}
}

// EC2 refuses credentials in a region the account has not enabled. Every
// listing there is recorded as such, at once (AuthFailure is not retried),
// and the enabled region is collected in full.
func TestEC2RegionNotEnabled(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	srv, url := endpoint(t, acct, emulator.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv := Scan(ctx, testConfig(url), Options{Regions: []string{"ap-east-1", "us-east-1"}})
	if ctx.Err() != nil {
		t.Fatal("scan of a region not enabled did not finish")
	}
	var ops []string
	for _, e := range ec2Errors(inv) {
		if e.Region != "ap-east-1" || e.ResourceARN != "" || e.Kind != inventory.ErrRegionDisabled || e.Code != "AuthFailure" || e.Message == "" {
			t.Errorf("error = %+v, want ap-east-1 region-disabled (AuthFailure)", e)
		}
		ops = append(ops, e.Operation)
	}
	slices.Sort(ops)
	if !slices.Equal(ops, ec2Listings) {
		t.Errorf("failed operations = %v, want every listing once: %v", ops, ec2Listings)
	}
	for _, op := range ec2Listings {
		if n := countRegionCalls(srv, op, "ap-east-1"); n != 1 {
			t.Errorf("%s sent to ap-east-1 %d times, want once (no retries)", op, n)
		}
	}
	assertEC2Equal(t, inv.EC2, wantEC2(acct, []string{"us-east-1"}))
}

// A region whose security groups could not be read must not pass any
// check that reads them: every such finding there is unknown, while the
// other regions are judged as usual.
func TestEC2DeniedSecurityGroupsMakeChecksUnknown(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	inv, _ := scanAccount(t, acct, emulator.Options{
		Deny: []emulator.Rule{{Service: "ec2", Operation: "DescribeSecurityGroups", Region: "us-east-1"}},
	}, Options{Regions: acct.Regions})
	if len(inv.EC2.SecurityGroups) == 0 {
		t.Fatal("no security group collected in the regions that allow it")
	}
	needsSG := map[string]bool{}
	for _, c := range checks.All() {
		if slices.Contains(c.Needs, checks.Operation{Service: "ec2", Name: "DescribeSecurityGroups"}) {
			needsSG[c.ID] = true
		}
	}
	for _, id := range []string{"ec2-sg-admin-ports-public", "ec2-sg-all-traffic-public", "ec2-sg-default-restricts-all", "ec2-instance-public-exposed"} {
		if !needsSG[id] {
			t.Errorf("%s does not list DescribeSecurityGroups among its needs", id)
		}
	}
	unknown, judged := map[string]int{}, map[string]int{}
	for _, f := range checks.Run(inv, checks.All(), checks.DefaultConfig()) {
		if !needsSG[f.CheckID] {
			continue
		}
		switch {
		case f.Region == "us-east-1" && f.Status != checks.Unknown:
			t.Errorf("%s on %s in us-east-1 is %s, want unknown: its security groups were not read", f.CheckID, f.ResourceARN, f.Status)
		case f.Region == "us-east-1":
			unknown[f.CheckID]++
		case f.Status == checks.Pass || f.Status == checks.Fail:
			judged[f.CheckID]++
		}
	}
	for id := range needsSG {
		if unknown[id] == 0 {
			t.Errorf("%s reports nothing for us-east-1: the unread region looks clean", id)
		}
		if judged[id] == 0 {
			t.Errorf("%s judged nothing in eu-west-1, where the groups were read", id)
		}
	}
}
