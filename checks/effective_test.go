package checks

import (
	"slices"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

const fenceARN = "arn:aws:iam::111122223333:policy/Fence"

// bounded gives a user or role the Fence permissions boundary.
func boundedUser(name string, fill func(u *inventory.User)) func(inv *inventory.Inventory) {
	return user(name, func(u *inventory.User) {
		u.PermissionsBoundary = fenceARN
		if fill != nil {
			fill(u)
		}
	})
}

// org puts the account in an organization, under ou-1 and r-1, with
// FullAWSAccess at every level and the extra SCPs given.
func org(extra ...inventory.SCP) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.Organization = &inventory.Organization{InOrganization: true, ID: "o-1", ManagementAccountID: "999999999999", FeatureSet: "ALL",
			Parents: []string{"ou-1", "r-1"},
			SCPs: append([]inventory.SCP{{ID: "p-FullAWSAccess", Name: "FullAWSAccess", AWSManaged: true,
				Targets: []string{"111122223333", "ou-1", "r-1"}, Document: adminDoc}}, extra...)}
	}
}

var denyIAM = inventory.SCP{ID: "p-1", Name: "DenyIAM", Targets: []string{"ou-1"},
	Document: `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`}

func attachTo(name string) func(u *inventory.User) {
	return func(u *inventory.User) {
		u.AttachedPolicies = []inventory.AttachedPolicy{{Name: name, ARN: "arn:aws:iam::111122223333:policy/" + name}}
	}
}

