package scanner

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// Responses an endpoint should never send, sent through the real SDK: each
// must end as a collection error naming what could not be read, the rest
// of the account collected as usual, and no check passing what depended on
// the broken answer. None may panic or hang.

// wholeAccount is the EC2, S3 and IAM test accounts served as one.
func wholeAccount(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct := loadAccount(t, ec2Account)
	acct.S3 = loadAccount(t, s3Account).S3
	acct.IAM = loadAccount(t, iamAccount).IAM
	return acct
}

// scanBounded scans like a user would, but fails the test rather than hang.
func scanBounded(t *testing.T, acct *inventory.Inventory, opts emulator.Options) *inventory.Inventory {
	t.Helper()
	fastCredentialReportPoll(t, 5*time.Second)
	_, url := endpoint(t, acct, opts)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv := Scan(ctx, testConfig(url), Options{Regions: acct.Regions})
	if inv.Interrupted {
		t.Fatalf("the scan did not finish within 30s: %v", inv.Errors)
	}
	return inv
}

func TestHostileResponses(t *testing.T) {
	const marker = "HOSTILE-MARKER-VALUE"
	empty := func([]byte) []byte { return nil }
	rule := func(service, op, region, resource string) emulator.Rule {
		return emulator.Rule{Service: service, Operation: op, Region: region, Resource: resource}
	}
	for _, tc := range []struct {
		name string
		// plant changes the account before it is served.
		plant func(acct *inventory.Inventory)
		opts  emulator.Options
		// want are the collection errors expected, in the inventory's
		// order; each Message is a substring.
		want []inventory.CollectionError
	}{{
		name: "truncated XML",
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("ec2", "DescribeSecurityGroups", "eu-west-1", ""), Body: emulator.Truncate}}},
		want: []inventory.CollectionError{{Service: "ec2", Region: "eu-west-1", Operation: "DescribeSecurityGroups", Kind: inventory.ErrMalformed, Message: "unexpected EOF"}},
	}, {
		name: "not XML at all",
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("iam", "GetAccountAuthorizationDetails", "", ""), Body: emulator.NotXML}}},
		want: []inventory.CollectionError{{Service: "iam", Operation: "GetAccountAuthorizationDetails", Kind: inventory.ErrMalformed, Message: "XML syntax error"}},
	}, {
		name: "S3 Control not XML",
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("s3control", "GetPublicAccessBlock", "", ""), Body: emulator.NotXML}}},
		want: []inventory.CollectionError{{Service: "s3", Operation: "GetPublicAccessBlock", ResourceARN: "arn:aws:iam::111122223333:root", Kind: inventory.ErrMalformed}},
	}, {
		// The SDK reads an empty body as an empty answer: no buckets.
		name: "empty bucket listing",
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("s3", "ListBuckets", "", ""), Body: empty}}},
		want: []inventory.CollectionError{{Service: "s3", Operation: "ListBuckets", Kind: inventory.ErrMalformed, Message: "empty body"}},
	}, {
		// ...and an empty ACL as a bucket that grants nothing.
		name: "empty bucket ACL",
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("s3", "GetBucketAcl", "", "acme-website"), Body: empty}}},
		want: []inventory.CollectionError{{Service: "s3", Region: "us-east-1", Operation: "GetBucketAcl", ResourceARN: "arn:aws:s3:::acme-website", Kind: inventory.ErrMalformed, Message: "empty body"}},
	}, {
		name: "empty identity",
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("sts", "GetCallerIdentity", "", ""), Body: empty}}},
		// Without the account ID, S3 Control cannot be asked either.
		want: []inventory.CollectionError{
			{Service: "s3", Operation: "GetPublicAccessBlock", ResourceARN: "arn:aws:iam:::root", Kind: inventory.ErrService, Message: "account ID unknown"},
			{Service: "sts", Operation: "GetCallerIdentity", Kind: inventory.ErrMalformed, Message: "empty body"},
		},
	}, {
		name: "invalid UTF-8 in an instance tag",
		plant: func(acct *inventory.Inventory) {
			for i := range acct.EC2.Instances {
				if in := &acct.EC2.Instances[i]; in.Region == "us-east-1" && in.Tags != nil {
					in.Tags.Set("Owner", marker)
					return
				}
			}
		},
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("ec2", "DescribeInstances", "us-east-1", ""), Body: emulator.Replace(marker, "caf\xe9 \xff\xfe")}}},
		want: []inventory.CollectionError{{Service: "ec2", Region: "us-east-1", Operation: "DescribeInstances", Kind: inventory.ErrMalformed, Message: "UTF-8"}},
	}, {
		name: "invalid UTF-8 in a bucket tag",
		plant: func(acct *inventory.Inventory) {
			for i := range acct.S3.Buckets {
				if b := &acct.S3.Buckets[i]; b.Name == "acme-website" {
					b.Tags.Set("owner", marker)
				}
			}
		},
		opts: emulator.Options{Garble: []emulator.Garble{{Rule: rule("s3", "GetBucketTagging", "", "acme-website"), Body: emulator.Replace(marker, "\xc3\x28")}}},
		want: []inventory.CollectionError{{Service: "s3", Region: "us-east-1", Operation: "GetBucketTagging", ResourceARN: "arn:aws:s3:::acme-website", Kind: inventory.ErrMalformed, Message: "UTF-8"}},
	}, {
		// A listing that points back at a page already read would be
		// followed for ever.
		name: "pagination loop",
		opts: emulator.Options{PageSize: 1, Garble: []emulator.Garble{{Rule: rule("ec2", "DescribeSecurityGroups", "us-east-1", ""), Body: emulator.Replace("tok-2", "tok-1")}}},
		want: []inventory.CollectionError{{Service: "ec2", Region: "us-east-1", Operation: "DescribeSecurityGroups", Kind: inventory.ErrMalformed, Message: `"tok-1" was already followed`}},
	}, {
		// An error whose own body is cut short still says what failed.
		name: "truncated error document",
		opts: emulator.Options{
			Deny:   []emulator.Rule{rule("ec2", "DescribeVpcs", "eu-west-1", "")},
			Garble: []emulator.Garble{{Rule: rule("ec2", "DescribeVpcs", "eu-west-1", ""), Body: emulator.Truncate}},
		},
		want: []inventory.CollectionError{{Service: "ec2", Region: "eu-west-1", Operation: "DescribeVpcs", Kind: inventory.ErrAccessDenied, Message: "403"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			acct := wholeAccount(t)
			clean := scanBounded(t, acct, emulator.Options{PageSize: tc.opts.PageSize})
			if !clean.Complete() {
				t.Fatalf("clean scan incomplete: %v", clean.Errors)
			}
			if tc.plant != nil {
				acct = wholeAccount(t)
				tc.plant(acct)
			}
			inv := scanBounded(t, acct, tc.opts)
			if len(inv.Errors) != len(tc.want) {
				t.Fatalf("errors = %v\nwant %v", inv.Errors, tc.want)
			}
			for i, got := range inv.Errors {
				want := tc.want[i]
				msg := want.Message
				want.Message = got.Message
				if got != want || !strings.Contains(got.Message, msg) {
					t.Errorf("error = %+v\nwant %+v with a message containing %q", got, want, msg)
				}
			}
			got := tc.want[len(tc.want)-1]
			// Other services are read in full.
			for service, section := range map[string]func(*inventory.Inventory) any{
				"ec2": func(i *inventory.Inventory) any { return i.EC2 },
				"s3":  func(i *inventory.Inventory) any { return i.S3 },
				"iam": func(i *inventory.Inventory) any { return i.IAM },
			} {
				if service == got.Service || got.Service == "sts" {
					continue
				}
				a, _ := json.Marshal(section(inv))
				b, _ := json.Marshal(section(clean))
				if string(a) != string(b) {
					t.Errorf("%s differs from a clean scan's although only %s:%s failed", service, got.Service, got.Operation)
				}
			}
			assertNoPassOnFailedData(t, inv)
		})
	}
}

