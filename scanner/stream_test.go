package scanner

import (
	"bytes"
	"context"
	"fmt"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/inventory"
)

// syntheticOrg is n copies of the synthetic account at scale, each under
// its own account ID.
func syntheticOrg(t *testing.T, n int, scale float64) []*inventory.Inventory {
	t.Helper()
	var buf bytes.Buffer
	sz := synth.Large().Scale(scale)
	// Three regions: the resources of seventeen, in a sixth of the
	// per-region listing calls.
	sz.Regions = 3
	if err := synth.Account(3, sz).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var accts []*inventory.Inventory
	for i := range n {
		id := fmt.Sprintf("%012d", 100000000000+i)
		inv, err := inventory.Parse(bytes.ReplaceAll(buf.Bytes(), []byte(synth.AccountID), []byte(id)))
		if err != nil {
			t.Fatal(err)
		}
		accts = append(accts, inv)
	}
	return accts
}

// heapPeak samples the live heap (as each garbage collection marks it)
// until stop is called and returns the most it saw. Live, not allocated:
// garbage waiting for the next cycle would measure the GC's pacing.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var most atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > most.Load() {
				most.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return most.Load() }
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
		runtime.GC()
		runtime.GC()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		base := sample[0].Value.Uint64()
		stop := heapPeak()
		invs := ScanAccounts(context.Background(), cfg, Targets{Caller: caller, Accounts: ids, RoleName: "audit"},
			Options{AccountsInFlight: inFlight, OnAccount: onAccount})
		peak := stop()
		if peak < base {
			return 0, invs
		}
		return peak - base, invs
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
