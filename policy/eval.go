package policy

import (
	"regexp"
	"slices"
	"strings"
)

// AnyAction stands for every action: each is "service:name", so a
// statement covers them all exactly when it covers "*:*". Action "*" and
// "*:*" do; "iam:*" and NotAction do not.
const AnyAction = "*:*"

// MatchesAction reports whether the statement's Action (or NotAction)
// element covers action, case-insensitively. action may itself contain the
// wildcards * and ?: then the statement must cover every action it names,
// so "s3:*" is matched by Action "s3:*" or "*" but not by "s3:Get*", and
// NotAction "s3:GetObject" does not cover "s3:*".
func (s Statement) MatchesAction(action string) bool {
	a := strings.ToLower(action)
	if s.NotAction != nil {
		return !slices.ContainsFunc(s.NotAction, func(p string) bool { return overlaps(strings.ToLower(p), a) })
	}
	return slices.ContainsFunc(s.Action, func(p string) bool { return covers(strings.ToLower(p), a) })
}

// Allows reports whether this is an Allow statement covering action. It
// ignores Resource, Principal and Condition: ask those separately.
func (s Statement) Allows(action string) bool { return s.Effect == Allow && s.MatchesAction(action) }

// Denies reports whether this is a Deny statement covering action.
func (s Statement) Denies(action string) bool { return s.Effect == Deny && s.MatchesAction(action) }

// MatchesResource reports whether the statement's Resource (or NotResource)
// element covers resource, with the same wildcard rules as MatchesAction
// but case-sensitively, as AWS compares ARNs. A statement with neither
// element (a trust policy's) applies to the resource the policy is
// attached to, and so matches. Policy variables such as ${aws:username}
// are compared as text: a statement using one never covers "*".
func (s Statement) MatchesResource(resource string) bool {
	if s.NotResource != nil {
		return !slices.ContainsFunc(s.NotResource, func(p string) bool { return overlaps(p, resource) })
	}
	if s.Resource == nil {
		return true
	}
	return slices.ContainsFunc(s.Resource, func(p string) bool { return covers(p, resource) })
}

// AppliesToAllResources reports whether the statement covers every
// resource: Resource "*" (or a statement with no resource element).
// NotResource always excludes something, so it never applies to all.
func (s Statement) AppliesToAllResources() bool { return s.MatchesResource("*") }

// IsPublic reports whether the statement applies to anyone: Principal "*"
// or {"AWS": "*"}, or an Allow with NotPrincipal (everyone but a few).
func (s Statement) IsPublic() bool {
	return s.Principal.IsPublic() || (s.Effect == Allow && s.NotPrincipal != nil)
}

// ConditionsOn returns the statement's conditions on key, which is
// compared case-insensitively as AWS does.
func (s Statement) ConditionsOn(key string) []Condition {
	var out []Condition
	for _, c := range s.Conditions {
		if strings.EqualFold(c.Key, key) {
			out = append(out, c)
		}
	}
	return out
}

// restrictingKeys are condition keys that narrow who (or from where)
// someone can use a statement: a public or cross-account grant carrying a
// positive test on one of them is not open to everyone.
var restrictingKeys = []string{
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceowner",
	"aws:sourceorgid", "aws:sourceorgpaths",
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourcevpc", "aws:sourcevpce", "aws:sourceip",
	"sts:externalid", "aws:userid", "aws:username",
}

// IsRestrictingKey reports whether a condition key narrows the principal:
// account, organisation, ARN, network origin or external ID, and the
// subject and audience keys of web identity providers ("...:sub",
// "...:aud").
func IsRestrictingKey(key string) bool {
	k := strings.ToLower(key)
	return slices.Contains(restrictingKeys, k) || strings.HasSuffix(k, ":sub") || strings.HasSuffix(k, ":aud")
}

// RestrictingConditions returns the conditions that narrow who can use the
// statement: a positive test (StringEquals, StringLike, ArnEquals, ArnLike,
// IpAddress, optionally ForAnyValue:) on a restricting key, with no value
// that matches everything.
//
// Negated operators, Null, ForAllValues: (true when the key is absent) and
// ...IfExists variants (true when the key is absent, as aws:SourceAccount is
// for a direct call) do not narrow an Allow, so they are not listed.
func (s Statement) RestrictingConditions() []Condition {
	var out []Condition
	for _, c := range s.Conditions {
		if !IsRestrictingKey(c.Key) || len(c.Values) == 0 || slices.ContainsFunc(c.Values, matchesEverything) {
			continue
		}
		op := strings.ToLower(c.Operator)
		op = strings.TrimPrefix(op, "foranyvalue:")
		switch op {
		case "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress":
			out = append(out, c)
		}
	}
	return out
}

var anyAddress = regexp.MustCompile(`^(0\.0\.0\.0|::)/0$`)

// matchesEverything reports whether a condition value admits any caller.
func matchesEverything(v string) bool {
	return strings.Trim(v, "*") == "" || anyAddress.MatchString(v)
}

