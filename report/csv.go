package report

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/srmscan/srmscan/checks"
)

// CSVColumns are the CSV format's columns, in order. They are a contract
// like the JSON fields (docs/formats.md): new columns are only ever added
// at the end.
var CSVColumns = []string{
	"fingerprint", "check_id", "status", "severity", "control_category", "shared_control", "domain",
	"service", "service_model", "account_id", "region", "resource_arn", "resource_type", "title",
	"message", "evidence", "remediation", "references", "baseline", "suppression_reason",
	"suppression_expires",
}

// CSV writes one row per finding under a header row, for spreadsheets and
// ad-hoc tooling. Evidence is compact JSON, references are joined by
// spaces.
//
// Resource names, tags and messages come from the scanned account, so
// anyone who can name a resource could otherwise plant a formula that runs
// when an auditor opens the file: every cell that a spreadsheet would read
// as a formula gets a leading apostrophe (see spreadsheetSafe).
func CSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	err := r.EachFinding(func(f *checks.Finding) error {
		row := csvRow(*f)
		for i := range row {
			row[i] = spreadsheetSafe(row[i])
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(f checks.Finding) []string {
	evidence := ""
	if len(f.Evidence) > 0 {
		evidence = compactJSON(f.Evidence)
	}
	var reason, expires string
	if f.Suppression != nil {
		reason, expires = f.Suppression.Reason, f.Suppression.Expires
	}
	return []string{
		f.Fingerprint, f.CheckID, string(f.Status), string(f.Severity), string(f.ControlCategory),
		string(f.SharedControl), string(f.Domain), f.Service, string(f.ServiceModel), f.AccountID,
		f.Region, f.ResourceARN, f.ResourceType, f.Title, f.Message, evidence, f.Remediation.Text,
		strings.Join(f.References, " "), f.Baseline, reason, expires,
	}
}

// spreadsheetSafe defuses formula injection (CWE-1236): Excel, LibreOffice
// and Google Sheets evaluate a cell that starts with =, +, - or @, and tab
// or carriage return can hide such a start. A leading apostrophe makes the
// cell text in all three; a program reading the file sees the apostrophe
// and can strip it.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
