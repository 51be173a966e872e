package report

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/srmscan/srmscan/checks"
)

// OCSF 1.1.0 Compliance Finding events, one per finding, as JSON Lines.
//
// Compliance Finding (class 2003) rather than Detection Finding (2004): a
// check evaluates a resource against a stated duty and ends pass, fail or
// could-not-tell, which is what the class's compliance object holds;
// Detection Finding is for activity that looks malicious and has no place
// for a pass. Version 1.1.0 because it is the one Amazon Security Lake
// takes from custom sources. In 1.1.0 the class has one "resource", not
// the "resources" array later versions have.
//
// JSON Lines rather than an array: each line is a whole event, which is
// what the converters to Security Lake's Parquet (DuckDB, pyarrow, Glue)
// and log shippers read without holding the file in memory.

const (
	ocsfVersion         = "1.1.0"
	ocsfClassUID        = 2003
	ocsfCategoryUID     = 2
	ocsfActivityCreate  = 1
	ocsfAccountTypeAWS  = 10 // account.type_id "AWS Account"
	ocsfStandardSRM     = "AWS Shared Responsibility Model"
	ocsfStandardCIS     = "CIS AWS Foundations Benchmark"
	ocsfFindingNew      = 1
	ocsfFindingSuppress = 3
	ocsfFindingResolved = 4
	ocsfCompliancePass  = 1
	ocsfComplianceWarn  = 2
	ocsfComplianceFail  = 3
	ocsfComplianceOther = 99
	ocsfUnmappedSRMScan = "srmscan"
)

type ocsfEvent struct {
	ActivityID   int              `json:"activity_id"`
	ActivityName string           `json:"activity_name"`
	CategoryUID  int              `json:"category_uid"`
	CategoryName string           `json:"category_name"`
	ClassUID     int              `json:"class_uid"`
	ClassName    string           `json:"class_name"`
	TypeUID      int              `json:"type_uid"`
	TypeName     string           `json:"type_name"`
	Time         int64            `json:"time"`
	SeverityID   int              `json:"severity_id"`
	Severity     string           `json:"severity"`
	StatusID     int              `json:"status_id"`
	Status       string           `json:"status"`
	Message      string           `json:"message"`
	Metadata     ocsfMetadata     `json:"metadata"`
	FindingInfo  ocsfFindingInfo  `json:"finding_info"`
	Compliance   ocsfCompliance   `json:"compliance"`
	Resource     ocsfResource     `json:"resource"`
	Cloud        ocsfCloud        `json:"cloud"`
	Remediation  *ocsfRemediation `json:"remediation,omitempty"`
	Unmapped     map[string]any   `json:"unmapped"`
}

