package attest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

const valid = `attestations:
  - check: org-security-awareness-training
    attested_by: Dana Reyes
    date: 2026-09-01
    expires: 2027-08-31
    evidence: https://wiki.example.com/training
  - control: cis-5.0:1.1
    attested_by: Dana Reyes
    date: 2026-01-10
    expires: 2026-07-10
    evidence: https://wiki.example.com/contacts
  - inherited: physical-access
    attested_by: Sam Okafor
    date: 2026-10-02
    expires: 2027-10-01
    evidence: AWS Artifact SOC 2 Type II report
`

func TestParseErrorsNameTheLine(t *testing.T) {
	entry := func(target string, extra ...string) string {
		lines := append([]string{"attestations:", "  - " + target, "    attested_by: x", "    date: 2026-01-01", "    expires: 2027-01-01", "    evidence: e"}, extra...)
		return strings.Join(lines, "\n") + "\n"
	}
	cases := []struct{ name, yaml, want string }{
		{"automated check", entry("check: ebs-volume-unencrypted"), "line 2: attestations.check: ebs-volume-unencrypted is decided by the account's data"},
		{"unknown check", entry("check: org-security-awarenes-training"), "did you mean `org-security-awareness-training`?"},
		{"checked control", entry("control: cis-5.0:1.5"), "cis-5.0:1.5 is decided by srmscan's checks"},
		{"no such control", entry("control: cis-5.0:9.9"), `cis-5.0 has no control "9.9"`},
		{"no framework", entry("control: 1.1"), `"1.1" is not framework:control`},
		{"unknown framework", entry("control: cis-5:1.1"), `unknown framework "cis-5"`},
		{"unknown inherited", entry("inherited: physical"), `"physical" is not an inherited control`},
		{"two targets", entry("check: org-security-awareness-training", "    inherited: environmental"), "line 2: attestations: name exactly one of check, control or inherited"},
		{"bad date", strings.Replace(entry("inherited: environmental"), "2026-01-01", "last spring", 1), `line 4: attestations.date: "last spring" is not a date`},
		{"expires first", strings.Replace(entry("inherited: environmental"), "2027-01-01", "2025-01-01", 1), "line 5: attestations.expires: 2025-01-01 is before the attestation's date"},
		{"no evidence", strings.Replace(entry("inherited: environmental"), "    evidence: e\n", "", 1), "evidence is required"},
		{"unknown key", entry("inherited: environmental", "    attested_on: 2026-01-01"), "line 7: attestations.attested_on: unknown key"},
		{"twice", valid + "  - inherited: physical-access\n    attested_by: x\n    date: 2026-01-01\n    expires: 2027-01-01\n    evidence: e\n", "inherited physical-access is attested twice (first at a.yaml:12)"},
		{"second document", valid + "---\nattestations: []\n", "a second YAML document"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("a.yaml", []byte(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	path := filepath.Join(t.TempDir(), "att.yaml")
	os.WriteFile(path, []byte(cases[0].yaml), 0o600)
	if _, err := Load(path); err == nil || !strings.HasPrefix(err.Error(), path+": line 2") {
		t.Errorf("Load error %v does not start with the file and line", err)
	}
}

func demoReport(status checks.Status) *report.Report {
	inv := &inventory.Inventory{AccountID: "111122223333", Regions: []string{"us-east-1"}}
	f := checks.Finding{CheckID: "org-security-awareness-training", AccountID: "111122223333", Status: status,
		Severity: checks.Info, ControlCategory: checks.Shared, Service: "iam", ResourceARN: "arn:aws:iam::111122223333:root"}
	return report.New(report.Tool{}, inv, []checks.Finding{f})
}

func TestApply(t *testing.T) {
	entries, err := Parse("a.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		now       time.Time
		check     checks.Status
		checkSt   string
		control   string
		inherited string
	}{
		// The control's attestation ran to 2026-07-10 inclusive.
		{"all current", time.Date(2026, 7, 10, 23, 0, 0, 0, time.UTC), checks.Pass, checks.Attested, "pass", checks.Attested},
		{"control expired", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), checks.Pass, checks.Attested, "fail", checks.Attested},
		{"all expired", time.Date(2027, 10, 2, 0, 0, 0, 0, time.UTC), checks.Fail, checks.Expired, "fail", checks.Expired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := demoReport(checks.Manual)
			Apply(r, entries, c.now)
			f := r.Findings[0]
			if f.Status != c.check || f.Attestation == nil || f.Attestation.State != c.checkSt || f.Attestation.Source != "a.yaml:2" {
				t.Fatalf("finding %+v %+v, want %s (%s)", f.Status, f.Attestation, c.check, c.checkSt)
			}
			if r.Summary.ByStatus.Manual != 0 || (c.check == checks.Pass) != (r.Summary.ByStatus.Pass == 1) {
				t.Errorf("summary not recounted: %+v", r.Summary.ByStatus)
			}
			var control string
			for _, fw := range r.Compliance {
				for _, ctl := range fw.Controls {
					if fw.Framework == "cis-5.0" && ctl.ID == "1.1" {
						control = string(ctl.Status)
						if ctl.Attestation == nil {
							t.Error("the control's status does not carry its attestation")
						}
					}
				}
			}
			if control != c.control {
				t.Errorf("cis-5.0 1.1 is %q, want %q", control, c.control)
			}
			if len(r.Attestations) != 3 || r.Attestations[2].Kind != report.AttestInherited || r.Attestations[2].State != c.inherited {
				t.Errorf("report attestations %+v", r.Attestations)
			}
		})
	}
}

func TestApplyLeavesDecidedFindingsAlone(t *testing.T) {
	entries, err := Parse("a.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	// An unknown finding (the account could not be read) is not turned
	// into a pass by a person's word.
	r := demoReport(checks.Unknown)
	Apply(r, entries, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if f := r.Findings[0]; f.Status != checks.Unknown || f.Attestation != nil {
		t.Errorf("unknown finding became %s with %+v", f.Status, f.Attestation)
	}
}
