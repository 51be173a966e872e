// Package attest reads an attestations file, the user's record that duties
// no API can observe are met (staff training, a framework's manual
// controls, AWS's evidence for the inherited controls), and applies it to a
// report: an attested, unexpired item counts as met, an expired one as not
// met.
package attest

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/internal/strictyaml"
	"github.com/srmscan/srmscan/report"
)

// Entry is one attestation. Exactly one of Check, Control and Inherited
// names what is attested.
type Entry struct {
	Check     string `yaml:"check" desc:"a manual check's ID"`
	Control   string `yaml:"control" desc:"a framework control no check decides, as framework:id (cis-5.0:1.1)"`
	Inherited string `yaml:"inherited" desc:"an inherited control's ID (physical-access)"`
	By        string `yaml:"attested_by" desc:"who attests"`
	Date      string `yaml:"date" desc:"the day of the attestation (YYYY-MM-DD)"`
	Expires   string `yaml:"expires" desc:"the last day it holds (YYYY-MM-DD)"`
	Evidence  string `yaml:"evidence" desc:"a link to, or the name of, the evidence"`

	// Source is "file:line".
	Source string `yaml:"-"`
	until  time.Time
}

// Load reads an attestations file. Every error names the file and the line
// of the offending entry.
func Load(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	e, err := Parse(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return e, nil
}

// Parse reads an attestations file from memory; name is used in each
// entry's Source.
func Parse(name string, data []byte) ([]Entry, error) {
	var file struct {
		Attestations []Entry `yaml:"attestations" desc:"a list of entries (- check: ..., attested_by: ..., date: ..., expires: ..., evidence: ...)"`
	}
	at, err := strictyaml.Decode(data, &file)
	if err != nil {
		return nil, err
	}
	out := file.Attestations
	seen := map[string]string{}
	for i := range out {
		e := &out[i]
		entry := fmt.Sprintf("attestations[%d]", i)
		e.Source = fmt.Sprintf("%s:%d", name, at.Line(entry))
		if key, err := e.validate(); err != nil {
			return nil, at.Errorf(entry+key, "%v", err)
		}
		kind, item := e.target()
		if prev, dup := seen[kind+" "+item]; dup {
			return nil, at.Errorf(entry, "%s %s is attested twice (first at %s): keep the current attestation only", kind, item, prev)
		}
		seen[kind+" "+item] = e.Source
	}
	return out, nil
}

func (e *Entry) target() (kind, item string) {
	switch {
	case e.Check != "":
		return report.AttestCheck, e.Check
	case e.Control != "":
		return report.AttestControl, e.Control
	}
	return report.AttestInherited, e.Inherited
}

// validate returns, with an error, the key it is about ("" for the entry).
func (e *Entry) validate() (string, error) {
	named := 0
	for _, v := range []string{e.Check, e.Control, e.Inherited} {
		if v != "" {
			named++
		}
	}
	if named != 1 {
		return "", errors.New("name exactly one of check, control or inherited")
	}
	switch {
	case strings.TrimSpace(e.By) == "":
		return "", errors.New("attested_by is required: say who attests")
	case e.Date == "":
		return "", errors.New("date is required (YYYY-MM-DD)")
	case e.Expires == "":
		return "", errors.New("expires is required (YYYY-MM-DD): attestations are renewed")
	case strings.TrimSpace(e.Evidence) == "":
		return "", errors.New("evidence is required: a link to the record (for an inherited control, the AWS Artifact report you reviewed)")
	}
	day, err := time.Parse(time.DateOnly, e.Date)
	if err != nil {
		return ".date", fmt.Errorf("%q is not a date; write it YYYY-MM-DD", e.Date)
	}
	until, err := time.Parse(time.DateOnly, e.Expires)
	if err != nil {
		return ".expires", fmt.Errorf("%q is not a date; write it YYYY-MM-DD", e.Expires)
	}
	if until.Before(day) {
		return ".expires", fmt.Errorf("%s is before the attestation's date %s", e.Expires, e.Date)
	}
	e.until = until.AddDate(0, 0, 1)
	switch {
	case e.Check != "":
		return ".check", checkCheck(e.Check)
	case e.Control != "":
		return ".control", checkControl(e.Control)
	}
	return ".inherited", checkInherited(e.Inherited)
}

func checkCheck(id string) error {
	var manual, all []string
	for _, c := range checks.All() {
		all = append(all, c.ID)
		if checks.IsManual(c.ID) {
			manual = append(manual, c.ID)
		}
	}
	if checks.IsManual(id) {
		return nil
	}
	if slices.Contains(all, id) {
		return fmt.Errorf("%s is decided by the account's data, not attested (manual checks: %s)", id, strings.Join(manual, ", "))
	}
	return fmt.Errorf("%q is not a manual check (manual checks: %s)%s", id, strings.Join(manual, ", "), suggest(id, manual))
}

func checkControl(ref string) error {
	fw, id, ok := strings.Cut(ref, ":")
	if !ok {
		return fmt.Errorf("%q is not framework:control (for example cis-5.0:1.1)", ref)
	}
	f, ok := compliance.Lookup(fw)
	if !ok {
		return fmt.Errorf("unknown framework %q (want %s)%s", fw, strings.Join(compliance.IDs(), ", "), suggest(fw, compliance.IDs()))
	}
	var ids []string
	for _, c := range f.Controls {
		ids = append(ids, c.ID)
		if c.ID != id {
			continue
		}
		if len(c.Checks) > 0 {
			return fmt.Errorf("%s is decided by srmscan's checks (%s), not attested", ref, strings.Join(c.Checks, ", "))
		}
		return nil
	}
	return fmt.Errorf("%s has no control %q%s", fw, id, suggest(id, ids))
}

func checkInherited(id string) error {
	var ids []string
	for _, ic := range checks.InheritedControls() {
		if ic.ID == id {
			return nil
		}
		ids = append(ids, ic.ID)
	}
	return fmt.Errorf("%q is not an inherited control (want %s)%s", id, strings.Join(ids, ", "), suggest(id, ids))
}

func suggest(v string, from []string) string {
	if s := strictyaml.Suggest(v, from); s != "" {
		return fmt.Sprintf("; did you mean `%s`?", s)
	}
	return ""
}

// Apply records the entries in the report as of now: each manual finding
// an entry names passes (attested) or fails (expired), attested controls
// enter the compliance views, and the summaries are taken again.
func Apply(r *report.Report, entries []Entry, now time.Time) {
	r.Apply(NewStage(entries, now))
}

// Stage applies the entries to findings as they arrive (report.Stage).
type Stage struct {
	atts    []report.Attestation
	byCheck map[string]checks.Attestation
}

// NewStage is Apply's work as a report.Stage, for a report built as its
// findings are evaluated.
func NewStage(entries []Entry, now time.Time) *Stage {
	s := &Stage{atts: []report.Attestation{}, byCheck: map[string]checks.Attestation{}}
	for i := range entries {
		e := &entries[i]
		a := checks.Attestation{By: e.By, Date: e.Date, Expires: e.Expires, Evidence: e.Evidence, Source: e.Source, State: checks.Attested}
		if !now.Before(e.until) {
			a.State = checks.Expired
		}
		kind, item := e.target()
		s.atts = append(s.atts, report.Attestation{Kind: kind, Item: item, Attestation: a})
		if kind == report.AttestCheck {
			s.byCheck[item] = a
		}
	}
	return s
}

// Mark attests or expires a manual finding an entry names.
func (s *Stage) Mark(f *checks.Finding) {
	a, ok := s.byCheck[f.CheckID]
	if !ok || f.Status != checks.Manual {
		return
	}
	f.Attestation = &a
	if a.State == checks.Attested {
		f.Status = checks.Pass
		f.Message = fmt.Sprintf("Attested by %s on %s, until %s: %s", a.By, a.Date, a.Expires, a.Evidence)
	} else {
		f.Status = checks.Fail
		f.Message = fmt.Sprintf("The attestation by %s expired on %s: it no longer shows the duty is met (%s)", a.By, a.Expires, a.Source)
	}
}

// Finish records the entries in the report.
func (s *Stage) Finish(r *report.Report) { r.Attestations = s.atts }

// Expired returns the report's expired attestations, for a warning.
func Expired(r *report.Report) []report.Attestation {
	var out []report.Attestation
	for _, a := range r.Attestations {
		if a.State == checks.Expired {
			out = append(out, a)
		}
	}
	return out
}
