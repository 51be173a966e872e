package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// securityChecks are the customer's duty to switch on the security
// services AWS offers. AWS runs them entirely (the abstracted model); each
// is off in a region until the customer turns it on there, so each is
// judged region by region.
var securityChecks = []Check{
	guardDutyEnabled,
	securityHubEnabled,
	accessAnalyzerEnabled,
}

var guardDutyEnabled = Check{
	ID:            "guardduty-enabled",
	Title:         "GuardDuty is not enabled in the region",
	Description:   "GuardDuty watches a region's VPC flow logs, DNS queries and CloudTrail events for compromised instances, stolen credentials and reconnaissance. AWS runs the detection; turning it on in every region, including those the company does not use, is the customer's configuration: an attacker with stolen keys will pick an unwatched region.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "guardduty",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::GuardDuty::Detector",
	Remediation: Remediation{
		Text:    "Create a detector in the region, or resume a suspended one; in an organization, let the delegated GuardDuty administrator enable it for every account.",
		Console: "GuardDuty > Get started > Enable GuardDuty (or Settings > Resume GuardDuty), in each region.",
		CLI:     "aws guardduty create-detector --enable --region <region>  # suspended: aws guardduty update-detector --detector-id <id> --enable --region <region>",
	},
	References: []string{"https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1"},
	Needs: []Operation{op("guardduty", "ListDetectors"), op("guardduty", "GetDetector")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, g := range inv.GuardDuty.Regions {
			r := Result{Status: Fail, Region: g.Region, ResourceARN: g.ARN, Message: "GuardDuty has never been enabled in " + g.Region,
				Evidence: map[string]any{"detectors": len(g.Detectors)}}
			for _, d := range g.Detectors {
				r.Evidence["detector_id"], r.Evidence["status"] = d.ID, d.Status
				if d.Status == "ENABLED" {
					r.Status, r.Message = Pass, fmt.Sprintf("GuardDuty is enabled in %s (detector %s)", g.Region, d.ID)
					break
				}
				r.Message = fmt.Sprintf("GuardDuty is suspended in %s (detector %s is %s)", g.Region, d.ID, orNone(d.Status))
			}
			out = append(out, r)
		}
		return out
	},
}

var securityHubEnabled = Check{
	ID:            "securityhub-enabled",
	Title:         "Security Hub is not enabled in the region",
	Description:   "Security Hub runs AWS's configuration checks against the region's resources and collects the findings of GuardDuty, Inspector, Macie and IAM Access Analyzer in one place. AWS runs it; subscribing in each region is the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "securityhub",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::SecurityHub::Hub",
	Remediation: Remediation{
		Text:    "Enable Security Hub in the region (with AWS Config recording, which its controls need); in an organization, let the delegated administrator enable it centrally.",
		Console: "Security Hub > Go to Security Hub > Enable Security Hub, in each region.",
		CLI:     "aws securityhub enable-security-hub --enable-default-standards --region <region>",
	},
	References: []string{"CIS 4.16", "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html"},
	Needs:      []Operation{op("securityhub", "DescribeHub")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, h := range inv.SecurityHub.Hubs {
			r := Result{Status: Pass, Region: h.Region, ResourceARN: h.ARN, Message: "Security Hub is enabled in " + h.Region,
				Evidence: map[string]any{"enabled": h.Enabled}}
			if !h.SubscribedAt.IsZero() {
				r.Evidence["subscribed_at"] = h.SubscribedAt.Format("2006-01-02")
			}
			if !h.Enabled {
				r.Status, r.Message = Fail, "the account is not subscribed to Security Hub in "+h.Region
			}
			out = append(out, r)
		}
		return out
	},
}

var accessAnalyzerEnabled = Check{
	ID:            "access-analyzer-enabled",
	Title:         "IAM Access Analyzer has no active external-access analyzer in the region",
	Description:   "An account or organization analyzer reports every resource policy in the region (buckets, keys, roles, queues, snapshots) that grants access to someone outside the zone of trust. AWS runs the analysis; creating an analyzer in each region is the customer's configuration. Unused-access analyzers answer another question and do not count. An organization analyzer lives in the organization's delegated administrator account, so a member account it covers is reported here as failing: suppress the finding there.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        IdentityAccess,
	Service:       "access-analyzer",
	ServiceModel:  Abstracted,
	ResourceType:  "AWS::AccessAnalyzer::Analyzer",
	Remediation: Remediation{
		Text:    "Create an analyzer with the account (or, from the delegated administrator, the organization) as its zone of trust in every region.",
		Console: "IAM > Access analyzer > Analyzer settings > Create analyzer: External access analysis, zone of trust Current account, in each region.",
		CLI:     "aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region <region>",
	},
	References: []string{"CIS 1.20", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html"},
	Needs:      []Operation{op("access-analyzer", "ListAnalyzers")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, g := range inv.AccessAnalyzer.Regions {
			r := Result{Status: Fail, Region: g.Region, ResourceARN: g.ARN, Message: "no IAM Access Analyzer analyzer watches external access in " + g.Region}
			var others []string
			for _, a := range g.Analyzers {
				if (a.Type == "ACCOUNT" || a.Type == "ORGANIZATION") && a.Status == "ACTIVE" {
					r.Status = Pass
					r.Message = fmt.Sprintf("analyzer %s (%s) watches external access in %s", a.Name, a.Type, g.Region)
					r.Evidence = map[string]any{"analyzer": a.Name, "type": a.Type, "status": a.Status}
					break
				}
				others = append(others, fmt.Sprintf("%s (%s, %s)", a.Name, a.Type, a.Status))
			}
			if r.Status == Fail && len(others) > 0 {
				r.Message += "; it has only " + strings.Join(others, ", ")
				r.Evidence = map[string]any{"analyzers": others}
			}
			out = append(out, r)
		}
		return out
	},
}
