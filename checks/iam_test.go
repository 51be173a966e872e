package checks

import (
	"slices"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

func credential(user string, password, mfa bool) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.IAM.CredentialReport = append(inv.IAM.CredentialReport, inventory.Credential{
			User: user, ARN: "arn:aws:iam::111122223333:user/" + user, PasswordEnabled: password, MFAActive: mfa})
	}
}

// ago is a credential report time, days before testNow.
func ago(days int) *time.Time {
	t := testNow.Add(-time.Duration(days) * 24 * time.Hour)
	return &t
}

// cred adds a credential report row for user, created 400 days ago.
func cred(user string, fill func(c *inventory.Credential)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		c := inventory.Credential{User: user, ARN: "arn:aws:iam::111122223333:user/" + user, UserCreationTime: ago(400)}
		if user == inventory.RootUser {
			c.ARN = "arn:aws:iam::111122223333:root"
		}
		if fill != nil {
			fill(&c)
		}
		inv.IAM.CredentialReport = append(inv.IAM.CredentialReport, c)
	}
}

func root(fill func(c *inventory.Credential)) func(inv *inventory.Inventory) {
	return cred(inventory.RootUser, fill)
}

func key1(lastRotated, lastUsed *time.Time) func(c *inventory.Credential) {
	return func(c *inventory.Credential) {
		c.AccessKey1Active, c.AccessKey1LastRotated, c.AccessKey1LastUsed = true, lastRotated, lastUsed
	}
}

func key2(lastRotated, lastUsed *time.Time) func(c *inventory.Credential) {
	return func(c *inventory.Credential) {
		c.AccessKey2Active, c.AccessKey2LastRotated, c.AccessKey2LastUsed = true, lastRotated, lastUsed
	}
}

func password(lastUsed *time.Time) func(c *inventory.Credential) {
	return func(c *inventory.Credential) {
		c.PasswordEnabled, c.PasswordLastUsed, c.PasswordLastChanged = true, lastUsed, ago(300)
	}
}

func all[T any](fs ...func(*T)) func(*T) {
	return func(x *T) {
		for _, f := range fs {
			f(x)
		}
	}
}

var reportDenied = denied("iam", "", "GetCredentialReport", "")

// acct is the suffix of the account-level findings' ARN.
const acct = ":iam::111122223333:root"

