package scanner

import (
	"cmp"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const s3Account = "../testdata/accounts/s3.yaml"

// wantS3 is what a scan of regions should collect from acct: its buckets in
// those regions, in the scan's order, and the account-level settings.
func wantS3(acct *inventory.Inventory, regions []string) inventory.S3 {
	var buckets []inventory.Bucket
	for _, b := range acct.S3.Buckets {
		if slices.Contains(regions, b.Region) {
			buckets = append(buckets, b)
		}
	}
	slices.SortFunc(buckets, func(a, b inventory.Bucket) int { return cmp.Compare(a.ARN, b.ARN) })
	return inventory.S3{Buckets: buckets, AccountPublicAccessBlock: acct.S3.AccountPublicAccessBlock}
}

func s3Errors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "s3" {
			out = append(out, e)
		}
	}
	return out
}

func assertS3Equal(t *testing.T, got, want inventory.S3) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("collected S3 differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func countCalls(srv *emulator.Server, service, op string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Service == service && c.Operation == op {
			n++
		}
	}
	return n
}

func TestS3RoundTrip(t *testing.T) {
	acct := loadAccount(t, s3Account)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := s3Errors(inv); len(errs) > 0 {
		t.Fatalf("S3 errors: %v", errs)
	}
	assertS3Equal(t, inv.S3, wantS3(acct, acct.Regions))
	if inv.S3.AccountPublicAccessBlock == nil {
		t.Error("account-level public access block not collected")
	}
	// One bucket per page: a collector that stopped at the first page
	// would make one call and miss seven buckets.
	if n := countCalls(srv, "s3", "ListBuckets"); n != len(acct.S3.Buckets) {
		t.Errorf("ListBuckets called %d times, want one per page: %d", n, len(acct.S3.Buckets))
	}
	if n := countCalls(srv, "s3", "GetBucketLocation"); n != 0 {
		t.Errorf("GetBucketLocation called %d times although the listing gave every bucket's region", n)
	}
}

// S3 redirects a bucket request sent to any region but the bucket's own, so
// every bucket call must be signed for the bucket's region.
func TestS3CallsSignedForBucketRegion(t *testing.T) {
	acct := loadAccount(t, s3Account)
	_, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	region := map[string]string{}
	for _, b := range acct.S3.Buckets {
		region[b.Name] = b.Region
	}
	ops := map[string]map[string]bool{}
	for _, c := range srv.Calls() {
		if c.Service != "s3" || c.Resource == "" {
			continue
		}
		if c.Region != region[c.Resource] {
			t.Errorf("%s of %s signed for %s, want the bucket's region %s", c.Operation, c.Resource, c.Region, region[c.Resource])
		}
		if ops[c.Resource] == nil {
			ops[c.Resource] = map[string]bool{}
		}
		ops[c.Resource][c.Operation] = true
	}
	for _, b := range acct.S3.Buckets {
		want := []string{"GetBucketTagging", "GetBucketEncryption", "GetPublicAccessBlock", "GetBucketPolicy",
			"GetBucketAcl", "GetBucketVersioning", "GetBucketLogging", "GetBucketOwnershipControls"}
		if b.Policy != "" {
			want = append(want, "GetBucketPolicyStatus")
		}
		for _, op := range want {
			if !ops[b.Name][op] {
				t.Errorf("%s: %s never called", b.Name, op)
			}
		}
		if b.Policy == "" && ops[b.Name]["GetBucketPolicyStatus"] {
			t.Errorf("%s: GetBucketPolicyStatus called for a bucket without a policy", b.Name)
		}
	}
}

func TestS3RegionsNotScannedAreLeftOut(t *testing.T) {
	acct := loadAccount(t, s3Account)
	regions := []string{"eu-west-1", "us-east-1"}
	inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: regions})
	if errs := s3Errors(inv); len(errs) > 0 {
		t.Fatalf("S3 errors: %v", errs)
	}
	want := wantS3(acct, regions)
	if len(want.Buckets) == len(acct.S3.Buckets) {
		t.Fatal("test account has no bucket outside the scanned regions")
	}
	assertS3Equal(t, inv.S3, want)
	for _, c := range srv.Calls() {
		if c.Region == "eu-central-1" {
			t.Errorf("%s:%s %s sent to a region not scanned", c.Service, c.Operation, c.Resource)
		}
	}
}

