package policy

import (
	"strings"
	"testing"
)

// publicCase is one row of a public-policy table: the statements of a
// document, whether Public finds it public, and the AWS documentation the
// row follows.
type publicCase struct {
	name, statements string
	public           bool
	doc              string
}

const (
	s3Examples = s3Public + " (Example: Public bucket policies)"
	s3Mixed    = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-example"
	s3IPNote   = s3Public + " (Note on aws:SourceIp)"
	iamNull    = iamOperators + "#Conditions_Null"
	iamIfExist = iamOperators + "#Conditions_IfExists"
	iamString  = iamOperators + "#Conditions_String"
	iamLogic   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html"
	iamEval    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow"
	iamNotPrin = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"
	iamWIF     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif"
	ghOIDC     = "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services"
)

func runPublic(t *testing.T, cases []publicCase) {
	t.Helper()
	for _, tc := range cases {
		if tc.doc == "" {
			t.Fatalf("%s: every row cites the documentation it follows", tc.name)
		}
		d := mustParse(t, `{"Version":"2012-10-17","Statement":[`+tc.statements+`]}`)
		v := Public(d)
		if v.IsPublic() != tc.public {
			t.Errorf("%s: public = %v, want %v (%s)\n  public %+v\n  narrowed %+v", tc.name, v.IsPublic(), tc.public, tc.doc, v.Public, v.Narrowed)
		}
	}
}

// allow is a grant of s3:GetObject to everyone, under cond (a Condition
// object, or "" for none).
func allow(cond string) string {
	s := `{"Sid":"Grant","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"`
	if cond != "" {
		s += `,"Condition":` + cond
	}
	return s + "}"
}

func TestPublicExamplesFromAWS(t *testing.T) {
	runPublic(t, []publicCase{
		{"federated to facebook", `{"Principal":{"Federated":"graph.facebook.com"},"Resource":"*","Action":"s3:PutObject","Effect":"Allow"}`, true, s3Examples},
		{"principal star", `{"Principal":"*","Resource":"*","Action":"s3:PutObject","Effect":"Allow"}`, true, s3Examples},
		{"source vpc by wildcard", `{"Principal":"*","Resource":"*","Action":"s3:PutObject","Effect":"Allow","Condition":{"StringLike":{"aws:SourceVpc":"vpc-*"}}}`, true, s3Examples},
		{"source vpc fixed", `{"Principal":"*","Resource":"*","Action":"s3:PutObject","Effect":"Allow","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}}`, false, s3Examples},
		{"cloudtrail, account-2 and the public",
			`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"},
			 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:GetObject","Resource":"*"},
			 {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`, true, s3Mixed},
		{"cloudtrail and account-2 only",
			`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"},
			 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:GetObject","Resource":"*"}`, false, s3Mixed},
		{"ip allow with one exception", `{"Sid":"IPAllow","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::examplebucket/*","Condition":{"IpAddress":{"aws:SourceIp":"54.240.143.0/24"},"NotIpAddress":{"aws:SourceIp":"54.240.143.188/32"}}}`,
			false, "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html#example-bucket-policies-IP"},
		{"kms key policy for a service in the account", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-west-2.amazonaws.com"}}}`,
			false, kmsCaller},
	})
}

func TestPublicPrincipals(t *testing.T) {
	get := `"Action":"s3:GetObject","Resource":"*"`
	runPublic(t, []publicCase{
		{"star", `{"Effect":"Allow","Principal":"*",` + get + `}`, true, s3Examples},
		{"AWS star", `{"Effect":"Allow","Principal":{"AWS":"*"},` + get + `}`, true, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous"},
		{"AWS star among accounts", `{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},` + get + `}`, true, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous"},
		{"allow with NotPrincipal is everyone but a few", `{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},` + get + `}`, true, iamNotPrin},
		{"fixed account", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},` + get + `}`, false, s3Public},
		{"service principal", `{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},` + get + `}`, false, s3Public},
		{"saml provider is the account's own", `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/okta"},"Action":"sts:AssumeRoleWithSAML"}`, false, "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_saml.html"},
		{"a public deny grants nothing", `{"Effect":"Deny","Principal":"*",` + get + `}`, false, iamEval},
	})
}

