package scanner

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
)

// readOnly matches the operation names that only read. Anything that could
// change an account (Create*, Put*, Delete*, Modify*, Update*, ...) fails it.
// AssumeRole only obtains credentials for a role the account already has.
var readOnly = regexp.MustCompile(`^(Describe|List|Get)[A-Z]|^GenerateCredentialReport$|^AssumeRole$`)

// multiAccountOnly are allowed operations that a scan of one account never
// calls: only --accounts and --org do (cmd/srmscan/org_test.go), and the
// demo scan this test runs is of one account.
var multiAccountOnly = map[string]bool{"sts:AssumeRole": true, "organizations:ListAccounts": true}

func TestPermissionsAreReadOnly(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Permissions {
		key := p.Service + ":" + p.Operation
		if seen[key] {
			t.Errorf("%s listed twice", key)
		}
		seen[key] = true
		if !readOnly.MatchString(p.Operation) {
			t.Errorf("%s is not a read-only operation", key)
		}
		if _, action, _ := strings.Cut(p.Action, ":"); p.Action != "" && !readOnly.MatchString(action) {
			t.Errorf("%s needs %s, which is not a read-only action", key, p.Action)
		}
	}
}

// TestScanCallsOnlyTheAllowList scans the demo account, whose resources
// between them exercise every collector, and holds every request the
// endpoint received to the allow-list. It also fails when an allowed
// operation is never called, so the list (and the IAM policy made from it)
// cannot keep permissions a scan no longer needs.
func TestScanCallsOnlyTheAllowList(t *testing.T) {
	acct, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	// Bucket regions come from ListBuckets; the legacy listing makes the
	// collector fall back to GetBucketLocation, which must be allowed too.
	for _, legacy := range []bool{false, true} {
		inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 2, LegacyListBuckets: legacy}, Options{})
		if !inv.Complete() {
			t.Fatalf("demo scan incomplete: %v", inv.Errors)
		}
		called := map[string]bool{}
		for _, c := range srv.Calls() {
			called[c.Service+":"+c.Operation] = true
			if !slices.ContainsFunc(Permissions, func(p Permission) bool { return p.Service == c.Service && p.Operation == c.Operation }) {
				t.Errorf("the scan called %s:%s, which is not in the read-only allow-list", c.Service, c.Operation)
			}
		}
		if !legacy {
			for _, p := range Permissions {
				if p.Operation == "GetBucketLocation" || multiAccountOnly[p.Service+":"+p.Operation] {
					continue // only with the legacy listing, or with several accounts
				}
				if !called[p.Service+":"+p.Operation] {
					t.Errorf("%s:%s is allowed but a full scan never calls it", p.Service, p.Operation)
				}
			}
		} else if !called["s3:GetBucketLocation"] {
			t.Error("a legacy bucket listing must fall back to GetBucketLocation")
		}
	}
}
