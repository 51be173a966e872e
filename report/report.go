// Package report builds srmscan's report from findings and writes it in the
// formats people and CI systems read. The JSON form is the contract,
// documented in docs/report-schema.md; every other format is a view of the
// same Report.
package report

import (
	"slices"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

// SchemaVersion is the report contract's version. Additive changes bump the
// minor number; anything that could break a reader bumps the major.
const SchemaVersion = "1.0"

// Report is one scan's result.
type Report struct {
	SchemaVersion string           `json:"schema_version"`
	Tool          Tool             `json:"tool"`
	Scan          Scan             `json:"scan"`
	Summary       Summary          `json:"summary"`
	Findings      []checks.Finding `json:"findings"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Scan describes what was scanned and whether all of it could be read.
type Scan struct {
	AccountID  string    `json:"account_id"`
	CallerARN  string    `json:"caller_arn"`
	Partition  string    `json:"partition"`
	Regions    []string  `json:"regions"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Complete is false when any collection failed or the scan was
	// interrupted: the findings then describe only part of the account.
	Complete         bool                        `json:"complete"`
	Interrupted      bool                        `json:"interrupted,omitempty"`
	CollectionErrors []inventory.CollectionError `json:"collection_errors"`
	APICalls         map[string]int              `json:"api_calls,omitempty"`
}

// Summary counts the findings.
type Summary struct {
	Total             int                                     `json:"total"`
	ByStatus          StatusCounts                            `json:"by_status"`
	BySeverity        map[checks.Severity]StatusCounts        `json:"by_severity"`
	ByControlCategory map[checks.ControlCategory]StatusCounts `json:"by_control_category"`
	// Score is the percentage of evaluated findings (pass or fail) that
	// pass, weighted by severity; nil when nothing could be evaluated.
	Score *float64 `json:"score"`
}

// StatusCounts counts findings per status. Every status is always present
// so readers need not treat a missing key as zero.
type StatusCounts struct {
	Fail    int `json:"fail"`
	Pass    int `json:"pass"`
	Unknown int `json:"unknown"`
	Manual  int `json:"manual"`
}

func (c *StatusCounts) add(s checks.Status) {
	switch s {
	case checks.Fail:
		c.Fail++
	case checks.Pass:
		c.Pass++
	case checks.Unknown:
		c.Unknown++
	case checks.Manual:
		c.Manual++
	}
}

// New assembles a report. Findings must already be sorted (checks.Run does).
func New(tool Tool, inv *inventory.Inventory, findings []checks.Finding) *Report {
	errs := inv.Errors
	if errs == nil {
		errs = []inventory.CollectionError{}
	}
	if findings == nil {
		findings = []checks.Finding{}
	}
	return &Report{
		SchemaVersion: SchemaVersion,
		Tool:          tool,
		Scan: Scan{
			AccountID:        inv.AccountID,
			CallerARN:        inv.CallerARN,
			Partition:        inv.Partition,
			Regions:          slices.Clone(inv.Regions),
			StartedAt:        inv.StartedAt,
			FinishedAt:       inv.FinishedAt,
			Complete:         inv.Complete(),
			Interrupted:      inv.Interrupted,
			CollectionErrors: errs,
			APICalls:         inv.APICalls,
		},
		Summary:  summarise(findings),
		Findings: findings,
	}
}

func summarise(fs []checks.Finding) Summary {
	s := Summary{
		Total:             len(fs),
		BySeverity:        map[checks.Severity]StatusCounts{},
		ByControlCategory: map[checks.ControlCategory]StatusCounts{},
	}
	for _, v := range checks.Severities {
		s.BySeverity[v] = StatusCounts{}
	}
	for _, v := range checks.ControlCategories {
		s.ByControlCategory[v] = StatusCounts{}
	}
	var passed, evaluated float64
	for _, f := range fs {
		s.ByStatus.add(f.Status)
		c := s.BySeverity[f.Severity]
		c.add(f.Status)
		s.BySeverity[f.Severity] = c
		c = s.ByControlCategory[f.ControlCategory]
		c.add(f.Status)
		s.ByControlCategory[f.ControlCategory] = c
		w := float64(f.Severity.Rank())
		switch f.Status {
		case checks.Pass:
			passed += w
			evaluated += w
		case checks.Fail:
			evaluated += w
		}
	}
	if evaluated > 0 {
		score := float64(int(passed/evaluated*1000+0.5)) / 10
		s.Score = &score
	}
	return s
}

// Exit codes. They are part of the CLI contract (README, "Exit codes").
const (
	ExitOK         = 0
	ExitFindings   = 1
	ExitUsage      = 2
	ExitIncomplete = 3
)

// ExitCode is the gate's verdict: ExitIncomplete when the scan could not
// read everything (unless allowIncomplete), else ExitFindings when a failed
// finding is at or above failOn, else ExitOK. failOn "" or "none" never
// fails on findings. An incomplete scan wins over findings because its
// findings are a lower bound: the gate cannot say the rest is clean.
func (r *Report) ExitCode(failOn checks.Severity, allowIncomplete bool) int {
	if !r.Scan.Complete && !allowIncomplete {
		return ExitIncomplete
	}
	if failOn == "" || failOn == "none" {
		return ExitOK
	}
	for _, f := range r.Findings {
		if f.Status == checks.Fail && f.Severity.Rank() >= failOn.Rank() {
			return ExitFindings
		}
	}
	return ExitOK
}
