package checks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// iamChecks are the customer's duties on identity and access management.
// IAM is an abstracted service: AWS runs it, and who may do what in the
// account is entirely the customer's decision.
var iamChecks = []Check{
	rootAccessKeys,
	rootMFA,
	rootHardwareMFA,
	rootRecentUse,
	passwordPolicyLength,
	passwordPolicyReuse,
	userConsoleMFA,
	userKeyNeverUsed,
	userCredentialsUnused,
	userMultipleActiveKeys,
	userAccessKeyAge,
	userDirectPolicies,
	policyFullAdmin,
	policyPrivilegeEscalation,
	supportRole,
	serverCertificateExpired,
	cloudShellFullAccess,
	roleTrustPublic,
	roleTrustCrossAccount,
}

// Each helper returns a fresh slice, so no check can append to another's.
func credentialReportNeeds(more ...Operation) []Operation {
	return append([]Operation{op("iam", "GenerateCredentialReport"), op("iam", "GetCredentialReport")}, more...)
}

func authorizationDetailsNeeds() []Operation {
	return []Operation{op("iam", "GetAccountAuthorizationDetails")}
}

const iamGuide = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"

// --- The root user -------------------------------------------------------

// rootEvaluate judges the root user's row of the credential report. An
// account whose report has no root row cannot be judged: that is unknown,
// never a pass.
func rootEvaluate(judge func(c inventory.Credential, cfg Config) Result) func(*inventory.Inventory, Config) []Result {
	return func(inv *inventory.Inventory, cfg Config) []Result {
		arn := inventory.AccountARN(inv.Partition, inv.AccountID)
		for _, c := range inv.IAM.CredentialReport {
			if c.User == inventory.RootUser {
				r := judge(c, cfg)
				r.ResourceARN = arn
				return []Result{r}
			}
		}
		return []Result{{Status: Unknown, ResourceARN: arn,
			Message:  "the credential report has no row for the root user",
			Evidence: map[string]any{"credential_report_rows": len(inv.IAM.CredentialReport)}}}
	}
}

// Where a root verdict came from, for the evidence's "source".
const (
	sourceCredentialReport = "credential report (<root_account> row)"
	sourceAccountSummary   = "iam:GetAccountSummary"
)

// rootOrSummary judges the root user from its credential report row and,
// when the report has none (moto, some partitions), from the flag
// GetAccountSummary keeps for it (1 or 0), as CIS's audit procedure does.
// With neither, the result is unknown.
func rootOrSummary(judge func(c inventory.Credential, cfg Config) Result, key string, fromSummary func(on bool) Result) func(*inventory.Inventory, Config) []Result {
	return func(inv *inventory.Inventory, cfg Config) []Result {
		out := rootEvaluate(judge)(inv, cfg)
		if out[0].Status != Unknown {
			out[0].Evidence["source"] = sourceCredentialReport
			return out
		}
		v, ok := inv.IAM.Summary[key]
		if !ok {
			out[0].Message += ", and the account summary has no " + key
			return out
		}
		r := fromSummary(v == 1)
		r.ResourceARN = out[0].ResourceARN
		r.Evidence = map[string]any{"source": sourceAccountSummary, "summary_" + strings.ToLower(key[:1]) + key[1:]: v,
			"credential_report_rows": len(inv.IAM.CredentialReport)}
		r.Message += " (" + sourceAccountSummary + " " + key + "; the credential report has no root row)"
		return []Result{r}
	}
}

var rootAccessKeys = Check{
	ID:           "iam-root-access-keys",
	Title:        "Root user has access keys",
	Description:  "The root user can do anything in the account, and no policy can restrict it. An access key for it is a permanent, unrestricted credential that can leak from any laptop or script it is copied to. AWS secures the root identity's sign-in service; whether root has keys is the customer's choice alone. Judged from the credential report's root row or, when the report has none, from iam:GetAccountSummary's AccountAccessKeysPresent; the evidence's source says which.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::::Account",
	Remediation: Remediation{
		Text:    "Delete the root user's access keys (after moving whatever uses them to an IAM role), and use root only for the few tasks that need it.",
		Console: "Sign in as the root user > account name (top right) > Security credentials > Access keys: Actions > Deactivate, then Delete, for each key.",
		CLI:     "aws iam delete-access-key --access-key-id <root-key-id>   # run with the root user's own credentials: no other identity can delete them",
	},
	References: []string{"CIS 1.4", iamGuide + "id_root-user_manage_add-key.html"},
	Needs:      credentialReportNeeds(),
	Evaluate: rootOrSummary(func(c inventory.Credential, _ Config) Result {
		ev := map[string]any{"access_key_1_active": c.AccessKey1Active, "access_key_2_active": c.AccessKey2Active}
		if !c.AccessKey1Active && !c.AccessKey2Active {
			return Result{Status: Pass, Message: "the root user has no active access key", Evidence: ev}
		}
		n := 0
		for i, k := range credentialKeys(c) {
			if k.active {
				n++
				if k.lastUsed != nil {
					ev[fmt.Sprintf("access_key_%d_last_used", i+1)] = day(*k.lastUsed)
				}
			}
		}
		return Result{Status: Fail, Message: fmt.Sprintf("the root user has %d active access key(s)", n), Evidence: ev}
	}, "AccountAccessKeysPresent", func(present bool) Result {
		if present {
			return Result{Status: Fail, Message: "the root user has an access key"}
		}
		return Result{Status: Pass, Message: "the root user has no access key"}
	}),
}

var rootMFA = Check{
	ID:           "iam-root-mfa",
	Title:        "Root user has no MFA",
	Description:  "Without MFA, the root user, whom no policy can restrict, is protected by one password, and a password reset goes to the account's email address. Protecting the root identity is the customer's duty alone. Judged from the credential report's root row or, when the report has none, from iam:GetAccountSummary's AccountMFAEnabled (CIS's audit procedure); the evidence's source says which.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::::Account",
	Remediation: Remediation{
		Text:    "Assign an MFA device to the root user, preferably a hardware security key, and keep a second one registered as a spare.",
		Console: "Sign in as the root user > account name (top right) > Security credentials > Multi-factor authentication (MFA) > Assign MFA device.",
		CLI:     "aws iam get-account-summary --query SummaryMap.AccountMFAEnabled   # root MFA can only be assigned in the console; this confirms it (1 = on)",
	},
	References: []string{"CIS 1.5", iamGuide + "enable-virt-mfa-for-root.html"},
	Needs:      credentialReportNeeds(),
	Evaluate: rootOrSummary(func(c inventory.Credential, _ Config) Result {
		ev := map[string]any{"mfa_active": c.MFAActive}
		if c.MFAActive {
			return Result{Status: Pass, Message: "the root user has MFA", Evidence: ev}
		}
		return Result{Status: Fail, Message: "the root user signs in without MFA", Evidence: ev}
	}, "AccountMFAEnabled", func(on bool) Result {
		if on {
			return Result{Status: Pass, Message: "the root user has MFA"}
		}
		return Result{Status: Fail, Message: "the root user signs in without MFA"}
	}),
}

