package policy

import "slices"

// SelfGrantActions each let an identity give itself any permission it
// lacks, when allowed on every resource: attach or embed a policy in
// itself, or rewrite a policy it holds.
var SelfGrantActions = []string{
	"iam:AttachUserPolicy", "iam:PutUserPolicy",
	"iam:AttachRolePolicy", "iam:PutRolePolicy",
	"iam:AttachGroupPolicy", "iam:PutGroupPolicy",
	"iam:CreatePolicyVersion",
}

// Administration is how a document makes its holder an administrator.
type Administration struct {
	// Statements are the broad Allow statements: every action, or every
	// action but a NotAction list, on every resource or every resource
	// but a NotResource list that names no IAM resource.
	Statements []Statement
	// Exact is set when the document allows every action on every
	// resource with nothing denied.
	Exact bool
	// RegrantedWith is, when not Exact, the self-grant action with which
	// the holder can give itself back whatever the document leaves out.
	RegrantedWith string
}

// Administrator reports whether the document, on its own, makes its
// holder a full administrator, and how. It does when it allows every
// action on every resource (Action "*", Resource "*") and denies nothing
// unconditionally; and also when its broad grants leave something out (a
// NotAction, a NotResource naming no IAM resource, an unconditional Deny)
// but still allow one of SelfGrantActions on every resource, since the
// holder can then grant itself the rest: Allow NotAction "aws-portal:*"
// is an administrator. Allow NotAction "iam:*" (AWS's PowerUserAccess),
// or Allow "*" with Deny "iam:*", is not: it is broad power, but the
// holder cannot reach IAM to widen it.
func (d Document) Administrator() (Administration, bool) {
	var a Administration
	for _, s := range d.Statements {
		if s.Effect != Allow || !(s.NotAction != nil || s.MatchesAction(AnyAction)) {
			continue
		}
		if s.AppliesToAllResources() || (s.NotResource != nil && !slices.ContainsFunc(s.NotResource, namesIAM)) {
			a.Statements = append(a.Statements, s)
		}
	}
	if a.Statements == nil {
		return Administration{}, false
	}
	denies := slices.ContainsFunc(d.Statements, Statement.deniesUnconditionally)
	if !denies && slices.ContainsFunc(a.Statements, func(s Statement) bool {
		return s.MatchesAction(AnyAction) && s.AppliesToAllResources()
	}) {
		a.Exact = true
		return a, true
	}
	for _, g := range SelfGrantActions {
		for _, r := range iamResources {
			if d.Allows(g, r) {
				a.RegrantedWith = g
				return a, true
			}
		}
	}
	return Administration{}, false
}

// iamResources are what a self-grant action is asked about: every
// resource, or, for a NotResource grant, every IAM resource of a partition.
var iamResources = []string{"*", "arn:aws:iam::*:*", "arn:aws-cn:iam::*:*", "arn:aws-us-gov:iam::*:*"}

// namesIAM reports whether a resource pattern can match an IAM resource.
func namesIAM(resource string) bool {
	return overlaps(resource, "arn:*:iam::*")
}

// deniesUnconditionally reports whether the statement is a Deny that
// applies to every caller whatever the request: no condition, no
// principal other than everyone.
func (s Statement) deniesUnconditionally() bool {
	return s.Effect == Deny && len(s.Conditions) == 0 && s.NotPrincipal == nil &&
		(s.Principal == nil || s.Principal.IsPublic())
}

// DeniedBy returns the statements that unconditionally deny action on
// resource: Deny statements covering both with no condition. A
// conditional Deny may not apply, so it does not count.
func (d Document) DeniedBy(action, resource string) []Statement {
	var out []Statement
	for _, s := range d.Statements {
		if s.deniesUnconditionally() && s.MatchesAction(action) && s.MatchesResource(resource) {
			out = append(out, s)
		}
	}
	return out
}