func TestPublicNarrowingKeys(t *testing.T) {
	var cases []publicCase
	for key, value := range map[string]string{
		"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE", "aws:SourceVpc": "vpc-1", "aws:SourceVpce": "vpce-1",
		"aws:SourceOwner": "111122223333", "aws:SourceAccount": "111122223333", "aws:userid": "AIDAEXAMPLE",
		"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/k", "s3:DataAccessPointAccount": "111122223333",
		"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:111122223333:accesspoint/ap",
	} {
		cases = append(cases, publicCase{key + " is on S3's list", allow(`{"StringEquals":{"` + key + `":"` + value + `"}}`), false, s3Public})
	}
	for key, value := range map[string]string{
		"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalAccount": "111122223333", "aws:PrincipalArn": "arn:aws:iam::111122223333:role/app",
		"aws:SourceOrgID": "o-a1b2c3d4e5", "AWS:PRINCIPALORGID": "o-a1b2c3d4e5",
	} {
		cases = append(cases, publicCase{key + " names the principal", allow(`{"StringEquals":{"` + key + `":"` + value + `"}}`), false, s3Public + " (An AWS principal ... e.g. aws:PrincipalOrgID); " + iamGlobalKeys})
	}
	cases = append(cases,
		publicCase{"kms:CallerAccount", allow(`{"StringEquals":{"kms:CallerAccount":"111122223333"}}`), false, kmsCaller},
		publicCase{"sts:ExternalId is a secret, not an identity", allow(`{"StringEquals":{"sts:ExternalId":"x-1"}}`), true, s3Public + " (not on the list)"},
		publicCase{"aws:username exists in every account", allow(`{"StringEquals":{"aws:username":"alice"}}`), true, s3Public + " (not on the list)"},
		publicCase{"aws:SecureTransport narrows how, not who", allow(`{"Bool":{"aws:SecureTransport":"true"}}`), true, s3Public + " (not on the list)"},
		publicCase{"kms:ViaService alone is any account's use through the service", allow(`{"StringEquals":{"kms:ViaService":"ec2.us-east-1.amazonaws.com"}}`), true, kmsCaller},
	)
	runPublic(t, cases)
}

func TestPublicFixedValues(t *testing.T) {
	runPublic(t, []publicCase{
		{"wildcard", allow(`{"StringLike":{"aws:SourceVpc":"vpc-*"}}`), true, s3Examples},
		{"question mark", allow(`{"StringLike":{"aws:SourceAccount":"11112222333?"}}`), true, s3Public + " (values that don't contain a wildcard)"},
		{"star alone", allow(`{"StringLike":{"aws:PrincipalArn":"*"}}`), true, s3Public + " (values that don't contain a wildcard)"},
		{"Like without a wildcard is fixed", allow(`{"StringLike":{"aws:SourceVpce":"vpce-1"}}`), false, s3Public + " (values that don't contain a wildcard)"},
		{"ArnLike without a wildcard is fixed", allow(`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:topic"}}`), false, s3Public},
		{"ArnLike with a wildcard region", allow(`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic"}}`), true, s3Public + " (values that don't contain a wildcard)"},
		{"policy variable", allow(`{"StringEquals":{"aws:PrincipalArn":"${aws:SourceArn}"}}`), true, s3Public + " (or an IAM policy variable)"},
		{"several values, all fixed (OR)", allow(`{"StringEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}`), false, iamLogic},
		{"several values, one a wildcard (OR)", allow(`{"StringLike":{"aws:SourceVpce":["vpce-1","vpce-*"]}}`), true, iamLogic},
		{"an empty list narrows nothing", allow(`{"StringEquals":{"aws:SourceVpce":[]}}`), true, iamLogic},
		{"userid of every session of one role", allow(`{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}`), false, s3Public + " (aws:userid, outside the pattern AROLEID:*)"},
		{"userid by wildcard", allow(`{"StringLike":{"aws:userid":"AIDA*"}}`), true, s3Public + " (aws:userid, outside the pattern AROLEID:*)"},
		{"access points of one account", allow(`{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:123456789012:accesspoint/*"}}`), false, s3Public + " (s3:DataAccessPointArn note)"},
		{"access points of any account", allow(`{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:*:accesspoint/*"}}`), true, s3Public + " (s3:DataAccessPointArn note)"},
		{"org path under one organisation", allow(`{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}`), false, iamGlobalKeys + "#condition-keys-principalorgpaths"},
		{"org path of any organisation", allow(`{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-*/r-ab12/*"}}`), true, iamGlobalKeys + "#condition-keys-principalorgpaths"},
	})
}