func TestUserConsoleMFA(t *testing.T) {
	runCases(t, userConsoleMFA, []statusCase{
		{"console with mfa", credential("alice", true, true), map[string]Status{"user/alice": Pass}},
		{"console without mfa", credential("bob", true, false), map[string]Status{"user/bob": Fail}},
		{"no console is not applicable", both(credential("ci", false, false), credential("bob", true, true)), map[string]Status{"user/bob": Pass}},
		{"root is not a console user here", credential(inventory.RootUser, true, false), map[string]Status{}},
		{"report denied", both(credential("bob", true, true), denied("iam", "", "GetCredentialReport", "")),
			map[string]Status{"user/bob": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestAwarenessTrainingIsManual(t *testing.T) {
	fs := Run(account(denied("iam", "", "GetCredentialReport", "")), []Check{awarenessTraining}, DefaultConfig())
	if len(fs) != 1 || fs[0].Status != Manual || fs[0].ResourceARN != "arn:aws:iam::111122223333:root" {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestRootAccessKeys(t *testing.T) {
	runCases(t, rootAccessKeys, []statusCase{
		{"no keys", root(nil), map[string]Status{acct: Pass}},
		{"inactive key is not a key in use", both(root(func(c *inventory.Credential) { c.AccessKey1LastRotated = ago(900) })), map[string]Status{acct: Pass}},
		{"key 1", root(key1(ago(900), ago(3))), map[string]Status{acct: Fail}},
		{"key 2", root(key2(ago(900), nil)), map[string]Status{acct: Fail}},
		{"no root row", cred("alice", nil), map[string]Status{acct: Unknown}},
		{"report denied", both(root(nil), reportDenied), map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
		{"generation denied", both(root(nil), denied("iam", "", "GenerateCredentialReport", "")),
			map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestRootMFA(t *testing.T) {
	runCases(t, rootMFA, []statusCase{
		{"mfa", root(func(c *inventory.Credential) { c.MFAActive = true }), map[string]Status{acct: Pass}},
		{"no mfa", root(nil), map[string]Status{acct: Fail}},
		{"users do not count", both(root(nil), credential("alice", true, true)), map[string]Status{acct: Fail}},
		{"report denied", both(root(nil), reportDenied), map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestRootHardwareMFA(t *testing.T) {
	mfa := root(func(c *inventory.Credential) { c.MFAActive = true })
	device := func(serial, user string, enabled bool) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			d := inventory.MFADevice{SerialNumber: serial, UserARN: user}
			if enabled {
				d.EnableDate = *ago(700)
			}
			inv.IAM.VirtualMFADevices = append(inv.IAM.VirtualMFADevices, d)
		}
	}
	rootSerial := "arn:aws:iam::111122223333:mfa/root-account-mfa-device"
	aliceDevice := device("arn:aws:iam::111122223333:mfa/alice", "arn:aws:iam::111122223333:user/alice", true)
	runCases(t, rootHardwareMFA, []statusCase{
		{"mfa, no virtual device for root", both(mfa, aliceDevice), map[string]Status{acct: Pass}},
		{"virtual device assigned to root", both(mfa, device("arn:aws:iam::111122223333:mfa/my-phone", "arn:aws:iam::111122223333:root", true)), map[string]Status{acct: Fail}},
		{"root's reserved serial, enabled", both(mfa, device(rootSerial, "", true)), map[string]Status{acct: Fail}},
		{"root's reserved serial, left unassigned", both(mfa, device(rootSerial, "", false)), map[string]Status{acct: Pass}},
		{"no mfa at all", root(nil), map[string]Status{acct: Fail}},
		{"devices denied", both(mfa, denied("iam", "", "ListVirtualMFADevices", "")),
			map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
		{"report denied", both(mfa, reportDenied), map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestRootRecentUse(t *testing.T) {
	runCases(t, rootRecentUse, []statusCase{
		{"never used", root(nil), map[string]Status{acct: Pass}},
		{"password 100 days ago", root(func(c *inventory.Credential) { c.PasswordLastUsed = ago(100) }), map[string]Status{acct: Pass}},
		{"password 3 days ago", root(func(c *inventory.Credential) { c.PasswordLastUsed = ago(3) }), map[string]Status{acct: Fail}},
		{"an old password but a fresh key", root(all(func(c *inventory.Credential) { c.PasswordLastUsed = ago(100) }, key2(ago(200), ago(29)))),
			map[string]Status{acct: Fail}},
		{"exactly the window", root(func(c *inventory.Credential) { c.PasswordLastUsed = ago(30) }), map[string]Status{acct: Pass}},
		{"report denied", both(root(nil), reportDenied), map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
	cfg := DefaultConfig()
	cfg.RootRecentUseDays = 120
	fs := Run(account(root(func(c *inventory.Credential) { c.PasswordLastUsed = ago(100) })), []Check{rootRecentUse}, cfg)
	if len(fs) != 1 || fs[0].Status != Fail || fs[0].Evidence["days_ago"] != 100 || fs[0].Evidence["last_used_via"] != "password" {
		t.Fatalf("with a 120-day window: %+v", fs)
	}
}

func passwordPolicy(p *inventory.PasswordPolicy) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) { inv.IAM.PasswordPolicy = p }
}

func TestPasswordPolicyLength(t *testing.T) {
	policyDenied := denied("iam", "", "GetAccountPasswordPolicy", "")
	runCases(t, passwordPolicyLength, []statusCase{
		{"14", passwordPolicy(&inventory.PasswordPolicy{MinimumLength: 14}), map[string]Status{acct: Pass}},
		{"20", passwordPolicy(&inventory.PasswordPolicy{MinimumLength: 20}), map[string]Status{acct: Pass}},
		{"12", passwordPolicy(&inventory.PasswordPolicy{MinimumLength: 12, PasswordReusePrevention: 24}), map[string]Status{acct: Fail}},
		{"no policy", nil, map[string]Status{acct: Fail}},
		{"policy denied", policyDenied, map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestPasswordPolicyReuse(t *testing.T) {
	runCases(t, passwordPolicyReuse, []statusCase{
		{"24", passwordPolicy(&inventory.PasswordPolicy{PasswordReusePrevention: 24}), map[string]Status{acct: Pass}},
		{"5", passwordPolicy(&inventory.PasswordPolicy{MinimumLength: 14, PasswordReusePrevention: 5}), map[string]Status{acct: Fail}},
		{"none", passwordPolicy(&inventory.PasswordPolicy{MinimumLength: 14}), map[string]Status{acct: Fail}},
		{"no policy", nil, map[string]Status{acct: Fail}},
		{"policy denied", both(passwordPolicy(&inventory.PasswordPolicy{PasswordReusePrevention: 24}), denied("iam", "", "GetAccountPasswordPolicy", "")),
			map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestUserKeyNeverUsed(t *testing.T) {
	runCases(t, userKeyNeverUsed, []statusCase{
		{"used key", cred("alice", all(password(ago(1)), key1(ago(400), ago(2)))), map[string]Status{"user/alice": Pass}},
		{"no key", cred("alice", password(ago(1))), map[string]Status{"user/alice": Pass}},
		{"key from set-up, never used", cred("alice", all(password(ago(1)), key1(ago(400), nil))), map[string]Status{"user/alice": Fail}},
		{"second key never used", cred("alice", all(password(ago(1)), key1(ago(400), ago(1)), key2(ago(10), nil))), map[string]Status{"user/alice": Fail}},
		{"inactive unused key", cred("alice", all(password(ago(1)), func(c *inventory.Credential) { c.AccessKey1LastRotated = ago(400) })),
			map[string]Status{"user/alice": Pass}},
		{"machine users are out of scope", cred("ci", key1(ago(400), nil)), map[string]Status{}},
		{"root is out of scope", root(all(password(ago(1)), key1(ago(400), nil))), map[string]Status{}},
		{"report denied", both(cred("alice", password(ago(1))), reportDenied),
			map[string]Status{"user/alice": Unknown, ":iam::111122223333:*": Unknown}},
	})
	fs := Run(account(cred("alice", all(password(ago(1)), key1(ago(400), nil)))), []Check{userKeyNeverUsed}, DefaultConfig())
	keys := fs[0].Evidence["unused_keys"].([]map[string]any)
	if len(keys) != 1 || keys[0]["key"] != 1 || keys[0]["created_with_user"] != true {
		t.Errorf("evidence = %v", fs[0].Evidence)
	}
}

func TestUserCredentialsUnused(t *testing.T) {
	runCases(t, userCredentialsUnused, []statusCase{
		{"all fresh", cred("alice", all(password(ago(1)), key1(ago(60), ago(2)))), map[string]Status{"user/alice": Pass}},
		{"password 44 days", cred("alice", password(ago(44))), map[string]Status{"user/alice": Pass}},
		{"password 45 days", cred("alice", password(ago(45))), map[string]Status{"user/alice": Fail}},
		{"password never used, set long ago", cred("alice", password(nil)), map[string]Status{"user/alice": Fail}},
		{"password never used, user new", cred("new", func(c *inventory.Credential) {
			c.PasswordEnabled, c.UserCreationTime = true, ago(3)
		}), map[string]Status{"user/new": Pass}},
		{"stale key, fresh password", cred("alice", all(password(ago(1)), key1(ago(400), ago(50)))), map[string]Status{"user/alice": Fail}},
		{"key never used, created long ago", cred("ci", key1(ago(100), nil)), map[string]Status{"user/ci": Fail}},
		{"key never used, created last week", cred("ci", key1(ago(7), nil)), map[string]Status{"user/ci": Pass}},
		{"inactive stale key does not count", cred("ci", func(c *inventory.Credential) { c.AccessKey1LastUsed = ago(500) }), map[string]Status{}},
		{"root is out of scope", root(password(ago(300))), map[string]Status{}},
		{"report denied", both(cred("alice", password(ago(1))), reportDenied),
			map[string]Status{"user/alice": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestUserMultipleActiveKeys(t *testing.T) {
	runCases(t, userMultipleActiveKeys, []statusCase{
		{"one", cred("alice", key1(ago(10), ago(1))), map[string]Status{"user/alice": Pass}},
		{"none", cred("alice", password(ago(1))), map[string]Status{"user/alice": Pass}},
		{"two", cred("alice", all(key1(ago(10), ago(1)), key2(ago(300), ago(200)))), map[string]Status{"user/alice": Fail}},
		{"root is out of scope", root(all(key1(ago(10), ago(1)), key2(ago(300), ago(200)))), map[string]Status{}},
		{"report denied", both(cred("alice", nil), reportDenied), map[string]Status{"user/alice": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestUserAccessKeyAge(t *testing.T) {
	runCases(t, userAccessKeyAge, []statusCase{
		{"90 days", cred("alice", key1(ago(90), ago(1))), map[string]Status{"user/alice": Pass}},
		{"91 days", cred("alice", key1(ago(91), ago(1))), map[string]Status{"user/alice": Fail}},
		{"old second key", cred("alice", all(key1(ago(10), ago(1)), key2(ago(400), ago(1)))), map[string]Status{"user/alice": Fail}},
		{"old inactive key", cred("alice", func(c *inventory.Credential) { c.AccessKey1LastRotated = ago(900) }), map[string]Status{}},
		{"no keys", cred("alice", password(ago(1))), map[string]Status{}},
		{"report denied", both(cred("alice", key1(ago(10), ago(1))), reportDenied),
			map[string]Status{"user/alice": Unknown, ":iam::111122223333:*": Unknown}},
	})
	cfg := DefaultConfig()
	cfg.MaxAccessKeyAgeDays = 365
	fs := Run(account(cred("alice", key1(ago(300), ago(1)))), []Check{userAccessKeyAge}, cfg)
	if len(fs) != 1 || fs[0].Status != Pass || fs[0].Evidence["max_age_days"] != 365 {
		t.Fatalf("with a 365-day limit: %+v", fs)
	}
}

// --- policies ---

const (
	adminDoc    = `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}`
	readDoc     = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}}`
	passRoleDoc = `{"Statement":[{"Effect":"Allow","Action":["ec2:*","iam:PassRole"],"Resource":"*"}]}`
	brokenDoc   = `{"Statement":{"Effect":"Allow"}}`
)

func user(name string, fill func(u *inventory.User)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		u := inventory.User{Name: name, ID: "AIDA" + name}
		if fill != nil {
			fill(&u)
		}
		inv.IAM.Users = append(inv.IAM.Users, u)
	}
}

func group(name string, fill func(g *inventory.Group)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		g := inventory.Group{Name: name}
		if fill != nil {
			fill(&g)
		}
		inv.IAM.Groups = append(inv.IAM.Groups, g)
	}
}

func role(name, trust string, fill func(r *inventory.Role)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		r := inventory.Role{Name: name, AssumeRolePolicy: trust}
		if fill != nil {
			fill(&r)
		}
		inv.IAM.Roles = append(inv.IAM.Roles, r)
	}
}

func managed(name, doc string, attachments int32) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.IAM.Policies = append(inv.IAM.Policies, inventory.ManagedPolicy{Name: name, Document: doc, AttachmentCount: attachments})
	}
}

func awsManaged(name, doc string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.IAM.Policies = append(inv.IAM.Policies, inventory.ManagedPolicy{Name: name, Document: doc, AttachmentCount: 1,
			Resource: inventory.Resource{ARN: "arn:aws:iam::aws:policy/" + name}})
	}
}

func inline(name, doc string) []inventory.InlinePolicy {
	return []inventory.InlinePolicy{{Name: name, Document: doc}}
}

var authDenied = denied("iam", "", "GetAccountAuthorizationDetails", "")

func TestUserDirectPolicies(t *testing.T) {
	runCases(t, userDirectPolicies, []statusCase{
		{"groups only", user("alice", func(u *inventory.User) { u.Groups = []string{"admins"} }), map[string]Status{"user/alice": Pass}},
		{"attached", user("bob", func(u *inventory.User) {
			u.AttachedPolicies = []inventory.AttachedPolicy{{Name: "AdministratorAccess", ARN: "arn:aws:iam::aws:policy/AdministratorAccess"}}
		}), map[string]Status{"user/bob": Fail}},
		{"inline", user("ci", func(u *inventory.User) { u.InlinePolicies = inline("deploy", readDoc) }), map[string]Status{"user/ci": Fail}},
		{"listing denied", both(user("alice", nil), authDenied), map[string]Status{"user/alice": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestPolicyFullAdmin(t *testing.T) {
	runCases(t, policyFullAdmin, []statusCase{
		{"attached admin policy", managed("Deploy", adminDoc, 1), map[string]Status{"policy/Deploy": Fail}},
		{"attached read policy", managed("Read", readDoc, 2), map[string]Status{"policy/Read": Pass}},
		{"unattached admin policy grants nothing", managed("Spare", adminDoc, 0), map[string]Status{}},
		{"aws-managed is not the customer's document", awsManaged("AdministratorAccess", adminDoc), map[string]Status{}},
		{"star colon star", managed("Deploy", `{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}`, 1), map[string]Status{"policy/Deploy": Fail}},
		{"not action is not everything", managed("Power", `{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, 1), map[string]Status{"policy/Power": Pass}},
		{"admin on one bucket is not admin", managed("B", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}}`, 1), map[string]Status{"policy/B": Pass}},
		{"inline on a user, group and role", both(
			user("ci", func(u *inventory.User) { u.InlinePolicies = inline("all", adminDoc) }),
			group("devs", func(g *inventory.Group) { g.InlinePolicies = inline("read", readDoc) }),
			role("app", "", func(r *inventory.Role) { r.InlinePolicies = inline("all", adminDoc) }),
			user("nobody", nil)),
			map[string]Status{"user/ci": Fail, "group/devs": Pass, "role/app": Fail}},
		{"unparseable", managed("Broken", brokenDoc, 1), map[string]Status{"policy/Broken": Unknown}},
		{"document not collected", both(managed("Deploy", "", 1), denied("iam", "", "GetAccountAuthorizationDetails", "arn:aws:iam::111122223333:policy/Deploy"), managed("Read", readDoc, 1)),
			map[string]Status{"policy/Deploy": Unknown, "policy/Read": Pass}},
		{"listing denied", both(managed("Read", readDoc, 1), authDenied), map[string]Status{"policy/Read": Unknown, ":iam::111122223333:*": Unknown}},
	})
	fs := Run(account(user("ci", func(u *inventory.User) { u.InlinePolicies = inline("all", adminDoc) })), []Check{policyFullAdmin}, DefaultConfig())
	if st := fs[0].Evidence["statements"].([]map[string]any); len(fs) != 1 || fs[0].ResourceType != "AWS::IAM::User" || len(st) != 1 || st[0]["sid"] != "All" {
		t.Errorf("inline finding = %+v", fs)
	}
}

func TestPolicyPrivilegeEscalation(t *testing.T) {
	stmt := func(actions, resource string) string {
		return `{"Statement":[{"Effect":"Allow","Action":` + actions + `,"Resource":"` + resource + `"}]}`
	}
	runCases(t, policyPrivilegeEscalation, []statusCase{
		{"read only", managed("Read", readDoc, 1), map[string]Status{"policy/Read": Pass}},
		{"passrole with run instances", managed("Ci", passRoleDoc, 1), map[string]Status{"policy/Ci": Fail}},
		{"passrole alone", managed("P", stmt(`"iam:PassRole"`, "*"), 1), map[string]Status{"policy/P": Pass}},
		{"run instances alone", managed("P", stmt(`"ec2:RunInstances"`, "*"), 1), map[string]Status{"policy/P": Pass}},
		{"passrole on one role", managed("P", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app"},{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}`, 1),
			map[string]Status{"policy/P": Pass}},
		{"create policy version", managed("P", stmt(`"iam:CreatePolicyVersion"`, "*"), 1), map[string]Status{"policy/P": Fail}},
		{"attach wildcard", managed("P", stmt(`"iam:Attach*"`, "*"), 1), map[string]Status{"policy/P": Fail}},
		{"put role policy in lower case", managed("P", stmt(`"iam:putrolepolicy"`, "*"), 1), map[string]Status{"policy/P": Fail}},
		{"update assume role policy", managed("P", stmt(`"iam:UpdateAssumeRolePolicy"`, "*"), 1), map[string]Status{"policy/P": Fail}},
		{"add user to group", managed("P", stmt(`"iam:AddUserToGroup"`, "*"), 1), map[string]Status{"policy/P": Fail}},
		{"login profile", managed("P", stmt(`["iam:CreateLoginProfile","iam:UpdateLoginProfile"]`, "*"), 1), map[string]Status{"policy/P": Fail}},
		{"own access keys only", managed("Self", stmt(`"iam:CreateAccessKey"`, "arn:aws:iam::111122223333:user/${aws:username}"), 3), map[string]Status{"policy/Self": Pass}},
		{"access keys for anyone", managed("Keys", stmt(`"iam:CreateAccessKey"`, "*"), 1), map[string]Status{"policy/Keys": Fail}},
		{"denied again", managed("P", `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`, 1),
			map[string]Status{"policy/P": Pass}},
		{"admin", managed("Admin", adminDoc, 1), map[string]Status{"policy/Admin": Fail}},
		{"split across a role's inline policies", role("app", "", func(r *inventory.Role) {
			r.InlinePolicies = []inventory.InlinePolicy{{Name: "pass", Document: stmt(`"iam:PassRole"`, "*")}, {Name: "fn", Document: stmt(`"lambda:CreateFunction"`, "*")}}
		}), map[string]Status{"role/app": Fail}},
		{"aws-managed is out of scope", awsManaged("IAMFullAccess", stmt(`"iam:*"`, "*")), map[string]Status{}},
		{"unparseable inline", user("ci", func(u *inventory.User) { u.InlinePolicies = inline("x", brokenDoc) }), map[string]Status{"user/ci": Unknown}},
		{"listing denied", both(managed("Ci", passRoleDoc, 1), authDenied), map[string]Status{"policy/Ci": Unknown, ":iam::111122223333:*": Unknown}},
	})
	fs := Run(account(managed("Ci", passRoleDoc, 1)), []Check{policyPrivilegeEscalation}, DefaultConfig())
	if got := fs[0].Evidence["escalation_actions"]; !slices.Equal(got.([]string), []string{"iam:PassRole + ec2:RunInstances"}) {
		t.Errorf("escalation_actions = %v", got)
	}
}

func attached(names ...string) []inventory.AttachedPolicy {
	var out []inventory.AttachedPolicy
	for _, n := range names {
		out = append(out, inventory.AttachedPolicy{Name: n, ARN: "arn:aws:iam::aws:policy/" + n})
	}
	return out
}

func TestSupportRole(t *testing.T) {
	runCases(t, supportRole, []statusCase{
		{"a support role", both(role("aws-support", "", func(r *inventory.Role) { r.AttachedPolicies = attached("AWSSupportAccess") }), role("app", "", nil)),
			map[string]Status{acct: Pass}},
		{"no role has it", both(role("app", "", func(r *inventory.Role) { r.AttachedPolicies = attached("ReadOnlyAccess") }),
			user("alice", func(u *inventory.User) { u.AttachedPolicies = attached("AWSSupportAccess") })),
			map[string]Status{acct: Fail}},
		{"no roles", nil, map[string]Status{acct: Fail}},
		{"a look-alike customer policy does not count", role("r", "", func(r *inventory.Role) {
			r.AttachedPolicies = []inventory.AttachedPolicy{{Name: "AWSSupportAccess", ARN: "arn:aws:iam::111122223333:policy/MyAWSSupportAccess"}}
		}), map[string]Status{acct: Fail}},
		{"listing denied", authDenied, map[string]Status{acct: Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestServerCertificateExpired(t *testing.T) {
	cert := func(name string, expires time.Time) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.IAM.ServerCertificates = append(inv.IAM.ServerCertificates, inventory.ServerCertificate{Name: name, Expiration: expires})
		}
	}
	runCases(t, serverCertificateExpired, []statusCase{
		{"valid", cert("www", testNow.AddDate(0, 3, 0)), map[string]Status{"server-certificate/www": Pass}},
		{"expired", cert("old", testNow.AddDate(0, 0, -10)), map[string]Status{"server-certificate/old": Fail}},
		{"expires now", cert("now", testNow), map[string]Status{"server-certificate/now": Fail}},
		{"no date", cert("odd", time.Time{}), map[string]Status{"server-certificate/odd": Unknown}},
		{"listing denied", both(cert("www", testNow.AddDate(1, 0, 0)), denied("iam", "", "ListServerCertificates", "")),
			map[string]Status{"server-certificate/www": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func TestCloudShellFullAccess(t *testing.T) {
	runCases(t, cloudShellFullAccess, []statusCase{
		{"nobody", both(user("alice", nil), role("app", "", nil)), map[string]Status{"user/alice": Pass, "role/app": Pass}},
		{"a group", both(group("devs", func(g *inventory.Group) { g.AttachedPolicies = attached("ReadOnlyAccess", "AWSCloudShellFullAccess") }), user("alice", nil)),
			map[string]Status{"group/devs": Fail, "user/alice": Pass}},
		{"a user and a role", both(user("bob", func(u *inventory.User) { u.AttachedPolicies = attached("AWSCloudShellFullAccess") }),
			role("ops", "", func(r *inventory.Role) { r.AttachedPolicies = attached("AWSCloudShellFullAccess") })),
			map[string]Status{"user/bob": Fail, "role/ops": Fail}},
		{"listing denied", both(user("alice", nil), authDenied), map[string]Status{"user/alice": Unknown, ":iam::111122223333:*": Unknown}},
	})
}

func trust(statements string) string {
	return `{"Version":"2012-10-17","Statement":[` + statements + `]}`
}

const (
	ec2Trust       = `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
	ownTrust       = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`
	vendorTrust    = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	vendorWithID   = `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}`
	publicTrustS   = `{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`
	orgTrust       = `{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}`
	githubOK       = `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:acme/app:ref:refs/heads/main"}}}`
	githubAudOnly  = `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}`
	githubAnyRepoS = `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}`
	cognitoAud     = `{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}}`
	googleOpen     = `{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}`
	samlTrust      = `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}`
)

func TestRoleTrustPublic(t *testing.T) {
	runCases(t, roleTrustPublic, []statusCase{
		{"service", role("app", trust(ec2Trust), nil), map[string]Status{"role/app": Pass}},
		{"own account", role("admin", trust(ownTrust), nil), map[string]Status{"role/admin": Pass}},
		{"AWS star", role("open", trust(ec2Trust+","+publicTrustS), nil), map[string]Status{"role/open": Fail}},
		{"star narrowed to the organisation", role("org", trust(orgTrust), nil), map[string]Status{"role/org": Pass}},
		{"github narrowed to a branch", role("deploy", trust(githubOK), nil), map[string]Status{"role/deploy": Pass}},
		{"github audience only", role("deploy", trust(githubAudOnly), nil), map[string]Status{"role/deploy": Fail}},
		{"github any repository", role("deploy", trust(githubAnyRepoS), nil), map[string]Status{"role/deploy": Fail}},
		{"star with only an external id", role("x", trust(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}`), nil), map[string]Status{"role/x": Fail}},
		{"github repositories of one owner", role("deploy", trust(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}}`), nil),
			map[string]Status{"role/deploy": Pass}},
		{"cognito pool", role("web", trust(cognitoAud), nil), map[string]Status{"role/web": Pass}},
		{"google without audience", role("web", trust(googleOpen), nil), map[string]Status{"role/web": Fail}},
		{"saml is the account's own idp", role("sso", trust(samlTrust), nil), map[string]Status{"role/sso": Pass}},
		{"other accounts are the other check's", role("vendor", trust(vendorTrust), nil), map[string]Status{"role/vendor": Pass}},
		{"unparseable", role("odd", `{"Statement":"nope"}`, nil), map[string]Status{"role/odd": Unknown}},
		{"listing denied", both(role("app", trust(ec2Trust), nil), authDenied), map[string]Status{"role/app": Unknown, ":iam::111122223333:*": Unknown}},
	})
	fs := Run(account(role("open", trust(publicTrustS), nil)), []Check{roleTrustPublic}, DefaultConfig())
	st := fs[0].Evidence["statements"].([]map[string]any)
	if len(st) != 1 || st[0]["sid"] != "Open" {
		t.Errorf("evidence = %v", fs[0].Evidence)
	}
}

func TestRoleTrustCrossAccount(t *testing.T) {
	runCases(t, roleTrustCrossAccount, []statusCase{
		{"service", role("app", trust(ec2Trust), nil), map[string]Status{"role/app": Pass}},
		{"own account", role("admin", trust(ownTrust), nil), map[string]Status{"role/admin": Pass}},
		{"vendor with external id", role("audit", trust(vendorWithID), nil), map[string]Status{"role/audit": Pass}},
		{"vendor without", role("vendor", trust(vendorTrust), nil), map[string]Status{"role/vendor": Fail}},
		{"a role in another account, narrowed by ip", role("r", trust(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/ci"},"Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`), nil),
			map[string]Status{"role/r": Pass}},
		{"a condition that does not narrow who", role("r", trust(`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`), nil),
			map[string]Status{"role/r": Fail}},
		{"a deny is not trust", role("r", trust(ownTrust+`,{"Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`), nil), map[string]Status{"role/r": Pass}},
		{"unparseable", role("odd", "", nil), map[string]Status{"role/odd": Unknown}},
		{"document not collected", both(role("odd", "", nil), denied("iam", "", "GetAccountAuthorizationDetails", "arn:aws:iam::111122223333:role/odd")),
			map[string]Status{"role/odd": Unknown}},
		{"listing denied", both(role("vendor", trust(vendorTrust), nil), authDenied), map[string]Status{"role/vendor": Unknown, ":iam::111122223333:*": Unknown}},
	})
	fs := Run(account(role("app", trust(ec2Trust+","+ownTrust), nil)), []Check{roleTrustCrossAccount}, DefaultConfig())
	if got := fs[0].Evidence["trusted"].(map[string][]string); !slices.Equal(got["AWS"], []string{"arn:aws:iam::111122223333:root"}) ||
		!slices.Equal(got["Service"], []string{"ec2.amazonaws.com"}) || len(got) != 2 {
		t.Errorf("a pass names whom the role trusts: %v", got)
	}
	fs = Run(account(role("vendor", trust(vendorTrust+","+vendorWithID), nil)), []Check{roleTrustCrossAccount}, DefaultConfig())
	if got := fs[0].Evidence["accounts"]; !slices.Equal(got.([]string), []string{"444455556666"}) {
		t.Errorf("accounts = %v", got)
	}
}
