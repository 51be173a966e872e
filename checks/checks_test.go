package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// account returns an inventory for account 111122223333 scanned at testNow,
// after fill has added resources. It normalises ARNs as a collector would.
func account(fill func(inv *inventory.Inventory)) *inventory.Inventory {
	inv := &inventory.Inventory{AccountID: "111122223333", Regions: []string{"us-east-1"}, StartedAt: testNow}
	if fill != nil {
		fill(inv)
	}
	inv.Normalize()
	return inv
}

// denied records a failed operation, as the scanner would.
func denied(service, region, operation, arn string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.Errors = append(inv.Errors, inventory.CollectionError{Service: service, Region: region,
			Operation: operation, ResourceARN: arn, Kind: inventory.ErrAccessDenied, Code: "AccessDenied", Message: "denied"})
	}
}

func both(fs ...func(inv *inventory.Inventory)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		for _, f := range fs {
			f(inv)
		}
	}
}

// statusCase is one table row: an account and the status expected for each
// resource whose ARN ends in the given suffix.
type statusCase struct {
	name string
	fill func(inv *inventory.Inventory)
	want map[string]Status // ARN suffix -> status
}

func runCases(t *testing.T, c Check, cases []statusCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := Run(account(tc.fill), []Check{c}, DefaultConfig())
			got := map[string]Status{}
			for _, f := range fs {
				got[f.ResourceARN] = f.Status
				if f.Message == "" {
					t.Errorf("%s: empty message", f.ResourceARN)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("got %d findings %v, want %d", len(got), got, len(tc.want))
			}
			for suffix, want := range tc.want {
				found := false
				for arn, st := range got {
					if strings.HasSuffix(arn, suffix) {
						found = true
						if st != want {
							t.Errorf("%s: status %s, want %s", arn, st, want)
						}
					}
				}
				if !found {
					t.Errorf("no finding for *%s in %v", suffix, got)
				}
			}
		})
	}
}

func TestCatalogueMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range All() {
		if seen[c.ID] {
			t.Errorf("duplicate check ID %s", c.ID)
		}
		seen[c.ID] = true
		if c.ID == "" || c.Title == "" || c.Description == "" || c.Service == "" || c.ResourceType == "" ||
			c.Remediation.Text == "" || len(c.References) == 0 || c.Evaluate == nil {
			t.Errorf("%s: missing metadata", c.ID)
		}
		if c.Severity.Rank() == 0 || !slices.Contains(ControlCategories, c.Category) ||
			!slices.Contains(Domains, c.Domain) || !slices.Contains(ServiceModels, c.ServiceModel) {
			t.Errorf("%s: a vocabulary value is not from srm-model.md: %+v", c.ID, c)
		}
		if (c.Category == Shared) != (c.SharedControl != "") {
			t.Errorf("%s: shared_control must be set exactly for shared checks", c.ID)
		}
		if c.SharedControl != "" && !slices.Contains(SharedControls, c.SharedControl) {
			t.Errorf("%s: unknown shared control %q", c.ID, c.SharedControl)
		}
		if _, ok := serviceNames[c.Service]; !ok {
			t.Errorf("%s: service %q has no display name in serviceNames", c.ID, c.Service)
		}
		if c.SharedControl != AwarenessTraining && len(c.Needs) == 0 {
			t.Errorf("%s: a check that reads the account must list the operations it needs", c.ID)
		}
	}
}

func TestRunListingFailureGivesScopedUnknown(t *testing.T) {
	inv := account(both(
		func(inv *inventory.Inventory) {
			inv.Regions = []string{"eu-west-1", "us-east-1"}
			inv.EC2.SecurityGroups = []inventory.SecurityGroup{{Resource: inventory.Resource{Region: "us-east-1"}, ID: "sg-1", Name: "web"}}
		},
		denied("ec2", "eu-west-1", "DescribeSecurityGroups", ""),
		denied("ec2", "eu-west-1", "DescribeVolumes", ""), // not needed by this check
	))
	fs := Run(inv, []Check{sgAdminPortsPublic}, DefaultConfig())
	if len(fs) != 2 {
		t.Fatalf("findings = %+v", fs)
	}
	scope := fs[0]
	if scope.Region != "eu-west-1" || scope.Status != Unknown || scope.ResourceARN != "arn:aws:ec2:eu-west-1:111122223333:*" {
		t.Errorf("scope finding = %+v", scope)
	}
	if scope.Evidence["failed_operation"] != "ec2:DescribeSecurityGroups" || scope.Evidence["error_code"] != "AccessDenied" {
		t.Errorf("scope evidence = %v", scope.Evidence)
	}
	if fs[1].Region != "us-east-1" || fs[1].Status != Pass {
		t.Errorf("other region must be unaffected: %+v", fs[1])
	}
}

