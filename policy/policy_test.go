package policy

import (
	"slices"
	"strings"
	"testing"
)

func mustParse(t *testing.T, doc string) Document {
	t.Helper()
	d, err := Parse(doc)
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	return d
}

func only(t *testing.T, doc string) Statement {
	t.Helper()
	d := mustParse(t, doc)
	if len(d.Statements) != 1 {
		t.Fatalf("want one statement, got %d", len(d.Statements))
	}
	return d.Statements[0]
}

func TestParseShapes(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      Statement
	}{
		{"statement object, action string",
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`,
			Statement{Effect: Allow, Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/*"}}},
		{"statement list, action list",
			`{"Statement":[{"Sid":"x","Effect":"Deny","Action":["s3:PutObject","s3:DeleteObject"],"NotResource":["arn:aws:s3:::b"]}]}`,
			Statement{Sid: "x", Effect: Deny, Action: []string{"s3:PutObject", "s3:DeleteObject"}, NotResource: []string{"arn:aws:s3:::b"}}},
		{"not action", `{"Statement":{"Effect":"allow","NotAction":"iam:*","Resource":"*"}}`,
			Statement{Effect: Allow, NotAction: []string{"iam:*"}, Resource: []string{"*"}}},
		{"principal star", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}}`,
			Statement{Effect: Allow, Principal: &Principal{Wildcard: true}, Action: []string{"s3:GetObject"}}},
		{"principal types", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc","Future":"x"},"Action":"sts:AssumeRole"}}`,
			Statement{Effect: Allow, Principal: &Principal{AWS: []string{"arn:aws:iam::111122223333:root", "444455556666"},
				Service: []string{"ec2.amazonaws.com"}, Federated: []string{"cognito-identity.amazonaws.com"}, CanonicalUser: []string{"abc"},
				Other: map[string][]string{"Future": {"x"}}}, Action: []string{"sts:AssumeRole"}}},
		{"not principal", `{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"*","Resource":"*"}}`,
			Statement{Effect: Deny, NotPrincipal: &Principal{AWS: []string{"arn:aws:iam::111122223333:role/admin"}}, Action: []string{"*"}, Resource: []string{"*"}}},
		{"conditions of every value type, sorted", `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{
			"NumericLessThan":{"s3:TlsVersion":1.2},"Bool":{"aws:SecureTransport":false},"StringEquals":{"aws:SourceVpce":["vpce-1","vpce-2"],"aws:PrincipalOrgID":"o-1"}}}}`,
			Statement{Effect: Deny, Action: []string{"s3:*"}, Resource: []string{"*"}, Conditions: []Condition{
				{"Bool", "aws:SecureTransport", []string{"false"}},
				{"NumericLessThan", "s3:TlsVersion", []string{"1.2"}},
				{"StringEquals", "aws:PrincipalOrgID", []string{"o-1"}},
				{"StringEquals", "aws:SourceVpce", []string{"vpce-1", "vpce-2"}},
			}}},
		{"empty lists are kept", `{"Statement":[{"Effect":"Allow","Action":[],"Resource":[]}]}`,
			Statement{Effect: Allow, Action: []string{}, Resource: []string{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := only(t, tc.doc)
			if !equalStatement(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func equalStatement(a, b Statement) bool {
	eqP := func(x, y *Principal) bool {
		if x == nil || y == nil {
			return x == y
		}
		if len(x.Other) != len(y.Other) {
			return false
		}
		for k, v := range x.Other {
			if !slices.Equal(v, y.Other[k]) {
				return false
			}
		}
		return x.Wildcard == y.Wildcard && slices.Equal(x.AWS, y.AWS) && slices.Equal(x.Service, y.Service) &&
			slices.Equal(x.Federated, y.Federated) && slices.Equal(x.CanonicalUser, y.CanonicalUser)
	}
	return a.Sid == b.Sid && a.Effect == b.Effect && eqP(a.Principal, b.Principal) && eqP(a.NotPrincipal, b.NotPrincipal) &&
		slices.Equal(a.Action, b.Action) && slices.Equal(a.NotAction, b.NotAction) &&
		slices.Equal(a.Resource, b.Resource) && slices.Equal(a.NotResource, b.NotResource) &&
		slices.EqualFunc(a.Conditions, b.Conditions, func(x, y Condition) bool {
			return x.Operator == y.Operator && x.Key == y.Key && slices.Equal(x.Values, y.Values)
		})
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{``, "not a JSON object"},
		{`null`, "not a JSON object"},
		{`[]`, "not a JSON object"},
		{`{"Statement":{"Effect":"Allow","Action":"*"}} x`, "trailing data"},
		{`{"Version":"2012-10-17"}`, "no Statement"},
		{`{"Statement":"x"}`, "Statement[0]: not a JSON object"},
		{`{"Statement":[{"Effect":"Allow","Action":"*"},3]}`, "Statement[1]"},
		{`{"Statement":{"Effect":"Maybe","Action":"*"}}`, "neither Allow nor Deny"},
		{`{"Statement":{"Action":"*"}}`, "neither Allow nor Deny"},
		{`{"Statement":{"Effect":"Allow"}}`, "exactly one of Action and NotAction"},
		{`{"Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*"}}`, "exactly one of Action and NotAction"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"x"}}`, "both Resource and NotResource"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":"*","NotPrincipal":"*"}}`, "both Principal and NotPrincipal"},
		{`{"Statement":{"Effect":"Allow","Action":3}}`, "Action: want a string or a list"},
		{`{"Statement":{"Effect":"Allow","Action":["a",1]}}`, "Action: want a string or a list"},
		{`{"Statement":{"Effect":"Allow","Action":null}}`, "Action: want a string or a list"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":"arn:aws:iam::1:root"}}`, "must be \"*\""},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":["*"]}}`, "principal types"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":{"AWS":{"x":1}}}}`, "Principal: AWS"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":[]}}`, "Condition: not a JSON object"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"Bool":"x"}}}`, "Condition: Bool"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"Bool":{"k":null}}}}`, "Condition: Bool: k"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"Bool":{"k":[{"a":1}]}}}}`, "Condition: Bool: k"},
		{`{"Version":1,"Statement":[]}`, "Version: not a string"},
		{`{"Statement":{"Sid":[],"Effect":"Allow","Action":"*"}}`, "Sid: not a string"},
	} {
		_, err := Parse(tc.doc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%s): error %v, want it to contain %q", tc.doc, err, tc.want)
		}
	}
}

func TestMatchesAction(t *testing.T) {
	for _, tc := range []struct {
		element string // the statement's Action or NotAction element
		action  string
		want    bool
	}{
		{`"Action":"*"`, "iam:PassRole", true},
		{`"Action":"*"`, "*", true},
		{`"Action":"iam:*"`, "iam:PassRole", true},
		{`"Action":"iam:*"`, "IAM:passrole", true},
		{`"Action":"IAM:PassRole"`, "iam:passRole", true},
		{`"Action":"iam:*"`, "s3:GetObject", false},
		{`"Action":"iam:*"`, "*", false},
		{`"Action":["s3:Get*","s3:List*"]`, "s3:GetObject", true},
		{`"Action":["s3:Get*","s3:List*"]`, "s3:PutObject", false},
		{`"Action":"s3:Get*"`, "s3:*", false},
		{`"Action":"s3:*"`, "s3:Get*", true},
		{`"Action":"s3:Get?bject"`, "s3:GetObject", true},
		{`"Action":"iam:Attach*Policy"`, "iam:AttachRolePolicy", true},
		{`"Action":"iam:Attach*Policy"`, "iam:Attach*Policy", true},
		{`"Action":"*:*"`, "*", false}, // *:* needs a colon, which "*" need not contain
		{`"Action":"*:*"`, "ec2:RunInstances", true},
		{`"Action":"*:*"`, AnyAction, true},
		{`"Action":"*"`, AnyAction, true},
		{`"Action":"*:Get*"`, AnyAction, false},
		{`"NotAction":"iam:PassRole"`, AnyAction, false},
		{`"NotAction":"iam:*"`, "s3:GetObject", true},
		{`"NotAction":"iam:*"`, "iam:PassRole", false},
		{`"NotAction":"iam:*"`, "*", false},
		{`"NotAction":"s3:GetObject"`, "s3:*", false},
		{`"NotAction":"s3:GetObject"`, "ec2:*", true},
		{`"NotAction":["iam:*","organizations:*"]`, "sts:AssumeRole", true},
	} {
		s := only(t, `{"Statement":{"Effect":"Allow",`+tc.element+`,"Resource":"*"}}`)
		if got := s.MatchesAction(tc.action); got != tc.want {
			t.Errorf("{%s}.MatchesAction(%q) = %v, want %v", tc.element, tc.action, got, tc.want)
		}
		if s.Allows(tc.action) != tc.want || s.Denies(tc.action) {
			t.Errorf("{%s}: Allows/Denies disagree with MatchesAction", tc.element)
		}
	}
}

func TestMatchesResource(t *testing.T) {
	for _, tc := range []struct {
		element, resource string
		want, all         bool
	}{
		{`"Resource":"*"`, "arn:aws:s3:::b", true, true},
		{`"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]`, "arn:aws:s3:::b/key", true, false},
		{`"Resource":"arn:aws:s3:::b/*"`, "arn:aws:s3:::b", false, false},
		{`"Resource":"arn:aws:s3:::B/*"`, "arn:aws:s3:::b/key", false, false}, // ARNs are case-sensitive
		{`"Resource":"arn:aws:iam::*:role/*"`, "arn:aws:iam::111122223333:role/x", true, false},
		{`"Resource":"arn:aws:iam::*:user/${aws:username}"`, "*", false, false},
		{`"NotResource":"arn:aws:s3:::b"`, "arn:aws:s3:::c", true, false},
		{`"NotResource":"arn:aws:s3:::b"`, "arn:aws:s3:::b", false, false},
		{`"NotResource":"arn:aws:s3:::b/*"`, "*", false, false},
		{``, "arn:aws:iam::111122223333:role/x", true, true}, // a trust policy names no resource
	} {
		el := tc.element
		if el != "" {
			el = "," + el
		}
		s := only(t, `{"Statement":{"Effect":"Allow","Action":"*"`+el+`}}`)
		if got := s.MatchesResource(tc.resource); got != tc.want {
			t.Errorf("{%s}.MatchesResource(%q) = %v, want %v", tc.element, tc.resource, got, tc.want)
		}
		if got := s.AppliesToAllResources(); got != tc.all {
			t.Errorf("{%s}.AppliesToAllResources() = %v, want %v", tc.element, got, tc.all)
		}
	}
}

