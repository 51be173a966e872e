package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

func bucket(name string, pab *inventory.PublicAccessBlock) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.S3.Buckets = append(inv.S3.Buckets, inventory.Bucket{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, PublicAccessBlock: pab})
	}
}

func TestBucketPublicAccessBlock(t *testing.T) {
	full := &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	partial := &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true}
	runCases(t, bucketPublicAccessBlock, []statusCase{
		{"full", bucket("a", full), map[string]Status{":::a": Pass}},
		{"partial", bucket("a", partial), map[string]Status{":::a": Fail}},
		{"none", bucket("a", nil), map[string]Status{":::a": Fail}},
		{"unreadable is unknown, not none", both(bucket("a", nil), denied("s3", "us-east-1", "GetPublicAccessBlock", "arn:aws:s3:::a")),
			map[string]Status{":::a": Unknown}},
		{"listing denied", denied("s3", "", "ListBuckets", ""), map[string]Status{":s3::111122223333:*": Unknown}},
	})
}

// bkt adds bucket name in us-east-1 after set has configured it.
func bkt(name string, set func(b *inventory.Bucket)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		b := inventory.Bucket{Resource: inventory.Resource{Region: "us-east-1"}, Name: name}
		if set != nil {
			set(&b)
		}
		inv.S3.Buckets = append(inv.S3.Buckets, b)
	}
}

func accountPAB(p *inventory.PublicAccessBlock) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) { inv.S3.AccountPublicAccessBlock = p }
}

// accountPABDenied records the account-level read failing, as the collector
// does: on the account's root ARN, with no region.
var accountPABDenied = denied("s3", "", "GetPublicAccessBlock", "arn:aws:iam::111122223333:root")

var fullPAB = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}

// bucketUnknownCases are the rows every bucket check shares: a failed
// listing, a bucket whose region could not be read, and its own read denied.
func bucketUnknownCases(read string, set func(b *inventory.Bucket)) []statusCase {
	return []statusCase{
		{"listing denied", denied("s3", "", "ListBuckets", ""), map[string]Status{":s3::111122223333:*": Unknown}},
		{"region unreadable", both(bkt("a", func(b *inventory.Bucket) {
			if set != nil {
				set(b)
			}
			b.Region = ""
		}), denied("s3", "", "GetBucketLocation", "arn:aws:s3:::a")), map[string]Status{":::a": Unknown}},
		{read + " denied", both(bkt("a", set), denied("s3", "us-east-1", read, "arn:aws:s3:::a")), map[string]Status{":::a": Unknown}},
	}
}

func TestAccountPublicAccessBlock(t *testing.T) {
	runCases(t, accountPublicAccessBlock, []statusCase{
		{"full", accountPAB(fullPAB), map[string]Status{":root": Pass}},
		{"partial", accountPAB(&inventory.PublicAccessBlock{BlockPublicACLs: true, BlockPublicPolicy: true}), map[string]Status{":root": Fail}},
		{"none", nil, map[string]Status{":root": Fail}},
		{"unreadable", accountPABDenied, map[string]Status{":root": Unknown}},
		{"a bucket's block denied does not touch the account", both(accountPAB(fullPAB), denied("s3", "us-east-1", "GetPublicAccessBlock", "arn:aws:s3:::a")),
			map[string]Status{":root": Pass}},
	})
	inv := account(accountPAB(&inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true}))
	fs := Run(inv, []Check{accountPublicAccessBlock}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "BlockPublicPolicy, RestrictPublicBuckets off") || fs[0].Evidence["block_public_policy"] != false {
		t.Errorf("finding = %+v", fs)
	}
}