func TestRunResourceFailureOverridesVerdict(t *testing.T) {
	inv := account(func(inv *inventory.Inventory) {
		inv.S3.Buckets = []inventory.Bucket{
			{Resource: inventory.Resource{Region: "us-east-1"}, Name: "a"},
			{Resource: inventory.Resource{Region: "us-east-1"}, Name: "b"},
		}
	})
	denied("s3", "us-east-1", "GetPublicAccessBlock", "arn:aws:s3:::a")(inv)
	fs := Run(inv, []Check{bucketPublicAccessBlock}, DefaultConfig())
	if len(fs) != 2 || fs[0].Status != Unknown || fs[1].Status != Fail {
		t.Fatalf("want a unknown (its block could not be read, not 'missing') and b fail, got %+v", fs)
	}
	if !strings.Contains(fs[0].Message, "GetPublicAccessBlock") {
		t.Errorf("unknown message should name the failed operation: %q", fs[0].Message)
	}
}

func TestRunIsDeterministic(t *testing.T) {
	fill := func(inv *inventory.Inventory) {
		for _, id := range []string{"sg-3", "sg-1", "sg-2"} {
			inv.EC2.SecurityGroups = append(inv.EC2.SecurityGroups, inventory.SecurityGroup{Resource: inventory.Resource{Region: "us-east-1"}, ID: id})
		}
	}
	a := Run(account(fill), All(), DefaultConfig())
	b := Run(account(fill), All(), DefaultConfig())
	if !slices.EqualFunc(a, b, func(x, y Finding) bool { return x.Fingerprint == y.Fingerprint && x.Status == y.Status }) {
		t.Fatal("two runs over the same inventory differ")
	}
	for i := 1; i < len(a); i++ {
		if a[i-1].CheckID == a[i].CheckID && a[i-1].ResourceARN > a[i].ResourceARN {
			t.Errorf("findings not sorted: %s before %s", a[i-1].ResourceARN, a[i].ResourceARN)
		}
	}
}

func TestFingerprintIgnoresStatus(t *testing.T) {
	a := Fingerprint("c", "1", "us-east-1", "arn:x")
	if a != Fingerprint("c", "1", "us-east-1", "arn:x") || a == Fingerprint("c", "1", "us-east-1", "arn:y") ||
		a == Fingerprint("c", "1", "eu-west-1", "arn:x") || a == Fingerprint("d", "1", "us-east-1", "arn:x") {
		t.Error("fingerprint must depend on check, account, region and resource only")
	}
	if Fingerprint("ab", "c", "", "") == Fingerprint("a", "bc", "", "") {
		t.Error("fields must be separated before hashing")
	}
}

func TestResultServiceModelPlacesTheResource(t *testing.T) {
	c := Check{ID: "x", Service: "ecs", ServiceModel: Container, ResourceType: "AWS::ECS::Service",
		Evaluate: func(*inventory.Inventory, Config) []Result {
			return []Result{
				{Status: Pass, ResourceARN: "arn:aws:ecs:us-east-1:111122223333:service/c/ec2"},
				{Status: Pass, ResourceARN: "arn:aws:ecs:us-east-1:111122223333:service/c/fargate", ServiceModel: Abstracted},
			}
		}}
	fs := Run(account(nil), []Check{c}, DefaultConfig())
	if len(fs) != 2 || fs[0].ServiceModel != Container || fs[1].ServiceModel != Abstracted {
		t.Fatalf("want the check's model where the result names none and the result's where it does, got %+v", fs)
	}
}
