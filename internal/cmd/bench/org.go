package main

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/synth"
)

// An organization: -accounts copies of the synthetic account, each under
// its own account ID, scanned as `scan --org` would (AssumeRole into each
// member, -accounts-in-flight at once under one call limit), then
// evaluated and written as one report by the srmscan binary.

func startOrgEndpoint(f flags) (*endpoint, error) {
	accts, err := synth.Organization(f.seed, synth.Large().Scale(f.scale), f.accounts)
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

// benchOrg scans the organization with the srmscan binary (-srmscan, or
// one built from this tree), exactly as a user would: `scan --org`, one
// report.json written. The scanner is its own process, so its peak RSS
// is the kernel's count for it alone, and its heap is read from the Go
// runtime's own trace (GODEBUG=gctrace=1).
func benchOrg(f flags) error {
	start := time.Now()
	ep, err := child(f)
	if err != nil {
		return err
	}
	ready := time.Since(start)
	run, err := runSrmscan(f, ep.url, "--org", "--role-name", "audit", "--accounts-in-flight", fmt.Sprint(f.inFlight))
	s, ferr := ep.finish()
	if err != nil {
		return err
	}
	if ferr != nil {
		return fmt.Errorf("reading the endpoint's count: %w", ferr)
	}
	w := os.Stdout
	fmt.Fprintf(w, "synthetic organization: %d accounts of scale %g (%d resources in all; endpoint ready in %s)\n",
		f.accounts, f.scale, s.Resources, ready.Round(time.Millisecond))
	fmt.Fprintf(w, "srmscan %s scan --org, %d accounts in flight; latency %s, concurrency %d, %d CPUs\n\n", run.version, f.inFlight, f.latency, f.concurrency, runtime.NumCPU())
	run.print(w, f)
	return nil
}
