package report

import (
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
)

// The Compliance section: one panel per framework, chosen from a list, each
// control linking to the findings of the checks that decide it.

type frameworkHTML struct {
	ID, Name, Version string
	Summary           compliance.Counts
	Percent           string
	Tiles             []statusTile
	Sections          []sectionHTML
	Controls          []controlHTML
}

type sectionHTML struct {
	Name    string
	Counts  compliance.Counts
	Percent string
}

type controlHTML struct {
	ID, Title, Status, StatusLabel string
	Level                          int
	Checks                         string
	Reason                         string
	// Related are the framework's related requirements (NIST SP 800-53,
	// PCI DSS), for a reader to follow.
	Related string
	// Href is the findings table filtered to the control's checks; empty
	// for a control no check decides.
	Href        string
	Findings    int
	Attestation *checks.Attestation
}

var complianceLabels = map[compliance.Status]string{
	compliance.Pass: "Pass", compliance.Fail: "Fail", compliance.Unknown: "Unknown", compliance.Manual: "Manual",
	compliance.NotChecked: "Not checked", compliance.NotApplicable: "Not applicable",
}

func percentText(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*p, 'f', 1, 64) + "%"
}

func frameworksHTML(r *Report) []frameworkHTML {
	var out []frameworkHTML
	for _, f := range compliance.Frameworks() {
		v := r.ComplianceView(f)
		fh := frameworkHTML{ID: v.Framework, Name: v.Name, Version: v.Version, Summary: v.Summary, Percent: percentText(v.Summary.Percent)}
		s := v.Summary
		for _, st := range compliance.Statuses {
			n := map[compliance.Status]int{compliance.Pass: s.Pass, compliance.Fail: s.Fail, compliance.Unknown: s.Unknown,
				compliance.Manual: s.Manual, compliance.NotChecked: s.NotChecked, compliance.NotApplicable: s.NotApplicable}[st]
			fh.Tiles = append(fh.Tiles, statusTile{string(st), complianceLabels[st], n})
		}
		for _, sec := range v.Sections {
			fh.Sections = append(fh.Sections, sectionHTML{Name: sec.Section, Counts: sec.Counts, Percent: percentText(sec.Percent)})
		}
		for _, c := range v.Controls {
			ch := controlHTML{ID: c.ID, Title: c.Title, Status: string(c.Status), StatusLabel: complianceLabels[c.Status],
				Level: c.Level, Checks: strings.Join(c.Checks, ", "), Reason: c.Reason, Attestation: c.Attestation, Related: strings.Join(c.Related, ", "),
				Findings: c.Findings.Pass + c.Findings.Fail + c.Findings.Unknown + c.Findings.Manual}
			if len(c.Checks) > 0 {
				ch.Href = fragment("check", strings.Join(c.Checks, ","))
			}
			fh.Controls = append(fh.Controls, ch)
		}
		out = append(out, fh)
	}
	return out
}

// inheritedItem is an inherited control with the user's attestation of
// AWS's evidence for it, if any.
type inheritedItem struct {
	checks.InheritedControl
	Attestation *checks.Attestation
}
