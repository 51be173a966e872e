package compliance

import (
	"testing"

	"github.com/srmscan/srmscan/checks"
)

func finding(check string, s checks.Status) checks.Finding {
	return checks.Finding{CheckID: check, Status: s}
}

func all(string) bool { return true }

func TestControlStatus(t *testing.T) {
	f := Framework{ID: "test", Controls: []Control{
		{ID: "1", Section: "A", Automated: true, Checks: []string{"iam-root-mfa", "iam-root-access-keys"}},
		{ID: "2", Section: "A", Automated: true, Checks: []string{"iam-root-mfa"}},
		{ID: "3", Section: "A", Automated: true, Checks: []string{"iam-root-access-keys"}},
		{ID: "4", Section: "B", Automated: true, Checks: []string{"rds-instance-public"}},
		{ID: "5", Section: "B", Automated: false, Gap: "people decide"},
		{ID: "6", Section: "B", Automated: true, Gap: "not collected"},
		{ID: "7", Section: "B", Automated: true, Checks: []string{"org-security-awareness-training"}},
		{ID: "8", Section: "B", Automated: true, Checks: []string{"iam-root-mfa", "rds-instance-public"}},
	}}
	findings := []checks.Finding{
		finding("iam-root-mfa", checks.Pass), finding("iam-root-mfa", checks.Pass),
		finding("iam-root-access-keys", checks.Unknown), finding("iam-root-access-keys", checks.Pass),
		finding("org-security-awareness-training", checks.Manual),
	}
	v := Evaluate(f, findings, all)
	want := []Status{Unknown, Pass, Unknown, NotApplicable, Manual, NotChecked, Manual, Pass}
	for i, c := range v.Controls {
		if c.Status != want[i] {
			t.Errorf("control %s: %s (%s), want %s", c.ID, c.Status, c.Reason, want[i])
		}
	}
	if v.Controls[0].Findings != (FindingCounts{Pass: 3, Unknown: 1}) {
		t.Errorf("control 1 findings %+v", v.Controls[0].Findings)
	}

	// One failure anywhere fails the control, whatever else passed or was
	// unknown.
	v = Evaluate(f, append(findings, finding("iam-root-access-keys", checks.Fail)), all)
	if v.Controls[0].Status != Fail || v.Controls[2].Status != Fail || v.Controls[1].Status != Pass {
		t.Errorf("with a failure: %s %s %s", v.Controls[0].Status, v.Controls[1].Status, v.Controls[2].Status)
	}

	// Leaving rds out of the scan turns its silence into not-checked, even
	// next to another check's passes.
	noRDS := func(s string) bool { return s != "rds" }
	v = Evaluate(f, findings, noRDS)
	if c := v.Controls[3]; c.Status != NotChecked || c.Reason != "services not scanned: rds" {
		t.Errorf("control 4 without rds: %s %q", c.Status, c.Reason)
	}
	if c := v.Controls[7]; c.Status != NotChecked {
		t.Errorf("control 8 without rds: %s", c.Status)
	}
}

func TestCounts(t *testing.T) {
	f := Framework{ID: "test", Controls: []Control{
		{ID: "1", Section: "A", Automated: true, Checks: []string{"iam-root-mfa"}},
		{ID: "2", Section: "A", Automated: true, Checks: []string{"iam-root-access-keys"}},
		{ID: "3", Section: "B", Automated: true, Checks: []string{"kms-key-rotation-enabled"}},
		{ID: "4", Section: "B", Automated: true, Gap: "x"},
		{ID: "5", Section: "B", Automated: true, Checks: []string{"rds-instance-public"}},
	}}
	v := Evaluate(f, []checks.Finding{
		finding("iam-root-mfa", checks.Pass), finding("iam-root-access-keys", checks.Fail),
		finding("kms-key-rotation-enabled", checks.Unknown),
	}, all)
	pct := func(c Counts) float64 {
		if c.Percent == nil {
			return -1
		}
		return *c.Percent
	}
	s := v.Summary
	if s.Total != 5 || s.Pass != 1 || s.Fail != 1 || s.Unknown != 1 || s.NotChecked != 1 || s.NotApplicable != 1 || pct(s) != 33.3 {
		t.Errorf("summary %+v (percent %v)", s, pct(s))
	}
	if len(v.Sections) != 2 || v.Sections[0].Section != "A" || pct(v.Sections[0].Counts) != 50 || pct(v.Sections[1].Counts) != 0 {
		t.Errorf("sections %+v", v.Sections)
	}
	if v = Evaluate(Framework{Controls: []Control{{ID: "1", Section: "A", Gap: "x"}}}, nil, all); v.Summary.Percent != nil {
		t.Errorf("percent with nothing judged = %v, want nil", *v.Summary.Percent)
	}
}