// Without BucketRegion in the listing, the collector must find each
// bucket's region itself; otherwise it would place none in a scanned region.
func TestS3LegacyListBucketsFallsBackToLocation(t *testing.T) {
	acct := loadAccount(t, s3Account)
	inv, srv := scanAccount(t, acct, emulator.Options{LegacyListBuckets: true}, Options{Regions: acct.Regions})
	if errs := s3Errors(inv); len(errs) > 0 {
		t.Fatalf("S3 errors: %v", errs)
	}
	assertS3Equal(t, inv.S3, wantS3(acct, acct.Regions))
	if n := countCalls(srv, "s3", "GetBucketLocation"); n != len(acct.S3.Buckets) {
		t.Errorf("GetBucketLocation called %d times, want once per bucket: %d", n, len(acct.S3.Buckets))
	}
}

// A bucket whose region cannot be learnt is kept, region unknown, with the
// failure naming it; the others are complete.
func TestS3LocationFailureKeepsBucket(t *testing.T) {
	acct := loadAccount(t, s3Account)
	inv, _ := scanAccount(t, acct, emulator.Options{
		LegacyListBuckets: true,
		Fail:              []emulator.Rule{{Service: "s3", Operation: "GetBucketLocation", Resource: "acme-tmp-fra"}},
	}, Options{Regions: acct.Regions})
	arn := inventory.BucketARN("aws", "acme-tmp-fra")
	errs := s3Errors(inv)
	if len(errs) != 1 {
		t.Fatalf("S3 errors = %v, want one", errs)
	}
	if e := errs[0]; e.Operation != "GetBucketLocation" || e.ResourceARN != arn || e.Region != "" || e.Kind != inventory.ErrService {
		t.Errorf("error = %+v", e)
	}
	want := wantS3(acct, acct.Regions)
	for i, b := range want.Buckets {
		if b.Name == "acme-tmp-fra" {
			want.Buckets[i] = inventory.Bucket{
				Resource:     inventory.Resource{ARN: arn, AccountID: acct.AccountID},
				Name:         b.Name,
				CreationDate: b.CreationDate,
			}
		}
	}
	assertS3Equal(t, inv.S3, want)
}

func TestS3DeniedBucketPolicy(t *testing.T) {
	acct := loadAccount(t, s3Account)
	inv, srv := scanAccount(t, acct, emulator.Options{
		Deny: []emulator.Rule{{Service: "s3", Operation: "GetBucketPolicy", Resource: "acme-data-eu"}},
	}, Options{Regions: acct.Regions})
	errs := s3Errors(inv)
	if len(errs) != 1 {
		t.Fatalf("S3 errors = %v, want one", errs)
	}
	want := inventory.CollectionError{
		Service: "s3", Region: "eu-west-1", Operation: "GetBucketPolicy",
		ResourceARN: "arn:aws:s3:::acme-data-eu", Kind: inventory.ErrAccessDenied, Code: "AccessDenied",
	}
	got := errs[0]
	want.Message = got.Message
	if got != want || got.Message == "" {
		t.Errorf("error = %+v, want %+v with a message", got, want)
	}
	// The bucket is kept with everything but its policy; the others are
	// untouched.
	expected := wantS3(acct, acct.Regions)
	for i := range expected.Buckets {
		if b := &expected.Buckets[i]; b.Name == "acme-data-eu" {
			b.Policy, b.PolicyIsPublic = "", false
		}
	}
	assertS3Equal(t, inv.S3, expected)
	for _, c := range srv.Calls() {
		if c.Operation == "GetBucketPolicyStatus" && c.Resource == "acme-data-eu" {
			t.Error("GetBucketPolicyStatus called although the policy could not be read")
		}
	}
}

