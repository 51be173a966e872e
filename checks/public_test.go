package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/policy"
)

// TestResourcePoliciesShareOneJudgement puts the same grant to everyone in
// a bucket policy, a key policy and a trust policy: each check must find it
// public exactly when policy.Public does, whatever the service.
func TestResourcePoliciesShareOneJudgement(t *testing.T) {
	for _, tc := range []struct {
		name, condition string // a Condition object, or "" for none
		public          bool
	}{
		{"no condition", "", true},
		{"organisation", `{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`, false},
		{"organisation by wildcard", `{"StringLike":{"aws:PrincipalOrgID":"o-*"}}`, true},
		{"caller account (KMS's key)", `{"StringEquals":{"kms:CallerAccount":"111122223333"}}`, false},
		{"caller account, IfExists", `{"StringEqualsIfExists":{"kms:CallerAccount":"111122223333"}}`, true},
		{"principal account", `{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}`, false},
		{"principal account, negated", `{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}`, true},
		{"external id is no identity", `{"StringEquals":{"sts:ExternalId":"x-1"}}`, true},
		{"source ip /24", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, false},
		{"source ip /1", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/1"}}`, true},
		{"vpc endpoint", `{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`, false},
		{"any vpc endpoint", `{"Null":{"aws:SourceVpce":"false"}}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cond := ""
			if tc.condition != "" {
				cond = `,"Condition":` + tc.condition
			}
			doc := func(action string) string {
				return `{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":{"AWS":"*"},"Action":"` + action + `","Resource":"*"` + cond + `}]}`
			}
			d, err := policy.Parse(doc("s3:GetObject"))
			if err != nil {
				t.Fatal(err)
			}
			if policy.Public(d).IsPublic() != tc.public {
				t.Fatalf("policy.Public = %v, want %v", !tc.public, tc.public)
			}
			want := Pass
			if tc.public {
				want = Fail
			}
			for _, c := range []struct {
				check Check
				fill  func(*inventory.Inventory)
			}{
				{bucketPublicPolicy, bkt("a", withPolicy(doc("s3:GetObject"), false))},
				{kmsKeyPolicyPublic, key("k1", func(k *inventory.Key) { k.Policy = doc("kms:Decrypt") })},
				{roleTrustPublic, role("r", doc("sts:AssumeRole"), nil)},
			} {
				fs := Run(account(c.fill), []Check{c.check}, DefaultConfig())
				if len(fs) != 1 || fs[0].Status != want {
					t.Errorf("%s: %+v, want one %s", c.check.ID, fs, want)
					continue
				}
				ev := fs[0].Evidence
				if tc.public {
					st, _ := ev["public_statements"].([]map[string]any)
					if c.check.ID == roleTrustPublic.ID {
						st, _ = ev["statements"].([]map[string]any)
					}
					if len(st) != 1 || st[0]["public_statement"] != "Everyone" || st[0]["who"] != "everyone" {
						t.Errorf("%s: evidence %v does not name the public statement", c.check.ID, ev)
					}
				} else {
					n, _ := ev["narrowed"].([]map[string]any)
					if len(n) != 1 || n[0]["statement"] != "Everyone" || n[0]["narrowed_by"] == "" {
						t.Errorf("%s: evidence %v does not name what narrowed the statement", c.check.ID, ev)
					}
				}
			}
		})
	}
}
