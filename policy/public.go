package policy

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
)

// The judgement in this file follows "The meaning of public" in the Amazon
// S3 User Guide (s3Public below), the one place AWS writes its rule down.
// srmscan applies it to every kind of resource policy, so that a key policy
// or a trust policy is not called private on weaker grounds than a bucket
// policy. A statement that grants to everyone starts out public and is not
// public only when a condition ties it to a fixed value of a key that names
// who, or from where, the caller is.
const (
	s3Public      = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status"
	iamOperators  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
	iamMultiValue = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
	iamGlobalKeys = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
	kmsCaller     = "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account"
)

// narrowingKeys are the condition keys whose fixed value makes a grant to
// everyone non-public, lower-cased, each with how a value counts as fixed.
// S3's list names aws:SourceIp, aws:SourceArn, aws:SourceVpc,
// aws:SourceVpce, aws:SourceOwner, aws:SourceAccount,
// s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid,
// s3:DataAccessPointArn and s3:DataAccessPointAccount, and "an AWS
// principal ... (e.g. aws:PrincipalOrgID)", which the principal keys
// aws:PrincipalAccount and aws:PrincipalArn name as exactly.
// kms:CallerAccount is the key KMS's own key policies narrow "*" with.
// aws:SourceOrgID and the two organisation-path keys are srmscan's
// addition: they name an organisation as aws:PrincipalOrgID does.
//
// Absent on purpose: sts:ExternalId (a shared secret, not an identity:
// whoever learns it is anyone) and aws:username (the same name exists in
// every account).
var narrowingKeys = map[string]func(string) bool{
	"aws:sourceip":              narrowRange,
	"aws:sourcearn":             fixed,
	"aws:sourcevpc":             fixed,
	"aws:sourcevpce":            fixed,
	"aws:sourceowner":           fixed,
	"aws:sourceaccount":         fixed,
	"aws:principalorgid":        fixed,
	"aws:principalaccount":      fixed,
	"aws:principalarn":          fixed,
	"aws:userid":                fixedUserID,
	"kms:calleraccount":         fixed,
	"s3:dataaccesspointarn":     fixedAccessPoint,
	"s3:dataaccesspointaccount": fixed,
	"s3:x-amz-server-side-encryption-aws-kms-key-id": fixed,
	// The organisation path keys take a wildcard by design (a path names
	// an OU and everything under it); the organisation ID at their head
	// is what has to be fixed.
	"aws:principalorgpaths": fixedOrgPath,
	"aws:sourceorgid":       fixed,
	"aws:sourceorgpaths":    fixedOrgPath,
}

// fixed reports whether a value is one value, not a pattern: no wildcard
// and no policy variable (S3: "values that don't contain a wildcard or an
// AWS Identity and Access Management Policy Variable").
func fixed(v string) bool {
	return v != "" && !strings.ContainsAny(v, "*?") && !strings.Contains(v, "${")
}

// fixedUserID: S3 accepts aws:userid "outside the pattern AROLEID:*", that
// is, a role's unique ID followed by ":*" (every session of that one role)
// is as fixed as a user's ID.
func fixedUserID(v string) bool {
	if id, ok := strings.CutSuffix(v, ":*"); ok && strings.HasPrefix(id, "AROA") {
		return fixed(id)
	}
	return fixed(v)
}

// fixedAccessPoint: S3 lets s3:DataAccessPointArn name every access point
// of one account and Region (arn:aws:s3:us-west-2:123456789012:accesspoint/*)
// without the bucket policy becoming public; the account must be fixed.
func fixedAccessPoint(v string) bool {
	f := strings.SplitN(v, ":", 6)
	if len(f) != 6 || f[0] != "arn" || !strings.HasPrefix(f[5], "accesspoint/") {
		return fixed(v)
	}
	return accountID.MatchString(f[4]) && fixed(strings.Join(f[:5], ":"))
}

func fixedOrgPath(v string) bool {
	org, _, _ := strings.Cut(v, "/")
	return strings.HasPrefix(org, "o-") && fixed(org) && !strings.Contains(v, "${")
}

