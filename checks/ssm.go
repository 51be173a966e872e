package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ssmChecks are the customer's duties that AWS Systems Manager measures.
// Systems Manager itself is abstracted, but most of what it measures is the
// guest OS of EC2 instances and hybrid servers, which is the customer's to
// patch: those checks sit in the infrastructure model, with the instance as
// their resource. The document checks are about Systems Manager's own
// resources and sit where the service does.
var ssmChecks = []Check{
	ssmInstanceManaged,
	ssmPatchCompliant,
	ssmAssociationCompliant,
	ssmDocumentPublic,
	ssmDocumentPublicSharingBlocked,
}

func ssmHubRef(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#" + control
}

// ssmRegions is the set of regions whose Systems Manager data was
// collected. A snapshot older than the collector has none, and its
// instances are then not judged by the Systems Manager checks rather than
// all failed for want of data nobody asked for.
func ssmRegions(inv *inventory.Inventory) map[string]bool {
	out := make(map[string]bool, len(inv.SSM.Regions))
	for _, r := range inv.SSM.Regions {
		out[r.Region] = true
	}
	return out
}

// managedByARN indexes the managed nodes by ARN: an EC2 instance's node
// has the instance's ARN.
func managedByARN(inv *inventory.Inventory) map[string]*inventory.ManagedInstance {
	out := make(map[string]*inventory.ManagedInstance, len(inv.SSM.ManagedInstances))
	for i := range inv.SSM.ManagedInstances {
		m := &inv.SSM.ManagedInstances[i]
		out[m.ARN] = m
	}
	return out
}

// nodeResourceType is the resource type of a managed node's findings.
func nodeResourceType(m *inventory.ManagedInstance) string {
	if m.IsEC2() {
		return "AWS::EC2::Instance"
	}
	return "AWS::SSM::ManagedInstanceInventory"
}

var ssmInstanceManaged = Check{
	ID:            "ssm-instance-managed",
	Title:         "Instance is not managed by Systems Manager, or its agent lost contact",
	Description:   "AWS patches the hosts; the guest OS is the customer's. Patch Manager can only scan and patch instances whose SSM Agent is registered and in contact (ping status Online). An instance Systems Manager does not know, or whose agent has lost contact (ConnectionLost) while it runs, is outside measured patching. Stopped instances are judged on registration only, since no agent pings while stopped. Hybrid servers registered with Systems Manager are judged on their ping status.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ssm",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Install and start the SSM Agent (preinstalled on most AWS AMIs), give the instance an instance profile with the AmazonSSMManagedInstanceCore policy (or turn on Default Host Management Configuration), and make sure it can reach the Systems Manager endpoints (internet, NAT or VPC endpoints for ssm, ssmmessages and ec2messages).",
		Console: "Systems Manager > Fleet Manager: check the node; Systems Manager > Quick Setup > Default Host Management Configuration to manage every instance in the region.",
		CLI:     "aws ec2 associate-iam-instance-profile --instance-id <id> --iam-instance-profile Name=<profile-with-AmazonSSMManagedInstanceCore>",
	},
	References: []string{ssmHubRef("ssm-1"), "https://docs.aws.amazon.com/systems-manager/latest/userguide/troubleshooting-managed-nodes.html"},
	Needs:      []Operation{op("ec2", "DescribeInstances"), op("ssm", "DescribeInstanceInformation")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		regions := ssmRegions(inv)
		nodes := managedByARN(inv)
		var out []Result
		for _, in := range inv.EC2.Instances {
			if !regions[in.Region] {
				continue
			}
			r := Result{Status: Fail, Region: in.Region, ResourceARN: in.ARN,
				Evidence: map[string]any{"instance_state": in.State}}
			m := nodes[in.ARN]
			running := in.State == "running" || in.State == "pending"
			switch {
			case m == nil:
				r.Message = fmt.Sprintf("%s is not managed by Systems Manager: Patch Manager cannot scan or patch it", in.ID)
				r.Evidence["managed"] = false
			case m.PingStatus == "Online":
				r.Status = Pass
				r.Message = fmt.Sprintf("%s is managed by Systems Manager and its agent is online", in.ID)
			case !running:
				r.Status = Pass
				r.Message = fmt.Sprintf("%s is %s and registered with Systems Manager (ping status %s); its agent reports again when it runs", in.ID, in.State, m.PingStatus)
			default:
				r.Message = fmt.Sprintf("%s runs but its SSM Agent has lost contact (ping status %s): Patch Manager cannot reach it", in.ID, m.PingStatus)
			}
			if m != nil {
				nodeEvidence(r.Evidence, m)
			}
			out = append(out, r)
		}
		// Hybrid servers have no EC2 record: Systems Manager's is all
		// there is.
		for i := range inv.SSM.ManagedInstances {
			m := &inv.SSM.ManagedInstances[i]
			if m.IsEC2() {
				continue
			}
			r := Result{Status: Pass, Region: m.Region, ResourceARN: m.ARN, ResourceType: nodeResourceType(m),
				Message: fmt.Sprintf("hybrid node %s is managed by Systems Manager and its agent is online", m.ID), Evidence: map[string]any{}}
			if m.PingStatus != "Online" {
				r.Status = Fail
				r.Message = fmt.Sprintf("hybrid node %s has lost contact with Systems Manager (ping status %s)", m.ID, m.PingStatus)
			}
			nodeEvidence(r.Evidence, m)
			out = append(out, r)
		}
		return out
	},
}