var rootHardwareMFA = Check{
	ID:           "iam-root-hardware-mfa",
	Title:        "Root user's MFA is not a hardware device",
	Description:  "A virtual MFA app lives on a phone or laptop that is itself exposed to malware, backups and loss; a hardware key or FIDO security key is a separate object that cannot be copied. The root user should have one. Protecting the root identity is the customer's duty alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::::Account",
	Remediation: Remediation{
		Text:    "Register a FIDO security key or hardware TOTP token for the root user, then remove the virtual device.",
		Console: "Sign in as the root user > account name (top right) > Security credentials > Multi-factor authentication (MFA) > Assign MFA device > Passkey or security key (or Hardware TOTP token); then Remove the virtual device.",
		CLI:     "aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?User.Arn=='arn:aws:iam::<account>:root']\"   # hardware devices can only be assigned in the console; this must come back empty",
	},
	References: []string{"CIS 1.6", iamGuide + "id_credentials_mfa_enable_physical.html"},
	Needs:      credentialReportNeeds(op("iam", "ListVirtualMFADevices")),
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		root := inventory.AccountARN(inv.Partition, inv.AccountID)
		rootDevice := "arn:" + inv.Partition + ":iam::" + inv.AccountID + ":mfa/root-account-mfa-device"
		return rootEvaluate(func(c inventory.Credential, _ Config) Result {
			if !c.MFAActive {
				return Result{Status: Fail, Message: "the root user has no MFA at all, so no hardware MFA", Evidence: map[string]any{"mfa_active": false}}
			}
			for _, d := range inv.IAM.VirtualMFADevices {
				// The device name is reserved for root; an enabled device
				// under it counts even when no user came back with it. A
				// leftover unassigned one (no enable date) is not in use.
				if d.UserARN == root || (d.UserARN == "" && d.SerialNumber == rootDevice && !d.EnableDate.IsZero()) {
					return Result{Status: Fail, Message: "the root user's MFA is a virtual device (" + d.SerialNumber + ")",
						Evidence: map[string]any{"mfa_active": true, "virtual_mfa_serial": d.SerialNumber}}
				}
			}
			return Result{Status: Pass, Message: "the root user's MFA is not a virtual device, so it is a hardware or security key",
				Evidence: map[string]any{"mfa_active": true, "virtual_mfa_serial": nil}}
		})(inv, cfg)
	},
}

var rootRecentUse = Check{
	ID:           "iam-root-recent-use",
	Title:        "Root user was used recently",
	Description:  "Only a handful of tasks need the root user (closing the account, changing its support plan, restoring a locked-out administrator). Recent use of its password or keys means it is being used for everyday work, with powers no policy can limit and a sign-in shared by whoever knows the password. Using the right identity is the customer's duty alone. The window is thresholds.root_recent_use_days.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::::Account",
	Remediation: Remediation{
		Text:    "Give administrators their own identities (IAM Identity Center or IAM roles), find out from CloudTrail what root was used for and why, and keep the root credentials locked away for the tasks only root can do.",
		Console: "CloudTrail > Event history > Lookup attributes: User name = root, to see what root did; IAM Identity Center > Users to give each administrator their own sign-in.",
		CLI:     "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50",
	},
	References: []string{"CIS 1.7", iamGuide + "id_root-user.html"},
	Needs:      credentialReportNeeds(),
	Evaluate: rootEvaluate(func(c inventory.Credential, cfg Config) Result {
		var last *time.Time
		via := ""
		for _, u := range []struct {
			name string
			t    *time.Time
		}{{"password", c.PasswordLastUsed}, {"access key 1", c.AccessKey1LastUsed}, {"access key 2", c.AccessKey2LastUsed}} {
			if u.t != nil && (last == nil || u.t.After(*last)) {
				last, via = u.t, u.name
			}
		}
		ev := map[string]any{"window_days": cfg.RootRecentUseDays, "last_used": nil}
		if last == nil {
			return Result{Status: Pass, Message: "the credential report records no use of the root user", Evidence: ev}
		}
		days := daysBetween(*last, cfg.Now)
		ev["last_used"], ev["last_used_via"], ev["days_ago"] = day(*last), via, days
		if days < cfg.RootRecentUseDays {
			return Result{Status: Fail, Evidence: ev,
				Message: fmt.Sprintf("the root user was used %d day(s) ago (%s, %s), within the %d-day window", days, via, day(*last), cfg.RootRecentUseDays)}
		}
		return Result{Status: Pass, Evidence: ev, Message: fmt.Sprintf("the root user was last used %d days ago (%s)", days, via)}
	}),
}

// --- The password policy -------------------------------------------------

const passwordPolicyCLI = "aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password   # replaces the whole policy: repeat every setting you keep"

// passwordPolicyCheck judges the account's password policy. An account
// without one fails: IAM's defaults ask for 8 characters and remember
// nothing.
func passwordPolicyCheck(judge func(p inventory.PasswordPolicy, cfg Config) (bool, string, map[string]any)) func(*inventory.Inventory, Config) []Result {
	return func(inv *inventory.Inventory, cfg Config) []Result {
		r := Result{ResourceARN: inventory.AccountARN(inv.Partition, inv.AccountID)}
		p := inv.IAM.PasswordPolicy
		if p == nil {
			r.Status, r.Message = Fail, "the account has no IAM password policy, so IAM's defaults apply (8 characters, any reuse)"
			r.Evidence = map[string]any{"password_policy": nil}
			return []Result{r}
		}
		ok, msg, ev := judge(*p, cfg)
		r.Status, r.Message, r.Evidence = Fail, msg, ev
		if ok {
			r.Status = Pass
		}
		return []Result{r}
	}
}

