package report

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

func sarifOf(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSARIFGolden(t *testing.T) {
	golden(t, "report.golden.sarif", sarifOf(t, fixture(t)))
}

// sarifValidator compiles the OASIS SARIF 2.1.0 schema shipped in testdata,
// with format assertions on: GitHub rejects URIs and dates the schema's
// formats reject.
func sarifValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

func TestSARIFMatchesSchema(t *testing.T) {
	sch := sarifValidator(t)
	golden, err := os.ReadFile("../testdata/report/report.golden.sarif")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"golden":       golden,
		"fixture":      sarifOf(t, fixture(t)),
		"empty report": sarifOf(t, New(Tool{Name: "srmscan"}, &inventory.Inventory{AccountID: "1"}, nil)),
	} {
		if err := validateSARIF(t, sch, data); err != nil {
			t.Errorf("%s: SARIF does not match the 2.1.0 schema: %v", name, err)
		}
	}
	// The validator must be able to fail, or the test above proves nothing.
	bad := bytes.Replace(golden, []byte(`"level": "error"`), []byte(`"level": "fatal"`), 1)
	if bytes.Equal(bad, golden) {
		t.Fatal("golden SARIF has no error-level result to corrupt")
	}
	if validateSARIF(t, sch, bad) == nil {
		t.Error("the schema accepted a result level of \"fatal\"")
	}
}

