package scanner

import (
	"context"
	"net/http/httptest"
	"runtime/debug"
	"sync/atomic"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/memwatch"
	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/inventory"
)

// syntheticOrg is n copies of the synthetic account at scale, each under
// its own account ID.
func syntheticOrg(t *testing.T, n int, scale float64) []*inventory.Inventory {
	t.Helper()
	sz := synth.Large().Scale(scale)
	// Three regions: the resources of seventeen, in a sixth of the
	// per-region listing calls.
	sz.Regions = 3
	accts, err := synth.Organization(3, sz, n)
	if err != nil {
		t.Fatal(err)
	}
	return accts
}

// An organization scanned with OnAccount releasing each account's
// inventory holds the inventories of the accounts in flight, not of the
// whole organization: the streamed scan's peak heap growth is a fraction
// of the retaining scan's, which the design before OnAccount (every
// inventory kept until the end) cannot meet.
func TestScanAccountsReleasesEachAccount(t *testing.T) {
	if testing.Short() {
		t.Skip("scans an organization of 16 synthetic accounts")
	}
	const n, inFlight = 16, 2
	accts := syntheticOrg(t, n, 0.03)
	org, err := emulator.NewOrg(accts, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	cfg := testConfig(hs.URL)
	// One transport for every client, as the config loader gives a real
	// scan: a client of its own per service, region and account would hold
	// thousands of idle connections open.
	cfg.HTTPClient = awshttp.NewBuildableClient()
	caller, err := Identify(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range accts {
		ids = append(ids, a.AccountID)
	}
	// Collect garbage often, so the live heap is sampled often.
	defer debug.SetGCPercent(debug.SetGCPercent(25))

	growth := func(onAccount func(*inventory.Inventory) *inventory.Inventory) (uint64, []*inventory.Inventory) {
		stop := memwatch.Growth()
		invs := ScanAccounts(context.Background(), cfg, Targets{Caller: caller, Accounts: ids, RoleName: "audit"},
			Options{AccountsInFlight: inFlight, OnAccount: onAccount})
		return stop(), invs
	}
	retained, full := growth(nil)
	var resources int
	for _, inv := range full {
		if !inv.Complete() {
			t.Fatalf("account %s: %v", inv.AccountID, inv.Errors)
		}
		resources += synth.Count(inv)
	}
	full = nil
	var evaluated atomic.Int64
	streamed, shells := growth(func(inv *inventory.Inventory) *inventory.Inventory {
		evaluated.Add(int64(synth.Count(inv)))
		return inv.Shell()
	})
	t.Logf("%d accounts, %d resources: heap growth %d MiB keeping every inventory, %d MiB releasing each (%d in flight)",
		n, resources, retained>>20, streamed>>20, inFlight)
	if int(evaluated.Load()) != resources || len(shells) != n {
		t.Fatalf("OnAccount saw %d resources in %d accounts, want %d in %d", evaluated.Load(), len(shells), resources, n)
	}
	for _, s := range shells {
		if !s.Complete() || synth.Count(s) != 0 || s.AccountID == "" || len(s.Regions) == 0 {
			t.Errorf("shell of %s: complete %v, %d resources, regions %v", s.AccountID, s.Complete(), synth.Count(s), s.Regions)
		}
	}
	// Measured 15 MiB against 35 (the accounts in flight, and the SDK's
	// and the in-process emulator's working memory, against all sixteen
	// inventories); two thirds leaves room for the GC's sampling.
	if streamed*3 > retained*2 {
		t.Errorf("releasing each account grew the live heap by %d bytes, keeping them all by %d: want under two thirds", streamed, retained)
	}
}
