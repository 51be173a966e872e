package checks

import (
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/inventory"
)

// Run orders findings without sorting them (see Run); the order must
// still be exactly Sort's, whatever order the checks are listed in, with
// unknown findings for failed listings and resources mixed in.
func TestRunOrderIsSortOrder(t *testing.T) {
	inv := synth.Account(3, synth.Large().Scale(0.02))
	inv.Errors = []inventory.CollectionError{
		{Service: "ec2", Region: "eu-west-1", Operation: "DescribeSecurityGroups", Kind: inventory.ErrAccessDenied},
		{Service: "s3", Region: inv.S3.Buckets[0].Region, Operation: "GetBucketPolicy", ResourceARN: inv.S3.Buckets[0].ARN, Kind: inventory.ErrThrottled},
		{Service: "iam", Operation: "GetAccountAuthorizationDetails", Kind: inventory.ErrService},
	}
	list := All()
	got := Run(inv, list, DefaultConfig())
	want := slices.Clone(got)
	Sort(want)
	if !slices.EqualFunc(got, want, func(a, b Finding) bool { return a.Fingerprint == b.Fingerprint }) {
		t.Fatal("Run's order is not Sort's")
	}
	slices.Reverse(list)
	again := Run(inv, list, DefaultConfig())
	if !slices.EqualFunc(got, again, func(a, b Finding) bool { return a.Fingerprint == b.Fingerprint && a.Status == b.Status }) {
		t.Fatal("the findings depend on the order the checks are listed in")
	}
	unknown := 0
	for _, f := range got {
		if f.Status == Unknown {
			unknown++
		}
	}
	if unknown == 0 {
		t.Fatal("the collection errors made no finding unknown")
	}
}
