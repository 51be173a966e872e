package checks

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

const r1ARN = "arn:aws:ecr:us-east-1:111122223333:repository/team/r1"

// repository adds repository team/r1 in us-east-1, scanned on push, with
// immutable tags and a lifecycle policy, after set has changed it.
func repository(set func(r *inventory.Repository)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		r := inventory.Repository{Resource: inventory.Resource{Region: "us-east-1"}, Name: "team/r1", ScanOnPush: true,
			ImageTagMutability: "IMMUTABLE", EncryptionType: "AES256", LifecyclePolicy: `{"rules":[]}`}
		if set != nil {
			set(&r)
		}
		inv.ECR.Repositories = append(inv.ECR.Repositories, r)
	}
}

func registry(scanType string, rules ...inventory.ScanningRule) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.ECR.Registries = append(inv.ECR.Registries, inventory.Registry{Region: "us-east-1", ScanType: scanType, Rules: rules})
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"*", "team/r1", true}, {"team/*", "team/r1", true}, {"team", "team/r1", false}, {"*r1", "team/r1", true},
		{"t*m/*1", "team/r1", true}, {"prod-*", "team/r1", false}, {"team/r1", "team/r1", true}, {"*a*a*", "ab", false},
	} {
		if got := wildcardMatch(c.pattern, c.name); got != c.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
}

func TestECRImageScanning(t *testing.T) {
	off := repository(func(r *inventory.Repository) { r.ScanOnPush = false })
	rule := func(freq string, filters ...string) inventory.ScanningRule {
		return inventory.ScanningRule{ScanFrequency: freq, Filters: filters}
	}
	runCases(t, ecrImageScanning, []statusCase{
		{"scan on push, basic", both(repository(nil), registry("BASIC")), map[string]Status{"/team/r1": Pass}},
		{"off, no rule", both(off, registry("BASIC")), map[string]Status{"/team/r1": Fail}},
		{"off, basic rule on push", both(off, registry("BASIC", rule("SCAN_ON_PUSH", "team/*"))), map[string]Status{"/team/r1": Pass}},
		{"off, enhanced continuous for all", both(off, registry("ENHANCED", rule("CONTINUOUS_SCAN", "*"))), map[string]Status{"/team/r1": Pass}},
		{"off, a rule for other repositories", both(off, registry("ENHANCED", rule("CONTINUOUS_SCAN", "prod-*"))), map[string]Status{"/team/r1": Fail}},
		{"off, a manual rule", both(off, registry("BASIC", rule("MANUAL", "*"))), map[string]Status{"/team/r1": Fail}},
		{"on, but enhanced ignores it", both(repository(nil), registry("ENHANCED", rule("SCAN_ON_PUSH", "prod-*"))), map[string]Status{"/team/r1": Fail}},
		{"registry unreadable", both(repository(nil), denied("ecr", "us-east-1", "GetRegistryScanningConfiguration", "")),
			map[string]Status{"/team/r1": Unknown, ":ecr:us-east-1:111122223333:*": Unknown}},
		{"listing denied", denied("ecr", "us-east-1", "DescribeRepositories", ""), map[string]Status{":ecr:us-east-1:111122223333:*": Unknown}},
	})
}

func TestECRTagImmutability(t *testing.T) {
	mut := func(m string) func(*inventory.Inventory) {
		return repository(func(r *inventory.Repository) { r.ImageTagMutability = m })
	}
	runCases(t, ecrTagImmutability, []statusCase{
		{"immutable", mut("IMMUTABLE"), map[string]Status{"/team/r1": Pass}},
		{"immutable but for exclusions", mut("IMMUTABLE_WITH_EXCLUSION"), map[string]Status{"/team/r1": Pass}},
		{"mutable", mut("MUTABLE"), map[string]Status{"/team/r1": Fail}},
		{"mutable but for exclusions", mut("MUTABLE_WITH_EXCLUSION"), map[string]Status{"/team/r1": Fail}},
		{"listing denied", denied("ecr", "us-east-1", "DescribeRepositories", ""), map[string]Status{":ecr:us-east-1:111122223333:*": Unknown}},
	})
}

func TestECRPolicyPublic(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("ecr:BatchGetImage") {
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Replace(pc.statement, `,"Resource":"*"`, "", 1) + `]}`
		cases = append(cases, statusCase{pc.name, repository(func(r *inventory.Repository) { r.Policy = doc }), map[string]Status{"/team/r1": pc.want}})
	}
	cases = append(cases,
		statusCase{"no policy", repository(nil), map[string]Status{"/team/r1": Pass}},
		statusCase{"unparsable", repository(func(r *inventory.Repository) { r.Policy = "{" }), map[string]Status{"/team/r1": Unknown}},
		statusCase{"policy unreadable", both(repository(nil), denied("ecr", "us-east-1", "GetRepositoryPolicy", r1ARN)), map[string]Status{"/team/r1": Unknown}},
		statusCase{"listing denied", denied("ecr", "us-east-1", "DescribeRepositories", ""), map[string]Status{":ecr:us-east-1:111122223333:*": Unknown}},
	)
	runCases(t, ecrPolicyPublic, cases)
}

func TestECRLifecyclePolicy(t *testing.T) {
	runCases(t, ecrLifecyclePolicy, []statusCase{
		{"has one", repository(nil), map[string]Status{"/team/r1": Pass}},
		{"none", repository(func(r *inventory.Repository) { r.LifecyclePolicy = "" }), map[string]Status{"/team/r1": Fail}},
		{"unreadable", both(repository(func(r *inventory.Repository) { r.LifecyclePolicy = "" }), denied("ecr", "us-east-1", "GetLifecyclePolicy", r1ARN)), map[string]Status{"/team/r1": Unknown}},
		{"listing denied", denied("ecr", "us-east-1", "DescribeRepositories", ""), map[string]Status{":ecr:us-east-1:111122223333:*": Unknown}},
	})
}