// assertNoPassOnFailedData evaluates every check and fails on a pass about
// data a recorded collection error covers.
func assertNoPassOnFailedData(t *testing.T, inv *inventory.Inventory) {
	t.Helper()
	needs := map[string][]checks.Operation{}
	for _, c := range checks.All() {
		needs[c.ID] = c.Needs
	}
	for _, f := range checks.Run(inv, checks.All(), checks.DefaultConfig()) {
		if f.Status != checks.Pass {
			continue
		}
		for _, e := range inv.Errors {
			if slices.Contains(needs[f.CheckID], checks.Operation{Service: e.Service, Name: e.Operation}) && e.Covers(f.Region, f.ResourceARN) {
				t.Errorf("%s passed %s although %s failed", f.CheckID, f.ResourceARN, e.Error())
			}
		}
	}
}

// hugePolicy is a valid policy document of at least size bytes: many
// narrow statements, then last the one that matters.
func hugePolicy(size int, last string) string {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `{"Sid":"Read%d","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bucket-%d","arn:aws:s3:::bucket-%d/*"]},`, i, i, i)
	}
	b.WriteString(last)
	b.WriteString(`]}`)
	return b.String()
}

// Policies of every size and shape IAM and S3 accept are collected byte
// for byte and judged on what they say: a grant at the end of 100 KB, or
// spelt unusually, is found.
func TestLargeAndUnusualPoliciesAreEvaluated(t *testing.T) {
	const size = 100 << 10
	admin := hugePolicy(size, `{"Effect":"Allow","Action":"*","Resource":"*"}`)
	publicBucket := hugePolicy(size, `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-ci-artifacts/*"}`)
	unusual := []struct{ name, doc string }{
		// Escaped keys and values, a one-element principal list, an
		// upper-case service prefix: all mean the same to AWS.
		{"escaped", `{"Version":"2012-10-17","\u0053tatement":[{"Effect":"\u0041llow","Principal":{"AWS":["*"]},"Action":["S3:GetObject"],"Resource":"arn:aws:s3:::acme-logs-use1/*"}]}`},
		// Statement an object; NotAction; whitespace everywhere.
		{"notaction", " {\n\t\"Statement\" : {\"Effect\":\"Allow\", \"Principal\" : \"*\", \"NotAction\" : \"s3:DeleteObject\", \"Resource\" : [ \"arn:aws:s3:::acme-logs-euw1/*\" ] } }\n"},
	}
	acct := wholeAccount(t)
	user := ""
	for i := range acct.IAM.Users {
		if u := &acct.IAM.Users[i]; u.Name == "carol" {
			u.InlinePolicies = append(u.InlinePolicies, inventory.InlinePolicy{Name: "huge", Document: admin})
			user = u.ARN
		}
	}
	docs := map[string]string{"acme-ci-artifacts": publicBucket}
	for i, name := range []string{"acme-logs-use1", "acme-logs-euw1"} {
		docs[name] = unusual[i].doc
	}
	for i := range acct.S3.Buckets {
		if b := &acct.S3.Buckets[i]; docs[b.Name] != "" {
			// AWS's own verdict (GetBucketPolicyStatus) says not public,
			// so only srmscan's reading of the document can fail it.
			b.Policy, b.PolicyIsPublic = docs[b.Name], false
			// The bucket's own Block Public Access would rightly keep the
			// public-policy check from failing it.
			b.PublicAccessBlock = nil
		}
	}
	inv := scanBounded(t, acct, emulator.Options{})
	if !inv.Complete() {
		t.Fatalf("errors: %v", inv.Errors)
	}
	for _, u := range inv.IAM.Users {
		if u.ARN == user && (len(u.InlinePolicies) == 0 || u.InlinePolicies[len(u.InlinePolicies)-1].Document != admin) {
			t.Errorf("the %d-byte inline policy was not collected intact", len(admin))
		}
	}
	for _, b := range inv.S3.Buckets {
		if want := docs[b.Name]; want != "" && b.Policy != want {
			t.Errorf("%s: policy not collected intact:\n got %.200q\nwant %.200q", b.Name, b.Policy, want)
		}
	}
	failed := map[string]bool{}
	for _, f := range checks.Run(inv, checks.All(), checks.DefaultConfig()) {
		if f.Status == checks.Fail {
			failed[f.CheckID+" "+f.ResourceARN] = true
		}
	}
	for _, want := range []string{
		"iam-policy-full-admin " + user,
		"s3-bucket-public-policy arn:aws:s3:::acme-ci-artifacts",
		"s3-bucket-public-policy arn:aws:s3:::acme-logs-use1",
		"s3-bucket-public-policy arn:aws:s3:::acme-logs-euw1",
	} {
		if !failed[want] {
			t.Errorf("no failed finding %s", want)
		}
	}
}
