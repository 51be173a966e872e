package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

func credential(user string, password, mfa bool) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.IAM.CredentialReport = append(inv.IAM.CredentialReport, inventory.Credential{
			User: user, ARN: "arn:aws:iam::111122223333:user/" + user, PasswordEnabled: password, MFAActive: mfa})
	}
}

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
