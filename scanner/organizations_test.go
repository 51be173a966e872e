package scanner

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

func demoAccount(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// The SCPs on the account's path, and the permissions boundaries, come
// back as the account describes them, over the real wire formats, with
// listings paged.
func TestOrganizationAndBoundariesAreCollected(t *testing.T) {
	acct := demoAccount(t)
	inv, _ := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{})
	if !inv.Complete() {
		t.Fatalf("scan incomplete: %v", inv.Errors)
	}
	want := *acct.Organization
	want.SCPs = slices.Clone(want.SCPs)
	slices.SortFunc(want.SCPs, func(a, b inventory.SCP) int { return strings.Compare(a.ID, b.ID) })
	if !reflect.DeepEqual(inv.Organization, &want) {
		t.Errorf("organization = %+v\nwant %+v", inv.Organization, acct.Organization)
	}
	bounded := 0
	for _, r := range inv.IAM.Roles {
		i := slices.IndexFunc(acct.IAM.Roles, func(x inventory.Role) bool { return x.ARN == r.ARN })
		if r.PermissionsBoundary != acct.IAM.Roles[i].PermissionsBoundary {
			t.Errorf("role %s: boundary %q, want %q", r.Name, r.PermissionsBoundary, acct.IAM.Roles[i].PermissionsBoundary)
		}
		if r.PermissionsBoundary != "" {
			bounded++
		}
	}
	if bounded == 0 {
		t.Error("the demo account has no bounded role to collect")
	}
}

func TestUserBoundaryIsCollected(t *testing.T) {
	acct := demoAccount(t)
	acct.IAM.Users[0].PermissionsBoundary = "arn:aws:iam::123456789012:policy/NorthwindDeployBoundary"
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{})
	i := slices.IndexFunc(inv.IAM.Users, func(u inventory.User) bool { return u.ARN == acct.IAM.Users[0].ARN })
	if i < 0 || inv.IAM.Users[i].PermissionsBoundary != acct.IAM.Users[0].PermissionsBoundary {
		t.Errorf("users = %+v", inv.IAM.Users)
	}
}

func TestOrganizationAnswers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(o *inventory.Organization) *inventory.Organization
		opts  emulator.Options
		want  func(o *inventory.Organization) bool
		errOp string // the collection error expected, if any
	}{
		{name: "not in an organization is no SCPs, not an error",
			edit: func(*inventory.Organization) *inventory.Organization { return nil },
			want: func(o *inventory.Organization) bool { return o != nil && !o.InOrganization && o.NotRead == "" }},
		{name: "the management account is out of SCPs' reach: the tree is not read",
			edit: func(o *inventory.Organization) *inventory.Organization {
				o.ManagementAccountID = "123456789012"
				return o
			},
			want: func(o *inventory.Organization) bool { return o.InOrganization && o.SCPs == nil && o.NotRead == "" }},
		{name: "consolidated billing has no SCPs",
			edit: func(o *inventory.Organization) *inventory.Organization {
				o.FeatureSet = "CONSOLIDATED_BILLING"
				return o
			},
			want: func(o *inventory.Organization) bool { return o.InOrganization && o.SCPs == nil && o.NotRead == "" }},
		{name: "a member account denied the tree: SCPs not read, no collection error",
			opts: emulator.Options{Deny: []emulator.Rule{{Service: "organizations", Operation: "ListParents"}}},
			want: func(o *inventory.Organization) bool {
				return o.InOrganization && o.NotRead == "organizations:ListParents denied" && o.SCPs == nil && o.Parents == nil
			}},
		{name: "denied one policy's content: none of them is used",
			opts: emulator.Options{Deny: []emulator.Rule{{Service: "organizations", Operation: "DescribePolicy", Resource: "p-7g2kq4xm"}}},
			want: func(o *inventory.Organization) bool {
				return o.NotRead == "organizations:DescribePolicy denied" && o.SCPs == nil
			}},
		{name: "a failing listing is a collection error",
			opts: emulator.Options{Fail: []emulator.Rule{{Service: "organizations", Operation: "ListPoliciesForTarget"}}},
			want: func(o *inventory.Organization) bool {
				return o.NotRead == "organizations:ListPoliciesForTarget failed" && o.SCPs == nil
			},
			errOp: "ListPoliciesForTarget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acct := demoAccount(t)
			if tc.edit != nil {
				acct.Organization = tc.edit(acct.Organization)
			}
			inv, srv := scanAccount(t, acct, tc.opts, Options{})
			if !tc.want(inv.Organization) {
				t.Errorf("organization = %+v", inv.Organization)
			}
			var orgErrs []inventory.CollectionError
			for _, e := range inv.Errors {
				if e.Service == "organizations" {
					orgErrs = append(orgErrs, e)
				}
			}
			switch {
			case tc.errOp == "" && orgErrs != nil:
				t.Errorf("errors = %v, want none", orgErrs)
			case tc.errOp != "" && (len(orgErrs) != 1 || orgErrs[0].Operation != tc.errOp):
				t.Errorf("errors = %v, want one on %s", orgErrs, tc.errOp)
			}
			if tc.edit != nil {
				for _, c := range srv.Calls() {
					if c.Service == "organizations" && c.Operation != "DescribeOrganization" {
						t.Errorf("called %s, which this account does not need", c.Operation)
					}
				}
			}
		})
	}
}