var passwordPolicyLength = Check{
	ID:            "iam-password-policy-min-length",
	Title:         "Password policy allows short passwords",
	Description:   "Length is what makes a password hard to guess or crack. AWS enforces whatever password policy the account sets; setting one that demands long passwords is the customer's half of configuration management. The minimum is thresholds.min_password_length (CIS: 14).",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        IdentityAccess,
	Service:       "iam",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::::Account",
	Remediation: Remediation{
		Text:    "Set a password policy with a minimum length of at least 14 characters.",
		Console: "IAM > Account settings > Password policy > Edit: Custom, Password minimum length 14.",
		CLI:     passwordPolicyCLI,
	},
	References: []string{"CIS 1.8", iamGuide + "id_credentials_passwords_account-policy.html"},
	Needs:      []Operation{op("iam", "GetAccountPasswordPolicy")},
	Evaluate: passwordPolicyCheck(func(p inventory.PasswordPolicy, cfg Config) (bool, string, map[string]any) {
		ev := map[string]any{"minimum_length": p.MinimumLength, "required": cfg.MinPasswordLength}
		if int(p.MinimumLength) < cfg.MinPasswordLength {
			return false, fmt.Sprintf("the password policy allows passwords of %d characters; at least %d are required", p.MinimumLength, cfg.MinPasswordLength), ev
		}
		return true, fmt.Sprintf("the password policy requires at least %d characters", p.MinimumLength), ev
	}),
}

var passwordPolicyReuse = Check{
	ID:            "iam-password-policy-reuse",
	Title:         "Password policy allows reusing recent passwords",
	Description:   "Without reuse prevention, a user told to change a leaked password can set it straight back. AWS enforces the policy the account sets; setting it is the customer's half of configuration management. The number of remembered passwords is thresholds.min_password_reuse_prevention (CIS: 24).",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        IdentityAccess,
	Service:       "iam",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::::Account",
	Remediation: Remediation{
		Text:    "Set the password policy to prevent reuse of the last 24 passwords.",
		Console: "IAM > Account settings > Password policy > Edit: Custom, Prevent password reuse, Remember 24 passwords.",
		CLI:     passwordPolicyCLI,
	},
	References: []string{"CIS 1.9", iamGuide + "id_credentials_passwords_account-policy.html"},
	Needs:      []Operation{op("iam", "GetAccountPasswordPolicy")},
	Evaluate: passwordPolicyCheck(func(p inventory.PasswordPolicy, cfg Config) (bool, string, map[string]any) {
		ev := map[string]any{"password_reuse_prevention": p.PasswordReusePrevention, "required": cfg.MinPasswordReusePrevention}
		switch {
		case p.PasswordReusePrevention == 0:
			return false, "the password policy does not prevent password reuse", ev
		case int(p.PasswordReusePrevention) < cfg.MinPasswordReusePrevention:
			return false, fmt.Sprintf("the password policy remembers only the last %d passwords; %d are required", p.PasswordReusePrevention, cfg.MinPasswordReusePrevention), ev
		}
		return true, fmt.Sprintf("the password policy prevents reuse of the last %d passwords", p.PasswordReusePrevention), ev
	}),
}

// --- Users' credentials --------------------------------------------------

var userConsoleMFA = Check{
	ID:           "iam-user-console-no-mfa",
	Title:        "Console user has no MFA",
	Description:  "A user who can sign in to the console with only a password is one phished password away from the account. Identity and access management is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Have the user register an MFA device, and deny actions without MFA until they do; better, move console access to IAM Identity Center.",
		Console: "IAM > Users > the user > Security credentials > Multi-factor authentication (MFA) > Assign MFA device.",
		CLI:     "aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code> --authentication-code2 <code>",
	},
	References: []string{"CIS 1.10", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html"},
	Needs:      credentialReportNeeds(),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.IAM.CredentialReport {
			if c.User == inventory.RootUser || !c.PasswordEnabled {
				continue // root has its own checks; no password, no console
			}
			r := Result{Status: Pass, ResourceARN: c.ARN, Message: c.User + " signs in to the console with MFA",
				Evidence: map[string]any{"password_enabled": true, "mfa_active": c.MFAActive}}
			if !c.MFAActive {
				r.Status = Fail
				r.Message = c.User + " can sign in to the console without MFA"
			}
			out = append(out, r)
		}
		return out
	},
}

// accessKey is one of the two key slots of a credential report row.
type accessKey struct {
	active                bool
	lastRotated, lastUsed *time.Time
}

func credentialKeys(c inventory.Credential) [2]accessKey {
	return [2]accessKey{
		{c.AccessKey1Active, c.AccessKey1LastRotated, c.AccessKey1LastUsed},
		{c.AccessKey2Active, c.AccessKey2LastRotated, c.AccessKey2LastUsed},
	}
}

// day renders a time as the date a person would look for in the console.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func dayOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return day(*t)
}

// usersEvaluate judges every IAM user's credential report row; judge
// returns false for a user the duty does not apply to.
func usersEvaluate(judge func(c inventory.Credential, cfg Config) (Result, bool)) func(*inventory.Inventory, Config) []Result {
	return func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, c := range inv.IAM.CredentialReport {
			if c.User == inventory.RootUser {
				continue // root's keys and use have their own checks
			}
			if r, ok := judge(c, cfg); ok {
				r.ResourceARN = c.ARN
				out = append(out, r)
			}
		}
		return out
	}
}

var userKeyNeverUsed = Check{
	ID:           "iam-user-access-key-never-used",
	Title:        "Console user has an access key that was never used",
	Description:  "An access key created along with a console user, \"just in case\", and never used is a long-lived secret nobody needs, sitting in an email or a password manager. Keys should be created only when a person actually needs programmatic access (and then preferably short-lived ones through IAM Identity Center). Which credentials exist is the customer's decision alone.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Delete access keys the user has never used; create one only when they need programmatic access.",
		Console: "IAM > Users > the user > Security credentials > Access keys: Actions > Deactivate, then Delete, for each key whose Last used is N/A.",
		CLI:     "aws iam delete-access-key --user-name <user> --access-key-id <key-id>",
	},
	References: []string{"CIS 1.11", iamGuide + "id_credentials_access-keys.html"},
	Needs:      credentialReportNeeds(),
	Evaluate: usersEvaluate(func(c inventory.Credential, _ Config) (Result, bool) {
		if !c.PasswordEnabled {
			return Result{}, false // CIS scopes this to console users
		}
		var unused []map[string]any
		for i, k := range credentialKeys(c) {
			if !k.active || k.lastUsed != nil {
				continue
			}
			key := map[string]any{"key": i + 1, "created": dayOrNil(k.lastRotated)}
			if k.lastRotated != nil && c.UserCreationTime != nil {
				key["created_with_user"] = k.lastRotated.Sub(*c.UserCreationTime).Abs() < 24*time.Hour
			}
			unused = append(unused, key)
		}
		if len(unused) == 0 {
			return Result{Status: Pass, Message: c.User + " has no active access key that was never used",
				Evidence: map[string]any{"access_key_1_active": c.AccessKey1Active, "access_key_2_active": c.AccessKey2Active}}, true
		}
		return Result{Status: Fail, Message: fmt.Sprintf("%s has %d active access key(s) that were never used", c.User, len(unused)),
			Evidence: map[string]any{"unused_keys": unused}}, true
	}),
}