// narrowRange reports whether an aws:SourceIp value is a range S3 counts as
// non-public: no broader than /8 for IPv4 and /32 for IPv6, or inside the
// RFC 1918 private ranges (S3's note on aws:SourceIp). A bare address is a
// /32 or /128; anything that does not parse narrows nothing.
func narrowRange(v string) bool {
	p, err := netip.ParsePrefix(v)
	if err != nil {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	p = p.Masked()
	if a := p.Addr(); a.Is4() || a.Is4In6() {
		if slices.ContainsFunc(rfc1918, func(r netip.Prefix) bool { return r.Bits() <= p.Bits() && r.Contains(p.Addr().Unmap()) }) {
			return true
		}
		bits := p.Bits()
		if a.Is4In6() {
			bits -= 96
		}
		return bits >= 8
	}
	return p.Bits() >= 32
}

var rfc1918 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// narrowingOperator reports whether a condition operator, in an Allow,
// holds only for the values it lists: the string and ARN equality tests,
// the Like tests (whose values fixed() then refuses if they carry a
// wildcard) and IpAddress. ForAnyValue: keeps that meaning (false when the
// key is absent). Everything else leaves the grant open to someone not
// listed:
//   - negated operators (StringNotEquals, ArnNotLike, NotIpAddress) hold
//     for every value but the listed ones;
//   - ...IfExists holds when the key is absent, and anonymous callers,
//     whom "*" includes, carry no principal or source key;
//   - ForAllValues: holds when the key is absent (iamMultiValue);
//   - Null tests presence, never a value.
func narrowingOperator(op string) bool {
	switch strings.TrimPrefix(strings.ToLower(op), "foranyvalue:") {
	case "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress":
		return true
	}
	return false
}

// excludingOperator reports whether a condition operator, in a Deny, holds
// for every value but the listed ones, so that the Deny leaves only the
// listed callers. Here IfExists and ForAllValues: help rather than hurt:
// both hold when the key is absent, so the Deny also shuts out callers
// without the key, as the plain negated operators already do (iamOperators:
// a negated operator is true for an absent key).
func excludingOperator(op string) bool {
	o := strings.TrimPrefix(strings.ToLower(op), "forallvalues:")
	o = strings.TrimSuffix(o, "ifexists")
	switch o {
	case "stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike", "notipaddress":
		return true
	}
	return false
}

// narrows reports whether c ties the statement to fixed values of a
// narrowing key: every value (they are alternatives) must be fixed, since
// one pattern among them admits anyone it matches.
func narrows(c Condition, operator func(string) bool) bool {
	ok := narrowingKeys[strings.ToLower(c.Key)]
	if ok == nil || !operator(c.Operator) || len(c.Values) == 0 {
		return false
	}
	if strings.EqualFold(c.Key, "aws:SourceIp") != strings.Contains(strings.ToLower(c.Operator), "ipaddress") {
		return false // an IP key under a string operator, or the reverse, matches nothing AWS would call narrow
	}
	return !slices.ContainsFunc(c.Values, func(v string) bool { return !ok(v) })
}

func (c Condition) String() string {
	return fmt.Sprintf("%s %s %s", c.Key, c.Operator, strings.Join(c.Values, ", "))
}

// Grant is one statement of a document that grants to everyone.
type Grant struct {
	// Index is the statement's position in the document, from 0.
	Index     int
	Statement Statement
	// Who the statement grants to: "everyone", or "any identity of" a web
	// identity provider.
	Who string
	// NarrowedBy says what keeps the grant from being public: a condition
	// ("aws:SourceVpce StringEquals vpce-1") or a Deny ("Deny 2:
	// aws:PrincipalOrgID StringNotEquals o-1"). Empty for a public grant.
	NarrowedBy string
}

// Name is the statement's Sid, or its index when it has none.
func (g Grant) Name() string {
	if g.Statement.Sid != "" {
		return g.Statement.Sid
	}
	return fmt.Sprintf("#%d", g.Index)
}

// Verdict is the judgement on one resource policy.
type Verdict struct {
	// Public lists the grants to everyone that nothing narrows; the policy
	// is public when there is one.
	Public []Grant
	// Narrowed lists the grants to everyone that a condition or a Deny
	// narrows to fixed values.
	Narrowed []Grant
}

// IsPublic reports whether the policy grants anything to everyone.
func (v Verdict) IsPublic() bool { return len(v.Public) > 0 }

// Evidence describes the verdict for a finding: every grant to everyone,
// by statement name, with what narrowed it.
func (v Verdict) Evidence() map[string]any {
	ev := map[string]any{"public": v.IsPublic()}
	if len(v.Public) > 0 {
		var out []map[string]any
		for _, g := range v.Public {
			out = append(out, map[string]any{"public_statement": g.Name(), "who": g.Who})
		}
		ev["public_statements"] = out
	}
	if len(v.Narrowed) > 0 {
		var out []map[string]any
		for _, g := range v.Narrowed {
			out = append(out, map[string]any{"statement": g.Name(), "narrowed_by": g.NarrowedBy})
		}
		ev["narrowed"] = out
	}
	return ev
}

// Public judges whether a resource policy (bucket policy, key policy,
// trust policy, queue or topic policy, ...) grants anything to everyone:
// an Allow with Principal "*" or {"AWS": "*"}, or NotPrincipal, that no
// condition and no Deny narrows to fixed values.
//
// A statement's conditions all have to hold (AND), so one narrowing
// condition narrows the statement; the values of one condition are
// alternatives (OR), so each of them must be fixed.
//
// Deny statements are honoured as far as IAM's evaluation makes them bind,
// since an explicit Deny beats any Allow: a Deny that applies to everyone,
// covers every action and resource of the grant, and holds except for fixed
// values of a narrowing key ("deny unless aws:SourceVpce is vpce-1"), or
// except for fixed principals (NotPrincipal), leaves the grant to those
// values only. A Deny with any other condition (aws:SecureTransport, say)
// leaves the grant open whenever that condition is false, and is not
// honoured; nor are several Denies that only together cover the grant.
// S3's page speaks only of what a policy grants and does not say how its
// own status (GetBucketPolicyStatus) weighs a Deny, so the S3 check fails a
// bucket AWS calls public whatever this judgement says.
func Public(d Document) Verdict {
	var v Verdict
	for i, s := range d.Statements {
		if s.Effect != Allow {
			continue
		}
		g := Grant{Index: i, Statement: s}
		switch {
		case s.IsPublic():
			g.Who = "everyone"
			for _, c := range s.Conditions {
				if narrows(c, narrowingOperator) {
					g.NarrowedBy = c.String()
					break
				}
			}
		case len(s.webIdentities()) > 0:
			g.Who, g.NarrowedBy = webIdentityGrant(s)
		default:
			continue
		}
		if g.NarrowedBy == "" {
			for j, deny := range d.Statements {
				if by := excludes(deny, s); by != "" {
					name := deny.Sid
					if name == "" {
						name = fmt.Sprintf("#%d", j)
					}
					g.NarrowedBy = "Deny " + name + ": " + by
					break
				}
			}
		}
		if g.NarrowedBy == "" {
			v.Public = append(v.Public, g)
		} else {
			v.Narrowed = append(v.Narrowed, g)
		}
	}
	return v
}

// webIdentities returns the condition-key prefixes of the web identity
// (OIDC) providers the statement's Principal names: S3's own list of public
// policies starts with {"Federated": "graph.facebook.com"}, since anyone
// can sign in to such a provider. A SAML provider is the account's own
// identity provider, not a public one.
func (s Statement) webIdentities() []string {
	if s.Principal == nil {
		return nil
	}
	var out []string
	for _, f := range s.Principal.Federated {
		switch _, after, oidc := strings.Cut(f, ":oidc-provider/"); {
		case strings.Contains(f, ":saml-provider/"):
		case oidc:
			out = append(out, strings.ToLower(after))
		default:
			out = append(out, strings.ToLower(f)) // accounts.google.com, cognito-identity.amazonaws.com, ...
		}
	}
	return out
}

// githubOIDC is GitHub Actions' provider, whose audience is the same for
// every GitHub user (sts.amazonaws.com) and so narrows nothing.
const githubOIDC = "token.actions.githubusercontent.com"

// webIdentityGrant judges a grant to web identity users: each provider
// named must be narrowed by a fixed subject (":sub") or audience (":aud",
// the application the token was issued to), the provider's own keys
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
// A GitHub subject is fixed when its owner is: "repo:acme/*" is every
// repository of one owner, "repo:*" is everyone's.
func webIdentityGrant(s Statement) (who, narrowedBy string) {
	var by []string
	for _, p := range s.webIdentities() {
		found := ""
		for _, c := range s.Conditions {
			k := strings.ToLower(c.Key)
			if !narrowingOperator(c.Operator) || len(c.Values) == 0 || strings.Contains(strings.ToLower(c.Operator), "ipaddress") {
				continue
			}
			ok := false
			switch {
			case k == p+":sub" && p == githubOIDC:
				ok = !slices.ContainsFunc(c.Values, func(v string) bool { return !fixedGitHubSubject(v) })
			case k == p+":sub", k == p+":aud" && p != githubOIDC:
				ok = !slices.ContainsFunc(c.Values, func(v string) bool { return !fixed(v) })
			}
			if ok {
				found = c.String()
				break
			}
		}
		if found == "" {
			return "any identity of " + p, ""
		}
		by = append(by, found)
	}
	return "identities of " + strings.Join(s.webIdentities(), ", "), strings.Join(by, "; ")
}

func fixedGitHubSubject(v string) bool {
	rest, ok := strings.CutPrefix(v, "repo:")
	if !ok {
		return fixed(v)
	}
	owner, _, _ := strings.Cut(rest, "/")
	return fixed(owner)
}

// excludes returns what a Deny leaves of the allow (see Public), or "" when
// it does not narrow it.
func excludes(deny, allow Statement) string {
	if deny.Effect != Deny || !denyCovers(deny, allow) {
		return ""
	}
	if deny.NotPrincipal != nil {
		if len(deny.Conditions) > 0 || !deny.NotPrincipal.allFixed() {
			return ""
		}
		return "everyone but NotPrincipal " + strings.Join(deny.NotPrincipal.names(), ", ")
	}
	if !deny.Principal.IsPublic() {
		return ""
	}
	if len(deny.Conditions) == 0 {
		return "everyone, unconditionally"
	}
	var by []string
	for _, c := range deny.Conditions {
		if !narrows(c, excludingOperator) {
			return ""
		}
		by = append(by, c.String())
	}
	return strings.Join(by, "; ")
}

// denyCovers reports whether the Deny covers every action and resource the
// Allow grants.
func denyCovers(deny, allow Statement) bool {
	actions, resources := allow.Action, allow.Resource
	if allow.NotAction != nil {
		actions = []string{"*"}
	}
	if allow.NotResource != nil || allow.Resource == nil {
		resources = []string{"*"}
	}
	return !slices.ContainsFunc(actions, func(a string) bool { return !deny.MatchesAction(a) }) &&
		!slices.ContainsFunc(resources, func(r string) bool { return !deny.MatchesResource(r) })
}

// allFixed reports whether a NotPrincipal names only fixed principals: at
// least one, none of them a wildcard.
func (p *Principal) allFixed() bool {
	n := p.names()
	return len(n) > 0 && !p.Wildcard && !slices.ContainsFunc(n, func(s string) bool { return !fixed(s) })
}

func (p *Principal) names() []string {
	var out []string
	if p.Wildcard {
		out = append(out, "*")
	}
	out = append(out, p.AWS...)
	out = append(out, p.Service...)
	out = append(out, p.Federated...)
	out = append(out, p.CanonicalUser...)
	for _, k := range slices.Sorted(maps.Keys(p.Other)) {
		out = append(out, p.Other[k]...)
	}
	return out
}
