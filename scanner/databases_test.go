package scanner

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// The RDS, EFS, GuardDuty, Security Hub and Access Analyzer collectors
// against testdata/accounts/databases.yaml, through the real SDK.

const databasesAccount = "../testdata/accounts/databases.yaml"

// services are the parts of an inventory these collectors fill.
type services struct {
	RDS            inventory.RDS
	EFS            inventory.EFS
	GuardDuty      inventory.GuardDuty
	SecurityHub    inventory.SecurityHub
	AccessAnalyzer inventory.AccessAnalyzer
}

func servicesOf(inv *inventory.Inventory) services {
	return services{inv.RDS, inv.EFS, inv.GuardDuty, inv.SecurityHub, inv.AccessAnalyzer}
}

// wantServices is what a scan should collect from acct: all of it, in the
// scan's order. The account has every region's entry for each security
// service and every nested list in the collector's order.
func wantServices(acct *inventory.Inventory) services {
	inv := &inventory.Inventory{RDS: acct.RDS, EFS: acct.EFS, GuardDuty: acct.GuardDuty, SecurityHub: acct.SecurityHub, AccessAnalyzer: acct.AccessAnalyzer}
	inv.RDS.Instances = slices.Clone(inv.RDS.Instances)
	inv.RDS.Snapshots = slices.Clone(inv.RDS.Snapshots)
	inv.RDS.Clusters = slices.Clone(inv.RDS.Clusters)
	inv.RDS.ClusterSnapshots = slices.Clone(inv.RDS.ClusterSnapshots)
	inv.EFS.FileSystems = slices.Clone(inv.EFS.FileSystems)
	inv.GuardDuty.Regions = slices.Clone(inv.GuardDuty.Regions)
	inv.SecurityHub.Hubs = slices.Clone(inv.SecurityHub.Hubs)
	inv.AccessAnalyzer.Regions = slices.Clone(inv.AccessAnalyzer.Regions)
	sortInventory(inv)
	return servicesOf(inv)
}

func assertServicesEqual(t *testing.T, got, want services) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("collected services differ from the account served\n got: %s\nwant: %s", g, w)
	}
}

// serviceNames are the CollectionError services of these collectors.
var serviceNames = []string{"rds", "elasticfilesystem", "guardduty", "securityhub", "access-analyzer"}

func servicesErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if slices.Contains(serviceNames, e.Service) {
			out = append(out, e)
		}
	}
	return out
}

func countServiceCalls(srv *emulator.Server, service, op, region string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Service == service && c.Operation == op && c.Region == region {
			n++
		}
	}
	return n
}

func TestServicesRoundTrip(t *testing.T) {
	acct := loadAccount(t, databasesAccount)
	inv, _ := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if len(inv.Errors) > 0 {
		t.Fatalf("errors: %v", inv.Errors)
	}
	assertServicesEqual(t, servicesOf(inv), wantServices(acct))
}

// With one item per page, a collector that stopped at the first page would
// make one call per listing and region. Counting calls proves each listing
// follows its token to the end, and that the snapshot listing asks for
// manual snapshots only: the automated ones RDS keeps of every instance
// with backups, which the emulator adds without the filter, would add
// pages and attribute reads.
func TestServicesPagination(t *testing.T) {
	acct := loadAccount(t, databasesAccount)
	_, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	for _, region := range acct.Regions {
		at := []string{region}
		instances := len(inRegions(acct.RDS.Instances, at, func(x inventory.DBInstance) string { return x.Region }))
		snapshots := len(inRegions(acct.RDS.Snapshots, at, func(x inventory.DBSnapshot) string { return x.Region }))
		clusters := len(inRegions(acct.RDS.Clusters, at, func(x inventory.DBCluster) string { return x.Region }))
		clusterSnapshots := len(inRegions(acct.RDS.ClusterSnapshots, at, func(x inventory.DBClusterSnapshot) string { return x.Region }))
		fileSystems := len(inRegions(acct.EFS.FileSystems, at, func(x inventory.FileSystem) string { return x.Region }))
		detectors, analyzers := 0, 0
		for _, g := range inRegions(acct.GuardDuty.Regions, at, func(x inventory.GuardDutyRegion) string { return x.Region }) {
			detectors += len(g.Detectors)
		}
		for _, g := range inRegions(acct.AccessAnalyzer.Regions, at, func(x inventory.AnalyzerRegion) string { return x.Region }) {
			analyzers += len(g.Analyzers)
		}
		for _, c := range []struct {
			service, op string
			want        int
		}{
			{"rds", "DescribeDBInstances", max(instances, 1)},
			{"rds", "DescribeDBSnapshots", max(snapshots, 1)},
			{"rds", "DescribeDBSnapshotAttributes", snapshots},
			{"rds", "DescribeDBClusters", max(clusters, 1)},
			{"rds", "DescribeDBClusterSnapshots", max(clusterSnapshots, 1)},
			{"rds", "DescribeDBClusterSnapshotAttributes", clusterSnapshots},
			{"elasticfilesystem", "DescribeFileSystems", max(fileSystems, 1)},
			{"guardduty", "ListDetectors", max(detectors, 1)},
			{"guardduty", "GetDetector", detectors},
			{"securityhub", "DescribeHub", 1},
			{"access-analyzer", "ListAnalyzers", max(analyzers, 1)},
		} {
			if got := countServiceCalls(srv, c.service, c.op, region); got != c.want {
				t.Errorf("%s:%s in %s: %d calls, want %d", c.service, c.op, region, got, c.want)
			}
		}
	}
}