var userCredentialsUnused = Check{
	ID:           "iam-user-credentials-unused",
	Title:        "User has a password or access key unused for too long",
	Description:  "A password or access key nobody uses is a credential nobody would notice being abused: it belongs to someone who left, a retired script or a forgotten test. Disabling what has not been used within thresholds.max_credential_unused_days (CIS: 45) is the customer's duty alone. A credential never used is aged from when it was created.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Remove the console password and deactivate the access keys that have not been used in 45 days; delete the user if nobody needs it.",
		Console: "IAM > Users > the user > Security credentials: Console sign-in > Manage > Disable; Access keys > Actions > Deactivate.",
		CLI:     "aws iam delete-login-profile --user-name <user>; aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive",
	},
	References: []string{"CIS 1.12", iamGuide + "id_credentials_finding-unused.html"},
	Needs:      credentialReportNeeds(),
	Evaluate: usersEvaluate(func(c inventory.Credential, cfg Config) (Result, bool) {
		limit := cfg.MaxCredentialUnusedDays
		var creds []map[string]any
		var stale []string
		judge := func(name string, used, since *time.Time) {
			cr := map[string]any{"credential": name}
			creds = append(creds, cr)
			from, what := used, "last_used"
			if from == nil {
				from, what = since, "never_used_since"
			}
			if from == nil {
				return // neither used nor dated: nothing to measure
			}
			days := daysBetween(*from, cfg.Now)
			cr[what], cr["days"] = day(*from), days
			if days >= limit {
				stale = append(stale, name)
			}
		}
		if c.PasswordEnabled {
			since := c.PasswordLastChanged
			if since == nil {
				since = c.UserCreationTime
			}
			judge("password", c.PasswordLastUsed, since)
		}
		for i, k := range credentialKeys(c) {
			if k.active {
				judge(fmt.Sprintf("access key %d", i+1), k.lastUsed, k.lastRotated)
			}
		}
		if creds == nil {
			return Result{}, false // no password and no active key: nothing to disable
		}
		ev := map[string]any{"credentials": creds, "max_unused_days": limit}
		if stale == nil {
			return Result{Status: Pass, Message: fmt.Sprintf("%s's credentials were all used within %d days", c.User, limit), Evidence: ev}, true
		}
		ev["unused"] = stale
		return Result{Status: Fail, Message: fmt.Sprintf("%s has credentials unused for %d days or more: %s", c.User, limit, strings.Join(stale, ", ")),
			Evidence: ev}, true
	}),
}

var userMultipleActiveKeys = Check{
	ID:           "iam-user-multiple-active-keys",
	Title:        "User has two active access keys",
	Description:  "A second key is meant to exist only for the minutes of a rotation. Two active keys usually mean the old one was never switched off, doubling what can leak. Managing credentials is the customer's duty alone.",
	Severity:     Low,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Find which key is still in use (Last used), move everything to it, and deactivate then delete the other.",
		Console: "IAM > Users > the user > Security credentials > Access keys: Actions > Deactivate on the older key, then Delete once nothing breaks.",
		CLI:     "aws iam update-access-key --user-name <user> --access-key-id <older-key-id> --status Inactive",
	},
	References: []string{"CIS 1.13", iamGuide + "id_credentials_access-keys.html#rotating_access_keys_console"},
	Needs:      credentialReportNeeds(),
	Evaluate: usersEvaluate(func(c inventory.Credential, _ Config) (Result, bool) {
		ev := map[string]any{"access_key_1_active": c.AccessKey1Active, "access_key_2_active": c.AccessKey2Active}
		if c.AccessKey1Active && c.AccessKey2Active {
			ev["access_key_1_last_used"], ev["access_key_2_last_used"] = dayOrNil(c.AccessKey1LastUsed), dayOrNil(c.AccessKey2LastUsed)
			return Result{Status: Fail, Message: c.User + " has two active access keys", Evidence: ev}, true
		}
		return Result{Status: Pass, Message: c.User + " has at most one active access key", Evidence: ev}, true
	}),
}

var userAccessKeyAge = Check{
	ID:           "iam-user-access-key-age",
	Title:        "Active access key is older than the rotation period",
	Description:  "The longer a key lives, the more places it has been copied to and the longer a leaked copy keeps working. Rotating access keys within thresholds.max_access_key_age_days (CIS: 90) is the customer's duty alone; better still, replace them with roles and short-lived credentials.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Create a new key, move its users to it, deactivate the old key and delete it once nothing fails; for workloads, switch to an IAM role instead.",
		Console: "IAM > Users > the user > Security credentials > Access keys > Create access key; then Actions > Deactivate and Delete on the old key.",
		CLI:     "aws iam create-access-key --user-name <user>; aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive; aws iam delete-access-key --user-name <user> --access-key-id <old-key-id>",
	},
	References: []string{"CIS 1.14", iamGuide + "id_credentials_access-keys.html#rotating_access_keys_console"},
	Needs:      credentialReportNeeds(),
	Evaluate: usersEvaluate(func(c inventory.Credential, cfg Config) (Result, bool) {
		limit := cfg.MaxAccessKeyAgeDays
		var old, all []map[string]any
		for i, k := range credentialKeys(c) {
			if !k.active || k.lastRotated == nil {
				continue
			}
			days := daysBetween(*k.lastRotated, cfg.Now)
			key := map[string]any{"key": i + 1, "created": day(*k.lastRotated), "age_days": days}
			all = append(all, key)
			if days > limit {
				old = append(old, key)
			}
		}
		if all == nil {
			return Result{}, false // no active key to rotate
		}
		if old == nil {
			return Result{Status: Pass, Message: fmt.Sprintf("%s's active access keys are at most %d days old", c.User, limit),
				Evidence: map[string]any{"keys": all, "max_age_days": limit}}, true
		}
		return Result{Status: Fail, Message: fmt.Sprintf("%s has an active access key %d days old (rotate within %d)", c.User, old[0]["age_days"], limit),
			Evidence: map[string]any{"keys": old, "max_age_days": limit}}, true
	}),
}