func TestS3DeniedListBuckets(t *testing.T) {
	acct := loadAccount(t, s3Account)
	inv, _ := scanAccount(t, acct, emulator.Options{
		Deny: []emulator.Rule{{Service: "s3", Operation: "ListBuckets"}},
	}, Options{Regions: acct.Regions})
	errs := s3Errors(inv)
	if len(errs) != 1 {
		t.Fatalf("S3 errors = %v, want one", errs)
	}
	if e := errs[0]; e.Operation != "ListBuckets" || e.Region != "" || e.ResourceARN != "" || e.Kind != inventory.ErrAccessDenied {
		t.Errorf("error = %+v, want a global ListBuckets access-denied", e)
	}
	if len(inv.S3.Buckets) != 0 {
		t.Errorf("buckets = %d, want none", len(inv.S3.Buckets))
	}
	if !reflect.DeepEqual(inv.S3.AccountPublicAccessBlock, acct.S3.AccountPublicAccessBlock) {
		t.Errorf("account public access block = %+v, want %+v", inv.S3.AccountPublicAccessBlock, acct.S3.AccountPublicAccessBlock)
	}
}

func TestS3AccountPublicAccessBlock(t *testing.T) {
	t.Run("none configured is not an error", func(t *testing.T) {
		acct := loadAccount(t, s3Account)
		acct.S3.AccountPublicAccessBlock = nil
		inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
		if errs := s3Errors(inv); len(errs) > 0 {
			t.Fatalf("S3 errors: %v", errs)
		}
		if inv.S3.AccountPublicAccessBlock != nil {
			t.Errorf("account public access block = %+v, want none", inv.S3.AccountPublicAccessBlock)
		}
		if countCalls(srv, "s3control", "GetPublicAccessBlock") != 1 {
			t.Error("S3 Control GetPublicAccessBlock not called once")
		}
	})
	t.Run("denied is recorded against the account", func(t *testing.T) {
		acct := loadAccount(t, s3Account)
		inv, _ := scanAccount(t, acct, emulator.Options{
			Deny: []emulator.Rule{{Service: "s3control"}},
		}, Options{Regions: acct.Regions})
		errs := s3Errors(inv)
		if len(errs) != 1 {
			t.Fatalf("S3 errors = %v, want one", errs)
		}
		e := errs[0]
		if e.Operation != "GetPublicAccessBlock" || e.Region != "" || e.Kind != inventory.ErrAccessDenied ||
			e.ResourceARN != "arn:aws:iam::111122223333:root" {
			t.Errorf("error = %+v, want the account's GetPublicAccessBlock denied", e)
		}
		if inv.S3.AccountPublicAccessBlock != nil {
			t.Error("account public access block set although it could not be read")
		}
		if len(inv.S3.Buckets) != len(acct.S3.Buckets) {
			t.Errorf("buckets = %d, want %d", len(inv.S3.Buckets), len(acct.S3.Buckets))
		}
	})
	t.Run("unknown account is a recorded gap", func(t *testing.T) {
		acct := loadAccount(t, s3Account)
		inv, srv := scanAccount(t, acct, emulator.Options{
			Deny: []emulator.Rule{{Service: "sts"}},
		}, Options{Regions: acct.Regions})
		errs := s3Errors(inv)
		if len(errs) != 1 || errs[0].Operation != "GetPublicAccessBlock" || errs[0].ResourceARN == "" {
			t.Fatalf("S3 errors = %v, want the account's GetPublicAccessBlock", errs)
		}
		if n := countCalls(srv, "s3control", "GetPublicAccessBlock"); n != 0 {
			t.Errorf("S3 Control called %d times without an account ID", n)
		}
	})
}

func TestS3ThrottlingAndServerErrorsAreRetried(t *testing.T) {
	acct := loadAccount(t, s3Account)
	clean, cleanSrv := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	inv, srv := scanAccount(t, acct, emulator.Options{ThrottleRate: 0.3, ServerErrorRate: 0.05, Seed: 42}, Options{Regions: acct.Regions})
	if errs := s3Errors(inv); len(errs) > 0 {
		t.Fatalf("S3 errors: %v", errs)
	}
	assertS3Equal(t, inv.S3, clean.S3)
	if got, base := s3Calls(srv), s3Calls(cleanSrv); got <= base {
		t.Errorf("server saw %d S3 calls, no more than a clean scan's %d: no fault was retried", got, base)
	}
}

func s3Calls(srv *emulator.Server) int {
	return len(slices.DeleteFunc(srv.Calls(), func(c emulator.Call) bool { return c.Service != "s3" && c.Service != "s3control" }))
}
