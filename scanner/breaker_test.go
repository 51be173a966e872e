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
	}{
		// The case of moto without IAM Access Analyzer, and of a proxy
		// that blocks a service: an HTML page for every call.
		{name: "service not implemented", kind: inventory.ErrMalformed, attempts: 2, opens: true,
			opts: emulator.Options{Unimplemented: []emulator.Rule{{Service: "kms", Region: region}}}},
		// A 500 in the service's own words may pass: the whole budget,
		// then the breaker.
		{name: "server error", kind: inventory.ErrService, attempts: 10, opens: true,
			opts: emulator.Options{Fail: aliases}},
		{name: "server error cut short", kind: inventory.ErrMalformed, attempts: 2, opens: true,
			opts: emulator.Options{Fail: aliases, Garble: []emulator.Garble{{Rule: aliases[0], Body: emulator.Truncate}}}},
		// A damaged answer of a 2xx is about that answer: the SDK does
		// not retry it, and it opens nothing.
		{name: "truncated answer", kind: inventory.ErrMalformed, attempts: 1,
			opts: emulator.Options{Garble: []emulator.Garble{{Rule: aliases[0], Body: emulator.Truncate}}}},
		{name: "not JSON", kind: inventory.ErrMalformed, attempts: 1,
			opts: emulator.Options{Garble: []emulator.Garble{{Rule: aliases[0], Body: emulator.NotXML}}}},
		{name: "empty server error", kind: inventory.ErrMalformed, attempts: 2, opens: true,
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
			if tc.opens {
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
			if tc.opens {
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
			} else if listKeys == 0 || !slices.Equal(keyARNs(inv, region), keyARNs(clean, region)) {
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