// --- Policies ------------------------------------------------------------

var userDirectPolicies = Check{
	ID:           "iam-user-direct-policies",
	Title:        "User has policies attached directly",
	Description:  "Permissions given to users one by one drift apart and outlive the reason for them; given through groups, they follow job roles and are reviewed in one place. How permissions are granted is the customer's decision alone.",
	Severity:     Low,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Put the user in a group that carries the permissions, then detach the user's managed policies and delete their inline policies.",
		Console: "IAM > Users > the user > Permissions: Remove each policy listed as Attached directly or inline, after adding the user to a group (Groups tab) that grants what they need.",
		CLI:     "aws iam add-user-to-group --group-name <group> --user-name <user>; aws iam detach-user-policy --user-name <user> --policy-arn <arn>; aws iam delete-user-policy --user-name <user> --policy-name <name>",
	},
	References: []string{"CIS 1.15", iamGuide + "id_groups_manage_attach-policy.html"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, u := range inv.IAM.Users {
			r := Result{Status: Pass, ResourceARN: u.ARN, Message: u.Name + " gets its permissions only through groups",
				Evidence: map[string]any{"groups": u.Groups}}
			var attached, inline []string
			for _, p := range u.AttachedPolicies {
				attached = append(attached, p.ARN)
			}
			for _, p := range u.InlinePolicies {
				inline = append(inline, p.Name)
			}
			if attached != nil {
				r.Evidence["attached_policies"] = attached
			}
			if inline != nil {
				r.Evidence["inline_policies"] = inline
			}
			if attached != nil || inline != nil {
				r.Status = Fail
				r.Message = fmt.Sprintf("%s has %d managed and %d inline policies of its own", u.Name, len(attached), len(inline))
			}
			out = append(out, r)
		}
		return out
	},
}

// policyUnit is something policies are judged as: a customer-managed
// policy, or one identity's inline policies together. Its ARN is the one a
// collection error about its documents names.
type policyUnit struct {
	arn, rtype, name string
	attachments      int32 // managed policies only
	inline           []string
	docs             []string
}

// customerPolicyUnits lists the customer-managed policies attached to
// someone, then every user, group and role with inline policies. AWS
// maintains its managed policies; an unattached policy grants nothing.
func customerPolicyUnits(inv *inventory.Inventory) []policyUnit {
	var out []policyUnit
	for _, p := range inv.IAM.Policies {
		if !p.AWSManaged() && p.AttachmentCount > 0 {
			out = append(out, policyUnit{arn: p.ARN, rtype: "AWS::IAM::Policy", name: "policy " + p.Name, attachments: p.AttachmentCount, docs: []string{p.Document}})
		}
	}
	add := func(arn, rtype, name string, ps []inventory.InlinePolicy) {
		if len(ps) == 0 {
			return
		}
		u := policyUnit{arn: arn, rtype: rtype, name: name}
		for _, p := range ps {
			u.inline = append(u.inline, p.Name)
			u.docs = append(u.docs, p.Document)
		}
		out = append(out, u)
	}
	for _, x := range inv.IAM.Users {
		add(x.ARN, "AWS::IAM::User", "user "+x.Name, x.InlinePolicies)
	}
	for _, x := range inv.IAM.Groups {
		add(x.ARN, "AWS::IAM::Group", "group "+x.Name, x.InlinePolicies)
	}
	for _, x := range inv.IAM.Roles {
		add(x.ARN, "AWS::IAM::Role", "role "+x.Name, x.InlinePolicies)
	}
	return out
}

// document parses the unit's documents as one: an identity's inline
// policies apply together, so a grant split across two of them counts.
func (u policyUnit) document(cfg Config) (policy.Document, error) {
	var d policy.Document
	for i, doc := range u.docs {
		p, err := cfg.parse(doc)
		if err != nil {
			if u.inline != nil {
				return policy.Document{}, fmt.Errorf("inline policy %s: %w", u.inline[i], err)
			}
			return policy.Document{}, err
		}
		d.Statements = append(d.Statements, p.Statements...)
	}
	return d, nil
}

func (u policyUnit) result(st Status, msg string, ev map[string]any) Result {
	if ev == nil {
		ev = map[string]any{}
	}
	if u.inline != nil {
		ev["inline_policies"] = u.inline
	} else {
		ev["attachment_count"] = u.attachments
	}
	return Result{Status: st, ResourceARN: u.arn, ResourceType: u.rtype, Message: msg, Evidence: ev}
}

// policyUnitsEvaluate judges each customer policy unit; a document that
// does not parse cannot be judged, so its unit is unknown.
func policyUnitsEvaluate(judge func(u policyUnit, d policy.Document, f fences) Result) func(*inventory.Inventory, Config) []Result {
	return func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		scps := scpsOf(inv, cfg)
		for _, u := range customerPolicyUnits(inv) {
			d, err := u.document(cfg)
			if err != nil {
				out = append(out, u.result(Unknown, fmt.Sprintf("%s could not be analysed: %v", u.name, err), map[string]any{"parse_error": err.Error()}))
				continue
			}
			out = append(out, judge(u, d, fences{holders: holders(inv, cfg, u), scps: scps}))
		}
		return out
	}
}

func statementsEvidence(ss []policy.Statement) []map[string]any {
	var out []map[string]any
	for _, s := range ss {
		out = append(out, statementEvidence(s))
	}
	return out
}

