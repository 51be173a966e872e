package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// What identity policies grant is not what an identity may do: a
// permissions boundary on the user or role, and the service control
// policies (SCPs) of the account's organization, must allow an action too.
// The admin and escalation checks judge each policy unit's grant through
// the fences of whoever holds it.

// fenceSet is the account's SCPs as the checks weigh them.
type scpSet struct {
	// considered is false when the SCPs are unknown: not read, or one did
	// not parse. Verdicts then stand on identity policies and boundaries.
	considered bool
	// note is the evidence's "scps" value.
	note string
	// levels are the account, each OU and the root: at every level some
	// attached SCP must allow an action, and none anywhere may deny it.
	levels []scpLevel
}

type scpLevel struct {
	target   string
	policies []namedDoc
}

type namedDoc struct {
	name string
	doc  policy.Document
}

func scpsOf(inv *inventory.Inventory, cfg Config) scpSet {
	o := inv.Organization
	switch {
	case o == nil:
		return scpSet{note: "not considered (AWS Organizations was not read)"}
	case o.NotRead != "":
		return scpSet{note: "not considered (" + o.NotRead + ")"}
	case !o.InOrganization:
		return scpSet{considered: true, note: "none (the account is in no organization)"}
	case o.FeatureSet == "CONSOLIDATED_BILLING":
		return scpSet{considered: true, note: "none (organization " + o.ID + " has consolidated billing only)"}
	case o.ManagementAccountID == inv.AccountID:
		return scpSet{considered: true, note: "none (SCPs do not restrict the management account)"}
	}
	set := scpSet{considered: true}
	var names []string
	for _, target := range append([]string{inv.AccountID}, o.Parents...) {
		lvl := scpLevel{target: target}
		for _, p := range o.SCPs {
			if !slices.Contains(p.Targets, target) {
				continue
			}
			d, err := cfg.parse(p.Document)
			if err != nil {
				return scpSet{note: fmt.Sprintf("not considered (SCP %s could not be parsed: %v)", p.ID, err)}
			}
			lvl.policies = append(lvl.policies, namedDoc{name: fmt.Sprintf("SCP %s (%s)", p.ID, p.Name), doc: d})
			names = append(names, fmt.Sprintf("%s (%s) on %s", p.ID, p.Name, target))
		}
		set.levels = append(set.levels, lvl)
	}
	set.note = "considered: " + strings.Join(names, ", ")
	if names == nil {
		set.note = "considered: none attached"
	}
	return set
}

// fenceDenies reports whether a fence (boundary or SCP) unconditionally
// denies action on resource. Asked about every action (administration), a
// fence that denies a few actions, as guardrail SCPs deny leaving the
// organization or stopping CloudTrail, still leaves an administrator; one
// that denies a self-grant action (iam:AttachUserPolicy, ...) takes IAM
// administration away, and with it full administration.
func fenceDenies(d policy.Document, action, resource string) bool {
	if action != policy.AnyAction {
		return len(d.DeniedBy(action, resource)) > 0
	}
	return slices.ContainsFunc(policy.SelfGrantActions, func(a string) bool { return len(d.DeniedBy(a, resource)) > 0 })
}

// limit returns what stops action on resource, or "".
func (s scpSet) limit(action, resource string) string {
	if !s.considered {
		return ""
	}
	for _, l := range s.levels {
		for _, p := range l.policies {
			if fenceDenies(p.doc, action, resource) {
				return p.name
			}
		}
	}
	for _, l := range s.levels {
		if !slices.ContainsFunc(l.policies, func(p namedDoc) bool { return p.doc.Allows(action, resource) }) {
			return "SCPs on " + l.target + " (none allows it)"
		}
	}
	return ""
}

// holder is an identity a policy unit's permissions reach, with its
// permissions boundary.
type holder struct {
	arn, name string
	// boundary is the boundary's ARN; doc is nil when there is none or it
	// could not be read (boundaryNote says which).
	boundary     string
	doc          *policy.Document
	boundaryNote string
	user         bool
	// serviceLinked roles are out of SCPs' reach.
	serviceLinked bool
}

func newHolder(inv *inventory.Inventory, cfg Config, arn, name, boundary string, user bool) holder {
	h := holder{arn: arn, name: name, boundary: boundary, user: user}
	h.serviceLinked = !user && strings.Contains(arn, ":role/aws-service-role/")
	if boundary == "" {
		return h
	}
	i := slices.IndexFunc(inv.IAM.Policies, func(p inventory.ManagedPolicy) bool { return p.ARN == boundary })
	if i < 0 {
		h.boundaryNote = "permissions boundary " + boundary + " not considered (its document was not in the IAM listing)"
		return h
	}
	d, err := cfg.parse(inv.IAM.Policies[i].Document)
	if err != nil {
		h.boundaryNote = fmt.Sprintf("permissions boundary %s not considered (%v)", boundary, err)
		return h
	}
	h.doc = &d
	return h
}