// A failed operation is recorded exactly, naming the resource when it
// concerns one, and everything else is still collected. A security
// service whose state in a region could not be read has no entry there,
// so no check can take the gap for "not enabled".
func TestServicesFailedOperations(t *testing.T) {
	snapARN := inventory.RDSARN("aws", "us-east-1", "111122223333", "snapshot", "legacy-mysql-export")
	clusterSnapARN := inventory.RDSARN("aws", "us-east-1", "111122223333", "cluster-snapshot", "reports-cluster-export")
	gdARN := inventory.ServiceSettingsARN("aws", "guardduty", "us-east-1", "111122223333")
	for _, tc := range []struct {
		name string
		opts emulator.Options
		want inventory.CollectionError
		lost func(s *services)
	}{{
		name: "one snapshot's sharing denied",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "rds", Operation: "DescribeDBSnapshotAttributes", Resource: "legacy-mysql-export"}}},
		want: inventory.CollectionError{Service: "rds", Region: "us-east-1", Operation: "DescribeDBSnapshotAttributes",
			ResourceARN: snapARN, Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(s *services) {
			for i := range s.RDS.Snapshots {
				if x := &s.RDS.Snapshots[i]; x.ARN == snapARN {
					x.Public, x.SharedWith = false, nil
				}
			}
		},
	}, {
		name: "one cluster snapshot's sharing denied",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "rds", Operation: "DescribeDBClusterSnapshotAttributes", Resource: "reports-cluster-export"}}},
		want: inventory.CollectionError{Service: "rds", Region: "us-east-1", Operation: "DescribeDBClusterSnapshotAttributes",
			ResourceARN: clusterSnapARN, Kind: inventory.ErrAccessDenied, Code: "AccessDenied"},
		lost: func(s *services) {
			for i := range s.RDS.ClusterSnapshots {
				if x := &s.RDS.ClusterSnapshots[i]; x.ARN == clusterSnapARN {
					x.Public, x.SharedWith = false, nil
				}
			}
		},
	}, {
		name: "clusters failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "rds", Operation: "DescribeDBClusters", Region: "eu-west-1"}}},
		want: inventory.CollectionError{Service: "rds", Region: "eu-west-1", Operation: "DescribeDBClusters", Kind: inventory.ErrService, Code: "InternalFailure"},
		lost: func(s *services) {
			s.RDS.Clusters = slices.DeleteFunc(s.RDS.Clusters, func(x inventory.DBCluster) bool { return x.Region == "eu-west-1" })
		},
	}, {
		name: "instances failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "rds", Operation: "DescribeDBInstances", Region: "eu-west-1"}}},
		want: inventory.CollectionError{Service: "rds", Region: "eu-west-1", Operation: "DescribeDBInstances", Kind: inventory.ErrService, Code: "InternalFailure"},
		lost: func(s *services) {
			s.RDS.Instances = slices.DeleteFunc(s.RDS.Instances, func(x inventory.DBInstance) bool { return x.Region == "eu-west-1" })
		},
	}, {
		name: "file systems denied",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "elasticfilesystem", Region: "us-east-1"}}},
		want: inventory.CollectionError{Service: "elasticfilesystem", Region: "us-east-1", Operation: "DescribeFileSystems",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *services) {
			s.EFS.FileSystems = slices.DeleteFunc(s.EFS.FileSystems, func(x inventory.FileSystem) bool { return x.Region == "us-east-1" })
		},
	}, {
		name: "detectors denied",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "guardduty", Operation: "ListDetectors", Region: "eu-central-1"}}},
		want: inventory.CollectionError{Service: "guardduty", Region: "eu-central-1", Operation: "ListDetectors",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *services) {
			s.GuardDuty.Regions = slices.DeleteFunc(s.GuardDuty.Regions, func(x inventory.GuardDutyRegion) bool { return x.Region == "eu-central-1" })
		},
	}, {
		name: "a detector failing past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "guardduty", Operation: "GetDetector", Region: "us-east-1"}}},
		want: inventory.CollectionError{Service: "guardduty", Region: "us-east-1", Operation: "GetDetector",
			ResourceARN: gdARN, Kind: inventory.ErrService, Code: "InternalServerErrorException"},
		lost: func(s *services) {
			for i := range s.GuardDuty.Regions {
				if g := &s.GuardDuty.Regions[i]; g.Region == "us-east-1" {
					g.Detectors = []inventory.Detector{{ID: g.Detectors[0].ID}}
				}
			}
		},
	}, {
		// AccessDeniedException is an IAM denial, not "not subscribed".
		name: "hub denied",
		opts: emulator.Options{Deny: []emulator.Rule{{Service: "securityhub", Region: "eu-west-1"}}},
		want: inventory.CollectionError{Service: "securityhub", Region: "eu-west-1", Operation: "DescribeHub",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(s *services) {
			s.SecurityHub.Hubs = slices.DeleteFunc(s.SecurityHub.Hubs, func(x inventory.Hub) bool { return x.Region == "eu-west-1" })
		},
	}, {
		name: "analyzers throttled past retries",
		opts: emulator.Options{Fail: []emulator.Rule{{Service: "access-analyzer", Region: "us-east-1"}}},
		want: inventory.CollectionError{Service: "access-analyzer", Region: "us-east-1", Operation: "ListAnalyzers",
			Kind: inventory.ErrService, Code: "InternalServerException"},
		lost: func(s *services) {
			s.AccessAnalyzer.Regions = slices.DeleteFunc(s.AccessAnalyzer.Regions, func(x inventory.AnalyzerRegion) bool { return x.Region == "us-east-1" })
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := loadAccount(t, databasesAccount)
			inv, _ := scanAccount(t, acct, tc.opts, Options{Regions: acct.Regions})
			assertOneError(t, servicesErrors(inv), tc.want)
			want := wantServices(acct)
			tc.lost(&want)
			assertServicesEqual(t, servicesOf(inv), want)
		})
	}
}

