// Package report builds srmscan's report from findings and writes it in the
// formats people and CI systems read. The JSON form is the contract,
// documented in docs/report-schema.md; every other format is a view of the
// same Report.
package report

import (
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/inventory"
)

// SchemaVersion is the report contract's version. Additive changes bump the
// minor number; anything that could break a reader bumps the major.
const SchemaVersion = "1.5"

// Report is one scan's result.
type Report struct {
	SchemaVersion string  `json:"schema_version"`
	Tool          Tool    `json:"tool"`
	Scan          Scan    `json:"scan"`
	Summary       Summary `json:"summary"`
	// Gate is set when the findings were compared with a baseline or a
	// suppressions file.
	Gate *Gate `json:"gate,omitempty"`
	// Compliance is each framework's view of the findings (1.4).
	Compliance []FrameworkView `json:"compliance"`
	// Attestations are the entries of an attestations file (1.5): manual
	// checks, framework controls no check decides, and inherited controls
	// someone has recorded as met, each attested or expired.
	Attestations []Attestation    `json:"attestations,omitempty"`
	Findings     []checks.Finding `json:"findings"`

	// spilled, when set, holds the findings on disk instead of Findings
	// (see Builder); counts and gating are then what was counted as they
	// arrived.
	spilled  *spill
	counts   map[string]*compliance.FindingCounts
	blocking map[checks.Severity]int
	severity map[string]checks.Severity
}

// Attestation is one attested item.
type Attestation struct {
	// Kind is "check" (a manual check's findings), "control" (a framework
	// control, Item "cis-5.0:1.1") or "inherited" (an inherited control).
	Kind string `json:"kind"`
	Item string `json:"item"`
	checks.Attestation
}

// Attestation kinds.
const (
	AttestCheck     = "check"
	AttestControl   = "control"
	AttestInherited = "inherited"
)

// FrameworkView is a compliance framework's view of the findings, in short:
// `srmscan compliance` prints the rest (titles, checks, reasons).
type FrameworkView struct {
	Framework string                   `json:"framework"`
	Name      string                   `json:"name"`
	Version   string                   `json:"version"`
	Summary   compliance.Counts        `json:"summary"`
	Sections  []compliance.SectionView `json:"sections"`
	Controls  []ControlStatus          `json:"controls"`
}

// ControlStatus is one control's status.
type ControlStatus struct {
	ID          string              `json:"id"`
	Status      compliance.Status   `json:"status"`
	Attestation *checks.Attestation `json:"attestation,omitempty"`
}

// frameworks computes every framework's view; each report carries them so
// a reader needs no srmscan to see where the account stands. byCheck
// counts the findings of each check per status.
func frameworks(sc Scan, byCheck map[string]*compliance.FindingCounts, atts []Attestation) []FrameworkView {
	var out []FrameworkView
	for _, f := range compliance.Frameworks() {
		v := complianceView(f, sc, byCheck, atts)
		fw := FrameworkView{Framework: v.Framework, Name: v.Name, Version: v.Version, Summary: v.Summary, Sections: v.Sections}
		for _, c := range v.Controls {
			fw.Controls = append(fw.Controls, ControlStatus{ID: c.ID, Status: c.Status, Attestation: c.Attestation})
		}
		out = append(out, fw)
	}
	return out
}

// ComplianceView is framework f's whole view of the report, control titles,
// checks and reasons included, with the report's attested controls.
func (r *Report) ComplianceView(f compliance.Framework) compliance.View {
	return complianceView(f, r.Scan, r.checkCounts(), r.Attestations)
}

func complianceView(f compliance.Framework, sc Scan, byCheck map[string]*compliance.FindingCounts, atts []Attestation) compliance.View {
	v := compliance.EvaluateCounts(f, byCheck, sc.Scanned)
	for _, a := range atts {
		if fw, id, ok := strings.Cut(a.Item, ":"); a.Kind == AttestControl && ok && fw == f.ID {
			v.Attest(id, a.Attestation)
		}
	}
	return v
}

// Recount takes the summaries and compliance views again after findings
// changed status (attestations do that). A report whose findings are
// spilled to disk is counted as they arrive and never needs it.
func (r *Report) Recount() {
	var all tally
	for i := range r.Findings {
		all.add(&r.Findings[i])
	}
	r.Summary = all.total.summary()
	for i := range r.Scan.Accounts {
		a := &r.Scan.Accounts[i]
		a.Summary = all.account(a.AccountID).summary()
	}
	r.Compliance = frameworks(r.Scan, all.checks, r.Attestations)
}

// Gate records what the findings were gated against.
type Gate struct {
	Baseline     *BaselineResult    `json:"baseline,omitempty"`
	Suppressions *SuppressionResult `json:"suppressions,omitempty"`
	// Controls is set by --fail-on-control (1.5).
	Controls *ControlGate `json:"controls,omitempty"`
}

// ControlGate says which of the framework controls named to the gate fail.
type ControlGate struct {
	// Controls are the --fail-on-control entries as given.
	Controls []string         `json:"controls"`
	Failing  []FailingControl `json:"failing"`
}

