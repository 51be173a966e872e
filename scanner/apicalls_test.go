package scanner

import (
	"maps"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/internal/synth"
)

func received(t *testing.T, srv *emulator.Server) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, c := range srv.Calls() {
		id, ok := SDKServiceID(c.Service)
		if !ok {
			t.Fatalf("emulator service %q has no SDK name in sdkServiceIDs", c.Service)
		}
		out[id+":"+c.Operation]++
	}
	return out
}

// The report's api_calls counts every request sent, retries included: it
// must be what the endpoint received, operation by operation, when many
// requests are throttled or fail and are retried.
func TestAPICallsCountEveryAttempt(t *testing.T) {
	acct := synth.Account(5, synth.Large().Scale(0.01))
	inv, srv := scanAccount(t, acct, emulator.Options{ThrottleRate: 0.15, ServerErrorRate: 0.05, Seed: 9}, Options{})
	if !inv.Complete() {
		t.Fatalf("scan incomplete: %v", inv.Errors)
	}
	want := received(t, srv)
	if !maps.Equal(inv.APICalls, want) {
		t.Errorf("api_calls = %v\nendpoint received %v", inv.APICalls, want)
	}
	retried := 0
	for _, n := range want {
		retried += n
	}
	if clean := synth.MinimumCalls(acct); retried <= total(clean) {
		t.Errorf("%d calls under faults, no more than the %d of a clean scan: nothing was retried", retried, total(clean))
	}
}

func total(m map[string]synth.Minimum) int {
	n := 0
	for _, v := range m {
		n += v.Calls
	}
	return n
}

// A clean scan makes exactly the calls the data it collects requires (see
// synth.MinimumCalls): every page full, nothing read twice, per-resource
// reads only where no listing has the data. An operation without a
// written-down minimum fails too: a new collector says what it costs.
func TestScanMakesTheMinimumCalls(t *testing.T) {
	acct := synth.Account(5, synth.Large().Scale(0.03))
	inv, _ := scanAccount(t, acct, emulator.Options{}, Options{})
	if !inv.Complete() {
		t.Fatalf("scan incomplete: %v", inv.Errors)
	}
	want := synth.MinimumCalls(acct)
	for _, op := range slices.Sorted(maps.Keys(inv.APICalls)) {
		m, ok := want[op]
		switch {
		case !ok:
			t.Errorf("%s: %d calls, and no minimum written down in synth.MinimumCalls", op, inv.APICalls[op])
		case inv.APICalls[op] != m.Calls:
			t.Errorf("%s: %d calls, the data needs %d (%s)", op, inv.APICalls[op], m.Calls, m.Why)
		}
	}
	for _, op := range slices.Sorted(maps.Keys(want)) {
		if _, ok := inv.APICalls[op]; !ok && want[op].Calls > 0 {
			t.Errorf("%s: never called, the minimum says %d", op, want[op].Calls)
		}
	}
}
