package scanner

import (
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

func TestIdentifyAndRegions(t *testing.T) {
	acct := loadAccount(t, "../testdata/accounts/minimal.yaml")
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{})
	if inv.AccountID != "111122223333" || inv.CallerARN != "arn:aws:iam::111122223333:user/auditor" {
		t.Errorf("identity = %q %q", inv.AccountID, inv.CallerARN)
	}
	if !slices.Equal(inv.Regions, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("regions = %v, want the account's enabled regions", inv.Regions)
	}
	if inv.APICalls["STS:GetCallerIdentity"] != 1 || inv.APICalls["EC2:DescribeRegions"] != 1 {
		t.Errorf("api calls = %v", inv.APICalls)
	}
}

func TestExplicitRegionsSkipDiscovery(t *testing.T) {
	acct := loadAccount(t, "../testdata/accounts/minimal.yaml")
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"us-east-1", "us-east-1"}})
	if !slices.Equal(inv.Regions, []string{"us-east-1"}) {
		t.Errorf("regions = %v", inv.Regions)
	}
	for _, c := range srv.Calls() {
		if c.Operation == "DescribeRegions" {
			t.Errorf("DescribeRegions called although regions were given")
		}
	}
}

func TestDeniedIdentityIsRecorded(t *testing.T) {
	acct := loadAccount(t, "../testdata/accounts/minimal.yaml")
	inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{{Service: "sts"}}}, Options{Regions: []string{"us-east-1"}})
	if inv.Complete() {
		t.Fatal("scan with a denied GetCallerIdentity reported complete")
	}
	i := slices.IndexFunc(inv.Errors, func(e inventory.CollectionError) bool { return e.Service == "sts" })
	if i < 0 {
		t.Fatalf("no sts error among %v", inv.Errors)
	}
	if e := inv.Errors[i]; e.Operation != "GetCallerIdentity" || e.Kind != inventory.ErrAccessDenied || e.Code != "AccessDenied" {
		t.Errorf("error = %+v", e)
	}
	// Without the account ID, S3 Control cannot be asked; that gap must
	// show too, rather than the account's settings reading as "none".
	if !slices.ContainsFunc(inv.Errors, func(e inventory.CollectionError) bool {
		return e.Service == "s3" && e.Operation == "GetPublicAccessBlock"
	}) {
		t.Errorf("account-level S3 settings not marked as unread: %v", inv.Errors)
	}
}

func TestThrottlingIsRetried(t *testing.T) {
	acct := loadAccount(t, "../testdata/accounts/minimal.yaml")
	// Three in ten requests throttled: with ten attempts a call gives up
	// once in 170,000, so every one of the scan's calls gets through.
	// (At one in two, a scan of twenty-odd services makes enough calls
	// that one exhausts its attempts.)
	inv, srv := scanAccount(t, acct, emulator.Options{ThrottleRate: 0.3, Seed: 7}, Options{})
	if !inv.Complete() {
		t.Fatalf("errors: %v", inv.Errors)
	}
	if len(srv.Calls()) <= 2 {
		t.Errorf("expected retried calls, server saw %d", len(srv.Calls()))
	}
}
