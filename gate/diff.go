package gate

import (
	"cmp"
	"slices"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/report"
)

// Change is one finding that differs between two reports.
type Change struct {
	Fingerprint string          `json:"fingerprint"`
	CheckID     string          `json:"check_id"`
	Severity    checks.Severity `json:"severity"`
	Region      string          `json:"region,omitempty"`
	ResourceARN string          `json:"resource_arn"`
	// Before and After are the statuses in the old and new report; empty
	// where the finding is absent.
	Before checks.Status `json:"before,omitempty"`
	After  checks.Status `json:"after,omitempty"`
	// BeforeSeverity is set when the severity changed.
	BeforeSeverity checks.Severity `json:"before_severity,omitempty"`
	Message        string          `json:"message"`
}

// Diff is what changed from one report to the next.
type Diff struct {
	// New findings fail now and did not before.
	New []Change `json:"new"`
	// Resolved findings failed before and do not now (passing or gone).
	Resolved []Change `json:"resolved"`
	// Changed findings are in both with another status or severity, and
	// are neither new nor resolved failures (unknown became pass, say).
	Changed []Change `json:"changed"`
}

// Compare diffs two reports by fingerprint.
func Compare(before, after *report.Report) Diff {
	d := Diff{New: []Change{}, Resolved: []Change{}, Changed: []Change{}}
	old := map[string]checks.Finding{}
	for _, f := range before.Findings {
		old[f.Fingerprint] = f
	}
	seen := map[string]bool{}
	for _, f := range after.Findings {
		seen[f.Fingerprint] = true
		o, had := old[f.Fingerprint]
		c := change(f)
		c.After = f.Status
		if had {
			c.Before = o.Status
		}
		switch {
		case f.Status == checks.Fail && (!had || o.Status != checks.Fail):
			d.New = append(d.New, c)
		case had && o.Status == checks.Fail && f.Status != checks.Fail:
			d.Resolved = append(d.Resolved, c)
		case had && (o.Status != f.Status || o.Severity != f.Severity):
			if o.Severity != f.Severity {
				c.BeforeSeverity = o.Severity
			}
			d.Changed = append(d.Changed, c)
		}
	}
	for _, o := range before.Findings {
		if !seen[o.Fingerprint] && o.Status == checks.Fail {
			c := change(o)
			c.Before = o.Status
			d.Resolved = append(d.Resolved, c)
		}
	}
	for _, list := range [][]Change{d.New, d.Resolved, d.Changed} {
		slices.SortFunc(list, func(a, b Change) int {
			return cmp.Or(b.Severity.Rank()-a.Severity.Rank(), cmp.Compare(a.CheckID, b.CheckID),
				cmp.Compare(a.Region, b.Region), cmp.Compare(a.ResourceARN, b.ResourceARN))
		})
	}
	return d
}

func change(f checks.Finding) Change {
	return Change{Fingerprint: f.Fingerprint, CheckID: f.CheckID, Severity: f.Severity, Region: f.Region,
		ResourceARN: f.ResourceARN, Message: f.Message}
}

// Blocking returns the new findings at or above failOn.
func (d Diff) Blocking(failOn checks.Severity) []Change {
	if failOn == "" || failOn == "none" {
		return nil
	}
	var out []Change
	for _, c := range d.New {
		if c.Severity.Rank() >= failOn.Rank() {
			out = append(out, c)
		}
	}
	return out
}
