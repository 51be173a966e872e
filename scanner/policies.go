package scanner

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// PolicyDocument is an IAM policy document, in the field order and
// spelling AWS shows; srmscan prints three, each for one identity.
type PolicyDocument struct {
	Version   string
	Statement []Statement
}

// Statement is one statement of a PolicyDocument.
type Statement struct {
	Sid       string
	Effect    string
	Principal *Principal `json:",omitempty"`
	Action    []string
	Resource  string `json:",omitempty"`
}

// Principal is a trust policy's principal.
type Principal struct {
	AWS string
}

// Orchestrator reports whether only the identity that runs multi-account
// scans calls p: the member accounts' audit role never does, so the audit
// policy leaves these out and a member role cannot hop to other roles.
func (p Permission) Orchestrator() bool {
	return p.Service == "sts" && p.Operation == "AssumeRole" || p.Service == "organizations"
}

// Scope is the inventory.Services entry whose collector calls p, or ""
// for what every scan calls: identity, and region discovery (without
// --regions), which tells every regional collector where to look.
func (p Permission) Scope() string {
	if p.Service == "ec2" && p.Operation == "DescribeRegions" {
		return ""
	}
	return inventory.ServiceOf(p.Service)
}

// AuditPolicy is the policy of the identity a scan reads an account with
// (the member role, in multi-account scans): the read-only actions of the
// chosen services (nil: all) and those every scan needs.
func AuditPolicy(services []string) PolicyDocument {
	var actions []string
	for _, p := range Permissions {
		if p.Action == "" || p.Orchestrator() {
			continue
		}
		if s := p.Scope(); s == "" || services == nil || slices.Contains(services, s) {
			actions = append(actions, p.Action)
		}
	}
	slices.Sort(actions)
	return PolicyDocument{"2012-10-17", []Statement{{Sid: "SrmscanReadOnly", Effect: "Allow", Action: slices.Compact(actions), Resource: "*"}}}
}

// roleNameRE is IAM's rule for role names.
var roleNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

// Partitions srmscan can name in ARNs.
var Partitions = []string{"aws", "aws-cn", "aws-us-gov"}

// OrchestratorPolicy is the policy of the identity that runs
// multi-account scans: assume roleName in any account, and list the
// organization's accounts. Nothing else: the accounts are read with the
// role's permissions, not its own.
func OrchestratorPolicy(partition, roleName string) (PolicyDocument, error) {
	if !roleNameRE.MatchString(roleName) {
		return PolicyDocument{}, fmt.Errorf("%q is not an IAM role name (1 to 64 letters, digits and +=,.@_-; no path)", roleName)
	}
	if !slices.Contains(Partitions, partition) {
		return PolicyDocument{}, fmt.Errorf("unknown partition %q (want %s)", partition, strings.Join(Partitions, ", "))
	}
	doc := PolicyDocument{Version: "2012-10-17"}
	var lists []string
	for _, p := range Permissions {
		switch {
		case !p.Orchestrator():
		case p.Action == "sts:AssumeRole":
			doc.Statement = append(doc.Statement, Statement{Sid: "SrmscanAssumeMemberRole", Effect: "Allow", Action: []string{p.Action},
				Resource: fmt.Sprintf("arn:%s:iam::*:role/%s", partition, roleName)})
		default:
			lists = append(lists, p.Action)
		}
	}
	// Organizations' List actions support no resource-level permissions.
	slices.Sort(lists)
	doc.Statement = append(doc.Statement, Statement{Sid: "SrmscanListAccounts", Effect: "Allow", Action: lists, Resource: "*"})
	return doc, nil
}

// principalRE is an IAM user, role or account root: what a trust policy
// can name to mean exactly one identity.
var principalRE = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:(root|role/[\w+=,.@/-]+|user/[\w+=,.@/-]+)$`)

// TrustPolicy is the member role's trust policy: only orchestratorARN may
// assume it.
func TrustPolicy(orchestratorARN string) (PolicyDocument, error) {
	if !principalRE.MatchString(orchestratorARN) {
		hint := "want the orchestrator's role, arn:aws:iam::<12-digit account>:role/<name> (or a user, or an account's root)"
		if strings.Contains(orchestratorARN, ":assumed-role/") {
			hint = "that is a session of a role, which changes with every session: give the role's own ARN, arn:aws:iam::<account>:role/<name>"
		}
		return PolicyDocument{}, fmt.Errorf("%q is not an IAM principal ARN: %s", orchestratorARN, hint)
	}
	return PolicyDocument{"2012-10-17", []Statement{{Sid: "SrmscanOrchestrator", Effect: "Allow",
		Principal: &Principal{AWS: orchestratorARN}, Action: []string{"sts:AssumeRole"}}}}, nil
}