func nodeEvidence(ev map[string]any, m *inventory.ManagedInstance) {
	ev["managed"] = true
	ev["ping_status"] = m.PingStatus
	if m.AgentVersion != "" {
		ev["agent_version"] = m.AgentVersion
	}
	if m.PlatformName != "" {
		ev["platform"] = strings.TrimSpace(m.PlatformName + " " + m.PlatformVersion)
	}
	if !m.LastPingAt.IsZero() {
		ev["last_ping"] = m.LastPingAt.Format(time.RFC3339)
	}
}

var ssmPatchCompliant = Check{
	ID:            "ssm-instance-patch-compliant",
	Title:         "Managed instance is missing patches, has failed ones or waits for a reboot",
	Description:   "AWS patches the hosts; the guest OS is the customer's. Patch Manager records, per managed instance, how many patches its baseline approves that are missing, failed to install, or are installed but wait for a reboot to take effect. Any of them means the instance runs without patches its own baseline requires. A managed instance with no patch state at all has never been scanned, so nothing measures its patches.",
	Severity:      High,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ssm",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Run AWS-RunPatchBaseline with Operation=Install (a patch policy or maintenance window keeps doing it), reboot instances with patches pending a reboot, and look into failed patches in the command output.",
		Console: "Systems Manager > Patch Manager > Patch now (Scan and install); Compliance reporting lists each node's missing and failed patches.",
		CLI:     "aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=<id> --parameters Operation=Install,RebootOption=RebootIfNeeded",
	},
	References: []string{ssmHubRef("ssm-2"), "https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-compliance-states.html"},
	Needs:      []Operation{op("ssm", "DescribeInstanceInformation"), op("ssm", "DescribeInstancePatchStates")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for i := range inv.SSM.ManagedInstances {
			m := &inv.SSM.ManagedInstances[i]
			r := Result{Status: Pass, Region: m.Region, ResourceARN: m.ARN, ResourceType: nodeResourceType(m)}
			p := m.Patch
			if p == nil {
				r.Status = Fail
				r.Message = fmt.Sprintf("%s is managed by Systems Manager but has no patch state: Patch Manager has never scanned it", m.ID)
				r.Evidence = map[string]any{"patch_state": "none", "ping_status": m.PingStatus}
				out = append(out, r)
				continue
			}
			r.Evidence = patchEvidence(p)
			if p.Compliant() {
				r.Message = fmt.Sprintf("%s has every patch baseline %s approves (last %s %s)", m.ID, p.BaselineID, strings.ToLower(p.Operation), dateOf(p.OperationEndTime))
			} else {
				r.Status = Fail
				r.Message = fmt.Sprintf("%s (baseline %s): %d missing, %d failed, %d installed pending reboot (last %s %s)",
					m.ID, p.BaselineID, p.Missing, p.Failed, p.InstalledPendingReboot, strings.ToLower(p.Operation), dateOf(p.OperationEndTime))
			}
			out = append(out, r)
		}
		return out
	},
}