func TestBucketPublicACL(t *testing.T) {
	grants := func(gs ...inventory.Grant) func(b *inventory.Bucket) {
		return func(b *inventory.Bucket) { b.Grants = gs }
	}
	owner := inventory.Grant{GranteeType: "CanonicalUser", GranteeID: "abc", Permission: "FULL_CONTROL"}
	public := grants(owner, inventory.Grant{GranteeType: "Group", GranteeURI: allUsersGroup, Permission: "READ"})
	ignoring := func(b *inventory.Bucket) {
		public(b)
		b.PublicAccessBlock = &inventory.PublicAccessBlock{IgnorePublicACLs: true}
	}
	runCases(t, bucketPublicACL, append([]statusCase{
		{"owner only", bkt("a", grants(owner)), map[string]Status{":::a": Pass}},
		{"log delivery group is not public", bkt("a", grants(owner, inventory.Grant{GranteeType: "Group",
			GranteeURI: "http://acs.amazonaws.com/groups/s3/LogDelivery", Permission: "WRITE"})), map[string]Status{":::a": Pass}},
		{"AllUsers READ", bkt("a", public), map[string]Status{":::a": Fail}},
		{"AuthenticatedUsers WRITE", bkt("a", grants(inventory.Grant{GranteeType: "Group", GranteeURI: authenticatedGroup, Permission: "WRITE"})),
			map[string]Status{":::a": Fail}},
		{"neutralised by the bucket's IgnorePublicAcls", bkt("a", ignoring), map[string]Status{":::a": Pass}},
		{"neutralised by the account's IgnorePublicAcls", both(bkt("a", public), accountPAB(fullPAB)), map[string]Status{":::a": Pass}},
		{"BlockPublicAcls alone does not neutralise existing grants", both(bkt("a", public),
			accountPAB(&inventory.PublicAccessBlock{BlockPublicACLs: true})), map[string]Status{":::a": Fail}},
		{"public, account block unreadable", both(bkt("a", public), accountPABDenied), map[string]Status{":::a": Unknown}},
		{"neutralised by the bucket, account block unreadable", both(bkt("a", ignoring), accountPABDenied), map[string]Status{":::a": Pass}},
		{"not public, account block unreadable", both(bkt("a", grants(owner)), accountPABDenied), map[string]Status{":::a": Pass}},
		{"bucket block denied", both(bkt("a", public), denied("s3", "us-east-1", "GetPublicAccessBlock", "arn:aws:s3:::a")),
			map[string]Status{":::a": Unknown}},
	}, bucketUnknownCases("GetBucketAcl", public)...))

	fs := Run(account(both(bkt("a", public), accountPAB(fullPAB))), []Check{bucketPublicACL}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["neutralised_by"] != "account IgnorePublicAcls" || !strings.Contains(fs[0].Message, "READ to AllUsers (anyone)") {
		t.Errorf("neutralised finding = %+v", fs)
	}
	fs = Run(account(both(bkt("a", public), accountPABDenied)), []Check{bucketPublicACL}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["failed_operation"] != "s3:GetPublicAccessBlock" || fs[0].Evidence["public_grants"] == nil {
		t.Errorf("unknown finding must name the failed read and keep the grant: %+v", fs)
	}
}

func TestBucketDefaultEncryption(t *testing.T) {
	enc := func(alg string, kv ...string) func(b *inventory.Bucket) {
		return func(b *inventory.Bucket) {
			if alg != "" {
				b.Encryption = &inventory.BucketEncryption{Algorithm: alg}
			}
			if len(kv) > 0 {
				b.Tags = inventory.Tags{}
				for i := 0; i < len(kv); i += 2 {
					b.Tags.Set(kv[i], kv[i+1])
				}
			}
		}
	}
	runCases(t, bucketDefaultEncryption, append([]statusCase{
		{"sse-s3, unclassified", bkt("a", enc("AES256")), map[string]Status{":::a": Pass}},
		{"sse-s3, internal", bkt("a", enc("AES256", "DataClassification", "internal")), map[string]Status{":::a": Pass}},
		{"sse-s3, confidential", bkt("a", enc("AES256", "DataClassification", "Confidential")), map[string]Status{":::a": Fail}},
		{"sse-kms, restricted", bkt("a", enc("aws:kms", "DataClassification", "RESTRICTED")), map[string]Status{":::a": Pass}},
		{"dsse-kms, sensitive", bkt("a", enc("aws:kms:dsse", "DataClassification", "sensitive")), map[string]Status{":::a": Pass}},
		{"tag key is case-sensitive", bkt("a", enc("AES256", "dataclassification", "confidential")), map[string]Status{":::a": Pass}},
		{"no default encryption", bkt("a", enc("")), map[string]Status{":::a": Fail}},
		{"tags denied", both(bkt("a", enc("AES256")), denied("s3", "us-east-1", "GetBucketTagging", "arn:aws:s3:::a")),
			map[string]Status{":::a": Unknown}},
	}, bucketUnknownCases("GetBucketEncryption", enc("aws:kms"))...))

	cfg := DefaultConfig()
	cfg.DataClassificationTag, cfg.SensitiveClassifications = "class", []string{"pii"}
	fs := Run(account(both(bkt("a", enc("AES256", "class", "PII")), bkt("b", enc("AES256", "class", "confidential")))),
		[]Check{bucketDefaultEncryption}, cfg)
	if len(fs) != 2 || fs[0].Status != Fail || fs[1].Status != Pass {
		t.Fatalf("configured tag and values not applied: %+v", fs)
	}
	if ev := fs[0].Evidence; ev["algorithm"] != "AES256" || ev["classification"] != "PII" || ev["sensitive"] != true || ev["classification_tag"] != "class" {
		t.Errorf("evidence = %v", ev)
	}
	if !strings.Contains(fs[0].Message, "SSE-S3 (AES256)") {
		t.Errorf("message should name the encryption type: %q", fs[0].Message)
	}
	fs = Run(account(bkt("a", nil)), []Check{bucketDefaultEncryption}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "since January 2023") {
		t.Errorf("a bucket without default encryption should say why that is rare: %+v", fs)
	}
}

func TestBucketVersioning(t *testing.T) {
	ver := func(v string) func(b *inventory.Bucket) { return func(b *inventory.Bucket) { b.Versioning = v } }
	runCases(t, bucketVersioning, append([]statusCase{
		{"enabled", bkt("a", ver("Enabled")), map[string]Status{":::a": Pass}},
		{"suspended", bkt("a", ver("Suspended")), map[string]Status{":::a": Fail}},
		{"never enabled", bkt("a", nil), map[string]Status{":::a": Fail}},
	}, bucketUnknownCases("GetBucketVersioning", ver("Enabled"))...))
}

func TestBucketMFADelete(t *testing.T) {
	ver := func(v, mfa string) func(b *inventory.Bucket) {
		return func(b *inventory.Bucket) { b.Versioning, b.MFADelete = v, mfa }
	}
	runCases(t, bucketMFADelete, append([]statusCase{
		{"enabled", bkt("a", ver("Enabled", "Enabled")), map[string]Status{":::a": Pass}},
		{"disabled", bkt("a", ver("Enabled", "Disabled")), map[string]Status{":::a": Fail}},
		{"never configured", bkt("a", ver("Enabled", "")), map[string]Status{":::a": Fail}},
		{"no versioning", bkt("a", nil), map[string]Status{":::a": Fail}},
	}, bucketUnknownCases("GetBucketVersioning", ver("Enabled", "Enabled"))...))
}

func TestBucketAccessLogging(t *testing.T) {
	logs := func(b *inventory.Bucket) {
		b.Logging = &inventory.BucketLogging{TargetBucket: "logs", TargetPrefix: "a/"}
	}
	runCases(t, bucketAccessLogging, append([]statusCase{
		{"logging", bkt("a", logs), map[string]Status{":::a": Pass}},
		{"off", bkt("a", nil), map[string]Status{":::a": Fail}},
	}, bucketUnknownCases("GetBucketLogging", logs)...))
}

func TestBucketACLsDisabled(t *testing.T) {
	own := func(o string) func(b *inventory.Bucket) { return func(b *inventory.Bucket) { b.ObjectOwnership = o } }
	runCases(t, bucketACLsDisabled, append([]statusCase{
		{"enforced", bkt("a", own("BucketOwnerEnforced")), map[string]Status{":::a": Pass}},
		{"preferred", bkt("a", own("BucketOwnerPreferred")), map[string]Status{":::a": Fail}},
		{"object writer", bkt("a", own("ObjectWriter")), map[string]Status{":::a": Fail}},
		{"no ownership controls", bkt("a", nil), map[string]Status{":::a": Fail}},
	}, bucketUnknownCases("GetBucketOwnershipControls", own("BucketOwnerEnforced"))...))
}

// withPolicy sets a bucket policy; public is AWS's verdict on it.
func withPolicy(doc string, public bool) func(b *inventory.Bucket) {
	return func(b *inventory.Bucket) { b.Policy, b.PolicyIsPublic = doc, public }
}

const (
	publicRead = `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}`
	orgRead    = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::a/*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}}`
	accountRead = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}`
	tlsDeny     = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
		"Resource":["arn:aws:s3:::a","arn:aws:s3:::a/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	notPolicy = `{"Statement":[{"Effect":"Perhaps","Action":"s3:*"}]}`
)

func TestBucketPublicPolicy(t *testing.T) {
	public := withPolicy(publicRead, true)
	restricted := func(b *inventory.Bucket) {
		public(b)
		b.PublicAccessBlock = &inventory.PublicAccessBlock{RestrictPublicBuckets: true}
	}
	runCases(t, bucketPublicPolicy, append([]statusCase{
		{"no policy", bkt("a", nil), map[string]Status{":::a": Pass}},
		{"another account", bkt("a", withPolicy(accountRead, false)), map[string]Status{":::a": Pass}},
		{"everyone in the organisation", bkt("a", withPolicy(orgRead, false)), map[string]Status{":::a": Pass}},
		{"public read", bkt("a", public), map[string]Status{":::a": Fail}},
		{"any vpc by wildcard (S3's public example)", bkt("a", withPolicy(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringLike":{"aws:SourceVpc":"vpc-*"}}}}`, false)),
			map[string]Status{":::a": Fail}},
		{"one vpc (S3's non-public example)", bkt("a", withPolicy(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}}}`, false)),
			map[string]Status{":::a": Pass}},
		{"public read shut outside a vpc endpoint", bkt("a", withPolicy(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"},
			{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::a","arn:aws:s3:::a/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`, false)),
			map[string]Status{":::a": Pass}},
		{"public by the analyser alone", bkt("a", withPolicy(publicRead, false)), map[string]Status{":::a": Fail}},
		{"public by AWS's verdict alone", bkt("a", withPolicy(orgRead, true)), map[string]Status{":::a": Fail}},
		{"neutralised by the bucket's RestrictPublicBuckets", bkt("a", restricted), map[string]Status{":::a": Pass}},
		{"neutralised by the account's RestrictPublicBuckets", both(bkt("a", public), accountPAB(fullPAB)), map[string]Status{":::a": Pass}},
		{"BlockPublicPolicy alone does not neutralise a policy already there", both(bkt("a", public),
			accountPAB(&inventory.PublicAccessBlock{BlockPublicPolicy: true})), map[string]Status{":::a": Fail}},
		{"public, account block unreadable", both(bkt("a", public), accountPABDenied), map[string]Status{":::a": Unknown}},
		{"unparseable", bkt("a", withPolicy(notPolicy, false)), map[string]Status{":::a": Unknown}},
		{"unparseable, AWS says public", bkt("a", withPolicy(notPolicy, true)), map[string]Status{":::a": Fail}},
		{"unparseable, AWS says public, neutralised", both(bkt("a", withPolicy(notPolicy, true)), accountPAB(fullPAB)), map[string]Status{":::a": Unknown}},
		{"policy status denied", both(bkt("a", public), denied("s3", "us-east-1", "GetBucketPolicyStatus", "arn:aws:s3:::a")),
			map[string]Status{":::a": Unknown}},
		{"bucket block denied", both(bkt("a", public), denied("s3", "us-east-1", "GetPublicAccessBlock", "arn:aws:s3:::a")),
			map[string]Status{":::a": Unknown}},
	}, bucketUnknownCases("GetBucketPolicy", nil)...))

	fs := Run(account(bkt("a", public)), []Check{bucketPublicPolicy}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "allows s3:GetObject to everyone (statement PublicRead)") || fs[0].Evidence["policy_is_public"] != true {
		t.Errorf("finding = %+v", fs)
	}
	fs = Run(account(bkt("a", restricted)), []Check{bucketPublicPolicy}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["neutralised_by"] != "bucket RestrictPublicBuckets" {
		t.Errorf("neutralised finding = %+v", fs)
	}
	fs = Run(account(bkt("a", withPolicy(notPolicy, false))), []Check{bucketPublicPolicy}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fmt.Sprint(fs[0].Evidence["parse_error"]), "Perhaps") {
		t.Errorf("an unparseable policy must carry the parse error: %+v", fs)
	}
}

func TestBucketTLSRequired(t *testing.T) {
	deny := func(resource, cond string) string {
		return `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":` + resource + `,"Condition":` + cond + `}]}`
	}
	insecure := `{"Bool":{"aws:SecureTransport":"false"}}`
	runCases(t, bucketTLSRequired, append([]statusCase{
		{"deny on bucket and objects", bkt("a", withPolicy(tlsDeny, false)), map[string]Status{":::a": Pass}},
		{"deny on objects only (CIS example)", bkt("a", withPolicy(deny(`"arn:aws:s3:::a/*"`, insecure), false)), map[string]Status{":::a": Pass}},
		{"boolean false, key in another case", bkt("a", withPolicy(deny(`"*"`, `{"Bool":{"AWS:SecureTransport":false}}`), false)), map[string]Status{":::a": Pass}},
		{"deny on the bucket only", bkt("a", withPolicy(deny(`"arn:aws:s3:::a"`, insecure), false)), map[string]Status{":::a": Fail}},
		{"deny on another bucket", bkt("a", withPolicy(deny(`"arn:aws:s3:::b/*"`, insecure), false)), map[string]Status{":::a": Fail}},
		{"deny only GetObject", bkt("a", withPolicy(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*","Condition":`+insecure+`}]}`, false)),
			map[string]Status{":::a": Fail}},
		{"deny narrowed by another condition", bkt("a", withPolicy(deny(`"arn:aws:s3:::a/*"`,
			`{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:SourceVpce":"vpce-1"}}`), false)), map[string]Status{":::a": Fail}},
		{"minimum TLS version is not a TLS requirement", bkt("a", withPolicy(deny(`"arn:aws:s3:::a/*"`,
			`{"NumericLessThan":{"s3:TlsVersion":"1.2"}}`), false)), map[string]Status{":::a": Fail}},
		{"policy without the deny", bkt("a", withPolicy(accountRead, false)), map[string]Status{":::a": Fail}},
		{"no policy", bkt("a", nil), map[string]Status{":::a": Fail}},
		{"unparseable", bkt("a", withPolicy(notPolicy, false)), map[string]Status{":::a": Unknown}},
	}, bucketUnknownCases("GetBucketPolicy", withPolicy(tlsDeny, false))...))

	fs := Run(account(bkt("a", withPolicy(deny(`"arn:aws:s3:::a/*"`, insecure), false))), []Check{bucketTLSRequired}, DefaultConfig())
	if len(fs) != 1 || fs[0].Evidence["covers_bucket"] != false {
		t.Errorf("finding = %+v", fs)
	}
}
