package inventory

import (
	"fmt"
	"strings"
	"time"
)

// SSM holds what AWS Systems Manager knows in every scanned region: the
// instances it manages with their patch state, the documents the account
// owns, and the account's document-sharing setting.
type SSM struct {
	// Regions holds one entry per region whose Systems Manager data was
	// collected. A region without one was not read (a snapshot older than
	// the collector), which is not the same as a region where Systems
	// Manager manages nothing.
	Regions          []SSMRegion       `json:"regions"`
	ManagedInstances []ManagedInstance `json:"managed_instances"`
	Documents        []SSMDocument     `json:"documents"`
}

// SSMRegion is one region's account-level Systems Manager settings. Its
// ARN is the public-sharing service setting's.
type SSMRegion struct {
	Resource
	// DocumentPublicSharing is the value of the service setting
	// /ssm/documents/console/public-sharing-permission: "Enable" lets the
	// account share documents publicly, "Disable" blocks it. Empty when it
	// was not read.
	DocumentPublicSharing string `json:"document_public_sharing,omitempty"`
}

// DocumentPublicSharingSetting is the ID of the service setting that
// allows or blocks sharing documents publicly.
const DocumentPublicSharingSetting = "/ssm/documents/console/public-sharing-permission"

// ManagedInstance is a node Systems Manager manages: an EC2 instance (ID
// i-...) or a hybrid server (mi-...). Its ARN is the EC2 instance's for an
// EC2 instance, so checks can join the two.
type ManagedInstance struct {
	Resource
	ID string `json:"id"`
	// PingStatus is "Online", "ConnectionLost" or "Inactive": an agent
	// that lost contact cannot run patch operations.
	PingStatus   string    `json:"ping_status"`
	LastPingAt   time.Time `json:"last_ping_at,omitzero"`
	AgentVersion string    `json:"agent_version,omitempty"`
	// AgentLatest is whether the agent is the latest version for its
	// platform, as Systems Manager reports it.
	AgentLatest bool `json:"agent_latest,omitempty"`
	// PlatformType is "Linux", "Windows" or "MacOS".
	PlatformType    string `json:"platform_type,omitempty"`
	PlatformName    string `json:"platform_name,omitempty"`
	PlatformVersion string `json:"platform_version,omitempty"`
	// ResourceType is "EC2Instance" or "ManagedInstance" (hybrid).
	ResourceType string `json:"resource_type,omitempty"`
	// AssociationStatus is the aggregated status of the node's State
	// Manager associations ("Success", "Failed", "Pending"), empty when it
	// has none.
	AssociationStatus string `json:"association_status,omitempty"`
	// Patch is the node's patch state from Patch Manager's last scan or
	// install, nil when none has reported (or it could not be read: see
	// the collection errors).
	Patch *PatchState `json:"patch,omitempty"`
}

// IsEC2 reports whether the node is an EC2 instance rather than a hybrid
// server.
func (m ManagedInstance) IsEC2() bool { return strings.HasPrefix(m.ID, "i-") }

// PatchState is DescribeInstancePatchStates' summary for one node.
type PatchState struct {
	// BaselineID is the patch baseline that applied at the last operation;
	// PatchGroup the patch group that chose it, empty when the default
	// baseline did.
	BaselineID string `json:"baseline_id"`
	PatchGroup string `json:"patch_group,omitempty"`
	// Operation is "Scan" (report only) or "Install".
	Operation          string    `json:"operation"`
	OperationStartTime time.Time `json:"operation_start_time,omitzero"`
	OperationEndTime   time.Time `json:"operation_end_time,omitzero"`
	Installed          int32     `json:"installed"`
	// InstalledPendingReboot patches are installed but not in effect
	// until the node restarts.
	InstalledPendingReboot int32 `json:"installed_pending_reboot,omitempty"`
	InstalledRejected      int32 `json:"installed_rejected,omitempty"`
	Missing                int32 `json:"missing"`
	Failed                 int32 `json:"failed"`
	NotApplicable          int32 `json:"not_applicable,omitempty"`
	CriticalNonCompliant   int32 `json:"critical_non_compliant,omitempty"`
	SecurityNonCompliant   int32 `json:"security_non_compliant,omitempty"`
}

// Compliant reports whether nothing is missing, failed or waiting for a
// reboot.
func (p PatchState) Compliant() bool {
	return p.Missing == 0 && p.Failed == 0 && p.InstalledPendingReboot == 0
}

// SSMDocument is a Systems Manager document the account owns.
type SSMDocument struct {
	Resource
	Name string `json:"name"`
	// DocumentType is "Command", "Automation", "Session", ...
	DocumentType   string `json:"document_type,omitempty"`
	DocumentFormat string `json:"document_format,omitempty"`
	// SharedWith are the account IDs the document is shared with;
	// "all" makes it public.
	SharedWith []string `json:"shared_with,omitempty"`
}

// ManagedInstanceARN builds the ARN of a managed node: the EC2 instance's
// for an EC2 instance, Systems Manager's for a hybrid server.
func ManagedInstanceARN(partition, region, account, id string) string {
	if strings.HasPrefix(id, "i-") {
		return EC2ARN(partition, region, account, "instance", id)
	}
	return fmt.Sprintf("arn:%s:ssm:%s:%s:managed-instance/%s", orAWS(partition), region, account, id)
}

// SSMDocumentARN builds a document's ARN.
func SSMDocumentARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:ssm:%s:%s:document/%s", orAWS(partition), region, account, name)
}

// SSMSettingARN builds a service setting's ARN; setting IDs start with
// a slash.
func SSMSettingARN(partition, region, account, setting string) string {
	return fmt.Sprintf("arn:%s:ssm:%s:%s:servicesetting%s", orAWS(partition), region, account, setting)
}

// normalizeSSM fills the ARNs and accounts of Systems Manager resources,
// as Normalize does for the others.
func (inv *Inventory) normalizeSSM(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.SSM.Regions {
		x := &inv.SSM.Regions[i]
		fill(&x.Resource, SSMSettingARN(p, x.Region, acct, DocumentPublicSharingSetting))
	}
	for i := range inv.SSM.ManagedInstances {
		x := &inv.SSM.ManagedInstances[i]
		fill(&x.Resource, ManagedInstanceARN(p, x.Region, acct, x.ID))
	}
	for i := range inv.SSM.Documents {
		x := &inv.SSM.Documents[i]
		fill(&x.Resource, SSMDocumentARN(p, x.Region, acct, x.Name))
	}
}
