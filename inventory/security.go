package inventory

import (
	"fmt"
	"time"
)

// The account's own security services are regional, and each is off until
// the customer turns it on in a region. Each service below keeps one entry
// per scanned region whose state was read, so a region without the service
// is told apart from a region that could not be read: the latter has no
// entry, and a collection error instead.

// GuardDuty is the GuardDuty state of each scanned region.
type GuardDuty struct {
	Regions []GuardDutyRegion `json:"regions"`
}

// GuardDutyRegion is one region's GuardDuty. An account has at most one
// detector per region; none means GuardDuty was never turned on there.
type GuardDutyRegion struct {
	Resource
	Detectors []Detector `json:"detectors,omitempty"`
}

// Detector is a GuardDuty detector.
type Detector struct {
	ID string `json:"id"`
	// Status is "ENABLED", or "DISABLED" when GuardDuty is suspended.
	Status                     string    `json:"status"`
	CreatedAt                  time.Time `json:"created_at,omitzero"`
	FindingPublishingFrequency string    `json:"finding_publishing_frequency,omitempty"`
}

// SecurityHub is the Security Hub state of each scanned region.
type SecurityHub struct {
	Hubs []Hub `json:"hubs"`
}

// Hub is one region's Security Hub. Its ARN is the one AWS gives the hub,
// which is the same whether or not the account subscribes.
type Hub struct {
	Resource
	// Enabled is false when the account is not subscribed in the region.
	Enabled            bool      `json:"enabled"`
	SubscribedAt       time.Time `json:"subscribed_at,omitzero"`
	AutoEnableControls bool      `json:"auto_enable_controls,omitempty"`
}

// AccessAnalyzer is the IAM Access Analyzer state of each scanned region.
type AccessAnalyzer struct {
	Regions []AnalyzerRegion `json:"regions"`
}

// AnalyzerRegion is one region's analyzers, of every type.
type AnalyzerRegion struct {
	Resource
	Analyzers []Analyzer `json:"analyzers,omitempty"`
}

// Analyzer is an IAM Access Analyzer analyzer.
type Analyzer struct {
	ARN  string `json:"arn"`
	Name string `json:"name"`
	// Type is "ACCOUNT" or "ORGANIZATION" for external-access analyzers;
	// the unused- and internal-access types analyse something else.
	Type string `json:"type"`
	// Status is "ACTIVE", "CREATING", "DISABLED" or "FAILED".
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// ServiceSettingsARN names a service's account-level state in one region,
// for services that have no ARN for it (GuardDuty, Access Analyzer). As
// with RegionSettingsARN, it keeps findings about that state addressable,
// and stable as the state changes.
func ServiceSettingsARN(partition, service, region, account string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:account-settings", orAWS(partition), service, region, account)
}

// HubARN is a region's Security Hub ARN.
func HubARN(partition, region, account string) string {
	return fmt.Sprintf("arn:%s:securityhub:%s:%s:hub/default", orAWS(partition), region, account)
}

// AnalyzerARN builds an Access Analyzer analyzer's ARN.
func AnalyzerARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:access-analyzer:%s:%s:analyzer/%s", orAWS(partition), region, account, name)
}

func (inv *Inventory) normalizeSecurity(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.GuardDuty.Regions {
		x := &inv.GuardDuty.Regions[i]
		fill(&x.Resource, ServiceSettingsARN(p, "guardduty", x.Region, acct))
	}
	for i := range inv.SecurityHub.Hubs {
		x := &inv.SecurityHub.Hubs[i]
		fill(&x.Resource, HubARN(p, x.Region, acct))
	}
	for i := range inv.AccessAnalyzer.Regions {
		x := &inv.AccessAnalyzer.Regions[i]
		fill(&x.Resource, ServiceSettingsARN(p, "access-analyzer", x.Region, acct))
		for j := range x.Analyzers {
			if a := &x.Analyzers[j]; a.ARN == "" {
				a.ARN = AnalyzerARN(p, x.Region, acct, a.Name)
			}
		}
	}
}
