package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/report"
)

// TestFailOnControl gates the demo scan on framework controls alone
// (--fail-on none), through the built binary.
func TestFailOnControl(t *testing.T) {
	dir := t.TempDir()
	// CIS v5.0.0 3.1 (multi-region trail) and 1.3 (no root keys) pass in
	// the demo account; 1.5 and the level 1 profile do not.
	if res := srmscan(t, "scan", "--demo", "--quiet", "--out", dir, "--fail-on", "none", "--fail-on-control", "cis-5.0:3.1,cis-5.0:1.3"); res.code != report.ExitOK {
		t.Errorf("passing controls: exit %d\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, dir)
	if g := r.Gate; g == nil || g.Controls == nil || strings.Join(g.Controls.Controls, ",") != "cis-5.0:3.1,cis-5.0:1.3" || len(g.Controls.Failing) != 0 {
		t.Errorf("gate.controls %+v", g)
	}
	res := srmscan(t, "scan", "--demo", "--quiet", "--out", dir, "--fail-on", "none", "--fail-on-control", "cis-5.0:level1")
	if res.code != report.ExitFindings || !strings.Contains(res.stderr, "controls fail: cis-5.0:") {
		t.Errorf("level 1: exit %d\n%s", res.code, res.stderr)
	}
	r, _ = readReport(t, dir)
	var failing []string
	for _, fw := range r.Compliance {
		for _, c := range fw.Controls {
			if fw.Framework == "cis-5.0" && c.Status == compliance.Fail {
				failing = append(failing, c.ID)
			}
		}
	}
	var gated []string
	for _, c := range r.Gate.Controls.Failing {
		gated = append(gated, c.ID)
	}
	cis, _ := compliance.Lookup("cis-5.0")
	var want []string
	for _, c := range cis.Controls {
		if c.Level == 1 && strings.Contains(" "+strings.Join(failing, " ")+" ", " "+c.ID+" ") {
			want = append(want, c.ID)
		}
	}
	if strings.Join(gated, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("level 1 gate failed %v, want the failing level 1 controls %v", gated, want)
	}
	for spec, msg := range map[string]string{
		"cis-5.0:1.99": `srmscan: --fail-on-control: "cis-5.0:1.99": cis-5.0 has no control "1.99"`,
		"CIS-5.0:1.5":  `unknown framework "CIS-5.0" (want cis-5.0, cis-3.0, aws-fsbp); did you mean ` + "`cis-5.0`",
	} {
		if res := srmscan(t, "scan", "--demo", "--quiet", "--out", dir, "--fail-on-control", spec); res.code != 2 || !strings.Contains(res.stderr, msg) {
			t.Errorf("%s: exit %d, stderr %q, want %q", spec, res.code, res.stderr, msg)
		}
	}
}

// TestAttestations records training and a CIS manual control through the
// built binary: the attested check passes, the expired control fails and
// blocks, and a malformed file stops the scan before any AWS call.
func TestAttestations(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "attestations.yaml")
	os.WriteFile(file, []byte(`attestations:
  - check: org-security-awareness-training
    attested_by: Dana Reyes
    date: 2026-09-01
    expires: 2099-08-31
    evidence: https://wiki.example.com/training
  - control: cis-5.0:1.1
    attested_by: Dana Reyes
    date: 2025-01-10
    expires: 2025-07-10
    evidence: https://wiki.example.com/contacts
`), 0o600)
	out := filepath.Join(dir, "out")
	res := srmscan(t, "scan", "--demo", "--quiet", "--out", out, "--format", "json,sarif", "--fail-on", "none", "--attestations", file, "--fail-on-control", "cis-5.0:1.1")
	if res.code != report.ExitFindings || !strings.Contains(res.stderr, file+":7: attestation of control cis-5.0:1.1 expired on 2025-07-10") ||
		!strings.Contains(res.stderr, "cis-5.0:1.1 (attestation expired)") {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, out)
	if len(r.Attestations) != 2 || r.Attestations[0].State != checks.Attested || r.Attestations[1].State != checks.Expired {
		t.Errorf("attestations %+v", r.Attestations)
	}
	for _, f := range r.Findings {
		if f.CheckID == "org-security-awareness-training" && (f.Status != checks.Pass || f.Attestation == nil || f.Attestation.Source != file+":2") {
			t.Errorf("training finding %s %+v", f.Status, f.Attestation)
		}
	}
	if r.Summary.ByStatus.Manual != 0 {
		t.Errorf("manual findings left: %d", r.Summary.ByStatus.Manual)
	}
	v := complianceJSON(t, filepath.Join(out, "report.json"), "cis-5.0")
	for _, c := range v.Controls {
		if c.ID == "1.1" && (c.Status != compliance.Fail || c.Attestation == nil) {
			t.Errorf("compliance command: 1.1 is %s %+v", c.Status, c.Attestation)
		}
	}

	os.WriteFile(file, []byte("attestations:\n  - check: ebs-volume-unencrypted\n    attested_by: x\n    date: 2026-01-01\n    expires: 2027-01-01\n    evidence: e\n"), 0o600)
	res = srmscan(t, "scan", "--demo", "--quiet", "--out", out, "--attestations", file)
	if res.code != 2 || !strings.Contains(res.stderr, "--attestations: "+file+": line 2: attestations.check: ebs-volume-unencrypted is decided by the account's data") ||
		strings.Contains(res.stderr, "collected account") {
		t.Errorf("malformed file: exit %d\n%s", res.code, res.stderr)
	}
}
