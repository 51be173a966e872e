package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
	"github.com/srmscan/srmscan/scanner"
)

// An organization: -accounts copies of the synthetic account, each under
// its own account ID, scanned as `scan --org` would (AssumeRole into each
// member, -accounts-in-flight at once under one call limit), then
// evaluated and written as one report. -keep scans the way srmscan did
// before accounts were streamed: every inventory kept until the end.

// orgAccounts makes the organization's accounts: the synthetic account
// rewritten under each ID (its ARNs and policies name the account).
func orgAccounts(f flags) ([]*inventory.Inventory, error) {
	var buf bytes.Buffer
	if err := synth.Account(f.seed, synth.Large().Scale(f.scale)).WriteJSON(&buf); err != nil {
		return nil, err
	}
	var accts []*inventory.Inventory
	for i := range f.accounts {
		id := fmt.Sprintf("%012d", 100000000000+i)
		inv, err := inventory.Parse(bytes.ReplaceAll(buf.Bytes(), []byte(synth.AccountID), []byte(id)))
		if err != nil {
			return nil, err
		}
		accts = append(accts, inv)
	}
	return accts, nil
}

func startOrgEndpoint(f flags) (*endpoint, error) {
	accts, err := orgAccounts(f)
	if err != nil {
		return nil, err
	}
	org, err := emulator.NewOrg(accts, emulator.Options{Latency: f.latency, Seed: f.seed})
	if err != nil {
		return nil, err
	}
	resources := 0
	for _, a := range accts {
		resources += synth.Count(a)
	}
	url, stop, err := listen(org)
	if err != nil {
		return nil, err
	}
	return &endpoint{
		url: url,
		finish: func() (seen, error) {
			stop()
			return seen{Regions: len(accts[0].Regions), Resources: resources}, nil
		},
	}, nil
}

func benchOrg(f flags) error {
	start := time.Now()
	ep, err := child(f)
	if err != nil {
		return err
	}
	ready := time.Since(start)
	cfg := scanConfig(ep.url)
	ctx := context.Background()
	caller, err := scanner.Identify(ctx, cfg)
	if err != nil {
		return err
	}
	var ids []string
	for i := range f.accounts {
		ids = append(ids, fmt.Sprintf("%012d", 100000000000+i))
	}
	heap := watchHeap()
	defer heap.close()
	opts := scanner.Options{Concurrency: f.concurrency, Limit: scanner.NewCallLimit(f.concurrency), AccountsInFlight: f.inFlight,
		Now: func() time.Time { return synth.Now }}
	list, ccfg := checks.All(), checks.DefaultConfig()
	var mu sync.Mutex
	found := map[string][]checks.Finding{}
	if !f.keep {
		opts.OnAccount = func(inv *inventory.Inventory) *inventory.Inventory {
			fs := checks.Run(inv, list, ccfg)
			mu.Lock()
			found[inv.AccountID] = fs
			mu.Unlock()
			return inv.Shell()
		}
	}
	begin := time.Now()
	invs := scanner.ScanAccounts(ctx, cfg, scanner.Targets{Caller: caller, Accounts: ids, RoleName: "audit"}, opts)
	findings := make([][]checks.Finding, len(invs))
	total, errs := 0, 0
	for i, inv := range invs {
		if f.keep {
			findings[i] = checks.Run(inv, list, ccfg)
		} else {
			findings[i] = found[inv.AccountID]
		}
		for _, n := range inv.APICalls {
			total += n
		}
		errs += len(inv.Errors)
	}
	rep := report.NewAccounts(report.Tool{Name: "srmscan", Version: "bench"}, caller.AccountID, caller.ARN, invs, findings)
	cw := &countWriter{}
	if err := report.JSON(cw, rep); err != nil {
		return err
	}
	wall := time.Since(begin)
	peakHeap := heap.phase()
	s, err := ep.finish()
	if err != nil {
		return fmt.Errorf("reading the endpoint's count: %w", err)
	}
	w := os.Stdout
	design := fmt.Sprintf("each account evaluated and released as it ends, %d in flight", f.inFlight)
	if f.keep {
		design = fmt.Sprintf("every inventory kept to the end (the design before streaming), %d in flight", f.inFlight)
	}
	fmt.Fprintf(w, "synthetic organization: %d accounts of scale %g (%d resources in all; endpoint ready in %s)\n",
		f.accounts, f.scale, s.Resources, ready.Round(time.Millisecond))
	fmt.Fprintf(w, "%s; latency %s, concurrency %d, %d CPUs\n\n", design, f.latency, f.concurrency, runtime.NumCPU())
	bound := time.Duration(float64(total) * float64(f.latency) / float64(f.concurrency))
	fmt.Fprintf(w, "wall time (scan, evaluation, report) %8.2f s\n", wall.Seconds())
	fmt.Fprintf(w, "lower bound                          %8.2f s   (%d calls × %s ÷ %d)\n", bound.Seconds(), total, f.latency, f.concurrency)
	if bound > 0 {
		fmt.Fprintf(w, "wall / lower bound                   %8.3f\n", wall.Seconds()/bound.Seconds())
	}
	fmt.Fprintf(w, "collection errors                    %8d\n", errs)
	fmt.Fprintf(w, "findings                             %8d   (report.json %.1f MiB)\n", rep.Summary.Total, float64(cw.n)/(1<<20))
	fmt.Fprintf(w, "peak RSS, scanner                    %8.1f MiB\n", mib(peakRSS("self")))
	fmt.Fprintf(w, "peak Go heap                         %8.1f MiB (live objects, sampled every 5 ms)\n", mib(peakHeap))
	return nil
}
