package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

func guardDuty(region string, detectors ...inventory.Detector) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.GuardDuty.Regions = append(inv.GuardDuty.Regions, inventory.GuardDutyRegion{Resource: inventory.Resource{Region: region}, Detectors: detectors})
	}
}

func TestGuardDutyEnabled(t *testing.T) {
	settings := inventory.ServiceSettingsARN("aws", "guardduty", "us-east-1", "111122223333")
	runCases(t, guardDutyEnabled, []statusCase{
		{"enabled", guardDuty("us-east-1", inventory.Detector{ID: "d1", Status: "ENABLED"}), map[string]Status{"us-east-1:111122223333:account-settings": Pass}},
		{"suspended", guardDuty("us-east-1", inventory.Detector{ID: "d1", Status: "DISABLED"}), map[string]Status{"us-east-1:111122223333:account-settings": Fail}},
		{"never enabled", guardDuty("us-east-1"), map[string]Status{"us-east-1:111122223333:account-settings": Fail}},
		{"one region each way", both(guardDuty("us-east-1", inventory.Detector{ID: "d1", Status: "ENABLED"}), guardDuty("eu-west-1")),
			map[string]Status{"us-east-1:111122223333:account-settings": Pass, "eu-west-1:111122223333:account-settings": Fail}},
		// The detector is there, but whether it runs could not be read.
		{"detector unreadable", both(guardDuty("us-east-1", inventory.Detector{ID: "d1"}), denied("guardduty", "us-east-1", "GetDetector", settings)),
			map[string]Status{"us-east-1:111122223333:account-settings": Unknown}},
		// No entry for the region: the scope is unknown, not a fail.
		{"listing denied", denied("guardduty", "us-east-1", "ListDetectors", ""), map[string]Status{"guardduty:us-east-1:111122223333:*": Unknown}},
	})
}

func hub(region string, enabled bool) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.SecurityHub.Hubs = append(inv.SecurityHub.Hubs, inventory.Hub{Resource: inventory.Resource{Region: region}, Enabled: enabled})
	}
}

func TestSecurityHubEnabled(t *testing.T) {
	runCases(t, securityHubEnabled, []statusCase{
		{"subscribed", hub("us-east-1", true), map[string]Status{"us-east-1:111122223333:hub/default": Pass}},
		{"not subscribed", hub("us-east-1", false), map[string]Status{"us-east-1:111122223333:hub/default": Fail}},
		{"one region each way", both(hub("us-east-1", true), hub("eu-west-1", false)),
			map[string]Status{"us-east-1:111122223333:hub/default": Pass, "eu-west-1:111122223333:hub/default": Fail}},
		{"denied", both(hub("eu-west-1", true), denied("securityhub", "us-east-1", "DescribeHub", "")),
			map[string]Status{"eu-west-1:111122223333:hub/default": Pass, "securityhub:us-east-1:111122223333:*": Unknown}},
	})
}

func analyzers(region string, list ...inventory.Analyzer) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.AccessAnalyzer.Regions = append(inv.AccessAnalyzer.Regions, inventory.AnalyzerRegion{Resource: inventory.Resource{Region: region}, Analyzers: list})
	}
}

func TestAccessAnalyzerEnabled(t *testing.T) {
	const here = "access-analyzer:us-east-1:111122223333:account-settings"
	runCases(t, accessAnalyzerEnabled, []statusCase{
		{"account analyzer", analyzers("us-east-1", inventory.Analyzer{Name: "a", Type: "ACCOUNT", Status: "ACTIVE"}), map[string]Status{here: Pass}},
		{"organization analyzer", analyzers("us-east-1", inventory.Analyzer{Name: "a", Type: "ORGANIZATION", Status: "ACTIVE"}), map[string]Status{here: Pass}},
		{"none", analyzers("us-east-1"), map[string]Status{here: Fail}},
		{"unused access only", analyzers("us-east-1", inventory.Analyzer{Name: "u", Type: "ACCOUNT_UNUSED_ACCESS", Status: "ACTIVE"}), map[string]Status{here: Fail}},
		{"not active", analyzers("us-east-1", inventory.Analyzer{Name: "a", Type: "ACCOUNT", Status: "FAILED"}), map[string]Status{here: Fail}},
		{"listing denied", denied("access-analyzer", "us-east-1", "ListAnalyzers", ""), map[string]Status{"access-analyzer:us-east-1:111122223333:*": Unknown}},
	})
}
