package gate

import (
	"slices"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/report"
)

// CompareBaseline marks each failed finding of r "existing" when it also
// failed in base, else "new", and lists the base's failed findings that are
// resolved: passing now, or gone from a region and service this scan covered. A finding
// now unknown is not resolved: nobody could look.
func CompareBaseline(r *report.Report, file string, base *report.Report) {
	r.Apply(NewBaseline(file, base))
}

// Baseline is CompareBaseline as a report.Stage, for a report built as its
// findings are evaluated. It keeps the statuses of the baseline's failed
// findings only, so its memory is the baseline's, not the scan's.
type Baseline struct {
	file string
	base *report.Report
	res  *report.BaselineResult
	// now is the status in this scan of each finding that failed in the
	// baseline, when this scan has it.
	now map[string]checks.Status
}

// NewBaseline compares findings with base, read from file.
func NewBaseline(file string, base *report.Report) *Baseline {
	b := &Baseline{file: file, base: base, res: &report.BaselineResult{File: file, Resolved: []report.FindingRef{}}, now: map[string]checks.Status{}}
	for _, f := range base.Findings {
		if f.Status == checks.Fail {
			b.now[f.Fingerprint] = ""
		}
	}
	return b
}

// Mark marks a failed finding new or existing.
func (b *Baseline) Mark(f *checks.Finding) {
	_, failedBefore := b.now[f.Fingerprint]
	if failedBefore {
		b.now[f.Fingerprint] = f.Status
	}
	if f.Status != checks.Fail {
		return
	}
	if failedBefore {
		f.Baseline = checks.BaselineExisting
		b.res.Existing++
	} else {
		f.Baseline = checks.BaselineNew
		b.res.New++
	}
}

// Finish lists the resolved findings and records the comparison.
func (b *Baseline) Finish(r *report.Report) {
	for _, f := range b.base.Findings {
		if f.Status != checks.Fail {
			continue
		}
		status := b.now[f.Fingerprint]
		present := status != ""
		// A service left out of this scan (--services) was not looked at.
		covered := (f.Region == "" || slices.Contains(r.Scan.Regions, f.Region)) && r.Scan.Scanned(f.Service)
		if status == checks.Pass || (!present && covered && r.Scan.Complete) {
			b.res.Resolved = append(b.res.Resolved, report.FindingRef{Fingerprint: f.Fingerprint, CheckID: f.CheckID,
				Severity: f.Severity, Region: f.Region, ResourceARN: f.ResourceARN, Status: status})
		}
	}
	gate(r).Baseline = b.res
}