type ocsfMetadata struct {
	Version  string      `json:"version"`
	Product  ocsfProduct `json:"product"`
	Profiles []string    `json:"profiles"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
}

type ocsfFindingInfo struct {
	UID   string   `json:"uid"`
	Title string   `json:"title"`
	Desc  string   `json:"desc"`
	Types []string `json:"types"`
}

type ocsfCompliance struct {
	Control      string   `json:"control"`
	Standards    []string `json:"standards"`
	Requirements []string `json:"requirements,omitempty"`
	StatusID     int      `json:"status_id"`
	Status       string   `json:"status"`
}

type ocsfResource struct {
	UID            string `json:"uid"`
	Type           string `json:"type"`
	Region         string `json:"region,omitempty"`
	CloudPartition string `json:"cloud_partition"`
}

type ocsfCloud struct {
	Provider string      `json:"provider"`
	Account  ocsfAccount `json:"account"`
	Region   string      `json:"region,omitempty"`
}

type ocsfAccount struct {
	UID    string `json:"uid"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfRemediation struct {
	Desc       string   `json:"desc"`
	References []string `json:"references,omitempty"`
}

// OCSF writes one Compliance Finding event per finding, a line each.
func OCSF(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return r.EachFinding(func(f *checks.Finding) error { return enc.Encode(ocsfEventOf(r, *f)) })
}

func ocsfEventOf(r *Report, f checks.Finding) ocsfEvent {
	at := r.Scan.FinishedAt
	if at.IsZero() {
		at = r.Scan.StartedAt
	}
	name := r.Tool.Name
	if name == "" {
		name = "srmscan"
	}
	sevID, sev := ocsfSeverity(f.Severity)
	statusID, status := ocsfFindingStatus(f)
	compID, comp := ocsfComplianceStatus(f.Status)
	e := ocsfEvent{
		ActivityID:   ocsfActivityCreate,
		ActivityName: "Create",
		CategoryUID:  ocsfCategoryUID,
		CategoryName: "Findings",
		ClassUID:     ocsfClassUID,
		ClassName:    "Compliance Finding",
		TypeUID:      ocsfClassUID*100 + ocsfActivityCreate,
		TypeName:     "Compliance Finding: Create",
		Time:         at.UnixMilli(),
		SeverityID:   sevID,
		Severity:     sev,
		StatusID:     statusID,
		Status:       status,
		Message:      f.Message,
		Metadata: ocsfMetadata{
			Version: ocsfVersion,
			Product: ocsfProduct{Name: name, VendorName: name, Version: r.Tool.Version},
			// The cloud profile is what makes cloud and the resource's
			// region and partition part of the event.
			Profiles: []string{"cloud"},
		},
		FindingInfo: ocsfFindingInfo{UID: f.Fingerprint, Title: f.Title, Desc: f.Message, Types: []string{asffTypeBestPract}},
		Compliance:  ocsfCompliance{Control: f.CheckID, Standards: []string{ocsfStandardSRM}, StatusID: compID, Status: comp},
		Resource: ocsfResource{UID: f.ResourceARN, Type: f.ResourceType, Region: f.Region,
			CloudPartition: asffPartition(r.Scan.Partition)},
		Cloud: ocsfCloud{Provider: "AWS", Account: ocsfAccount{UID: f.AccountID, TypeID: ocsfAccountTypeAWS, Type: "AWS Account"},
			Region: f.Region},
		Unmapped: map[string]any{ocsfUnmappedSRMScan: ocsfUnmapped(f)},
	}
	for _, ref := range f.References {
		if strings.HasPrefix(ref, "CIS ") {
			e.Compliance.Requirements = append(e.Compliance.Requirements, ref)
		}
	}
	if len(e.Compliance.Requirements) > 0 {
		e.Compliance.Standards = append(e.Compliance.Standards, ocsfStandardCIS)
		e.FindingInfo.Types = append(e.FindingInfo.Types, asffTypeCIS)
	}
	if f.Remediation.Text != "" {
		e.Remediation = &ocsfRemediation{Desc: f.Remediation.Text}
		for _, ref := range f.References {
			if strings.HasPrefix(ref, "https://") {
				e.Remediation.References = append(e.Remediation.References, ref)
			}
		}
	}
	return e
}

// ocsfUnmapped keeps what OCSF has no attribute for, the responsibility
// vocabulary above all, under the product's name so it cannot collide with
// another source's unmapped data in the same table.
func ocsfUnmapped(f checks.Finding) map[string]any {
	u := map[string]any{
		"check_id":         f.CheckID,
		"status":           string(f.Status),
		"severity":         string(f.Severity),
		"control_category": string(f.ControlCategory),
		"domain":           string(f.Domain),
		"service":          f.Service,
		"service_model":    string(f.ServiceModel),
		"fingerprint":      f.Fingerprint,
	}
	if f.SharedControl != "" {
		u["shared_control"] = string(f.SharedControl)
	}
	if len(f.Evidence) > 0 {
		u["evidence"] = f.Evidence
	}
	if f.Baseline != "" {
		u["baseline"] = f.Baseline
	}
	if s := f.Suppression; s != nil {
		u["suppression"] = map[string]string{"reason": s.Reason, "expires": s.Expires, "source": s.Source}
	}
	if f.Remediation.Console != "" {
		u["remediation_console"] = f.Remediation.Console
	}
	if f.Remediation.CLI != "" {
		u["remediation_cli"] = f.Remediation.CLI
	}
	return u
}

// ocsfSeverity keeps the check's severity for passes too: OCSF readers
// filter on compliance.status_id, and a pass of a critical check says as
// much as its failure would.
func ocsfSeverity(s checks.Severity) (int, string) {
	switch s {
	case checks.Critical:
		return 5, "Critical"
	case checks.High:
		return 4, "High"
	case checks.Medium:
		return 3, "Medium"
	case checks.Low:
		return 2, "Low"
	case checks.Info:
		return 1, "Informational"
	default:
		return 0, "Unknown"
	}
}

// ocsfFindingStatus is the finding's workflow state, which in OCSF is apart
// from the compliance result: a pass is Resolved (as Security Hub resolves
// a passed control), an accepted finding Suppressed, the rest New.
func ocsfFindingStatus(f checks.Finding) (int, string) {
	switch {
	case f.Suppression != nil:
		return ocsfFindingSuppress, "Suppressed"
	case f.Status == checks.Pass:
		return ocsfFindingResolved, "Resolved"
	default:
		return ocsfFindingNew, "New"
	}
}

// ocsfComplianceStatus: OCSF's Warning is "did not yield a result due to
// missing information", which is an unknown; a manual attestation has no
// OCSF value, so it is Other with the status named, as the schema asks.
func ocsfComplianceStatus(s checks.Status) (int, string) {
	switch s {
	case checks.Pass:
		return ocsfCompliancePass, "Pass"
	case checks.Fail:
		return ocsfComplianceFail, "Fail"
	case checks.Unknown:
		return ocsfComplianceWarn, "Warning"
	default:
		return ocsfComplianceOther, "Manual"
	}
}