var policyFullAdmin = Check{
	ID:           "iam-policy-full-admin",
	Title:        "Customer policy grants every action on every resource",
	Description:  "A policy allowing \"*\" on \"*\" makes whoever holds it an administrator who can also rewrite their own permissions. Least privilege is the customer's duty alone. Customer-managed policies attached to someone, and inline policies, are judged; AWS-managed ones (AdministratorAccess) are AWS's documents, deliberately granted. A policy that allows every action but a few (NotAction, NotResource, or a Deny) counts when it still lets its holder attach or write policies (iam:AttachUserPolicy, iam:PutRolePolicy, iam:CreatePolicyVersion, ...), since the holder can grant itself the rest; Allow NotAction \"iam:*\" does not. The grant is judged through each holder's permissions boundary and the account's service control policies: it passes when they limit every holder, and the evidence names what limits whom (limited_by) and whether SCPs were considered (scps).",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::Policy",
	Remediation: Remediation{
		Text:    "Replace the statement with the actions and resources the holder actually uses (IAM Access Analyzer can generate a policy from CloudTrail activity); grant full administration only through a small, audited group or role.",
		Console: "IAM > Policies > the policy > Permissions > Edit: replace \"Action\": \"*\", \"Resource\": \"*\" with specific actions and resources. For inline policies: IAM > Users, Groups or Roles > the identity > Permissions.",
		CLI:     "aws iam create-policy-version --policy-arn <arn> --policy-document file://least-privilege.json --set-as-default",
	},
	References: []string{"CIS 1.16", iamGuide + "best-practices.html#grant-least-privilege", "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: policyUnitsEvaluate(func(u policyUnit, d policy.Document, f fences) Result {
		admin, ok := d.Administrator()
		if !ok {
			return u.result(Pass, u.name+" does not allow every action on every resource", nil)
		}
		ev := map[string]any{"statements": statementsEvidence(admin.Statements)}
		how := "every action (*) on every resource (*)"
		if !admin.Exact {
			ev["regranted_with"] = admin.RegrantedWith
			how = "nearly every action on every resource, and " + admin.RegrantedWith + " to grant itself the rest"
		}
		open, limited := fenced(d, f.holders, f.scps, policy.AnyAction)
		fenceEvidence(ev, f.holders, open, limited, f.scps)
		if open == nil {
			return u.result(Pass, fmt.Sprintf("%s allows %s, but %s", u.name, how, fencedMessage(limited)), ev)
		}
		return u.result(Fail, u.name+" allows "+how, ev)
	}),
}

// fences are what bound a policy unit's grant: its holders' permissions
// boundaries and the account's SCPs.
type fences struct {
	holders []holder
	scps    scpSet
}

// fencedMessage says what limits every holder of a grant.
func fencedMessage(limited map[string]string) string {
	var parts []string
	for _, who := range slices.Sorted(maps.Keys(limited)) {
		parts = append(parts, who+" is limited by "+limited[who])
	}
	return strings.Join(parts, "; ")
}

// escalationActions each let their holder grant themselves more than they
// have, when allowed on every resource: rewrite or attach a policy, change
// who may assume a role, mint credentials for another user, or join a
// more powerful group.
var escalationActions = []string{
	"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
	"iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy",
	"iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy",
	"iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey",
	"iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AddUserToGroup",
	"iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
}

// passRoleTargets are compute that runs with a role it is handed: with
// iam:PassRole on every role, creating one borrows any role's permissions.
var passRoleTargets = []string{"ec2:RunInstances", "lambda:CreateFunction", "cloudformation:CreateStack", "glue:CreateDevEndpoint"}

// escalationPaths lists the ways a document lets its holder escalate.
func escalationPaths(d policy.Document) []string {
	var out []string
	for _, a := range escalationActions {
		if d.Allows(a, "*") {
			out = append(out, a)
		}
	}
	if d.Allows("iam:PassRole", "*") {
		for _, a := range passRoleTargets {
			if d.Allows(a, "*") {
				out = append(out, "iam:PassRole + "+a)
			}
		}
	}
	return out
}