// FailingControl is a control that blocks.
type FailingControl struct {
	Framework string `json:"framework"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	// Findings counts its failed findings that are neither suppressed nor
	// in the baseline.
	Findings           int  `json:"findings"`
	AttestationExpired bool `json:"attestation_expired,omitempty"`
}

// BaselineResult compares the scan with an earlier report.
type BaselineResult struct {
	File string `json:"file"`
	// New and Existing count failed findings not failing, and failing, in
	// the baseline.
	New      int `json:"new"`
	Existing int `json:"existing"`
	// Resolved lists the baseline's failed findings that no longer fail.
	Resolved []FindingRef `json:"resolved"`
}

// FindingRef names a finding of another report.
type FindingRef struct {
	Fingerprint string          `json:"fingerprint"`
	CheckID     string          `json:"check_id"`
	Severity    checks.Severity `json:"severity"`
	Region      string          `json:"region,omitempty"`
	ResourceARN string          `json:"resource_arn"`
	// Status is the finding's status now ("pass"), or empty when the
	// resource is gone.
	Status checks.Status `json:"status,omitempty"`
}

// SuppressionResult says what the suppressions file did.
type SuppressionResult struct {
	File       string `json:"file"`
	Suppressed int    `json:"suppressed"`
	// Expired entries no longer suppress anything.
	Expired []SuppressionRef `json:"expired"`
	// Stale entries matched no failed finding: the problem is gone or the
	// entry is mistyped.
	Stale []SuppressionRef `json:"stale"`
}

// SuppressionRef names one suppressions-file entry.
type SuppressionRef struct {
	Source   string `json:"source"`
	Check    string `json:"check"`
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
	Expires  string `json:"expires"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Scan describes what was scanned and whether all of it could be read.
type Scan struct {
	AccountID string   `json:"account_id"`
	CallerARN string   `json:"caller_arn"`
	Partition string   `json:"partition"`
	Regions   []string `json:"regions"`
	// Services are the services in the scan's scope, sorted: all of
	// inventory.Services unless --services or --skip-services chose some.
	// Checks of the others were not run.
	Services   []string  `json:"services"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Complete is false when any collection failed or the scan was
	// interrupted: the findings then describe only part of the account.
	Complete         bool                        `json:"complete"`
	Interrupted      bool                        `json:"interrupted,omitempty"`
	CollectionErrors []inventory.CollectionError `json:"collection_errors"`
	APICalls         map[string]int              `json:"api_calls,omitempty"`
	// Accounts is set for a multi-account scan (--accounts, --org): one
	// section per account. The fields above then cover every account,
	// except the identity, which is the caller's.
	Accounts []AccountScan `json:"accounts,omitempty"`
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
	if findings == nil {
		findings = []checks.Finding{}
	}
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          tool,
		Scan:          scanOf(inv),
		Summary:       summarise(findings),
		Findings:      findings,
	}
	r.Compliance = frameworks(r.Scan, compliance.CountChecks(findings), nil)
	return r
}

// scanOf is what one account's report says of its scan.
func scanOf(inv *inventory.Inventory) Scan {
	errs := inv.Errors
	if errs == nil {
		errs = []inventory.CollectionError{}
	}
	return Scan{
		AccountID:        inv.AccountID,
		CallerARN:        inv.CallerARN,
		Partition:        inv.Partition,
		Regions:          slices.Clone(inv.Regions),
		Services:         inv.ScannedServices(),
		StartedAt:        inv.StartedAt,
		FinishedAt:       inv.FinishedAt,
		Complete:         inv.Complete(),
		Interrupted:      inv.Interrupted,
		CollectionErrors: errs,
		APICalls:         inv.APICalls,
	}
}

// Scanned reports whether service was in the scan's scope. A report that
// predates scan.services scanned every service.
func (s Scan) Scanned(service string) bool {
	return s.Services == nil || slices.Contains(s.Services, service)
}

// Partial reports whether the scan left some services out by choice.
func (s Scan) Partial() bool {
	return slices.ContainsFunc(inventory.Services, func(svc string) bool { return !s.Scanned(svc) })
}

func summarise(fs []checks.Finding) Summary {
	var c counter
	for i := range fs {
		c.add(&fs[i])
	}
	return c.summary()
}

// Exit codes. They are part of the CLI contract (README, "Exit codes").
const (
	ExitOK         = 0
	ExitFindings   = 1
	ExitUsage      = 2
	ExitIncomplete = 3
)

// ExitCode is the gate's verdict: ExitIncomplete when the scan could not
// read everything (unless allowIncomplete), else ExitFindings when a gating
// finding is at or above failOn, else ExitOK. failOn "" or "none" never
// fails on findings. An incomplete scan wins over findings because its
// findings are a lower bound: the gate cannot say the rest is clean.
func (r *Report) ExitCode(failOn checks.Severity, allowIncomplete bool) int {
	if !r.Scan.Complete && !allowIncomplete {
		return ExitIncomplete
	}
	if r.GatingCount(failOn) > 0 || (r.Gate != nil && r.Gate.Controls != nil && len(r.Gate.Controls.Failing) > 0) {
		return ExitFindings
	}
	return ExitOK
}

// Gating returns the findings that block at threshold failOn: failed, at or
// above it, not suppressed and not already in the baseline. A report whose
// findings are spilled to disk returns none: GatingCount counts them.
func (r *Report) Gating(failOn checks.Severity) []checks.Finding {
	if failOn == "" || failOn == "none" {
		return nil
	}
	var out []checks.Finding
	for _, f := range r.Findings {
		if Blocks(&f) && f.Severity.Rank() >= failOn.Rank() {
			out = append(out, f)
		}
	}
	return out
}

// GatingCount counts the findings Gating returns.
func (r *Report) GatingCount(failOn checks.Severity) int {
	if failOn == "" || failOn == "none" {
		return 0
	}
	if r.spilled == nil {
		return len(r.Gating(failOn))
	}
	n := 0
	for sev, c := range r.blocking {
		if sev.Rank() >= failOn.Rank() {
			n += c
		}
	}
	return n
}

// Blocks reports whether f may block a gate: failed, not suppressed, not
// already in the baseline. --fail-on adds a severity; --fail-on-control
// does not.
func Blocks(f *checks.Finding) bool {
	return f.Status == checks.Fail && f.Suppression == nil && f.Baseline != checks.BaselineExisting
}
