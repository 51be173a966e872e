package report

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
)

// counter takes a Summary one finding at a time.
type counter struct {
	total             int
	byStatus          StatusCounts
	bySeverity        map[checks.Severity]StatusCounts
	byCategory        map[checks.ControlCategory]StatusCounts
	passed, evaluated float64
}

func (c *counter) add(f *checks.Finding) {
	if c.bySeverity == nil {
		c.bySeverity = map[checks.Severity]StatusCounts{}
		c.byCategory = map[checks.ControlCategory]StatusCounts{}
	}
	c.total++
	c.byStatus.add(f.Status)
	s := c.bySeverity[f.Severity]
	s.add(f.Status)
	c.bySeverity[f.Severity] = s
	s = c.byCategory[f.ControlCategory]
	s.add(f.Status)
	c.byCategory[f.ControlCategory] = s
	w := float64(f.Severity.Rank())
	switch f.Status {
	case checks.Pass:
		c.passed += w
		c.evaluated += w
	case checks.Fail:
		c.evaluated += w
	}
}

func (c *counter) summary() Summary {
	s := Summary{
		Total:             c.total,
		ByStatus:          c.byStatus,
		BySeverity:        map[checks.Severity]StatusCounts{},
		ByControlCategory: map[checks.ControlCategory]StatusCounts{},
	}
	for _, v := range checks.Severities {
		s.BySeverity[v] = StatusCounts{}
	}
	for _, v := range checks.ControlCategories {
		s.ByControlCategory[v] = StatusCounts{}
	}
	for k, v := range c.bySeverity {
		s.BySeverity[k] = v
	}
	for k, v := range c.byCategory {
		s.ByControlCategory[k] = v
	}
	if c.evaluated > 0 {
		score := float64(int(c.passed/c.evaluated*1000+0.5)) / 10
		s.Score = &score
	}
	return s
}

// tally counts everything a report's head says about its findings: the
// summary, each account's, each check's findings for the compliance views,
// and the findings that may block the gate.
type tally struct {
	total    counter
	accounts map[string]*counter
	checks   map[string]*compliance.FindingCounts
	blocking map[checks.Severity]int
	severity map[string]checks.Severity
}

func (t *tally) add(f *checks.Finding) {
	if t.accounts == nil {
		t.accounts = map[string]*counter{}
		t.checks = map[string]*compliance.FindingCounts{}
		t.blocking = map[checks.Severity]int{}
		t.severity = map[string]checks.Severity{}
	}
	t.total.add(f)
	t.account(f.AccountID).add(f)
	c := t.checks[f.CheckID]
	if c == nil {
		c = &compliance.FindingCounts{}
		t.checks[f.CheckID] = c
		t.severity[f.CheckID] = f.Severity
	}
	c.Add(f.Status)
	if Blocks(f) {
		t.blocking[f.Severity]++
	}
}

func (t *tally) account(id string) *counter {
	if t.accounts == nil {
		t.accounts = map[string]*counter{}
	}
	c := t.accounts[id]
	if c == nil {
		c = &counter{}
		t.accounts[id] = c
	}
	return c
}

func (r *Report) checkCounts() map[string]*compliance.FindingCounts {
	if r.spilled != nil {
		return r.counts
	}
	return compliance.CountChecks(r.Findings)
}

// FailedCheck is a check with failed findings.
type FailedCheck struct {
	ID       string
	Severity checks.Severity
	Fail     int
}

// FailedChecks lists the checks with failed findings, in ID order.
func (r *Report) FailedChecks() []FailedCheck {
	var out []FailedCheck
	if r.spilled != nil {
		for _, id := range slices.Sorted(maps.Keys(r.counts)) {
			if n := r.counts[id].Fail; n > 0 {
				out = append(out, FailedCheck{ID: id, Severity: r.severity[id], Fail: n})
			}
		}
		return out
	}
	for _, f := range r.Findings {
		if f.Status != checks.Fail {
			continue
		}
		if n := len(out); n == 0 || out[n-1].ID != f.CheckID {
			out = append(out, FailedCheck{ID: f.CheckID, Severity: f.Severity})
		}
		out[len(out)-1].Fail++
	}
	return out
}

// FindingCount is the number of findings, in memory or spilled.
func (r *Report) FindingCount() int {
	if r.spilled != nil {
		return r.spilled.n
	}
	return len(r.Findings)
}

// EachFinding calls fn with every finding in the report's order (check,
// account, region, resource), stopping at fn's first error. A spilled
// report reads its findings from disk one at a time; *f is fn's until it
// returns.
func (r *Report) EachFinding(fn func(f *checks.Finding) error) error {
	if r.spilled == nil {
		for i := range r.Findings {
			if err := fn(&r.Findings[i]); err != nil {
				return err
			}
		}
		return nil
	}
	var f checks.Finding
	return r.spilled.each(func(_ string, js []byte) error {
		if err := decode(js, &f); err != nil {
			return err
		}
		return fn(&f)
	})
}

// eachJSON calls fn with every finding's compact JSON, HTML not escaped,
// in the report's order: what json.Marshal would give for it with
// SetEscapeHTML(false).
func (r *Report) eachJSON(fn func(check string, js []byte) error) error {
	if r.spilled != nil {
		return r.spilled.each(fn)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range r.Findings {
		buf.Reset()
		if err := enc.Encode(&r.Findings[i]); err != nil {
			return err
		}
		if err := fn(r.Findings[i].CheckID, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))); err != nil {
			return err
		}
	}
	return nil
}

// Close removes the findings a Builder spilled to disk; it is a no-op for
// a report held in memory.
func (r *Report) Close() error {
	if r.spilled == nil {
		return nil
	}
	return r.spilled.remove()
}