func TestPolicyFullAdminThroughFences(t *testing.T) {
	adminUser := func(name string) func(u *inventory.User) {
		return func(u *inventory.User) { u.InlinePolicies = inline("all", adminDoc) }
	}
	runCases(t, policyFullAdmin, []statusCase{
		{"boundary fences the user", both(boundedUser("ci", adminUser("ci")), managed("Fence", readDoc, 0)),
			map[string]Status{"user/ci": Pass}},
		{"boundary allowing everything fences nothing", both(boundedUser("ci", adminUser("ci")), managed("Fence", adminDoc, 0)),
			map[string]Status{"user/ci": Fail}},
		{"boundary not in the listing is not considered", boundedUser("ci", adminUser("ci")),
			map[string]Status{"user/ci": Fail}},
		{"boundary the user may delete fences nothing", both(boundedUser("ci", adminUser("ci")),
			managed("Fence", `{"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}}`, 0)),
			map[string]Status{"user/ci": Fail}},
		{"boundary that keeps its own removal out fences", both(boundedUser("ci", adminUser("ci")),
			managed("Fence", `{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, 0)),
			map[string]Status{"user/ci": Pass}},
		{"one fenced holder of two", both(managed("Deploy", adminDoc, 2), managed("Fence", readDoc, 0),
			boundedUser("a", attachTo("Deploy")), user("b", attachTo("Deploy"))),
			map[string]Status{"policy/Deploy": Fail}},
		{"every member of the group fenced", both(
			group("devs", func(g *inventory.Group) { g.InlinePolicies = inline("all", adminDoc) }),
			boundedUser("a", func(u *inventory.User) { u.Groups = []string{"devs"} }), managed("Fence", readDoc, 0)),
			map[string]Status{"group/devs": Pass}},
		{"role fenced", both(role("app", "", func(r *inventory.Role) {
			r.InlinePolicies, r.PermissionsBoundary = inline("all", adminDoc), fenceARN
		}), managed("Fence", readDoc, 0)), map[string]Status{"role/app": Pass}},
		{"SCP denies IAM", both(user("ci", adminUser("ci")), org(denyIAM)), map[string]Status{"user/ci": Pass}},
		{"a guardrail SCP leaves an administrator", both(user("ci", adminUser("ci")), org(inventory.SCP{ID: "p-3", Name: "Guardrails", Targets: []string{"ou-1"},
			Document: `{"Statement":{"Effect":"Deny","Action":["organizations:LeaveOrganization","cloudtrail:StopLogging"],"Resource":"*"}}`})),
			map[string]Status{"user/ci": Fail}},
		{"FullAWSAccess alone limits nothing", both(user("ci", adminUser("ci")), org()), map[string]Status{"user/ci": Fail}},
		{"a level no SCP allows", both(user("ci", adminUser("ci")), org(), func(inv *inventory.Inventory) {
			inv.Organization.SCPs[0].Targets = []string{"ou-1", "r-1"}
		}), map[string]Status{"user/ci": Pass}},
		{"SCPs not read: verdict stands", both(user("ci", adminUser("ci")), org(denyIAM), func(inv *inventory.Inventory) {
			inv.Organization.NotRead, inv.Organization.SCPs = "organizations:ListParents denied", nil
		}), map[string]Status{"user/ci": Fail}},
		{"management account is not restricted", both(user("ci", adminUser("ci")), org(denyIAM), func(inv *inventory.Inventory) {
			inv.Organization.ManagementAccountID = inv.AccountID
		}), map[string]Status{"user/ci": Fail}},
		{"unparseable SCP is not considered", both(user("ci", adminUser("ci")), org(inventory.SCP{ID: "p-2", Targets: []string{"r-1"}, Document: brokenDoc})),
			map[string]Status{"user/ci": Fail}},
		{"service-linked roles are out of SCPs' reach", both(role("svc", "", func(r *inventory.Role) {
			r.Path, r.InlinePolicies = "/aws-service-role/x.amazonaws.com/", inline("all", adminDoc)
			r.ARN = "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/svc"
		}), org(denyIAM)), map[string]Status{"role/aws-service-role/x.amazonaws.com/svc": Fail}},
	})

	fs := Run(account(both(user("ci", adminUser("ci")), org(denyIAM))), []Check{policyFullAdmin}, DefaultConfig())
	if lim, _ := fs[0].Evidence["limited_by"].(map[string]string); lim["user ci"] != "SCP p-1 (DenyIAM)" {
		t.Errorf("limited_by = %v", fs[0].Evidence["limited_by"])
	}
	if got := fs[0].Evidence["scps"]; got != "considered: p-FullAWSAccess (FullAWSAccess) on 111122223333, p-FullAWSAccess (FullAWSAccess) on ou-1, p-1 (DenyIAM) on ou-1, p-FullAWSAccess (FullAWSAccess) on r-1" {
		t.Errorf("scps = %v", got)
	}
	fs = Run(account(both(boundedUser("ci", adminUser("ci")), managed("Fence", readDoc, 0))), []Check{policyFullAdmin}, DefaultConfig())
	if lim, _ := fs[0].Evidence["limited_by"].(map[string]string); lim["user ci"] != "permissions boundary "+fenceARN {
		t.Errorf("limited_by = %v", fs[0].Evidence["limited_by"])
	}
	if got := fs[0].Evidence["scps"]; got != "not considered (AWS Organizations was not read)" {
		t.Errorf("scps = %v", got)
	}
	fs = Run(account(both(user("ci", adminUser("ci")), org(), func(inv *inventory.Inventory) {
		inv.Organization.NotRead = "organizations:ListParents denied"
	})), []Check{policyFullAdmin}, DefaultConfig())
	if got := fs[0].Evidence["scps"]; got != "not considered (organizations:ListParents denied)" {
		t.Errorf("scps = %v", got)
	}
	fs = Run(account(both(boundedUser("ci", adminUser("ci")))), []Check{policyFullAdmin}, DefaultConfig())
	if got, _ := fs[0].Evidence["boundaries_not_considered"].([]string); len(got) != 1 {
		t.Errorf("boundaries_not_considered = %v", fs[0].Evidence)
	}
}

// The line between "every action but a few" that is administration and
// broad power that is not.
func TestPolicyFullAdminNotActionAndNotResource(t *testing.T) {
	doc := func(stmts string) func(inv *inventory.Inventory) { return managed("P", `{"Statement":[`+stmts+`]}`, 1) }
	fail, pass := map[string]Status{"policy/P": Fail}, map[string]Status{"policy/P": Pass}
	runCases(t, policyFullAdmin, []statusCase{
		{"everything but billing", doc(`{"Effect":"Allow","NotAction":["aws-portal:*","budgets:*"],"Resource":"*"}`), fail},
		{"everything but one IAM write: attach is left", doc(`{"Effect":"Allow","NotAction":"iam:PutUserPolicy","Resource":"*"}`), fail},
		{"everything but IAM writes", doc(`{"Effect":"Allow","NotAction":["iam:Put*","iam:Attach*","iam:CreatePolicyVersion"],"Resource":"*"}`), pass},
		{"everything but IAM", doc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), pass},
		{"star with IAM denied", doc(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}`), pass},
		{"star with one bucket denied", doc(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::vault/*"}`), fail},
		{"star with a conditional deny", doc(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}`), fail},
		{"every resource but a bucket", doc(`{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::vault"}`), fail},
		{"every resource but IAM's", doc(`{"Effect":"Allow","Action":"*","NotResource":"arn:aws:iam::*:*"}`), pass},
		{"NotAction on one bucket", doc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::b"}`), pass},
	})
	fs := Run(account(doc(`{"Effect":"Allow","NotAction":"aws-portal:*","Resource":"*"}`)), []Check{policyFullAdmin}, DefaultConfig())
	if fs[0].Evidence["regranted_with"] != "iam:AttachUserPolicy" {
		t.Errorf("evidence = %v", fs[0].Evidence)
	}
}

func TestPolicyPrivilegeEscalationThroughFences(t *testing.T) {
	deploy := func(u *inventory.User) { u.InlinePolicies = inline("all", adminDoc) }
	passFence := `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`
	runCases(t, policyPrivilegeEscalation, []statusCase{
		{"boundary keeps every path out", both(boundedUser("ci", deploy), managed("Fence", readDoc, 0)), map[string]Status{"user/ci": Pass}},
		{"boundary lets PassRole through", both(boundedUser("ci", deploy), managed("Fence", passFence, 0)), map[string]Status{"user/ci": Fail}},
		{"SCP denies IAM", both(user("ci", deploy), org(denyIAM)), map[string]Status{"user/ci": Pass}},
		{"boundary removal is a path", managed("P", `{"Statement":{"Effect":"Allow","Action":"iam:DeleteRolePermissionsBoundary","Resource":"*"}}`, 1),
			map[string]Status{"policy/P": Fail}},
	})
	fs := Run(account(both(boundedUser("ci", deploy), managed("Fence", passFence, 0))), []Check{policyPrivilegeEscalation}, DefaultConfig())
	want := []string{"iam:PassRole + ec2:RunInstances", "iam:PassRole + lambda:CreateFunction", "iam:PassRole + cloudformation:CreateStack", "iam:PassRole + glue:CreateDevEndpoint"}
	if got, _ := fs[0].Evidence["escalation_actions"].([]string); !slices.Equal(got, want) {
		t.Errorf("escalation_actions = %v", fs[0].Evidence["escalation_actions"])
	}
	if got, _ := fs[0].Evidence["granted_escalation_actions"].([]string); len(got) <= len(want) {
		t.Errorf("granted_escalation_actions = %v", got)
	}
	fs = Run(account(both(boundedUser("ci", deploy), managed("Fence", readDoc, 0))), []Check{policyPrivilegeEscalation}, DefaultConfig())
	if lim, _ := fs[0].Evidence["limited_by"].(map[string]string); lim["user ci"] != "permissions boundary "+fenceARN {
		t.Errorf("limited_by = %v", fs[0].Evidence)
	}
}

func summary(kv map[string]int32) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) { inv.IAM.Summary = kv }
}

func TestRootFromAccountSummary(t *testing.T) {
	noRoot := cred("alice", nil)
	runCases(t, rootMFA, []statusCase{
		{"summary says MFA", both(noRoot, summary(map[string]int32{"AccountMFAEnabled": 1})), map[string]Status{acct: Pass}},
		{"summary says no MFA", both(noRoot, summary(map[string]int32{"AccountMFAEnabled": 0})), map[string]Status{acct: Fail}},
		{"neither", both(noRoot, summary(map[string]int32{"Users": 1})), map[string]Status{acct: Unknown}},
		{"the report's row wins", both(root(nil), summary(map[string]int32{"AccountMFAEnabled": 1})), map[string]Status{acct: Fail}},
		{"report denied: unknown whatever the summary", both(noRoot, reportDenied, summary(map[string]int32{"AccountMFAEnabled": 1})),
			map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
	runCases(t, rootAccessKeys, []statusCase{
		{"summary says keys", both(noRoot, summary(map[string]int32{"AccountAccessKeysPresent": 1})), map[string]Status{acct: Fail}},
		{"summary says none", both(noRoot, summary(map[string]int32{"AccountAccessKeysPresent": 0})), map[string]Status{acct: Pass}},
		{"neither", noRoot, map[string]Status{acct: Unknown}},
		{"the report's row wins", both(root(key1(ago(9), nil)), summary(map[string]int32{"AccountAccessKeysPresent": 0})), map[string]Status{acct: Fail}},
	})
	for _, tc := range []struct {
		inv  *inventory.Inventory
		want string
	}{
		{account(both(noRoot, summary(map[string]int32{"AccountMFAEnabled": 1}))), sourceAccountSummary},
		{account(root(nil)), sourceCredentialReport},
	} {
		if fs := Run(tc.inv, []Check{rootMFA}, DefaultConfig()); fs[0].Evidence["source"] != tc.want {
			t.Errorf("source = %v, want %s", fs[0].Evidence["source"], tc.want)
		}
	}
}
