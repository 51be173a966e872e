package scanner

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

func orgAccounts(t *testing.T) []*inventory.Inventory {
	t.Helper()
	var accts []*inventory.Inventory
	for i := 1; i <= 3; i++ {
		accts = append(accts, loadAccount(t, fmt.Sprintf("../testdata/accounts/org-%d.yaml", i)))
	}
	return accts
}

// peak wraps a handler and records the most requests it ever had in hand
// at once.
type peak struct {
	h         http.Handler
	now, most atomic.Int64
}

func (p *peak) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.now.Add(1)
	defer p.now.Add(-1)
	for m := p.most.Load(); n > m && !p.most.CompareAndSwap(m, n); m = p.most.Load() {
	}
	p.h.ServeHTTP(w, r)
}

// The accounts are scanned at once, yet --concurrency bounds the whole
// run: one CallLimit, not one per account.
func TestScanAccountsShareOneCallLimit(t *testing.T) {
	accts := orgAccounts(t)
	org, err := emulator.NewOrg(accts, emulator.Options{Latency: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p := &peak{h: org}
	hs := httptest.NewServer(p)
	t.Cleanup(hs.Close)
	cfg := testConfig(hs.URL)
	caller, err := Identify(context.Background(), cfg)
	if err != nil || caller.AccountID != accts[0].AccountID || caller.Partition != "aws" {
		t.Fatalf("caller = %+v, %v", caller, err)
	}
	ids := []string{accts[2].AccountID, accts[1].AccountID, accts[0].AccountID}
	const limit = 3
	invs := ScanAccounts(context.Background(), cfg, Targets{Caller: caller, Accounts: ids, RoleName: "audit"}, Options{Concurrency: limit})
	if len(invs) != 3 {
		t.Fatalf("%d inventories", len(invs))
	}
	for i, inv := range invs {
		if inv.AccountID != accts[i].AccountID || !inv.Complete() || len(inv.EC2.SecurityGroups) != 2 {
			t.Errorf("account %d: %s complete %v, %d groups, errors %v", i, inv.AccountID, inv.Complete(), len(inv.EC2.SecurityGroups), inv.Errors)
		}
		// Entering a member account is one AssumeRole, counted as its call.
		want := 1
		if i == 0 {
			want = 0
		}
		if got := inv.APICalls["STS:AssumeRole"]; got != want {
			t.Errorf("account %d: api_calls has %d AssumeRole, want %d", i, got, want)
		}
	}
	// AssumeRole calls go through the base config, outside any scan's
	// limit; they are one per member account.
	t.Logf("peak %d requests in flight", p.most.Load())
	if got := p.most.Load(); got > limit+2 {
		t.Errorf("%d requests in flight at once, want at most %d (+2 AssumeRole)", got, limit)
	}
}

func TestScanAccountsDeniedRoleIsOneError(t *testing.T) {
	accts := orgAccounts(t)
	org, err := emulator.NewOrg(accts, emulator.Options{Deny: []emulator.Rule{{Service: "sts", Operation: "AssumeRole", Resource: accts[1].AccountID}}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	cfg := testConfig(hs.URL)
	caller := Caller{AccountID: accts[0].AccountID, Partition: "aws"}
	ids := []string{accts[0].AccountID, accts[1].AccountID, accts[2].AccountID, "999988887777"}
	invs := ScanAccounts(context.Background(), cfg, Targets{Caller: caller, Accounts: ids, RoleName: "audit"}, Options{})
	for _, inv := range invs {
		switch inv.AccountID {
		case accts[1].AccountID, "999988887777":
			assertOneError(t, inv.Errors, inventory.CollectionError{
				Service: "sts", Operation: "AssumeRole", ResourceARN: "arn:aws:iam::" + inv.AccountID + ":role/audit",
				Kind: inventory.ErrAccessDenied, Code: "AccessDenied",
			})
		default:
			if !inv.Complete() {
				t.Errorf("account %s: %v", inv.AccountID, inv.Errors)
			}
		}
	}
}

func TestOrgAccountsSkipsSuspended(t *testing.T) {
	accts := orgAccounts(t)
	org, err := emulator.NewOrg(accts, emulator.Options{PageSize: 1}, accts[2].AccountID, "555566667777")
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	ids, err := OrgAccounts(context.Background(), testConfig(hs.URL))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{accts[0].AccountID, accts[1].AccountID}; !slices.Equal(ids, want) {
		t.Errorf("accounts = %v, want %v (ACTIVE only, across pages of one)", ids, want)
	}
}

func TestShards(t *testing.T) {
	for _, bad := range []string{"", "1", "0/2", "3/2", "1/0", "a/b", "-1/2", "1/2/3"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	ids := []string{"111122223331", "111122223332", "111122223333", "123456789012", "444455556666", "000000000001"}
	for _, n := range []int{1, 2, 3, 5} {
		count := map[string]int{}
		for i := 1; i <= n; i++ {
			s, err := ParseShard(fmt.Sprintf("%d/%d", i, n))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if s.Has(id) {
					count[id]++
				}
			}
		}
		for _, id := range ids {
			if count[id] != 1 {
				t.Errorf("N=%d: %s is in %d shards, want exactly 1", n, id, count[id])
			}
		}
	}
}
