package scanner

import (
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// sentTo counts the requests the endpoint itself saw for one operation
// in one region: the client's own count could miss a layer that answered
// without sending.
func sentTo(srv *emulator.Server, service, operation, region string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Service == service && c.Operation == operation && c.Region == region {
			n++
		}
	}
	return n
}

// keyARNs are the KMS keys an inventory holds in a region.
func keyARNs(inv *inventory.Inventory, region string) []string {
	var arns []string
	for _, k := range inv.KMS.Keys {
		if k.Region == region {
			arns = append(arns, k.ARN)
		}
	}
	return arns
}

// KMS lists its aliases, then its keys, in one job: whether ListKeys is
// sent after ListAliases failed shows whether the breaker opened, without
// depending on how concurrent calls interleave.
func TestRetriesFitTheFailure(t *testing.T) {
	acct := loadAccount(t, loggingAccount)
	clean, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	if !clean.Complete() {
		t.Fatalf("clean scan: %v", clean.Errors)
	}
	const region = "eu-west-1"
	if len(keyARNs(clean, region)) == 0 {
		t.Fatalf("the account has no keys in %s to list", region)
	}
	aliases := []emulator.Rule{{Service: "kms", Operation: "ListAliases", Region: region}}
	empty := func([]byte) []byte { return nil }
	for _, tc := range []struct {
		name string
		opts emulator.Options
		kind inventory.ErrorKind
		// attempts is how many ListAliases requests the endpoint should
		// see (testConfig allows 10).
		attempts int
		// opens: ListKeys is then never sent, and fails with ListAliases'
		// error.
		opens bool
		// keysFail: ListKeys is sent and fails on its own, as ListAliases
		// did (the endpoint lacks both).
		keysFail bool
	}{
		// The case of moto without IAM Access Analyzer, and of a proxy
		// that blocks a service: an HTML page for every call. Each
		// operation is tried twice and fails on its own answer: an HTML
		// page for one says nothing of the others.
		{name: "service not implemented", kind: inventory.ErrMalformed, attempts: 2, keysFail: true,
			opts: emulator.Options{Unimplemented: []emulator.Rule{{Service: "kms", Region: region}}}},
		// A 500 in the service's own words may pass: the whole budget,
		// then the breaker.
		{name: "server error", kind: inventory.ErrService, attempts: 10, opens: true,
			opts: emulator.Options{Fail: aliases}},
		// Not the protocol: retried once, and only this operation's
		// breaker opens.
		{name: "server error cut short", kind: inventory.ErrMalformed, attempts: 2,
			opts: emulator.Options{Fail: aliases, Garble: []emulator.Garble{{Rule: aliases[0], Body: emulator.Truncate}}}},
		// A damaged answer of a 2xx is about that answer: the SDK does
		// not retry it, and it opens nothing.
		{name: "truncated answer", kind: inventory.ErrMalformed, attempts: 1,
			opts: emulator.Options{Garble: []emulator.Garble{{Rule: aliases[0], Body: emulator.Truncate}}}},
		{name: "not JSON", kind: inventory.ErrMalformed, attempts: 1,
			opts: emulator.Options{Garble: []emulator.Garble{{Rule: aliases[0], Body: emulator.NotXML}}}},
		{name: "empty server error", kind: inventory.ErrMalformed, attempts: 2,
			opts: emulator.Options{Fail: aliases, Garble: []emulator.Garble{{Rule: aliases[0], Body: empty}}}},
		// What retries are for: the whole budget, and the service's other
		// calls go ahead.
		{name: "throttled", kind: inventory.ErrThrottled, attempts: 10,
			opts: emulator.Options{Throttle: aliases}},
		{name: "connection dropped", kind: inventory.ErrNetwork, attempts: 10,
			opts: emulator.Options{Drop: aliases}},
		// One denied action says nothing of the others.
		{name: "access denied", kind: inventory.ErrAccessDenied, attempts: 1,
			opts: emulator.Options{Deny: aliases}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv, srv := scanAccount(t, acct, tc.opts, Options{Regions: acct.Regions})
			if n := sentTo(srv, "kms", "ListAliases", region); n != tc.attempts {
				t.Errorf("ListAliases sent %d times, want %d", n, tc.attempts)
			}
			want := []inventory.CollectionError{{Service: "kms", Region: region, Operation: "ListAliases", Kind: tc.kind}}
			if tc.opens || tc.keysFail {
				want = append(want, inventory.CollectionError{Service: "kms", Region: region, Operation: "ListKeys", Kind: tc.kind})
			}
			if len(inv.Errors) != len(want) {
				t.Fatalf("errors = %v\nwant %v", inv.Errors, want)
			}
			for i, got := range inv.Errors {
				w := want[i]
				w.Message, w.Code = got.Message, got.Code
				if got != w {
					t.Errorf("error = %+v\nwant %+v", got, w)
				}
			}
			listKeys := sentTo(srv, "kms", "ListKeys", region)
			switch {
			case tc.keysFail:
				if listKeys != 2 || strings.Contains(inv.Errors[1].Message, "not sent") || len(keyARNs(inv, region)) != 0 {
					t.Errorf("ListKeys sent %d times (%q), keys %v; want it tried twice on its own and no keys", listKeys, inv.Errors[1].Message, keyARNs(inv, region))
				}
			case tc.opens:
				if listKeys != 0 {
					t.Errorf("ListKeys sent %d times after ListAliases failed for good; want none", listKeys)
				}
				first, second := inv.Errors[0].Message, inv.Errors[1].Message
				if !strings.HasPrefix(second, strings.TrimSuffix(first, " (retries exhausted)")) || !strings.Contains(second, "not sent: ListAliases") {
					t.Errorf("ListKeys' error %q does not repeat ListAliases' %q and say it was not sent", second, first)
				}
				if len(keyARNs(inv, region)) != 0 {
					t.Errorf("keys collected in %s although ListKeys was not sent", region)
				}
			case listKeys == 0 || !slices.Equal(keyARNs(inv, region), keyARNs(clean, region)):
				t.Errorf("ListKeys sent %d times, keys %v; want the keys %v", listKeys, keyARNs(inv, region), keyARNs(clean, region))
			}
			// A breaker is per region: the others are read in full.
			for _, r := range acct.Regions {
				if r != region && !slices.Equal(keyARNs(inv, r), keyARNs(clean, r)) {
					t.Errorf("keys in %s: %v, want %v", r, keyARNs(inv, r), keyARNs(clean, r))
				}
			}
			assertNoPassOnFailedData(t, inv)
		})
	}
}