// Every listing in a region the account has not enabled is recorded as
// such, at once (the region does not know the credentials, which is not
// retried), and the enabled region is collected in full.
func TestServicesRegionNotEnabled(t *testing.T) {
	acct := loadAccount(t, databasesAccount)
	srv, url := endpoint(t, acct, emulator.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv := Scan(ctx, testConfig(url), Options{Regions: []string{"ap-east-1", "us-east-1"}})
	var got []string
	for _, e := range servicesErrors(inv) {
		if e.Region != "ap-east-1" || e.ResourceARN != "" || e.Kind != inventory.ErrRegionDisabled || e.Message == "" {
			t.Errorf("error = %+v, want ap-east-1 region-disabled", e)
		}
		got = append(got, e.Service+":"+e.Operation)
		if n := countServiceCalls(srv, e.Service, e.Operation, "ap-east-1"); n != 1 {
			t.Errorf("%s:%s sent to ap-east-1 %d times, want once (no retries)", e.Service, e.Operation, n)
		}
	}
	slices.Sort(got)
	want := []string{"access-analyzer:ListAnalyzers", "elasticfilesystem:DescribeFileSystems", "guardduty:ListDetectors",
		"rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "securityhub:DescribeHub"}
	if !slices.Equal(got, want) {
		t.Errorf("failed operations = %v, want %v", got, want)
	}
	only := func(region string) services {
		s := wantServices(acct)
		keep := func(r string) bool { return r != region }
		s.RDS.Instances = slices.DeleteFunc(s.RDS.Instances, func(x inventory.DBInstance) bool { return keep(x.Region) })
		s.RDS.Snapshots = slices.DeleteFunc(s.RDS.Snapshots, func(x inventory.DBSnapshot) bool { return keep(x.Region) })
		s.RDS.Clusters = slices.DeleteFunc(s.RDS.Clusters, func(x inventory.DBCluster) bool { return keep(x.Region) })
		s.RDS.ClusterSnapshots = slices.DeleteFunc(s.RDS.ClusterSnapshots, func(x inventory.DBClusterSnapshot) bool { return keep(x.Region) })
		s.EFS.FileSystems = slices.DeleteFunc(s.EFS.FileSystems, func(x inventory.FileSystem) bool { return keep(x.Region) })
		s.GuardDuty.Regions = slices.DeleteFunc(s.GuardDuty.Regions, func(x inventory.GuardDutyRegion) bool { return keep(x.Region) })
		s.SecurityHub.Hubs = slices.DeleteFunc(s.SecurityHub.Hubs, func(x inventory.Hub) bool { return keep(x.Region) })
		s.AccessAnalyzer.Regions = slices.DeleteFunc(s.AccessAnalyzer.Regions, func(x inventory.AnalyzerRegion) bool { return keep(x.Region) })
		return s
	}
	assertServicesEqual(t, servicesOf(inv), only("us-east-1"))
}

// Only Security Hub's own "not subscribed" answer is data; any other
// refusal leaves the hub's state unknown.
func TestHubNotEnabled(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"not subscribed", &shtypes.InvalidAccessException{Message: aws.String("Account 111122223333 is not subscribed to AWS Security Hub")}, true},
		{"no such hub", &shtypes.ResourceNotFoundException{Message: aws.String("Hub not found")}, true},
		{"another refusal", &shtypes.InvalidAccessException{Message: aws.String("Account 111122223333 is not an administrator for this organization")}, false},
		{"denied by IAM", &shtypes.AccessDeniedException{Message: aws.String("not authorized to perform: securityhub:DescribeHub")}, false},
	} {
		if got := hubNotEnabled(tc.err); got != tc.want {
			t.Errorf("%s: hubNotEnabled = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A region whose security-service state could not be read reports unknown
// for that service's check, never "not enabled", while the other regions
// are judged as usual.
func TestServicesDeniedMakeChecksUnknown(t *testing.T) {
	acct := loadAccount(t, databasesAccount)
	inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{
		{Service: "guardduty", Region: "eu-west-1"},
		{Service: "securityhub", Region: "eu-west-1"},
		{Service: "access-analyzer", Region: "eu-west-1"},
		{Service: "rds", Operation: "DescribeDBInstances", Region: "eu-west-1"},
	}}, Options{Regions: acct.Regions})
	ids := []string{"guardduty-enabled", "securityhub-enabled", "access-analyzer-enabled", "rds-instance-unencrypted"}
	unknown, judged := map[string]int{}, map[string]int{}
	for _, f := range checks.Run(inv, checks.All(), checks.DefaultConfig()) {
		if !slices.Contains(ids, f.CheckID) {
			continue
		}
		switch {
		case f.Region == "eu-west-1" && f.Status != checks.Unknown:
			t.Errorf("%s on %s in eu-west-1 is %s, want unknown: it was not read", f.CheckID, f.ResourceARN, f.Status)
		case f.Region == "eu-west-1":
			unknown[f.CheckID]++
		case f.Status == checks.Pass || f.Status == checks.Fail:
			judged[f.CheckID]++
		}
	}
	for _, id := range ids {
		if unknown[id] == 0 || judged[id] == 0 {
			t.Errorf("%s: %d unknown in eu-west-1, %d judged elsewhere; want both", id, unknown[id], judged[id])
		}
	}
}

// Throttling and server errors, in each service's own error format, are
// retried until every listing is whole: the scan gives what a clean one
// gives, with more calls. (Which calls are faulted depends on the order
// concurrent requests arrive in, so only the total is compared.)
func TestServicesSurviveThrottling(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: the retryer paces itself under throttling")
	}
	acct := loadAccount(t, databasesAccount)
	inv, srv := scanAccount(t, acct, emulator.Options{ThrottleRate: 0.2, ServerErrorRate: 0.05, Seed: 11}, Options{Regions: acct.Regions})
	if errs := servicesErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertServicesEqual(t, servicesOf(inv), wantServices(acct))
	_, clean := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	count := func(srv *emulator.Server) int {
		return len(slices.DeleteFunc(srv.Calls(), func(c emulator.Call) bool { return !slices.Contains(serviceNames, c.Service) }))
	}
	if got, base := count(srv), count(clean); got <= base {
		t.Errorf("%d calls under faults, no more than a clean scan's %d: no fault was retried", got, base)
	}
}
