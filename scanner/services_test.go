package scanner

import (
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// A scan limited with Services sends the endpoint no request for any other
// service: only identity, region discovery and the chosen collectors'.
func TestScanOnlyChosenServices(t *testing.T) {
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	for _, chosen := range [][]string{{"s3"}, {"kms", "rds"}, {"iam"}, {"efs", "ec2"}} {
		t.Run(strings.Join(chosen, ","), func(t *testing.T) {
			inv, srv := scanAccount(t, acct, emulator.Options{}, Options{Services: chosen})
			if !inv.Complete() {
				t.Fatalf("incomplete: %v", inv.Errors)
			}
			want := slices.Sorted(slices.Values(chosen))
			if !slices.Equal(inv.Services, want) {
				t.Errorf("inventory services = %v, want %v", inv.Services, want)
			}
			seen := map[string]bool{}
			for _, c := range srv.Calls() {
				p := Permission{Service: c.Service, Operation: c.Operation}
				if s := p.Scope(); s != "" && !slices.Contains(chosen, s) {
					t.Errorf("called %s:%s (%s), which is not among %v", c.Service, c.Operation, s, chosen)
				}
				seen[inventory.ServiceOf(c.Service)] = true
			}
			for _, s := range chosen {
				if !seen[s] {
					t.Errorf("no call for chosen service %s", s)
				}
			}
			// api_calls is what the report shows; it must agree.
			for k := range inv.APICalls {
				if strings.HasPrefix(k, "EC2:") && !slices.Contains(chosen, "ec2") && k != "EC2:DescribeRegions" {
					t.Errorf("api_calls has %s", k)
				}
			}
			if !slices.Contains(chosen, "iam") && (len(inv.IAM.Users) > 0 || len(inv.IAM.Roles) > 0) {
				t.Error("IAM collected though not chosen")
			}
			if !slices.Contains(chosen, "ec2") && len(inv.EC2.Instances) > 0 {
				t.Error("EC2 collected though not chosen")
			}
		})
	}
}

// With --regions, not even region discovery runs: a scan of S3 calls STS
// and S3 alone.
func TestScanChosenServicesWithRegions(t *testing.T) {
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	_, srv := scanAccount(t, acct, emulator.Options{}, Options{Services: []string{"s3"}, Regions: []string{"eu-west-1"}})
	for _, c := range srv.Calls() {
		if c.Service != "sts" && c.Service != "s3" && c.Service != "s3control" {
			t.Errorf("called %s:%s", c.Service, c.Operation)
		}
	}
}

func TestFullScanRecordsEveryService(t *testing.T) {
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: []string{"us-east-1"}})
	if !slices.Equal(inv.Services, inventory.Services) {
		t.Errorf("services = %v, want every one", inv.Services)
	}
}

// Every operation but identity and region discovery belongs to a service
// --services can name, so leaving a service out really leaves out its calls.
func TestEveryPermissionHasAScope(t *testing.T) {
	for _, p := range Permissions {
		always := p.Service == "sts" || p.Service == "organizations" || p.Operation == "DescribeRegions"
		if s := p.Scope(); s == "" && !always || s != "" && !slices.Contains(inventory.Services, s) {
			t.Errorf("%s:%s has scope %q", p.Service, p.Operation, s)
		}
	}
}
