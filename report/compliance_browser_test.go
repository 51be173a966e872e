package report

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
)

// TestHTMLCompliance drives the Compliance section of the demo account's
// report as a reader would: choose a framework from the list, read its
// counts, click a control, see exactly that control's findings.
func TestHTMLCompliance(t *testing.T) {
	b := browser(t)
	r := demoReport(t)
	// An attested control no check decides, and an attested inherited
	// control, as --attestations records them.
	r.Attestations = []Attestation{
		{Kind: AttestControl, Item: "cis-5.0:1.1", Attestation: checks.Attestation{By: "Dana", Date: "2026-09-01", Expires: "2027-08-31", Evidence: "https://wiki.example.com/contacts", Source: "a.yaml:2", State: checks.Attested}},
		{Kind: AttestInherited, Item: "physical-access", Attestation: checks.Attestation{By: "Sam", Date: "2026-10-02", Expires: "2027-10-01", Evidence: "AWS Artifact SOC 2 Type II", Source: "a.yaml:7", State: checks.Attested}},
	}
	for i, f := range r.Findings {
		if f.CheckID == "org-security-awareness-training" {
			r.Findings[i].Status = checks.Pass
			r.Findings[i].Attestation = &checks.Attestation{By: "Dana", Date: "2026-09-01", Expires: "2027-08-31", Evidence: "https://wiki.example.com/training", Source: "a.yaml:12", State: checks.Attested}
		}
	}
	r.Recount()
	pageURL := writePage(t, r)
	ctx, w := tab(t, b)
	do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))

	visible := `Array.from(document.querySelectorAll('.framework')).filter(e => !e.hidden).map(e => e.dataset.framework)`
	if got := eval[[]string](t, ctx, visible); !slices.Equal(got, []string{"cis-5.0"}) {
		t.Fatalf("frameworks shown at load: %v, want cis-5.0 alone", got)
	}
	for _, fw := range r.Compliance {
		// Choose the framework from the list, as a reader would.
		choose(t, ctx, fw.Framework)
		if got := eval[[]string](t, ctx, visible); !slices.Equal(got, []string{fw.Framework}) {
			t.Fatalf("after choosing %s the page shows %v", fw.Framework, got)
		}
		panel := `document.querySelector('.framework[data-framework="` + fw.Framework + `"]')`
		tiles := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(`+panel+`.querySelectorAll('.fw-tiles li')).map(e => [e.dataset.status, e.querySelector('b').textContent]))`)
		s := fw.Summary
		want := map[string]int{"pass": s.Pass, "fail": s.Fail, "unknown": s.Unknown, "manual": s.Manual, "not-checked": s.NotChecked, "not-applicable": s.NotApplicable}
		for st, n := range want {
			if tiles[st] != strconv.Itoa(n) {
				t.Errorf("%s: %s tile shows %q, the report's summary %d", fw.Framework, st, tiles[st], n)
			}
		}
		rows := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(`+panel+`.querySelectorAll('tr.ctl')).map(e => [e.dataset.control, e.dataset.status]))`)
		if len(rows) != len(fw.Controls) {
			t.Errorf("%s: %d control rows, want %d", fw.Framework, len(rows), len(fw.Controls))
		}
		for _, c := range fw.Controls {
			if rows[c.ID] != string(c.Status) {
				t.Errorf("%s %s shows %q, report says %s", fw.Framework, c.ID, rows[c.ID], c.Status)
			}
		}
	}
	cis5 := r.Compliance[slices.IndexFunc(r.Compliance, func(v FrameworkView) bool { return v.Framework == "cis-5.0" })]
	if c := cis5.Controls[slices.IndexFunc(cis5.Controls, func(c ControlStatus) bool { return c.ID == "1.1" })]; c.Status != compliance.Pass {
		t.Errorf("attested CIS 1.1 is %s, want pass", c.Status)
	}
	if txt := eval[string](t, ctx, `document.querySelector('.framework[data-framework="cis-5.0"] tr.ctl[data-control="1.1"] .attested').textContent`); !strings.Contains(txt, "Attested by Dana") {
		t.Errorf("attested control reads %q", txt)
	}
	if txt := eval[string](t, ctx, `document.querySelector('#inherited-physical-access .attested').textContent`); !strings.Contains(txt, "Attested by Sam on 2026-10-02, until 2027-10-01: AWS Artifact SOC 2 Type II") {
		t.Errorf("attested inherited control reads %q", txt)
	}

	if txt := eval[string](t, ctx, `document.querySelector('#shared-awareness-training .attested').textContent`); !strings.Contains(txt, "Attested by Dana on 2026-09-01, until 2027-08-31") {
		t.Errorf("the awareness-training half reads %q", txt)
	}

	// Click a failing CIS v5.0.0 control: the findings table shows exactly
	// its checks' findings, and the link lands in the address.
	choose(t, ctx, "cis-5.0")
	cis, _ := compliance.Lookup("cis-5.0")
	var ctl compliance.Control
	for _, c := range cis.Controls {
		if len(c.Checks) > 1 && r.ComplianceView(cis).Controls[slices.IndexFunc(cis.Controls, func(x compliance.Control) bool { return x.ID == c.ID })].Status == compliance.Fail {
			ctl = c
			break
		}
	}
	if ctl.ID == "" {
		t.Fatal("the demo fails no CIS v5.0.0 control decided by two checks or more")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`.framework[data-framework="cis-5.0"] tr.ctl[data-control="`+ctl.ID+`"] a.ctl-findings`)))
	waitRows(t, ctx, expect(r, func(f checks.Finding) bool { return slices.Contains(ctl.Checks, f.CheckID) }))
	if h := eval[string](t, ctx, `location.hash`); h != "#check="+strings.Join(ctl.Checks, "%2C") {
		t.Errorf("fragment %q after clicking %s", h, ctl.ID)
	}
	if txt := eval[string](t, ctx, `document.getElementById('f-check').hidden ? '' : document.querySelector('#f-check span').textContent`); txt != strings.Join(ctl.Checks, ", ") {
		t.Errorf("the table names the checks it is narrowed to as %q", txt)
	}
	// With the status filter on top, then released.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#f-status .chip[data-value="fail"]`)))
	waitRows(t, ctx, expect(r, func(f checks.Finding) bool { return slices.Contains(ctl.Checks, f.CheckID) && f.Status == checks.Fail }))
	do(t, ctx, chromedp.Click(chromedp.CSS(`#f-check-clear`)))
	// Every failure matches again (the table draws them 100 at a time).
	want := strconv.Itoa(r.Summary.ByStatus.Fail)
	if n := eval[string](t, ctx, `document.getElementById('count').dataset.matching`); n != want {
		t.Errorf("after showing all checks %s findings match, want the %s failures", n, want)
	}
	if h := eval[string](t, ctx, `location.hash`); h != "#status=fail" {
		t.Errorf("fragment %q, want #status=fail", h)
	}
	w.check(t, ctx, pageURL)
}

// choose picks a framework from the list the way a form control changes:
// its value, then the change event.
func choose(t *testing.T, ctx context.Context, framework string) {
	t.Helper()
	eval[bool](t, ctx, `(() => { const s = document.getElementById('fw-select'); s.value = '`+framework+`'; s.dispatchEvent(new Event('change')); return s.value === '`+framework+`'; })()`)
}