func patchEvidence(p *inventory.PatchState) map[string]any {
	ev := map[string]any{
		"source": "ssm", "baseline_id": p.BaselineID, "patch_group": p.PatchGroup, "operation": p.Operation,
		"missing": p.Missing, "failed": p.Failed, "installed_pending_reboot": p.InstalledPendingReboot,
	}
	if !p.OperationEndTime.IsZero() {
		ev["operation_end_time"] = p.OperationEndTime.Format(time.RFC3339)
	}
	if p.CriticalNonCompliant > 0 || p.SecurityNonCompliant > 0 {
		ev["critical_non_compliant"], ev["security_non_compliant"] = p.CriticalNonCompliant, p.SecurityNonCompliant
	}
	return ev
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return "on " + t.Format(time.DateOnly)
}

var ssmAssociationCompliant = Check{
	ID:            "ssm-instance-association-compliant",
	Title:         "Managed instance's State Manager associations failed",
	Description:   "State Manager associations keep a managed instance's configuration as the customer defined it (agents installed, settings applied, inventory gathered). Configuring the guest OS is the customer's half of configuration management; an association that failed left the instance drifted from it. Instances without associations are not judged.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ssm",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Find the failed association's execution output, fix its cause (permissions, parameters, the document, connectivity) and apply it again.",
		Console: "Systems Manager > State Manager > the association > Execution history.",
		CLI:     "aws ssm describe-instance-associations-status --instance-id <id>",
	},
	References: []string{ssmHubRef("ssm-3"), "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-state.html"},
	Needs:      []Operation{op("ssm", "DescribeInstanceInformation")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for i := range inv.SSM.ManagedInstances {
			m := &inv.SSM.ManagedInstances[i]
			if m.AssociationStatus == "" {
				continue
			}
			r := Result{Status: Pass, Region: m.Region, ResourceARN: m.ARN, ResourceType: nodeResourceType(m),
				Message:  fmt.Sprintf("%s's associations succeeded", m.ID),
				Evidence: map[string]any{"association_status": m.AssociationStatus}}
			switch m.AssociationStatus {
			case "Success":
			case "Failed":
				r.Status = Fail
				r.Message = fmt.Sprintf("%s has failed State Manager associations", m.ID)
			default:
				// Pending or in progress is no evidence either way.
				r.Status = Unknown
				r.Message = fmt.Sprintf("%s's associations have not finished (status %s)", m.ID, m.AssociationStatus)
			}
			out = append(out, r)
		}
		return out
	},
}

var ssmDocumentPublic = Check{
	ID:           "ssm-document-public",
	Title:        "Systems Manager document is shared publicly",
	Description:  "A document shared with \"all\" can be read and run by every AWS account. Documents often carry scripts, internal host names, parameters and sometimes credentials; who may read them is the customer's choice alone.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "ssm",
	ServiceModel: Abstracted,
	ResourceType: "AWS::SSM::Document",
	Remediation: Remediation{
		Text:    "Stop sharing the document publicly; share it with the specific accounts that need it, and turn on block public sharing for documents in every region.",
		Console: "Systems Manager > Documents > Owned by me > the document > Permissions: Private.",
		CLI:     "aws ssm modify-document-permission --name <name> --permission-type Share --account-ids-to-remove all",
	},
	References: []string{ssmHubRef("ssm-4"), "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html"},
	Needs:      []Operation{op("ssm", "ListDocuments"), op("ssm", "DescribeDocumentPermission")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, d := range inv.SSM.Documents {
			r := Result{Status: Pass, Region: d.Region, ResourceARN: d.ARN,
				Message: fmt.Sprintf("document %s is not shared publicly", d.Name), Evidence: map[string]any{"shared_with": len(d.SharedWith)}}
			if len(d.SharedWith) > 0 {
				r.Message = fmt.Sprintf("document %s is shared with %d account(s), not publicly", d.Name, len(d.SharedWith))
			}
			if slices.Contains(d.SharedWith, "all") {
				r.Status = Fail
				r.Message = fmt.Sprintf("document %s is shared with all AWS accounts", d.Name)
				r.Evidence["account_ids"] = "all"
			}
			out = append(out, r)
		}
		return out
	},
}