// DeniesInsecureTransport reports whether the statement denies everyone
// every S3 action over plain HTTP: Effect Deny, Principal "*", Action
// "s3:*" (or "*") and no condition but Bool aws:SecureTransport "false".
func (s Statement) DeniesInsecureTransport() bool {
	if !s.Denies("s3:*") || !s.Principal.IsPublic() || len(s.Conditions) == 0 {
		return false
	}
	for _, c := range s.Conditions {
		op := strings.ToLower(c.Operator)
		if (op != "bool" && op != "boolifexists") || !strings.EqualFold(c.Key, "aws:SecureTransport") ||
			!slices.ContainsFunc(c.Values, func(v string) bool { return strings.EqualFold(v, "false") }) {
			return false
		}
	}
	return true
}

// IsPublic reports whether the principal is anyone: "*" or {"AWS": "*"}.
// It is false for a nil principal.
func (p *Principal) IsPublic() bool {
	return p != nil && (p.Wildcard || slices.Contains(p.AWS, "*"))
}

// Accounts returns, sorted and without duplicates, the account IDs named
// by the principal's AWS entries: bare 12-digit IDs and the account field
// of IAM and STS ARNs. Wildcards and unique IDs (what a deleted principal
// becomes) name no account.
func (p *Principal) Accounts() []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, a := range p.AWS {
		if id := accountOf(a); id != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

func accountOf(principal string) string {
	if accountID.MatchString(principal) {
		return principal
	}
	// arn:partition:service:region:account:resource
	f := strings.SplitN(principal, ":", 6)
	if len(f) == 6 && f[0] == "arn" && (f[2] == "iam" || f[2] == "sts") && accountID.MatchString(f[4]) {
		return f[4]
	}
	return ""
}

// Allows reports whether the document grants action on resource: some
// Allow statement covers both, and no Deny statement covering both applies
// unconditionally. Principals and the conditions of Allow statements are
// not weighed (a conditional grant is still a grant), so this answers
// "can this policy give that permission at all".
func (d Document) Allows(action, resource string) bool {
	return len(d.Grants(action, resource)) > 0
}

// Grants returns the Allow statements that give action on resource, or
// none when an unconditional Deny takes it away again.
func (d Document) Grants(action, resource string) []Statement {
	var out []Statement
	for _, s := range d.Statements {
		if !s.MatchesResource(resource) {
			continue
		}
		if s.Denies(action) && len(s.Conditions) == 0 && s.NotPrincipal == nil &&
			(s.Principal == nil || s.Principal.IsPublic()) {
			return nil
		}
		if s.Allows(action) {
			out = append(out, s)
		}
	}
	return out
}

// DeniesInsecureTransport reports whether some statement denies every S3
// action over plain HTTP to everyone (see Statement.DeniesInsecureTransport)
// on each of resources; with none given, on whatever the statement names.
// Pass a bucket's ARN and "ARN/*" to require both the bucket and its
// objects.
func (d Document) DeniesInsecureTransport(resources ...string) bool {
	for _, r := range resources {
		if !slices.ContainsFunc(d.Statements, func(s Statement) bool {
			return s.DeniesInsecureTransport() && s.MatchesResource(r)
		}) {
			return false
		}
	}
	return slices.ContainsFunc(d.Statements, Statement.DeniesInsecureTransport)
}

// covers reports whether every string the wildcard pattern q matches is
// also matched by pattern p (* any run, ? any one character). The test is
// sound: true is always right; it may say false for exotic pairs whose
// inclusion needs reasoning across several stars.
func covers(ps, qs string) bool {
	p, q := []rune(ps), []rune(qs)
	// prev[j]: p[:i-1] covers q[:j]; cur[j]: p[:i] covers q[:j].
	prev := make([]bool, len(q)+1)
	cur := make([]bool, len(q)+1)
	prev[0] = true
	for i := 1; i <= len(p); i++ {
		pc := p[i-1]
		cur[0] = prev[0] && pc == '*'
		for j := 1; j <= len(q); j++ {
			qc := q[j-1]
			switch pc {
			case '*':
				cur[j] = prev[j] || cur[j-1]
			case '?':
				cur[j] = qc != '*' && prev[j-1]
			default:
				cur[j] = qc == pc && prev[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(q)]
}

// overlaps reports whether some string is matched by both wildcard
// patterns.
func overlaps(ps, qs string) bool {
	p, q := []rune(ps), []rune(qs)
	prev := make([]bool, len(q)+1)
	cur := make([]bool, len(q)+1)
	prev[0] = true
	for j := 1; j <= len(q); j++ {
		prev[j] = prev[j-1] && q[j-1] == '*'
	}
	for i := 1; i <= len(p); i++ {
		pc := p[i-1]
		cur[0] = prev[0] && pc == '*'
		for j := 1; j <= len(q); j++ {
			qc := q[j-1]
			switch {
			case pc == '*':
				cur[j] = prev[j] || cur[j-1]
			case qc == '*':
				cur[j] = cur[j-1] || prev[j]
			default:
				cur[j] = (pc == qc || pc == '?' || qc == '?') && prev[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(q)]
}
