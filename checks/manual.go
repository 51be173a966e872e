package checks

import (
	"github.com/srmscan/srmscan/inventory"
)

// manualChecks are duties no API can observe: listed for the user to attest.
var manualChecks = []Check{
	awarenessTraining,
}

// IsManual reports whether id is a check no API can decide, whose findings
// are left to the user to attest.
func IsManual(id string) bool {
	for _, c := range manualChecks {
		if c.ID == id {
			return true
		}
	}
	return false
}

var awarenessTraining = Check{
	ID:            "org-security-awareness-training",
	Title:         "Staff with AWS access are trained in security",
	Description:   "AWS trains its own employees; training the customer's staff is the customer's half of this shared control. No API can observe it, so it is listed for you to attest.",
	Severity:      Info,
	Category:      Shared,
	SharedControl: AwarenessTraining,
	Domain:        IdentityAccess,
	Service:       "iam",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::::Account",
	Remediation: Remediation{
		Text: "Keep a record that everyone with access to the account has had security awareness training for their role, and refresh it yearly.",
	},
	References: []string{"https://aws.amazon.com/compliance/shared-responsibility-model/"},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return []Result{{
			Status:      Manual,
			ResourceARN: inventory.AccountARN(inv.Partition, inv.AccountID),
			Message:     "Attest that staff with access to this account have had security awareness training",
		}}
	},
}