func TestPublicSourceIP(t *testing.T) {
	ip := func(op, v string) string { return allow(`{"` + op + `":{"aws:SourceIp":` + v + `}}`) }
	runPublic(t, []publicCase{
		{"a /24", ip("IpAddress", `"203.0.113.0/24"`), false, s3Public},
		{"one address", ip("IpAddress", `"203.0.113.7"`), false, s3Public},
		{"a /8 is as broad as non-public goes", ip("IpAddress", `"54.0.0.0/8"`), false, s3IPNote},
		{"broader than /8", ip("IpAddress", `"54.0.0.0/7"`), true, s3IPNote},
		{"0.0.0.0/1", ip("IpAddress", `"0.0.0.0/1"`), true, s3IPNote},
		{"the whole internet", ip("IpAddress", `"0.0.0.0/0"`), true, s3IPNote},
		{"one range among them too broad", ip("IpAddress", `["203.0.113.0/24","0.0.0.0/0"]`), true, s3IPNote + "; " + iamLogic},
		{"IPv6 /32", ip("IpAddress", `"2001:db8::/32"`), false, s3IPNote},
		{"IPv6 broader than /32", ip("IpAddress", `"2001:db8::/31"`), true, s3IPNote},
		{"all of IPv6", ip("IpAddress", `"::/0"`), true, s3IPNote},
		{"RFC 1918 range", ip("IpAddress", `"172.16.0.0/12"`), false, s3IPNote + " (excluding RFC1918 private ranges)"},
		{"not an address", ip("IpAddress", `"somewhere"`), true, iamOperators + "#Conditions_IPAddress"},
		{"NotIpAddress in an allow is everyone else", ip("NotIpAddress", `"203.0.113.0/24"`), true, iamOperators + "#Conditions_IPAddress"},
		{"a string operator on aws:SourceIp", ip("StringEquals", `"203.0.113.7"`), true, iamOperators + "#Conditions_IPAddress"},
	})
}

func TestPublicOperators(t *testing.T) {
	runPublic(t, []publicCase{
		{"StringEquals", allow(`{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`), false, iamString},
		{"StringEqualsIgnoreCase", allow(`{"StringEqualsIgnoreCase":{"aws:SourceVpce":"VPCE-1"}}`), false, iamString},
		{"ArnEquals", allow(`{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}`), false, iamOperators + "#Conditions_ARN"},
		{"operator names are case-insensitive", allow(`{"stringequals":{"aws:SourceVpce":"vpce-1"}}`), false, iamOperators},
		{"StringNotEquals admits everyone else", allow(`{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`), true, iamString},
		{"ArnNotLike admits everyone else", allow(`{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/x"}}`), true, iamOperators + "#Conditions_ARN"},
		{"IfExists holds when the key is absent", allow(`{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}`), true, iamIfExist},
		{"IfExists on a principal key admits anonymous callers", allow(`{"StringEqualsIfExists":{"aws:PrincipalAccount":"111122223333"}}`), true, iamIfExist},
		{"Null tests presence, not value", allow(`{"Null":{"aws:SourceVpce":"false"}}`), true, iamNull},
		{"ForAnyValue is false when the key is absent", allow(`{"ForAnyValue:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`), false, iamMultiValue},
		{"ForAllValues is true when the key is absent", allow(`{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`), true, iamMultiValue},
		{"one narrowing condition is enough (AND)", allow(`{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceAccount":"111122223333"},"StringLike":{"aws:SourceArn":"*"}}`), false, iamLogic},
		{"no narrowing condition among several", allow(`{"Bool":{"aws:SecureTransport":"true"},"StringNotEquals":{"aws:SourceAccount":"111122223333"}}`), true, iamLogic},
	})
}