var policyPrivilegeEscalation = Check{
	ID:           "iam-policy-privilege-escalation",
	Title:        "Customer policy lets its holder escalate privileges",
	Description:  "Some permissions are worth all the others: on every resource, iam:CreatePolicyVersion, iam:Attach*Policy, iam:Put*Policy, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey, iam:CreateLoginProfile/UpdateLoginProfile or iam:AddUserToGroup let the holder give themselves (or become someone with) any permission, and iam:PassRole with ec2:RunInstances, lambda:CreateFunction, cloudformation:CreateStack or glue:CreateDevEndpoint lets them run code as any role. Least privilege is the customer's duty alone. Removing one's own permissions boundary (iam:DeleteUserPermissionsBoundary, iam:DeleteRolePermissionsBoundary) counts too. Customer-managed policies attached to someone and inline policies are judged, each identity's inline policies together, and each action through every holder's permissions boundary and the account's service control policies: a path counts when some holder can take it, and the evidence names what limits the others (limited_by) and whether SCPs were considered (scps).",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::Policy",
	Remediation: Remediation{
		Text:    "Scope the listed actions to the resources they are meant for (iam:PassRole to the specific roles, with an iam:PassedToService condition; credential actions to arn:aws:iam::<account>:user/${aws:username}), or remove them; keep IAM administration in a small, audited role.",
		Console: "IAM > Policies > the policy > Permissions > Edit: replace \"Resource\": \"*\" on the listed actions with specific ARNs. For inline policies: IAM > Users, Groups or Roles > the identity > Permissions.",
		CLI:     "aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default",
	},
	References: []string{iamGuide + "best-practices.html#grant-least-privilege", iamGuide + "id_roles_use_passrole.html"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: policyUnitsEvaluate(func(u policyUnit, d policy.Document, f fences) Result {
		granted := escalationPaths(d)
		if granted == nil {
			return u.result(Pass, u.name+" grants no privilege-escalation action on every resource", nil)
		}
		// A path counts when some holder can take it through its boundary
		// and the SCPs; each path's actions must all get through.
		var paths []string
		limitedBy := map[string]string{}
		var open []holder
		for _, p := range granted {
			o, lim := fenced(d, f.holders, f.scps, strings.Split(p, " + ")...)
			if o != nil {
				paths = append(paths, p)
				for _, h := range o {
					if !slices.ContainsFunc(open, func(x holder) bool { return x.name == h.name }) {
						open = append(open, h)
					}
				}
				continue
			}
			for who, l := range lim {
				if limitedBy[who] == "" {
					limitedBy[who] = l
				}
			}
		}
		ev := map[string]any{"escalation_actions": paths}
		if paths == nil {
			ev["escalation_actions"] = []string{}
			ev["granted_escalation_actions"] = granted
			fenceEvidence(ev, f.holders, nil, limitedBy, f.scps)
			return u.result(Pass, fmt.Sprintf("%s grants %d privilege-escalation action(s) on every resource, but %s", u.name, len(granted), fencedMessage(limitedBy)), ev)
		}
		if len(paths) < len(granted) {
			ev["granted_escalation_actions"] = granted
		}
		fenceEvidence(ev, f.holders, open, limitedBy, f.scps)
		if _, admin := d.Administrator(); admin {
			ev["full_admin"] = true
		}
		msg := fmt.Sprintf("%s allows %s on every resource", u.name, paths[0])
		if len(paths) > 1 {
			msg += fmt.Sprintf(" and %d more privilege-escalation actions", len(paths)-1)
		}
		if a, _ := d.Administrator(); a.Exact && len(paths) == len(granted) {
			msg = fmt.Sprintf("%s allows every action on every resource, so all %d privilege-escalation actions", u.name, len(paths))
		}
		return u.result(Fail, msg, ev)
	}),
}

// hasManagedPolicy reports whether the attachments include the AWS-managed
// policy name, in any partition.
func hasManagedPolicy(ps []inventory.AttachedPolicy, name string) bool {
	return slices.ContainsFunc(ps, func(p inventory.AttachedPolicy) bool {
		return strings.HasSuffix(p.ARN, ":iam::aws:policy/"+name)
	})
}

var supportRole = Check{
	ID:           "iam-support-role",
	Title:        "No role can manage AWS Support cases",
	Description:  "In an incident, someone must be able to open and follow AWS Support cases without borrowing an administrator's or the root user's access. AWS provides the support; deciding who in the customer's organisation may use it is the customer's duty alone. Passes when a role has the AWS-managed AWSSupportAccess policy attached.",
	Severity:     Low,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::::Account",
	Remediation: Remediation{
		Text:    "Create a role your incident responders can assume and attach AWSSupportAccess to it.",
		Console: "IAM > Roles > Create role > AWS account (this account) > Permissions: AWSSupportAccess > name it (e.g. aws-support) > Create role.",
		CLI:     "aws iam create-role --role-name aws-support --assume-role-policy-document file://trust-your-responders.json; aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
	},
	References: []string{"CIS 1.17", "https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var roles []string
		for _, r := range inv.IAM.Roles {
			if hasManagedPolicy(r.AttachedPolicies, "AWSSupportAccess") {
				roles = append(roles, r.Name)
			}
		}
		r := Result{Status: Pass, ResourceARN: inventory.AccountARN(inv.Partition, inv.AccountID),
			Message: "AWS Support can be reached through role " + strings.Join(roles, ", "), Evidence: map[string]any{"support_roles": roles}}
		if roles == nil {
			r.Status = Fail
			r.Message = "no role has AWSSupportAccess attached"
			r.Evidence["support_roles"] = []string{}
		}
		return []Result{r}
	},
}

var serverCertificateExpired = Check{
	ID:           "iam-server-certificate-expired",
	Title:        "Expired server certificate is still stored in IAM",
	Description:  "An expired certificate left in IAM can be attached to a load balancer or CloudFront by mistake, breaking TLS for clients or teaching them to click through warnings. AWS stores and serves the certificates; which ones are kept and renewed is the customer's duty alone.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::ServerCertificate",
	Remediation: Remediation{
		Text:    "Delete expired certificates once nothing uses them; move certificates to AWS Certificate Manager, which renews them.",
		Console: "IAM server certificates have no console page: use the CLI, or import the certificate into Certificate Manager (ACM > Import).",
		CLI:     "aws iam delete-server-certificate --server-certificate-name <name>",
	},
	References: []string{"CIS 1.19", iamGuide + "id_credentials_server-certs.html"},
	Needs:      []Operation{op("iam", "ListServerCertificates")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, c := range inv.IAM.ServerCertificates {
			r := Result{ResourceARN: c.ARN, Evidence: map[string]any{"expiration": day(c.Expiration)}}
			switch {
			case c.Expiration.IsZero():
				r.Status, r.Message, r.Evidence = Unknown, c.Name+" has no expiration date recorded", nil
			case !c.Expiration.After(cfg.Now):
				r.Status, r.Message = Fail, fmt.Sprintf("%s expired on %s", c.Name, day(c.Expiration))
				r.Evidence["days_expired"] = daysBetween(c.Expiration, cfg.Now)
			default:
				r.Status, r.Message = Pass, fmt.Sprintf("%s is valid until %s", c.Name, day(c.Expiration))
			}
			out = append(out, r)
		}
		return out
	},
}

var cloudShellFullAccess = Check{
	ID:           "iam-cloudshell-full-access",
	Title:        "Identity has AWSCloudShellFullAccess attached",
	Description:  "AWSCloudShellFullAccess gives a shell inside the account with file upload and download and outbound internet: a ready-made path to take data out, or bring tools in, past network controls. Who gets it is the customer's decision alone.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::User",
	Remediation: Remediation{
		Text:    "Detach AWSCloudShellFullAccess; give the people who need CloudShell a policy that denies cloudshell:GetFileDownloadUrls and cloudshell:GetFileUploadUrls.",
		Console: "IAM > Policies > AWSCloudShellFullAccess > Entities attached: select each > Detach.",
		CLI:     "aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess   # detach-group-policy / detach-role-policy for groups and roles",
	},
	References: []string{"CIS 1.22", "https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		judge := func(arn, rtype, name string, ps []inventory.AttachedPolicy) {
			var names []string
			for _, p := range ps {
				names = append(names, p.Name)
			}
			r := Result{Status: Pass, ResourceARN: arn, ResourceType: rtype, Message: name + " does not have AWSCloudShellFullAccess",
				Evidence: map[string]any{"attached_policies": names}}
			if hasManagedPolicy(ps, "AWSCloudShellFullAccess") {
				r.Status, r.Message = Fail, name+" has AWSCloudShellFullAccess attached"
			}
			out = append(out, r)
		}
		for _, x := range inv.IAM.Users {
			judge(x.ARN, "AWS::IAM::User", "user "+x.Name, x.AttachedPolicies)
		}
		for _, x := range inv.IAM.Groups {
			judge(x.ARN, "AWS::IAM::Group", "group "+x.Name, x.AttachedPolicies)
		}
		for _, x := range inv.IAM.Roles {
			judge(x.ARN, "AWS::IAM::Role", "role "+x.Name, x.AttachedPolicies)
		}
		return out
	},
}

// --- Role trust ----------------------------------------------------------

var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"}

func assumes(s policy.Statement) bool {
	return slices.ContainsFunc(assumeActions, s.Allows)
}

