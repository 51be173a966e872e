// Package gate decides what blocks a deployment: it applies a suppressions
// file and a baseline report to a scan's findings, so the exit code reflects
// only what has not been accepted.
package gate

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/strictyaml"
	"github.com/srmscan/srmscan/report"
)

// Suppression is one entry of a suppressions file: which failed findings it
// accepts, why, and until when.
type Suppression struct {
	// Check is a check ID or a glob ("ec2-sg-*").
	Check string `yaml:"check" desc:"a check ID or glob"`
	// Resource is an ARN or a glob; "*" matches across "/" and ":" too.
	// Empty means every resource.
	Resource string `yaml:"resource" desc:"an ARN or glob"`
	// Account and Region narrow the entry; empty matches any.
	Account string `yaml:"account" desc:"an account ID"`
	Region  string `yaml:"region" desc:"a region name"`
	Reason  string `yaml:"reason" desc:"text"`
	// Expires is a date (YYYY-MM-DD); the entry suppresses through the end
	// of that day, UTC.
	Expires string `yaml:"expires" desc:"a date (YYYY-MM-DD)"`

	// Source is "file:line", for reports and messages.
	Source  string `yaml:"-"`
	until   time.Time
	matches []*regexp.Regexp // check, resource, account, region
}

// LoadSuppressions reads a suppressions file. Every error names the file
// and the line of the offending entry.
func LoadSuppressions(path string) ([]Suppression, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSuppressions(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseSuppressions reads a suppressions file from memory; name is used in
// each entry's Source.
func ParseSuppressions(name string, data []byte) ([]Suppression, error) {
	var file struct {
		Suppressions []Suppression `yaml:"suppressions" desc:"a list of entries (- check: ..., reason: ..., expires: ...)"`
	}
	at, err := strictyaml.Decode(data, &file)
	if err != nil {
		return nil, err
	}
	out := file.Suppressions
	for i := range out {
		s := &out[i]
		entry := fmt.Sprintf("suppressions[%d]", i)
		s.Source = fmt.Sprintf("%s:%d", name, at.Line(entry))
		if key, err := s.validate(); err != nil {
			return nil, at.Errorf(entry+key, "%v", err)
		}
	}
	return out, nil
}

// validate returns, with an error, the key it is about ("" for the entry).
func (s *Suppression) validate() (string, error) {
	switch {
	case s.Check == "":
		return "", errors.New("check is required (a check ID or glob)")
	case strings.TrimSpace(s.Reason) == "":
		return "", errors.New("reason is required: say why this finding is accepted")
	case s.Expires == "":
		return "", errors.New("expires is required (YYYY-MM-DD): accepted risks are reviewed")
	}
	day, err := time.Parse(time.DateOnly, s.Expires)
	if err != nil {
		return ".expires", fmt.Errorf("%q is not a date; write it YYYY-MM-DD", s.Expires)
	}
	s.until = day.AddDate(0, 0, 1)
	if !checkExists(s.Check) {
		var ids []string
		for _, c := range checks.All() {
			ids = append(ids, c.ID)
		}
		hint := ""
		if id := strictyaml.Suggest(s.Check, ids); id != "" {
			hint = fmt.Sprintf("; did you mean `%s`?", id)
		}
		return ".check", fmt.Errorf("%q matches no check ID (see 'srmscan checks')%s", s.Check, hint)
	}
	resource := s.Resource
	if resource == "" {
		resource = "*"
	}
	for _, g := range []string{s.Check, resource, orStar(s.Account), orStar(s.Region)} {
		s.matches = append(s.matches, glob(g))
	}
	return "", nil
}

func checkExists(pattern string) bool {
	re := glob(pattern)
	for _, c := range checks.All() {
		if re.MatchString(c.ID) {
			return true
		}
	}
	return false
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// glob compiles a pattern where * matches any run of characters (ARNs are
// full of "/" and ":", which path.Match would stop at) and ? one.
func glob(pattern string) *regexp.Regexp {
	q := regexp.QuoteMeta(pattern)
	q = strings.ReplaceAll(q, `\*`, `.*`)
	q = strings.ReplaceAll(q, `\?`, `.`)
	return regexp.MustCompile("^" + q + "$")
}

func (s *Suppression) expired(now time.Time) bool { return !now.Before(s.until) }

func (s *Suppression) match(f checks.Finding) bool {
	for i, v := range []string{f.CheckID, f.ResourceARN, f.AccountID, f.Region} {
		if !s.matches[i].MatchString(v) {
			return false
		}
	}
	return true
}

func (s *Suppression) ref() report.SuppressionRef {
	return report.SuppressionRef{Source: s.Source, Check: s.Check, Resource: orStar(s.Resource), Reason: s.Reason, Expires: s.Expires}
}

// Suppress marks the failed findings that an unexpired entry accepts and
// records it in the report: how many were suppressed, which entries have
// expired (they suppress nothing, so their findings gate again) and which
// are stale (they matched no failed finding). The first matching entry in
// file order wins.
func Suppress(r *report.Report, file string, entries []Suppression, now time.Time) {
	r.Apply(NewSuppressor(file, entries, now))
}

// Suppressor is Suppress as a report.Stage, for a report built as its
// findings are evaluated.
type Suppressor struct {
	entries []Suppression
	now     time.Time
	used    []bool
	res     *report.SuppressionResult
}

// NewSuppressor suppresses with entries, read from file, as of now.
func NewSuppressor(file string, entries []Suppression, now time.Time) *Suppressor {
	return &Suppressor{entries: entries, now: now, used: make([]bool, len(entries)),
		res: &report.SuppressionResult{File: file, Expired: []report.SuppressionRef{}, Stale: []report.SuppressionRef{}}}
}

// Mark suppresses a failed finding an unexpired entry matches.
func (s *Suppressor) Mark(f *checks.Finding) {
	if f.Status != checks.Fail {
		return
	}
	for j := range s.entries {
		e := &s.entries[j]
		if e.expired(s.now) || !e.match(*f) {
			continue
		}
		f.Suppression = &checks.Suppression{Reason: e.Reason, Expires: e.Expires, Source: e.Source}
		s.used[j] = true
		s.res.Suppressed++
		return
	}
}

// Finish lists the expired and stale entries and records the result.
func (s *Suppressor) Finish(r *report.Report) {
	for j := range s.entries {
		switch e := &s.entries[j]; {
		case e.expired(s.now):
			s.res.Expired = append(s.res.Expired, e.ref())
		case !s.used[j]:
			s.res.Stale = append(s.res.Stale, e.ref())
		}
	}
	gate(r).Suppressions = s.res
}

func gate(r *report.Report) *report.Gate {
	if r.Gate == nil {
		r.Gate = &report.Gate{}
	}
	return r.Gate
}
