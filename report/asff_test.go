package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

func asffOf(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ASFF(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestASFFGolden(t *testing.T) {
	golden(t, "report.golden.asff.json", asffOf(t, fixture(t)))
}

// decodeASFF reads the output as BatchImportFindings would: into the SDK's
// finding type, refusing any field the SDK does not know, so a misspelt
// ASFF field fails here rather than at import.
func decodeASFF(t *testing.T, data []byte) []types.AwsSecurityFinding {
	t.Helper()
	var batch struct{ Findings []types.AwsSecurityFinding }
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&batch); err != nil {
		t.Fatalf("output does not decode into securityhub/types.AwsSecurityFinding: %v", err)
	}
	if batch.Findings == nil {
		t.Fatal("no Findings array")
	}
	return batch.Findings
}

func TestASFFRequiredFields(t *testing.T) {
	r := fixture(t)
	fs := decodeASFF(t, asffOf(t, r))
	if len(fs) != len(r.Findings) {
		t.Fatalf("%d ASFF findings, want one per finding (%d)", len(fs), len(r.Findings))
	}
	ids := map[string]bool{}
	wantCompliance := map[checks.Status]types.ComplianceStatus{checks.Pass: types.ComplianceStatusPassed,
		checks.Fail: types.ComplianceStatusFailed, checks.Unknown: types.ComplianceStatusWarning, checks.Manual: types.ComplianceStatusNotAvailable}
	for i, f := range fs {
		src := r.Findings[i]
		str := func(name string, p *string) string {
			if p == nil || *p == "" {
				t.Errorf("finding %d (%s): required %s is empty", i, src.CheckID, name)
				return ""
			}
			return *p
		}
		if str("SchemaVersion", f.SchemaVersion) != "2018-10-08" {
			t.Errorf("SchemaVersion %v", f.SchemaVersion)
		}
		id := str("Id", f.Id)
		if id != src.Fingerprint || ids[id] {
			t.Errorf("Id %q: want the finding's fingerprint %q, unique", id, src.Fingerprint)
		}
		ids[id] = true
		region := str("Region", f.Region)
		if want := "arn:aws:securityhub:" + region + ":111122223333:product/111122223333/default"; str("ProductArn", f.ProductArn) != want {
			t.Errorf("ProductArn %q, want %q", *f.ProductArn, want)
		}
		if str("GeneratorId", f.GeneratorId) != src.CheckID {
			t.Errorf("GeneratorId %q, want %q", *f.GeneratorId, src.CheckID)
		}
		if str("AwsAccountId", f.AwsAccountId) != "111122223333" {
			t.Errorf("AwsAccountId %q", *f.AwsAccountId)
		}
		str("Title", f.Title)
		str("Description", f.Description)
		for name, p := range map[string]*string{"CreatedAt": f.CreatedAt, "UpdatedAt": f.UpdatedAt, "FirstObservedAt": f.FirstObservedAt, "LastObservedAt": f.LastObservedAt} {
			if ts, err := time.Parse(time.RFC3339, str(name, p)); err != nil || !ts.Equal(r.Scan.FinishedAt) {
				t.Errorf("%s %v is not the scan time in RFC 3339 (%v)", name, p, err)
			}
		}
		if len(f.Types) == 0 || f.Types[0] != asffTypeBestPract {
			t.Errorf("Types %v", f.Types)
		}
		if f.Severity == nil || !contains(types.SeverityLabel("").Values(), f.Severity.Label) {
			t.Errorf("Severity %+v has no valid label", f.Severity)
		} else if src.Status == checks.Pass && f.Severity.Label != types.SeverityLabelInformational {
			t.Errorf("a pass is %s, want INFORMATIONAL", f.Severity.Label)
		}
		if f.Compliance == nil || f.Compliance.Status != wantCompliance[src.Status] {
			t.Errorf("%s finding: Compliance %+v, want %s", src.Status, f.Compliance, wantCompliance[src.Status])
		}
		if f.Workflow == nil || f.Workflow.Status != types.WorkflowStatusNew || f.RecordState != types.RecordStateActive {
			t.Errorf("Workflow %+v RecordState %q", f.Workflow, f.RecordState)
		}
		if len(f.Resources) != 1 {
			t.Fatalf("%d resources", len(f.Resources))
		}
		res := f.Resources[0]
		if str("Resources[0].Id", res.Id) != src.ResourceARN || res.Partition != types.PartitionAws || str("Resources[0].Region", res.Region) != region {
			t.Errorf("resource %+v", res)
		}
		str("Resources[0].Type", res.Type)
		if f.Remediation == nil || f.Remediation.Recommendation == nil || str("Recommendation.Text", f.Remediation.Recommendation.Text) == "" {
			t.Errorf("no remediation")
		}
		for _, k := range []string{"control_category", "domain", "service_model", "check_id", "status"} {
			if f.ProductFields["srmscan/"+k] == "" {
				t.Errorf("ProductFields lack srmscan/%s: %v", k, f.ProductFields)
			}
		}
		if src.SharedControl != "" && f.ProductFields["srmscan/shared_control"] != string(src.SharedControl) {
			t.Errorf("shared_control lost: %v", f.ProductFields)
		}
	}
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestASFFLimitsAndEdges(t *testing.T) {
	long := strings.Repeat("é", 3000)
	f := checks.Finding{Fingerprint: "fp", CheckID: "c", Title: long, Message: long, Status: checks.Fail, Severity: checks.Critical,
		AccountID: "444455556666", ResourceARN: "arn:aws-cn:iam::444455556666:user/x", ResourceType: "AWS::Made::Up",
		Remediation: checks.Remediation{Text: long}, Evidence: map[string]any{"x": long},
		References: []string{"CIS 1.10", "https://example.com/doc"}, Suppression: &checks.Suppression{Reason: "r", Expires: "2030-01-01", Source: "s:1"}}
	// A multi-account scan: the caller's account imports every finding.
	r := &Report{Tool: Tool{Name: "srmscan"}, Scan: Scan{AccountID: "111122223333", Partition: "aws-cn", StartedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		Findings: []checks.Finding{f}}
	got := decodeASFF(t, asffOf(t, r))[0]
	for name, v := range map[string]struct {
		s   *string
		max int
	}{"Title": {got.Title, 256}, "Description": {got.Description, 1024}, "Recommendation.Text": {got.Remediation.Recommendation.Text, 512}} {
		if n := len([]rune(*v.s)); n > v.max {
			t.Errorf("%s has %d characters, over ASFF's %d", name, n, v.max)
		}
	}
	for k, v := range got.ProductFields {
		if len([]rune(v)) > 2048 {
			t.Errorf("ProductFields[%s] over 2048 characters", k)
		}
	}
	if *got.ProductArn != "arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default" || *got.AwsAccountId != "444455556666" {
		t.Errorf("global aws-cn finding of another account: ProductArn %s, account %s", *got.ProductArn, *got.AwsAccountId)
	}
	if *got.CreatedAt != "2026-01-01T00:00:00Z" {
		t.Errorf("without an end time, CreatedAt %s should be the start", *got.CreatedAt)
	}
	if *got.Resources[0].Type != "Other" || got.Resources[0].Partition != types.PartitionAwsCn {
		t.Errorf("resource %+v", got.Resources[0])
	}
	if !reflect.DeepEqual(got.Types, []string{asffTypeBestPract, asffTypeCIS}) {
		t.Errorf("a CIS-referenced check: Types %v", got.Types)
	}
	if got.Workflow.Status != types.WorkflowStatusSuppressed || *got.Remediation.Recommendation.Url != "https://example.com/doc" {
		t.Errorf("workflow %s, url %v", got.Workflow.Status, got.Remediation.Recommendation.Url)
	}
	if fs := decodeASFF(t, asffOf(t, New(Tool{Name: "srmscan"}, &inventory.Inventory{AccountID: "1"}, nil))); len(fs) != 0 {
		t.Errorf("empty report: %d findings", len(fs))
	}
}

// Security Hub files an unknown resource type under no detail; every name
// srmscan uses must be one of its resource detail types, AwsAccount or Other.
func TestASFFResourceTypesExist(t *testing.T) {
	details := reflect.TypeOf(types.ResourceDetails{})
	for cfn, name := range asffResourceTypes {
		if name == "Other" || name == "AwsAccount" {
			continue
		}
		if _, ok := details.FieldByName(name); !ok {
			t.Errorf("%s maps to %s, which is not an ASFF resource type", cfn, name)
		}
	}
}

func TestASFFEveryCheckDecodes(t *testing.T) {
	for name, r := range accountReports(t) {
		for i, f := range decodeASFF(t, asffOf(t, r)) {
			if f.Resources[0].Type == nil || *f.Resources[0].Type == "" || f.Compliance == nil || f.Severity == nil || len([]rune(*f.Title)) > asffMaxTitle {
				t.Errorf("%s finding %d (%s) lacks a required field", name, i, r.Findings[i].CheckID)
			}
		}
	}
}