// trusted lists, by principal type, whom a trust policy's Allow
// statements name: what a reviewer checks a passing role against.
func trusted(d policy.Document) map[string][]string {
	out := map[string][]string{}
	for _, s := range d.Statements {
		if !assumes(s) || s.Principal == nil {
			continue
		}
		p := s.Principal
		if p.Wildcard {
			out["AWS"] = append(out["AWS"], "*")
		}
		for k, v := range map[string][]string{"AWS": p.AWS, "Service": p.Service, "Federated": p.Federated} {
			out[k] = append(out[k], v...)
		}
	}
	for k, v := range out {
		if len(v) == 0 {
			delete(out, k)
			continue
		}
		slices.Sort(v)
		out[k] = slices.Compact(v)
	}
	return out
}

// rolesTrustEvaluate judges every role's trust policy; one that does not
// parse is unknown.
func rolesTrustEvaluate(judge func(inv *inventory.Inventory, r inventory.Role, d policy.Document) Result) func(*inventory.Inventory, Config) []Result {
	return func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, role := range inv.IAM.Roles {
			d, err := cfg.parse(role.AssumeRolePolicy)
			if err != nil {
				out = append(out, Result{Status: Unknown, ResourceARN: role.ARN,
					Message:  fmt.Sprintf("%s's trust policy could not be analysed: %v", role.Name, err),
					Evidence: map[string]any{"parse_error": err.Error()}})
				continue
			}
			r := judge(inv, role, d)
			r.ResourceARN = role.ARN
			out = append(out, r)
		}
		return out
	}
}

// publicTrust explains how a trust policy lets anyone assume the role, or
// returns nil.
func publicTrust(d policy.Document) []map[string]any {
	var out []map[string]any
	for _, g := range policy.Public(d).Public {
		if assumes(g.Statement) {
			ev := statementEvidence(g.Statement)
			ev["public_statement"] = g.Name()
			ev["who"] = g.Who
			if g.Statement.Principal != nil && len(g.Statement.Principal.Federated) > 0 {
				ev["federated"] = g.Statement.Principal.Federated
			}
			out = append(out, ev)
		}
	}
	return out
}

var roleTrustPublic = Check{
	ID:           "iam-role-trust-public",
	Title:        "Anyone can assume the role",
	Description:  "A trust policy naming Principal \"*\" (or {\"AWS\": \"*\"}) lets every AWS account in the world assume the role unless a condition ties it to a fixed value of the caller's account, organisation or ARN (the reading of public every resource-policy check shares; an sts:ExternalId is a shared secret, not an identity, and does not narrow it); trusting a web identity provider (GitHub, Google, Cognito) without a fixed condition on the token's subject or audience lets any of that provider's users in. Who may assume a role is the customer's decision alone.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::Role",
	Remediation: Remediation{
		Text:    "Name the accounts or roles that may assume the role, or add a condition that narrows who can: aws:PrincipalOrgID, aws:PrincipalArn, or for web identity the provider's :sub (for GitHub, repo:<org>/<repo>:ref:refs/heads/<branch>) and :aud.",
		Console: "IAM > Roles > the role > Trust relationships > Edit trust policy: replace \"*\" with specific principals, or add the condition.",
		CLI:     "aws iam update-assume-role-policy --role-name <role> --policy-document file://narrow-trust.json",
	},
	References: []string{iamGuide + "id_roles_terms-and-concepts.html#term_trust-policy", iamGuide + "id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: rolesTrustEvaluate(func(_ *inventory.Inventory, role inventory.Role, d policy.Document) Result {
		open := publicTrust(d)
		if open == nil {
			ev := map[string]any{"trusted": trusted(d)}
			if n := policy.Public(d).Evidence()["narrowed"]; n != nil {
				ev["narrowed"] = n
			}
			return Result{Status: Pass, Message: role.Name + " can be assumed only by principals its trust policy names or narrows",
				Evidence: ev}
		}
		return Result{Status: Fail, Message: fmt.Sprintf("%s can be assumed by %s", role.Name, open[0]["who"]),
			Evidence: map[string]any{"statements": open}}
	}),
}

var roleTrustCrossAccount = Check{
	ID:           "iam-role-trust-cross-account-unrestricted",
	Title:        "Role trusts another account without an external ID or condition",
	Description:  "A role that trusts another account with no condition can be assumed by whoever that account lets, for whatever reason. For a third party acting for several customers, this is the confused-deputy problem: anyone who learns the role's ARN can ask the third party to use it. An sts:ExternalId, or a condition on the caller's organisation, ARN or network, narrows it. Who may assume a role is the customer's decision alone.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "iam",
	ServiceModel: Abstracted,
	ResourceType: "AWS::IAM::Role",
	Remediation: Remediation{
		Text:    "Ask the third party for the external ID it issued you and require it with a StringEquals sts:ExternalId condition; for your own organisation's accounts, require aws:PrincipalOrgID or name the exact roles with aws:PrincipalArn.",
		Console: "IAM > Roles > the role > Trust relationships > Edit trust policy: add \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<id>\"}} to the statement.",
		CLI:     "aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-external-id.json",
	},
	References: []string{iamGuide + "id_roles_create_for-user_externalid.html", iamGuide + "confused-deputy.html"},
	Needs:      authorizationDetailsNeeds(),
	Evaluate: rolesTrustEvaluate(func(inv *inventory.Inventory, role inventory.Role, d policy.Document) Result {
		var open []map[string]any
		var accounts []string
		for _, s := range d.Statements {
			if !assumes(s) || len(s.RestrictingConditions()) > 0 {
				continue
			}
			var others []string
			for _, a := range s.Principal.Accounts() {
				if a != inv.AccountID {
					others = append(others, a)
				}
			}
			if others == nil {
				continue
			}
			ev := statementEvidence(s)
			ev["accounts"] = others
			ev["principals"] = s.Principal.AWS
			open = append(open, ev)
			accounts = append(accounts, others...)
		}
		if open == nil {
			return Result{Status: Pass, Message: role.Name + " trusts no other account without a condition narrowing who",
				Evidence: map[string]any{"trusted": trusted(d)}}
		}
		slices.Sort(accounts)
		accounts = slices.Compact(accounts)
		return Result{Status: Fail, Message: fmt.Sprintf("%s can be assumed from account %s with no external ID or other condition", role.Name, strings.Join(accounts, ", ")),
			Evidence: map[string]any{"accounts": accounts, "statements": open}}
	}),
}