func TestPrincipal(t *testing.T) {
	for _, tc := range []struct {
		principal string
		public    bool
		accounts  []string
	}{
		{`"Principal":"*"`, true, nil},
		{`"Principal":{"AWS":"*"}`, true, nil},
		{`"Principal":{"AWS":["arn:aws:iam::111122223333:root","*"]}`, true, []string{"111122223333"}},
		{`"Principal":{"AWS":["arn:aws:iam::444455556666:role/x","111122223333","arn:aws-cn:iam::444455556666:root","arn:aws:sts::777788889999:assumed-role/r/s","AROAEXAMPLEID"]}`,
			false, []string{"111122223333", "444455556666", "777788889999"}},
		{`"Principal":{"Service":"lambda.amazonaws.com"}`, false, nil},
		{`"Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}`, false, nil},
		{`"Principal":{"CanonicalUser":"*"}`, false, nil},
		{`"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"}`, true, nil},
		{``, false, nil},
	} {
		el := tc.principal
		if el != "" {
			el = "," + el
		}
		s := only(t, `{"Statement":{"Effect":"Allow","Action":"s3:GetObject"`+el+`}}`)
		if s.IsPublic() != tc.public {
			t.Errorf("%s: IsPublic() = %v, want %v", tc.principal, s.IsPublic(), tc.public)
		}
		if got := s.Principal.Accounts(); !slices.Equal(got, tc.accounts) {
			t.Errorf("%s: Accounts() = %v, want %v", tc.principal, got, tc.accounts)
		}
	}
	var nilP *Principal
	if nilP.IsPublic() || nilP.Accounts() != nil {
		t.Error("a missing principal is nobody")
	}
}