// boundaryEscapes are the actions with which an identity removes, replaces
// or rewrites its own permissions boundary.
func boundaryEscapes(user bool) []string {
	if user {
		return []string{"iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"}
	}
	return []string{"iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"}
}

// limit returns what stops the holder, granted action on resource by
// identity policy d, from using it: its boundary or an SCP; "" if nothing
// does. A boundary the holder may itself remove or rewrite stops nothing.
func (h holder) limit(d policy.Document, scps scpSet, action, resource string) string {
	if !h.serviceLinked {
		if l := scps.limit(action, resource); l != "" {
			return l
		}
	}
	if h.doc == nil || (h.doc.Allows(action, resource) && !fenceDenies(*h.doc, action, resource)) {
		return ""
	}
	for _, e := range boundaryEscapes(h.user) {
		if d.Allows(e, "*") && h.doc.Allows(e, "*") && (h.serviceLinked || scps.limit(e, "*") == "") {
			return "" // the fence has a gate the holder may open
		}
	}
	return "permissions boundary " + h.boundary
}

// holders lists the identities a policy unit's permissions reach: the
// identity of inline policies (a group's members for a group's), and every
// user, role and group member a managed policy is attached to.
func holders(inv *inventory.Inventory, cfg Config, u policyUnit) []holder {
	var out []holder
	seen := map[string]bool{}
	addUser := func(x inventory.User) {
		if !seen[x.ARN] {
			seen[x.ARN] = true
			out = append(out, newHolder(inv, cfg, x.ARN, "user "+x.Name, x.PermissionsBoundary, true))
		}
	}
	members := func(group string) {
		for _, x := range inv.IAM.Users {
			if slices.Contains(x.Groups, group) {
				addUser(x)
			}
		}
	}
	attached := func(ps []inventory.AttachedPolicy) bool {
		return slices.ContainsFunc(ps, func(p inventory.AttachedPolicy) bool { return p.ARN == u.arn })
	}
	switch {
	case u.inline != nil && u.rtype == "AWS::IAM::User":
		for _, x := range inv.IAM.Users {
			if x.ARN == u.arn {
				addUser(x)
			}
		}
	case u.inline != nil && u.rtype == "AWS::IAM::Group":
		for _, g := range inv.IAM.Groups {
			if g.ARN == u.arn {
				members(g.Name)
			}
		}
	case u.inline != nil && u.rtype == "AWS::IAM::Role":
		for _, x := range inv.IAM.Roles {
			if x.ARN == u.arn {
				out = append(out, newHolder(inv, cfg, x.ARN, "role "+x.Name, x.PermissionsBoundary, false))
			}
		}
	default:
		for _, x := range inv.IAM.Users {
			if attached(x.AttachedPolicies) {
				addUser(x)
			}
		}
		for _, g := range inv.IAM.Groups {
			if attached(g.AttachedPolicies) {
				members(g.Name)
			}
		}
		for _, x := range inv.IAM.Roles {
			if attached(x.AttachedPolicies) {
				out = append(out, newHolder(inv, cfg, x.ARN, "role "+x.Name, x.PermissionsBoundary, false))
			}
		}
	}
	return out
}

// fenced judges one grant (every action in actions, on every resource)
// for each holder. It returns the holders nothing stops, and for the
// others what stops them. With no holder, the SCPs alone decide, as they
// would for whoever is given the policy.
func fenced(d policy.Document, hs []holder, scps scpSet, actions ...string) (open []holder, limited map[string]string) {
	limited = map[string]string{}
	if hs == nil {
		hs = []holder{{name: "any holder"}}
	}
	for _, h := range hs {
		l := ""
		for _, a := range actions {
			if l = h.limit(d, scps, a, "*"); l != "" {
				break
			}
		}
		if l == "" {
			open = append(open, h)
		} else {
			limited[h.name] = l
		}
	}
	return open, limited
}

// fenceEvidence adds what the fences did to a finding's evidence.
func fenceEvidence(ev map[string]any, hs []holder, open []holder, limited map[string]string, scps scpSet) {
	ev["scps"] = scps.note
	var names []string
	var notes []string
	for _, h := range hs {
		names = append(names, h.name)
		if h.boundaryNote != "" {
			notes = append(notes, h.boundaryNote)
		} else if h.boundary != "" {
			ev["boundaries"] = appendAny(ev["boundaries"], h.name+": "+h.boundary)
		}
	}
	if names != nil {
		ev["holders"] = names
	}
	if notes != nil {
		ev["boundaries_not_considered"] = notes
	}
	if len(limited) > 0 {
		ev["limited_by"] = limited
	}
	if len(limited) > 0 && open != nil {
		var o []string
		for _, h := range open {
			o = append(o, h.name)
		}
		ev["unfenced"] = o
	}
}

func appendAny(v any, s string) []string {
	l, _ := v.([]string)
	return append(l, s)
}
