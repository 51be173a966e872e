package compliance

import (
	"math"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/checks"
)

// Status is a control's status in a report.
type Status string

// Control statuses. The first four carry the finding statuses up to the
// control; the last two say why there is no verdict.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Unknown Status = "unknown"
	// Manual: the framework leaves the control to people and srmscan has
	// no check for it, or its only check is one the user attests.
	Manual Status = "manual"
	// NotChecked: no check decides the control (a gap), or its checks'
	// services were left out of the scan.
	NotChecked Status = "not-checked"
	// NotApplicable: the checks ran and found nothing to judge, e.g. no RDS
	// instances. Not a pass: srmscan saw no evidence either way.
	NotApplicable Status = "not-applicable"
)

// Statuses lists every status in the order views print them.
var Statuses = []Status{Pass, Fail, Unknown, Manual, NotChecked, NotApplicable}

// View is a framework's view of one report.
type View struct {
	Framework string          `json:"framework"`
	Name      string          `json:"name"`
	Version   string          `json:"version"`
	Summary   Counts          `json:"summary"`
	Sections  []SectionView   `json:"sections"`
	Controls  []ControlResult `json:"controls"`
}

// SectionView counts one section's controls.
type SectionView struct {
	Section string `json:"section"`
	Counts
}

// Counts counts controls per status. Percent is the share of pass among
// pass, fail and unknown: unknown counts against the framework because
// nothing shows the control is met. It is nil when none of the three
// occurs.
type Counts struct {
	Total         int      `json:"total"`
	Pass          int      `json:"pass"`
	Fail          int      `json:"fail"`
	Unknown       int      `json:"unknown"`
	Manual        int      `json:"manual"`
	NotChecked    int      `json:"not_checked"`
	NotApplicable int      `json:"not_applicable"`
	Percent       *float64 `json:"percent"`
}

func (c *Counts) add(s Status) {
	c.Total++
	switch s {
	case Pass:
		c.Pass++
	case Fail:
		c.Fail++
	case Unknown:
		c.Unknown++
	case Manual:
		c.Manual++
	case NotChecked:
		c.NotChecked++
	case NotApplicable:
		c.NotApplicable++
	}
}

func (c *Counts) finish() {
	if n := c.Pass + c.Fail + c.Unknown; n > 0 {
		p := math.Round(float64(c.Pass)/float64(n)*1000) / 10
		c.Percent = &p
	}
}

// ControlResult is one control's status and the findings behind it.
type ControlResult struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Section   string   `json:"section"`
	Level     int      `json:"level,omitempty"`
	Automated bool     `json:"automated"`
	Status    Status   `json:"status"`
	Checks    []string `json:"checks"`
	// Findings counts the checks' findings per status.
	Findings FindingCounts `json:"findings"`
	// Reason says why there is no verdict: the gap, or the services left
	// out of the scan.
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
	// Related are the framework publisher's references to other
	// frameworks (aws-fsbp: NIST SP 800-53 r5, PCI DSS v4.0.1), for a
	// reader to follow; srmscan does not judge them.
	Related []string `json:"related,omitempty"`
	// Attestation is the user's record for a control no check decides.
	Attestation *checks.Attestation `json:"attestation,omitempty"`
}

// FindingCounts counts findings per status.
type FindingCounts struct {
	Pass    int `json:"pass"`
	Fail    int `json:"fail"`
	Unknown int `json:"unknown"`
	Manual  int `json:"manual"`
}

// Add counts one finding of status s.
func (c *FindingCounts) Add(s checks.Status) {
	switch s {
	case checks.Pass:
		c.Pass++
	case checks.Fail:
		c.Fail++
	case checks.Unknown:
		c.Unknown++
	case checks.Manual:
		c.Manual++
	}
}

// Evaluate computes f's view of a report's findings. scanned reports
// whether a service was in the scan's scope (report.Scan.Scanned).
//
// A suppressed or baselined failure still fails its control: those accept
// the risk for the gate, they do not meet the control.
func Evaluate(f Framework, findings []checks.Finding, scanned func(service string) bool) View {
	return EvaluateCounts(f, CountChecks(findings), scanned)
}