// TestSARIFMeetsGitHubRules checks what GitHub code scanning requires
// beyond the schema (docs.github.com, "SARIF support for code scanning"):
// an upload that breaks one of these is rejected or shows broken alerts.
func TestSARIFMeetsGitHubRules(t *testing.T) {
	r := fixture(t)
	var log struct {
		Schema string `json:"$schema"`
		Runs   []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string            `json:"id"`
						ShortDescription map[string]string `json:"shortDescription"`
						FullDescription  map[string]string `json:"fullDescription"`
						Help             map[string]string `json:"help"`
						Properties       struct {
							Tags             []string `json:"tags"`
							SecuritySeverity string   `json:"security-severity"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Kind      string `json:"kind"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Properties          map[string]any    `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarifOf(t, r), &log); err != nil {
		t.Fatal(err)
	}
	if log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("want $schema and exactly one run: %+v", log)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "srmscan" {
		t.Errorf("driver name %q", run.Tool.Driver.Name)
	}
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful != r.Scan.Complete {
		t.Errorf("invocations %+v, want executionSuccessful = complete (%v)", run.Invocations, r.Scan.Complete)
	}
	// Every check in the report is a rule, whether or not it has results.
	if len(run.Tool.Driver.Rules) != len(goldenChecks) {
		t.Errorf("%d rules, want %d (one per check in the report)", len(run.Tool.Driver.Rules), len(goldenChecks))
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ShortDescription["text"] == "" || rule.FullDescription["text"] == "" || rule.Help["text"] == "" || rule.Help["markdown"] == "" {
			t.Errorf("rule %s lacks a required description or help text", rule.ID)
		}
		if len(rule.FullDescription["text"]) > 1024 {
			t.Errorf("rule %s: fullDescription over GitHub's 1024 characters", rule.ID)
		}
		if v, err := strconv.ParseFloat(rule.Properties.SecuritySeverity, 64); err != nil || v < 0 || v > 10 {
			t.Errorf("rule %s: security-severity %q is not a score from 0.0 to 10.0", rule.ID, rule.Properties.SecuritySeverity)
		}
		if !slices.Contains(rule.Properties.Tags, "security") {
			t.Errorf("rule %s: without the security tag GitHub ignores security-severity: %v", rule.ID, rule.Properties.Tags)
		}
	}
	want := map[string]int{}
	for _, f := range r.Findings {
		if f.Status == checks.Fail || f.Status == checks.Unknown {
			want[f.Fingerprint]++
		}
	}
	if len(run.Results) != len(want) {
		t.Errorf("%d results, want %d (fail and unknown findings)", len(run.Results), len(want))
	}
	for _, res := range run.Results {
		fp := res.PartialFingerprints["primaryLocationLineHash"]
		if want[fp] != 1 || res.PartialFingerprints["srmscanFingerprint/v1"] != fp {
			t.Errorf("result %s: fingerprints %v do not name one fail or unknown finding", res.RuleID, res.PartialFingerprints)
		}
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d points elsewhere", res.RuleID, res.RuleIndex)
		}
		if res.Message.Text == "" {
			t.Errorf("result %s has no message", res.RuleID)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %s: %d locations, want 1", res.RuleID, len(res.Locations))
		}
		loc := res.Locations[0].PhysicalLocation
		u, err := url.Parse(loc.ArtifactLocation.URI)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") || loc.Region.StartLine != 1 {
			t.Errorf("result %s: location %+v is not a relative path with a region (GitHub rejects other schemes)", res.RuleID, loc)
		}
		if res.Properties["resource_arn"] == "" || res.Properties["control_category"] == "" {
			t.Errorf("result %s: properties lack the resource or SRM fields: %v", res.RuleID, res.Properties)
		}
		switch res.Properties["status"] {
		case "fail":
			if res.Kind != "fail" || res.Level == "none" {
				t.Errorf("fail result %s: kind %q level %q", res.RuleID, res.Kind, res.Level)
			}
		case "unknown":
			// SARIF: a result that is not a fail has level none.
			if res.Kind != "review" || res.Level != "none" {
				t.Errorf("unknown result %s: kind %q level %q, want review and none", res.RuleID, res.Kind, res.Level)
			}
		default:
			t.Errorf("result %s has status %v: passes and manual items are not results", res.RuleID, res.Properties["status"])
		}
	}
}

func TestSARIFLevelsAndSuppressions(t *testing.T) {
	for sev, want := range map[checks.Severity]string{checks.Critical: "error", checks.High: "error", checks.Medium: "warning", checks.Low: "note", checks.Info: "note"} {
		if got := sarifLevel(sev); got != want {
			t.Errorf("level(%s) = %s, want %s", sev, got, want)
		}
	}
	f := checks.Finding{CheckID: "x", Status: checks.Fail, Severity: checks.High, Fingerprint: "fp", ResourceARN: "arn:aws:s3:::b",
		AccountID: "1", Baseline: checks.BaselineExisting, Suppression: &checks.Suppression{Reason: "accepted", Expires: "2030-01-01", Source: "s.yaml:3"}}
	res, ok := sarifResultOf(f)
	if !ok || res.BaselineState != "unchanged" || len(res.Suppressions) != 1 || res.Suppressions[0].Kind != "external" || res.Suppressions[0].Status != "accepted" {
		t.Errorf("suppressed baseline finding: %+v", res)
	}
	for _, st := range []checks.Status{checks.Pass, checks.Manual} {
		f.Status = st
		if _, ok := sarifResultOf(f); ok {
			t.Errorf("a %s finding became a SARIF result", st)
		}
	}
}

func TestResourcePath(t *testing.T) {
	for _, tc := range []struct {
		f    checks.Finding
		want string
	}{
		{checks.Finding{AccountID: "111122223333", Region: "us-east-1", ResourceARN: "arn:aws:ec2:us-east-1:111122223333:security-group/sg-1"},
			"aws/111122223333/us-east-1/ec2/security-group/sg-1"},
		// IAM is global; S3 ARNs carry no account.
		{checks.Finding{AccountID: "111122223333", ResourceARN: "arn:aws:iam::111122223333:user/ops/bob"}, "aws/111122223333/global/iam/user/ops/bob"},
		{checks.Finding{AccountID: "111122223333", Region: "eu-west-1", ResourceARN: "arn:aws:s3:::my.bucket"}, "aws/111122223333/eu-west-1/s3/my.bucket"},
		{checks.Finding{AccountID: "1", Region: "eu-west-1", ResourceARN: "arn:aws-cn:ec2:eu-west-1:1:*"}, "aws-cn/1/eu-west-1/ec2/*"},
		// Names from the account cannot escape the tree or smuggle a query.
		{checks.Finding{AccountID: "1", ResourceARN: "arn:aws:iam::1:role/../../x y?#%"}, "aws/1/global/iam/role/%2E%2E/%2E%2E/x%20y%3F%23%25"},
		{checks.Finding{AccountID: "1", ResourceARN: "not-an-arn"}, "aws/1/global/unknown/not-an-arn"},
	} {
		if got := resourcePath(tc.f); got != tc.want {
			t.Errorf("resourcePath(%s) = %s, want %s", tc.f.ResourceARN, got, tc.want)
		}
		if u, err := url.Parse(tc.want); err != nil || u.Scheme != "" || u.RawQuery != "" || u.Fragment != "" {
			t.Errorf("%s does not parse as a plain relative path: %v", tc.want, err)
		}
	}
}
