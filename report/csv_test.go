package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

func csvOf(t *testing.T, r *Report) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := CSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, fixture(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.csv", buf.Bytes())
}

func TestCSVRows(t *testing.T) {
	r := fixture(t)
	rows := csvOf(t, r)
	if !slices.Equal(rows[0], CSVColumns) {
		t.Errorf("header %v, want %v", rows[0], CSVColumns)
	}
	if len(rows) != len(r.Findings)+1 {
		t.Fatalf("%d rows, want a header and one per finding (%d)", len(rows), len(r.Findings))
	}
	col := func(name string) int { return slices.Index(CSVColumns, name) }
	for i, f := range r.Findings {
		row := rows[i+1]
		if row[col("fingerprint")] != f.Fingerprint || row[col("resource_arn")] != f.ResourceARN || row[col("status")] != string(f.Status) {
			t.Errorf("row %d = %v, finding %+v", i+1, row, f)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1":                       "'+1",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"sg-1 = open":              "sg-1 = open",
		"arn:aws:s3:::b":           "arn:aws:s3:::b",
		"":                         "",
	} {
		if got := spreadsheetSafe(in); got != want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
	// End to end: a resource named by an attacker reaches the file inert.
	f := checks.Finding{CheckID: "c", Status: checks.Fail, ResourceARN: "arn:aws:s3:::b",
		Message: `=cmd|' /C calc'!A0`, Title: "@evil", Remediation: checks.Remediation{Text: "-1"}}
	rows := csvOf(t, New(Tool{}, &inventory.Inventory{}, []checks.Finding{f}))
	for _, cell := range rows[1] {
		if cell != "" && slices.Contains([]byte("=+-@\t\r"), cell[0]) {
			t.Errorf("cell %q starts a formula", cell)
		}
	}
}

// TestFormatsDocCoversCSVColumns keeps docs/formats.md beside the code.
func TestFormatsDocCoversCSVColumns(t *testing.T) {
	doc, err := os.ReadFile("../docs/formats.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range CSVColumns {
		if !bytes.Contains(doc, []byte("`"+c+"`")) {
			t.Errorf("docs/formats.md does not document the CSV column %s", c)
		}
	}
	for _, f := range Formats {
		if !bytes.Contains(doc, []byte("`"+f.File+"`")) {
			t.Errorf("docs/formats.md does not document %s", f.File)
		}
	}
}
