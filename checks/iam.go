package checks

import (
	"github.com/srmscan/srmscan/inventory"
)

// iamChecks are the customer's duties on identity and access management.
var iamChecks = []Check{
	userConsoleMFA,
}

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
	Needs:      []Operation{op("iam", "GenerateCredentialReport"), op("iam", "GetCredentialReport")},
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