var ssmDocumentPublicSharingBlocked = Check{
	ID:           "ssm-document-public-sharing-blocked",
	Title:        "Systems Manager allows documents to be shared publicly",
	Description:  "The regional setting block public sharing for documents stops anyone in the account from sharing a document with every AWS account, by mistake or otherwise. AWS leaves it off by default; turning it on is the customer's choice.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "ssm",
	ServiceModel: Abstracted,
	ResourceType: "AWS::::Account",
	Remediation: Remediation{
		Text:    "Turn on block public sharing for Systems Manager documents in every region (after removing public sharing from documents that need another way to reach their users).",
		Console: "Systems Manager > Documents > Preferences > Block public sharing: Edit, turn it on.",
		CLI:     "aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission --setting-value Disable --region <region>",
	},
	References: []string{ssmHubRef("ssm-7"), "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html#block-public-access"},
	Needs:      []Operation{op("ssm", "GetServiceSetting")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, r := range inv.SSM.Regions {
			res := Result{Status: Pass, Region: r.Region, ResourceARN: r.ARN,
				Message:  "public sharing of documents is blocked in " + r.Region,
				Evidence: map[string]any{"setting_id": inventory.DocumentPublicSharingSetting, "value": r.DocumentPublicSharing}}
			switch r.DocumentPublicSharing {
			case "Disable":
			case "":
				res.Status = Unknown
				res.Message = "the public-sharing setting of " + r.Region + " was not read"
			default:
				res.Status = Fail
				res.Message = fmt.Sprintf("documents may be shared publicly in %s (setting %s)", r.Region, r.DocumentPublicSharing)
			}
			out = append(out, res)
		}
		return out
	},
}

// ssmPatchEvidence is what Systems Manager says about instances' patching,
// for the EC2 patch checks, which decide from it where it exists and from
// the instances' tags otherwise.
type ssmPatchEvidence struct {
	nodes map[string]*inventory.ManagedInstance
	// unreadable names, per region ("" for every region), the Systems
	// Manager read that failed there.
	unreadable map[string]string
}

func readSSMPatchEvidence(inv *inventory.Inventory) ssmPatchEvidence {
	e := ssmPatchEvidence{}
	// A scan that left Systems Manager out (--services) has no evidence
	// from it and nothing to say about it: the tags decide, as before
	// Systems Manager was read.
	if !inv.Holds("ssm") {
		return e
	}
	e.nodes = managedByARN(inv)
	for _, err := range inv.Errors {
		if err.Service != "ssm" || err.ResourceARN != "" ||
			(err.Operation != "DescribeInstanceInformation" && err.Operation != "DescribeInstancePatchStates") {
			continue
		}
		if e.unreadable == nil {
			e.unreadable = map[string]string{}
		}
		if _, ok := e.unreadable[err.Region]; !ok {
			e.unreadable[err.Region] = fmt.Sprintf("ssm:%s failed (%s)", err.Operation, err.Kind)
		}
	}
	return e
}

// patchState returns Systems Manager's patch state for an instance, when
// it manages the instance and a patch operation has reported.
func (e ssmPatchEvidence) patchState(in inventory.Instance) *inventory.PatchState {
	if m := e.nodes[in.ARN]; m != nil {
		return m.Patch
	}
	return nil
}

// fromTags marks a tag-based result as such. Where Systems Manager could
// not be read, the tags still decide, and the finding says so.
//
// Why the tags and not unknown: the tags are the customer's own record of
// its patching, which is what these checks judged before Systems Manager
// was read, and what they still judge for every instance Systems Manager
// does not manage; turning every instance of a region to unknown because
// one SSM call was denied would throw that evidence away. Why not silently:
// the instance might be managed, with a patch state that would have
// decided differently. So the message and the evidence (ssm_error) name
// the failed read, and the Systems Manager checks, which need it, report
// unknown for the region, which keeps the scan incomplete for the gate.
func (e ssmPatchEvidence) fromTags(r *Result, in inventory.Instance) {
	r.Evidence["source"] = "tags"
	why, ok := e.unreadable[in.Region]
	if !ok {
		why, ok = e.unreadable[""]
	}
	if ok {
		r.Evidence["ssm_error"] = why
		r.Message += "; judged from tags: Systems Manager could not be read here (" + why + ")"
	}
}