// Every call of a service the endpoint does not implement is tried at
// most twice, whatever runs concurrently, and each is recorded as failed
// under its own name.
func TestUnimplementedServiceAcrossOperations(t *testing.T) {
	acct := wholeAccount(t)
	const region = "eu-west-1"
	inv, srv := scanAccount(t, acct, emulator.Options{Unimplemented: []emulator.Rule{{Service: "ec2", Region: region}}}, Options{Regions: acct.Regions})
	sent := map[string]int{}
	for _, c := range srv.Calls() {
		if c.Service == "ec2" && c.Region == region {
			sent[c.Operation]++
		}
	}
	failed := map[string]bool{}
	for _, e := range inv.Errors {
		if e.Service != "ec2" || e.Region != region || e.Kind != inventory.ErrMalformed {
			t.Errorf("unexpected error %v", e)
		}
		failed[e.Operation] = true
	}
	for op, n := range sent {
		if n > 2 {
			t.Errorf("%s sent %d times, want at most 2", op, n)
		}
		if !failed[op] {
			t.Errorf("%s was sent and answered with HTML, but is not recorded as failed", op)
		}
	}
	// The listings the region's job starts with, sent or not.
	for _, op := range []string{"DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs", "GetEbsEncryptionByDefault"} {
		if !failed[op] {
			t.Errorf("%s is not recorded as failed", op)
		}
	}
	if len(inv.EC2.SecurityGroups) == 0 {
		t.Error("no security groups from the other regions")
	}
	assertNoPassOnFailedData(t, inv)
}

// An endpoint that lacks one operation of a service it otherwise serves
// (moto serves SSM's documents, not its managed nodes) fails that
// operation alone: the service's other calls in the region are sent and
// answered, whatever order they run in.
func TestUnimplementedOperationLeavesTheOthers(t *testing.T) {
	acct := wholeAccount(t)
	const region = "eu-west-1"
	inv, srv := scanAccount(t, acct, emulator.Options{Unimplemented: []emulator.Rule{{Service: "ec2", Operation: "DescribeFlowLogs", Region: region}}}, Options{Regions: acct.Regions})
	for _, e := range inv.Errors {
		if e.Operation != "DescribeFlowLogs" || e.Region != region || e.Kind != inventory.ErrMalformed {
			t.Errorf("unexpected error %v", e)
		}
	}
	if !slices.ContainsFunc(inv.Errors, func(e inventory.CollectionError) bool { return e.Operation == "DescribeFlowLogs" }) {
		t.Fatal("DescribeFlowLogs answered with HTML is not recorded as failed")
	}
	sent := 0
	for _, c := range srv.Calls() {
		if c.Service == "ec2" && c.Region == region && c.Operation == "DescribeFlowLogs" {
			sent++
		}
	}
	if sent > 2 {
		t.Errorf("DescribeFlowLogs sent %d times, want at most 2", sent)
	}
	if !slices.ContainsFunc(inv.EC2.SecurityGroups, func(g inventory.SecurityGroup) bool { return g.Region == region }) {
		t.Errorf("no security groups from %s: the breaker stopped operations the endpoint serves", region)
	}
	assertNoPassOnFailedData(t, inv)
}
