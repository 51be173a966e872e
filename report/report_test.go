package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// goldenChecks are the checks the golden report runs: a fixed list, so a
// new check in the catalogue does not rewrite the golden files.
var goldenChecks = []string{
	"ebs-volume-unencrypted",
	"ec2-sg-admin-ports-public",
	"iam-user-console-no-mfa",
	"org-security-awareness-training",
}

// fixture is the fixed inventory every format's golden file is built from.
func fixture(t *testing.T) *Report {
	t.Helper()
	inv, err := emulator.LoadAccount("../testdata/report/account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var list []checks.Check
	for _, c := range checks.All() {
		if slices.Contains(goldenChecks, c.ID) {
			list = append(list, c)
		}
	}
	if len(list) != len(goldenChecks) {
		t.Fatalf("golden checks %v: only %d found in the catalogue", goldenChecks, len(list))
	}
	return New(Tool{Name: "srmscan", Version: "test"}, inv, checks.Run(inv, list, checks.DefaultConfig()))
}

// golden compares got with the named file under testdata/report, or
// rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "report", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./report -update rewrites it; review the diff)\n got:\n%s", path, got)
	}
}

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.json", buf.Bytes())
}

func TestSummary(t *testing.T) {
	r := fixture(t)
	s := r.Summary
	// bastion fails, the 443 group passes; eu-west-1's groups could not be
	// listed; one volume each way; bob fails, alice passes; one manual.
	want := StatusCounts{Fail: 3, Pass: 3, Unknown: 1, Manual: 1}
	if s.ByStatus != want || s.Total != 8 {
		t.Errorf("by_status = %+v total %d, want %+v total 8", s.ByStatus, s.Total, want)
	}
	if got := s.BySeverity[checks.High]; got != (StatusCounts{Fail: 2, Pass: 2, Unknown: 1}) {
		t.Errorf("high = %+v", got)
	}
	if got := s.ByControlCategory[checks.Shared]; got != (StatusCounts{Manual: 1}) {
		t.Errorf("shared = %+v", got)
	}
	for _, sev := range checks.Severities {
		if _, ok := s.BySeverity[sev]; !ok {
			t.Errorf("by_severity lacks %s: readers rely on every key being present", sev)
		}
	}
	// Weighted: high counts 4, medium 3. Passed 4+4+3 of 4+4+3+4+4+3.
	if s.Score == nil || *s.Score != 50.0 {
		t.Errorf("score = %v, want 50.0", s.Score)
	}
	if r.Scan.Complete {
		t.Error("a report with a collection error must not be complete")
	}
}

func TestScoreIsNullWhenNothingEvaluated(t *testing.T) {
	inv := &inventory.Inventory{AccountID: "1"}
	r := New(Tool{}, inv, []checks.Finding{{Status: checks.Manual, Severity: checks.Info}, {Status: checks.Unknown, Severity: checks.High}})
	if r.Summary.Score != nil {
		t.Errorf("score = %v, want null: no finding was pass or fail", *r.Summary.Score)
	}
	data, _ := json.Marshal(New(Tool{}, inv, nil))
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	if f, ok := m["findings"].([]any); !ok || len(f) != 0 {
		t.Errorf("findings must be an empty array, not null: %s", data)
	}
	if e, ok := m["scan"].(map[string]any)["collection_errors"].([]any); !ok || len(e) != 0 {
		t.Errorf("collection_errors must be an empty array, not null: %s", data)
	}
}

func TestExitCode(t *testing.T) {
	finding := func(st checks.Status, sev checks.Severity) checks.Finding {
		return checks.Finding{Status: st, Severity: sev}
	}
	complete := &inventory.Inventory{}
	incomplete := &inventory.Inventory{Errors: []inventory.CollectionError{{Service: "ec2"}}}
	interrupted := &inventory.Inventory{Interrupted: true}
	cases := []struct {
		name            string
		inv             *inventory.Inventory
		findings        []checks.Finding
		failOn          checks.Severity
		allowIncomplete bool
		want            int
	}{
		{"clean", complete, []checks.Finding{finding(checks.Pass, checks.Critical)}, checks.High, false, ExitOK},
		{"fail at threshold", complete, []checks.Finding{finding(checks.Fail, checks.High)}, checks.High, false, ExitFindings},
		{"fail above threshold", complete, []checks.Finding{finding(checks.Fail, checks.Critical)}, checks.Medium, false, ExitFindings},
		{"fail below threshold", complete, []checks.Finding{finding(checks.Fail, checks.Medium)}, checks.High, false, ExitOK},
		{"unknown does not gate on findings", complete, []checks.Finding{finding(checks.Unknown, checks.Critical)}, checks.Low, false, ExitOK},
		{"none never fails on findings", complete, []checks.Finding{finding(checks.Fail, checks.Critical)}, "none", false, ExitOK},
		{"incomplete wins over findings", incomplete, []checks.Finding{finding(checks.Fail, checks.Critical)}, checks.High, false, ExitIncomplete},
		{"incomplete and clean", incomplete, nil, checks.High, false, ExitIncomplete},
		{"interrupted", interrupted, nil, "none", false, ExitIncomplete},
		{"allow incomplete gates on findings", incomplete, []checks.Finding{finding(checks.Fail, checks.Critical)}, checks.High, true, ExitFindings},
		{"allow incomplete and clean", incomplete, []checks.Finding{finding(checks.Fail, checks.Low)}, checks.High, true, ExitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := New(Tool{}, c.inv, c.findings).ExitCode(c.failOn, c.allowIncomplete); got != c.want {
				t.Errorf("exit code %d, want %d", got, c.want)
			}
		})
	}
}

func TestWriteDirIsPrivateAndAtomic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "out")
	formats, err := LookupFormats([]string{"JSON", "json"})
	if err != nil || len(formats) != 1 {
		t.Fatalf("LookupFormats = %v, %v: names are case-insensitive and deduplicated", formats, err)
	}
	paths, err := WriteDir(dir, fixture(t), formats)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v, want 0600: reports describe the account's weak points", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if _, err := LookupFormats([]string{"pdf"}); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestReportRoundTrips guards the contract from the reader's side: the
// JSON decodes back into the same report.
func TestReportRoundTrips(t *testing.T) {
	r := fixture(t)
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var back Report
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	_ = JSON(&again, &back)
	var first bytes.Buffer
	_ = JSON(&first, r)
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Error("report does not survive a JSON round trip")
	}
}

// TestSchemaDocCoversEveryField keeps docs/report-schema.md beside the
// code: every JSON field a report can carry must be documented there.
func TestSchemaDocCoversEveryField(t *testing.T) {
	doc, err := os.ReadFile("../docs/report-schema.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() == "time" {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name != "" && !bytes.Contains(doc, []byte("`"+name+"`")) {
				t.Errorf("docs/report-schema.md does not document %s.%s", path, name)
			}
			walk(f.Type, path+"."+name)
		}
	}
	walk(reflect.TypeOf(Report{}), "report")
}
