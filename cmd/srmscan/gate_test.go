package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/gate"
	"github.com/srmscan/srmscan/report"
)

// The CI gate's exit codes, end to end on the built binary against the
// project's AWS-compatible endpoint.

func TestGateCleanAccountExitsZero(t *testing.T) {
	url := emulate(t, "--account", "../../testdata/accounts/clean.yaml")
	dir := t.TempDir()
	res := srmscan(t, "scan", "--endpoint-url", url, "--regions", "eu-west-1,us-east-1", "--out", dir)
	if res.code != report.ExitOK {
		r, _ := readReport(t, dir)
		t.Fatalf("exit %d, want 0\n%s\ngating: %+v", res.code, res.stderr, r.Gating(checks.High))
	}
	r, _ := readReport(t, dir)
	if !r.Scan.Complete || r.Summary.ByStatus.Pass == 0 {
		t.Errorf("clean scan: complete=%v, summary %+v", r.Scan.Complete, r.Summary.ByStatus)
	}
}

func TestGateBaseline(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base")
	// The baseline saw eu-west-1 only.
	if res := srmscan(t, "scan", "--demo", "--quiet", "--regions", "eu-west-1", "--out", base); res.code != report.ExitFindings {
		t.Fatalf("baseline scan exit %d\n%s", res.code, res.stderr)
	}
	baseline := filepath.Join(base, "report.json")

	// Same scope: every failure is existing, nothing gates.
	same := filepath.Join(dir, "same")
	res := srmscan(t, "scan", "--demo", "--regions", "eu-west-1", "--baseline", baseline, "--out", same)
	if res.code != report.ExitOK {
		t.Fatalf("exit %d with every failure in the baseline, want 0\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, same)
	if r.Gate == nil || r.Gate.Baseline == nil || r.Gate.Baseline.New != 0 || r.Gate.Baseline.Existing != r.Summary.ByStatus.Fail {
		t.Fatalf("gate = %+v, summary %+v", r.Gate, r.Summary.ByStatus)
	}
	for _, f := range r.Findings {
		if f.Status == checks.Fail && f.Baseline != checks.BaselineExisting {
			t.Errorf("failed finding not marked existing: %+v", f)
		}
	}

	// A wider scan finds failures the baseline never had: they gate.
	wider := filepath.Join(dir, "wider")
	res = srmscan(t, "scan", "--demo", "--regions", "eu-west-1,us-east-1", "--baseline", baseline, "--out", wider)
	if res.code != report.ExitFindings || !strings.Contains(res.stderr, "not in the baseline") {
		t.Fatalf("exit %d with new failures, want 1\n%s", res.code, res.stderr)
	}
	r, _ = readReport(t, wider)
	for _, f := range r.Gating(checks.High) {
		if f.Region != "us-east-1" && f.Region != "" {
			t.Errorf("gating finding outside the new region: %+v", f)
		}
	}
	if r.Gate.Baseline.New == 0 {
		t.Error("no finding marked new")
	}

	// diff says the same thing.
	diff := srmscan(t, "diff", baseline, filepath.Join(wider, "report.json"), "--format", "json")
	var d gate.Diff
	if err := json.Unmarshal([]byte(diff.stdout), &d); err != nil || diff.code != report.ExitFindings || len(d.New) != r.Gate.Baseline.New {
		t.Errorf("diff: exit %d, err %v, %d new (report says %d)\n%s", diff.code, err, len(d.New), r.Gate.Baseline.New, diff.stderr)
	}
	if nodiff := srmscan(t, "diff", baseline, filepath.Join(same, "report.json")); nodiff.code != 0 || !strings.HasPrefix(nodiff.stdout, "0 new, 0 resolved") {
		t.Errorf("diff of equal reports: exit %d\n%s", nodiff.code, nodiff.stdout)
	}
}

func TestGateSuppressions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	valid := write("valid.yaml", `suppressions:
  - check: "*"
    reason: accepted for the demo, RISK-1
    expires: 2099-12-31
  - check: ebs-snapshot-public
    resource: "arn:aws:ec2:ap-south-1:*"
    reason: nothing there
    expires: 2099-12-31
`)
	expired := write("expired.yaml", `suppressions:
  - check: "*"
    reason: accepted last year
    expires: 2020-01-31
`)
	out := filepath.Join(dir, "ok")
	res := srmscan(t, "scan", "--demo", "--suppressions", valid, "--out", out)
	if res.code != report.ExitOK {
		t.Fatalf("every failure suppressed: exit %d, want 0\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, out)
	s := r.Gate.Suppressions
	if s.Suppressed != r.Summary.ByStatus.Fail || len(s.Stale) != 1 || s.Stale[0].Source != valid+":5" {
		t.Errorf("suppressions = %+v (fail count %d)", s, r.Summary.ByStatus.Fail)
	}
	for _, f := range r.Findings {
		if f.Status == checks.Fail && (f.Suppression == nil || f.Suppression.Reason != "accepted for the demo, RISK-1") {
			t.Errorf("failed finding not marked suppressed: %+v", f)
		}
	}

	res = srmscan(t, "scan", "--demo", "--suppressions", expired, "--out", filepath.Join(dir, "expired"))
	if res.code != report.ExitFindings || !strings.Contains(res.stderr, "expired on 2020-01-31") {
		t.Errorf("expired suppression: exit %d, want 1 and a warning\n%s", res.code, res.stderr)
	}
}

func TestGateUsageErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("suppressions:\n  - check: ec2-sg-admin-ports-public\n    reason: no expiry\n"), 0o600)
	notReport := filepath.Join(dir, "inv.json")
	os.WriteFile(notReport, []byte("{\n  \"findings\": [\n"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--demo", "--suppressions", bad}, bad + ": line 2: suppressions: expires is required"},
		{[]string{"scan", "--demo", "--baseline", notReport}, "--baseline: " + notReport},
		{[]string{"scan", "--demo", "--fail-on", "severe"}, `--fail-on: unknown severity "severe"`},
		{[]string{"diff", notReport}, "accepts 2 arg"},
		{[]string{"diff", notReport, notReport}, notReport},
	} {
		res := srmscan(t, tc.args...)
		if res.code != report.ExitUsage || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, res.code, res.stderr, tc.want)
		}
	}
}

func TestGateDeniedWithAllowIncomplete(t *testing.T) {
	url := emulate(t, "--deny", "ec2:DescribeInstances@eu-west-1")
	dir := t.TempDir()
	args := []string{"scan", "--endpoint-url", url, "--regions", "eu-west-1,us-east-1", "--out", dir}
	if res := srmscan(t, args...); res.code != report.ExitIncomplete {
		t.Errorf("denied operation: exit %d, want 3", res.code)
	}
	// Allowed incomplete, the gate falls back to the threshold.
	if res := srmscan(t, append(args, "--allow-incomplete")...); res.code != report.ExitFindings {
		t.Errorf("--allow-incomplete at high: exit %d, want 1 (the demo has high failures)", res.code)
	}
	if res := srmscan(t, append(args, "--allow-incomplete", "--fail-on", "none")...); res.code != report.ExitOK {
		t.Errorf("--allow-incomplete --fail-on none: exit %d, want 0", res.code)
	}
}