func TestPublicDenies(t *testing.T) {
	get := allow("")
	runPublic(t, []publicCase{
		{"deny to everyone outside a vpc endpoint", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}`, false, iamEval + "; " + iamString},
		{"deny outside the organisation, IfExists", get + `,{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}`, false, iamEval + "; " + iamIfExist},
		{"deny outside an address range", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`, false, iamEval},
		{"deny outside a range too broad", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"0.0.0.0/1"}}}`, true, s3IPNote},
		{"deny unless one of two keys (AND of negations)", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1","aws:PrincipalAccount":"111122223333"}}}`, false, iamLogic},
		{"unconditional deny of the same access", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}`, false, iamEval},
		{"deny to everyone but fixed principals", get + `,{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/app","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":"*"}`, false, iamNotPrin},
		{"deny with a wildcard NotPrincipal", get + `,{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:*","Resource":"*"}`, true, iamNotPrin},
		{"deny with a wildcard value", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalArn":"*"}}}`, true, s3Public},
		{"deny that also needs plain HTTP leaves HTTPS open", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"},"Bool":{"aws:SecureTransport":"false"}}}`, true, iamLogic},
		{"ForAnyValue deny is false when the key is absent", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}`, true, iamMultiValue},
		{"positive operator in a deny", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}`, true, iamEval},
		{"deny on other objects", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/private/*"}`, true, iamEval},
		{"deny of other actions", get + `,{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"}`, true, iamEval},
		{"deny for one account only", get + `,{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}`, true, iamEval},
		{"NotAction grant is shut only by a deny of everything", `{"Effect":"Allow","Principal":"*","NotAction":"s3:DeleteObject","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`, true, iamEval},
	})
}

func TestPublicWebIdentity(t *testing.T) {
	gh := func(cond string) string {
		return `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":` + cond + `}`
	}
	runPublic(t, []publicCase{
		{"google without a condition", `{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}`, true, s3Examples + " (graph.facebook.com)"},
		{"google narrowed to one application", `{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"123.apps.googleusercontent.com"}}}`, false, iamWIF},
		{"cognito identity pool", `{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}}`, false, iamWIF},
		{"github branch", gh(`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:acme/app:ref:refs/heads/main"}}`), false, ghOIDC},
		{"github repositories of one owner", gh(`{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}`), false, ghOIDC},
		{"github audience is everyone's", gh(`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}`), true, ghOIDC},
		{"github any repository", gh(`{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}`), true, ghOIDC},
	})
}

func TestPublicEvidence(t *testing.T) {
	d := mustParse(t, `{"Statement":[`+allow(`{"StringEquals":{"aws:SourceVpce":"vpce-123"}}`)+`,
		{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"},
		{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"},
		{"Sid":"OnlyVpce","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-9"}}}]}`)
	v := Public(d)
	ev := v.Evidence()
	if ev["public"] != true {
		t.Fatalf("evidence %v, want public", ev)
	}
	pub := ev["public_statements"].([]map[string]any)
	if len(pub) != 1 || pub[0]["public_statement"] != "#1" || pub[0]["who"] != "everyone" {
		t.Errorf("public statements %v, want #1 (no Sid) for everyone", pub)
	}
	nar := ev["narrowed"].([]map[string]any)
	want := []map[string]any{
		{"statement": "Grant", "narrowed_by": "aws:SourceVpce StringEquals vpce-123"},
		{"statement": "#2", "narrowed_by": "Deny OnlyVpce: aws:SourceVpce StringNotEquals vpce-9"},
	}
	if len(nar) != len(want) {
		t.Fatalf("narrowed %v, want %v", nar, want)
	}
	for i := range want {
		for k, w := range want[i] {
			if nar[i][k] != w {
				t.Errorf("narrowed[%d][%s] = %v, want %v", i, k, nar[i][k], w)
			}
		}
	}
	if ev := Public(mustParse(t, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*"}}`)).Evidence(); len(ev) != 1 || ev["public"] != false {
		t.Errorf("a policy with no grant to everyone has evidence %v", ev)
	}
	if !strings.HasPrefix(v.Public[0].Statement.Action[0], "s3:List") {
		t.Errorf("a grant keeps its statement: %+v", v.Public[0])
	}
}
