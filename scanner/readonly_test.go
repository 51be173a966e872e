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
// GET is API Gateway's read action: its IAM actions are HTTP verbs, and
// POST, PUT, PATCH and DELETE fail.
var readOnly = regexp.MustCompile(`^(Describe|List|Get)[A-Z]|^GenerateCredentialReport$|^GET$`)

// assumeRole is the one allowed operation that does more than read: it
// hands out credentials of a role the account already has. Only the
// orchestrator may call it, and only on the member role.
const assumeRole = "sts:AssumeRole"

// multiAccountOnly are allowed operations that a scan of one account never
// calls: only --accounts and --org do (cmd/srmscan/org_test.go), and the
// demo scan this test runs is of one account.
var multiAccountOnly = map[string]bool{assumeRole: true, "organizations:ListAccounts": true}

func TestPermissionsAreReadOnly(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Permissions {
		key := p.Service + ":" + p.Operation
		if seen[key] {
			t.Errorf("%s listed twice", key)
		}
		seen[key] = true
		if key == assumeRole {
			if !p.Orchestrator() {
				t.Error("sts:AssumeRole must be the orchestrator's alone")
			}
			continue
		}
		if !readOnly.MatchString(p.Operation) {
			t.Errorf("%s is not a read-only operation", key)
		}
		if _, action, _ := strings.Cut(p.Action, ":"); p.Action != "" && !readOnly.MatchString(action) {
			t.Errorf("%s needs %s, which is not a read-only action", key, p.Action)
		}
	}
}

// The three policies srmscan prints hold to the allow-list: the audit
// policy only reads; the orchestrator's only non-read is sts:AssumeRole, on
// the member role's ARN pattern alone; the trust policy trusts exactly one
// principal. Between them they grant every allowed action, once.
func TestPoliciesAreReadOnly(t *testing.T) {
	granted := map[string]int{}
	audit := AuditPolicy(nil)
	if len(audit.Statement) != 1 {
		t.Fatalf("audit policy has %d statements", len(audit.Statement))
	}
	for _, a := range audit.Statement[0].Action {
		granted[a]++
		if _, name, _ := strings.Cut(a, ":"); !readOnly.MatchString(name) {
			t.Errorf("audit policy grants %s, which is not read-only", a)
		}
	}
	if st := audit.Statement[0]; st.Effect != "Allow" || st.Resource != "*" || st.Principal != nil {
		t.Errorf("audit statement = %+v", st)
	}
	orch, err := OrchestratorPolicy("aws", "srmscan-audit")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range orch.Statement {
		for _, a := range st.Action {
			granted[a]++
			if a == assumeRole {
				if st.Resource != "arn:aws:iam::*:role/srmscan-audit" || len(st.Action) != 1 {
					t.Errorf("sts:AssumeRole is granted on %q with %v: want the member role's ARN pattern alone", st.Resource, st.Action)
				}
				continue
			}
			if _, name, _ := strings.Cut(a, ":"); !readOnly.MatchString(name) {
				t.Errorf("orchestrator policy grants %s, which is not read-only", a)
			}
		}
	}
	for _, p := range Permissions {
		if p.Action != "" && granted[p.Action] == 0 {
			t.Errorf("no policy grants %s", p.Action)
		}
	}
	for a, n := range granted {
		if n > 1 {
			t.Errorf("%s is granted by both the audit and the orchestrator policy", a)
		}
		if !slices.ContainsFunc(Permissions, func(p Permission) bool { return p.Action == a }) {
			t.Errorf("%s is granted but not in the allow-list", a)
		}
	}
	trust, err := TrustPolicy("arn:aws:iam::111122223333:role/srmscan-orchestrator")
	if err != nil {
		t.Fatal(err)
	}
	if len(trust.Statement) != 1 {
		t.Fatalf("trust policy = %+v", trust)
	}
	st := trust.Statement[0]
	if st.Effect != "Allow" || !slices.Equal(st.Action, []string{assumeRole}) || st.Principal == nil ||
		st.Principal.AWS != "arn:aws:iam::111122223333:role/srmscan-orchestrator" || st.Resource != "" {
		t.Errorf("trust statement = %+v", st)
	}
}

func TestPolicyArgumentsAreChecked(t *testing.T) {
	for _, name := range []string{"", "a/b", "*", strings.Repeat("r", 65), "role name"} {
		if _, err := OrchestratorPolicy("aws", name); err == nil {
			t.Errorf("role name %q accepted", name)
		}
	}
	if _, err := OrchestratorPolicy("aws-mars", "r"); err == nil {
		t.Error("unknown partition accepted")
	}
	if doc, err := OrchestratorPolicy("aws-cn", "r"); err != nil || doc.Statement[0].Resource != "arn:aws-cn:iam::*:role/r" {
		t.Errorf("aws-cn: %v %+v", err, doc)
	}
	for _, arn := range []string{"", "*", "arn:aws:iam::*:role/x", "arn:aws:iam::1234:role/x", "arn:aws:sts::111122223333:assumed-role/x/s",
		"arn:aws:iam::111122223333:role/*", "111122223333", "arn:aws:iam::111122223333:group/admins"} {
		if _, err := TrustPolicy(arn); err == nil {
			t.Errorf("principal %q accepted", arn)
		}
	}
	for _, arn := range []string{"arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/ci",
		"arn:aws-us-gov:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Audit_0123"} {
		if _, err := TrustPolicy(arn); err != nil {
			t.Errorf("principal %q refused: %v", arn, err)
		}
	}
}

// A scoped audit policy grants the chosen services' reads and what every
// scan needs, nothing of the others.
func TestAuditPolicyForServices(t *testing.T) {
	doc := AuditPolicy([]string{"s3"})
	for _, a := range doc.Statement[0].Action {
		if !strings.HasPrefix(a, "s3:") && a != "ec2:DescribeRegions" {
			t.Errorf("s3's policy grants %s", a)
		}
	}
	if !slices.Contains(doc.Statement[0].Action, "s3:GetAccountPublicAccessBlock") || !slices.Contains(doc.Statement[0].Action, "ec2:DescribeRegions") {
		t.Errorf("s3's policy = %v", doc.Statement[0].Action)
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