// CountChecks counts each check's findings per status.
func CountChecks(findings []checks.Finding) map[string]*FindingCounts {
	byCheck := map[string]*FindingCounts{}
	for i := range findings {
		c := byCheck[findings[i].CheckID]
		if c == nil {
			c = &FindingCounts{}
			byCheck[findings[i].CheckID] = c
		}
		c.Add(findings[i].Status)
	}
	return byCheck
}

// EvaluateCounts is Evaluate from each check's findings counted per
// status, which is all a view needs: a report too large for memory is
// counted as its findings pass.
func EvaluateCounts(f Framework, byCheck map[string]*FindingCounts, scanned func(service string) bool) View {
	service := map[string]string{}
	for _, c := range checks.All() {
		service[c.ID] = c.Service
	}

	v := View{Framework: f.ID, Name: f.Name, Version: f.Version, Controls: []ControlResult{}}
	sections := map[string]*Counts{}
	for _, c := range f.Controls {
		r := ControlResult{ID: c.ID, Title: c.Title, Section: c.Section, Level: c.Level, Automated: c.Automated,
			Checks: slices.Clone(c.Checks), Note: c.Note, Related: slices.Clone(c.Related)}
		if r.Checks == nil {
			r.Checks = []string{}
		}
		var skipped []string
		for _, id := range c.Checks {
			if n := byCheck[id]; n != nil {
				r.Findings.Pass += n.Pass
				r.Findings.Fail += n.Fail
				r.Findings.Unknown += n.Unknown
				r.Findings.Manual += n.Manual
			} else if s := service[id]; !scanned(s) && !slices.Contains(skipped, s) {
				skipped = append(skipped, s)
			}
		}
		r.Status, r.Reason = status(c, r.Findings, skipped)
		v.Controls = append(v.Controls, r)
		v.Summary.add(r.Status)
		sc := sections[c.Section]
		if sc == nil {
			sc = &Counts{}
			sections[c.Section] = sc
		}
		sc.add(r.Status)
	}
	v.Summary.finish()
	for _, name := range f.Sections() {
		sc := sections[name]
		sc.finish()
		v.Sections = append(v.Sections, SectionView{Section: name, Counts: *sc})
	}
	return v
}

// Attest records an attestation of control id, which no check decides: an
// attested control passes, an expired attestation fails it. The counts are
// taken again. It reports whether the view holds such a control.
func (v *View) Attest(id string, a checks.Attestation) bool {
	i := slices.IndexFunc(v.Controls, func(c ControlResult) bool { return c.ID == id })
	if i < 0 || len(v.Controls[i].Checks) > 0 {
		return false
	}
	c := &v.Controls[i]
	c.Attestation = &a
	c.Status, c.Reason = Pass, "attested by "+a.By+" until "+a.Expires
	if a.State != checks.Attested {
		c.Status, c.Reason = Fail, "attestation by "+a.By+" expired on "+a.Expires
	}
	v.recount()
	return true
}

func (v *View) recount() {
	v.Summary = Counts{}
	sections := map[string]*Counts{}
	for _, c := range v.Controls {
		v.Summary.add(c.Status)
		if sections[c.Section] == nil {
			sections[c.Section] = &Counts{}
		}
		sections[c.Section].add(c.Status)
	}
	v.Summary.finish()
	for i := range v.Sections {
		sc := sections[v.Sections[i].Section]
		sc.finish()
		v.Sections[i].Counts = *sc
	}
}

// status decides one control. A control the framework calls Manual but
// srmscan checks takes its checks' verdict: the findings are better
// evidence than an empty attestation.
func status(c Control, n FindingCounts, skipped []string) (Status, string) {
	switch {
	case c.Gap != "" && !c.Automated:
		return Manual, c.Gap
	case c.Gap != "":
		return NotChecked, c.Gap
	case n.Fail > 0:
		return Fail, ""
	case n.Unknown > 0:
		return Unknown, ""
	case n.Manual > 0:
		return Manual, ""
	case n.Pass > 0:
		// A check whose service was skipped has not spoken: the passes of
		// the others do not cover its half.
		if len(skipped) > 0 {
			return NotChecked, "services not scanned: " + strings.Join(skipped, ", ")
		}
		return Pass, ""
	case len(skipped) > 0:
		return NotChecked, "services not scanned: " + strings.Join(skipped, ", ")
	}
	return NotApplicable, "the checks found no resources to judge"
}