func TestRestrictingConditions(t *testing.T) {
	for _, tc := range []struct {
		condition string
		want      []string // keys
	}{
		{``, nil},
		{`{"StringEquals":{"aws:SourceAccount":"111122223333"}}`, []string{"aws:SourceAccount"}},
		{`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic"}}`, []string{"aws:SourceArn"}},
		{`{"StringEquals":{"AWS:PrincipalOrgID":"o-abc"}}`, []string{"AWS:PrincipalOrgID"}},
		{`{"StringEquals":{"sts:ExternalId":"s3cr3t"}}`, []string{"sts:ExternalId"}},
		{`{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []string{"aws:SourceIp"}},
		{`{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","0.0.0.0/0"]}}`, nil},
		{`{"StringEquals":{"aws:SourceVpce":"vpce-1"},"StringLike":{"aws:SourceVpc":"vpc-*"}}`, []string{"aws:SourceVpce", "aws:SourceVpc"}},
		{`{"StringLike":{"aws:PrincipalArn":"*"}}`, nil},
		{`{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}`, nil},
		{`{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}`, nil},
		{`{"Null":{"aws:SourceAccount":"false"}}`, nil},
		{`{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, nil},
		{`{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-abc/r-1/*"}}`, []string{"aws:PrincipalOrgPaths"}},
		{`{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:o/r:ref:refs/heads/main"}}`, []string{"token.actions.githubusercontent.com:sub"}},
		{`{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}`, []string{"cognito-identity.amazonaws.com:aud"}},
		{`{"StringEquals":{"aws:userid":"AIDA:*"},"StringLike":{"aws:username":"alice"}}`, []string{"aws:userid", "aws:username"}},
		{`{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"s3:x-amz-acl":"private"}}`, nil},
		{`{"StringEquals":{"aws:SourceAccount":[]}}`, nil},
	} {
		el := ""
		if tc.condition != "" {
			el = `,"Condition":` + tc.condition
		}
		s := only(t, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"`+el+`}}`)
		var got []string
		for _, c := range s.RestrictingConditions() {
			got = append(got, c.Key)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: restricting keys %v, want %v", tc.condition, got, want)
		}
	}
}

func TestConditionsOn(t *testing.T) {
	s := only(t, `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"AWS:SecureTransport":"false"}}}}`)
	if c := s.ConditionsOn("aws:securetransport"); len(c) != 1 || c[0].Values[0] != "false" {
		t.Errorf("ConditionsOn = %+v", c)
	}
	if c := s.ConditionsOn("aws:SourceIp"); c != nil {
		t.Errorf("ConditionsOn(absent key) = %+v", c)
	}
}

const bucket = "arn:aws:s3:::b"

func TestDeniesInsecureTransport(t *testing.T) {
	allowRead := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`
	for _, tc := range []struct {
		name, statements string
		want             bool
	}{
		{"canonical", `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, true},
		{"boolean value, AWS star, all actions", `{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"BoolIfExists":{"aws:SecureTransport":false}}}`, true},
		{"with an allow beside it", allowRead + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, true},
		{"objects only", `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, false},
		{"one action", `{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, false},
		{"allow over https is not a deny", `{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}`, false},
		{"deny of https", `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}`, false},
		{"only for one principal", `{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, false},
		{"narrowed by a second condition", `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:SourceVpce":"vpce-1"}}}`, false},
		{"no condition is not about transport", `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}`, false},
		{"no deny", allowRead, false},
	} {
		d := mustParse(t, `{"Statement":[`+tc.statements+`]}`)
		if got := d.DeniesInsecureTransport(bucket, bucket+"/*"); got != tc.want {
			t.Errorf("%s: DeniesInsecureTransport = %v, want %v", tc.name, got, tc.want)
		}
	}
	d := mustParse(t, `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`)
	if !d.DeniesInsecureTransport() {
		t.Error("with no resources given, any insecure-transport deny counts")
	}
}

func TestDocumentAllows(t *testing.T) {
	for _, tc := range []struct {
		name, statements, action, resource string
		want                               bool
	}{
		{"admin", `{"Effect":"Allow","Action":"*","Resource":"*"}`, "*", "*", true},
		{"admin by service wildcard is not *:*", `{"Effect":"Allow","Action":"iam:*","Resource":"*"}`, "*", "*", false},
		{"passrole on *", `{"Effect":"Allow","Action":"iam:*","Resource":"*"}`, "iam:PassRole", "*", true},
		{"passrole on one role", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::1:role/app"}`, "iam:PassRole", "*", false},
		{"denied unconditionally", `{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}`, "iam:PassRole", "*", false},
		{"denied only without mfa", `{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`, "iam:PassRole", "*", true},
		{"conditional allow still grants", `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}`, "iam:PassRole", "*", true},
		{"not action", `{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}`, "ec2:RunInstances", "*", true},
		{"not action excludes", `{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}`, "iam:CreateAccessKey", "*", false},
		{"deny on a narrower resource", `{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"arn:aws:iam::1:role/x"}`, "iam:PassRole", "*", true},
	} {
		d := mustParse(t, `{"Statement":[`+tc.statements+`]}`)
		if got := d.Allows(tc.action, tc.resource); got != tc.want {
			t.Errorf("%s: Allows(%s, %s) = %v, want %v", tc.name, tc.action, tc.resource, got, tc.want)
		}
	}
}

func TestGlobs(t *testing.T) {
	for _, tc := range []struct {
		p, q            string
		covers, overlap bool
	}{
		{"", "", true, true},
		{"*", "", true, true},
		{"", "*", false, true},
		{"a*", "ab", true, true},
		{"a*", "*", false, true},
		{"*b", "a*", false, true},
		{"a?c", "abc", true, true},
		{"a?c", "a*c", false, true},
		{"a*c", "a?c", true, true},
		{"a*b*c", "a*c", false, true},
		{"a*c", "a*b*c", true, true},
		{"abc", "abd", false, false},
		{"a*", "b*", false, false},
		{"*x*", "*y*", false, true},
		{"?", "", false, false},
		{"é*", "é?", true, true},
	} {
		if got := covers(tc.p, tc.q); got != tc.covers {
			t.Errorf("covers(%q, %q) = %v, want %v", tc.p, tc.q, got, tc.covers)
		}
		if got := overlaps(tc.p, tc.q); got != tc.overlap {
			t.Errorf("overlaps(%q, %q) = %v, want %v", tc.p, tc.q, got, tc.overlap)
		}
		if overlaps(tc.p, tc.q) != overlaps(tc.q, tc.p) {
			t.Errorf("overlaps(%q, %q) is not symmetric", tc.p, tc.q)
		}
	}
}
