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
	res := &report.BaselineResult{File: file, Resolved: []report.FindingRef{}}
	failedBefore := map[string]bool{}
	for _, f := range base.Findings {
		if f.Status == checks.Fail {
			failedBefore[f.Fingerprint] = true
		}
	}
	now := map[string]checks.Status{}
	for i := range r.Findings {
		f := &r.Findings[i]
		now[f.Fingerprint] = f.Status
		if f.Status != checks.Fail {
			continue
		}
		if failedBefore[f.Fingerprint] {
			f.Baseline = checks.BaselineExisting
			res.Existing++
		} else {
			f.Baseline = checks.BaselineNew
			res.New++
		}
	}
	for _, f := range base.Findings {
		if f.Status != checks.Fail {
			continue
		}
		status, present := now[f.Fingerprint]
		// A service left out of this scan (--services) was not looked at.
		covered := (f.Region == "" || slices.Contains(r.Scan.Regions, f.Region)) && r.Scan.Scanned(f.Service)
		if status == checks.Pass || (!present && covered && r.Scan.Complete) {
			res.Resolved = append(res.Resolved, report.FindingRef{Fingerprint: f.Fingerprint, CheckID: f.CheckID,
				Severity: f.Severity, Region: f.Region, ResourceARN: f.ResourceARN, Status: status})
		}
	}
	gate(r).Baseline = res
}
