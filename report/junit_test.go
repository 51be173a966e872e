package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

func junitOf(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := JUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJUnitGolden(t *testing.T) {
	golden(t, "report.golden.junit.xml", junitOf(t, fixture(t)))
}

// parsedJUnit is what a CI system reads back.
type parsedJUnit struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string    `xml:"name,attr"`
			Classname string    `xml:"classname,attr"`
			Failure   *struct{} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, data []byte) parsedJUnit {
	t.Helper()
	var p parsedJUnit
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("JUnit XML is not well-formed: %v\n%s", err, data)
	}
	return p
}

// TestJUnitCountsMatchSummary: a CI widget's numbers must be the report's.
func TestJUnitCountsMatchSummary(t *testing.T) {
	r := fixture(t)
	p := parseJUnit(t, junitOf(t, r))
	s := r.Summary.ByStatus
	if p.Tests != r.Summary.Total || p.Failures != s.Fail || p.Errors != s.Unknown || p.Skipped != s.Manual {
		t.Errorf("testsuites tests/failures/errors/skipped = %d/%d/%d/%d, summary total %d %+v",
			p.Tests, p.Failures, p.Errors, p.Skipped, r.Summary.Total, s)
	}
	var suites []string
	for _, suite := range p.Suites {
		suites = append(suites, suite.Name)
		var fail, errs, skip int
		for _, c := range suite.Cases {
			if c.Classname != suite.Name || !strings.HasPrefix(c.Name, "arn:") {
				t.Errorf("testcase %s/%s: want classname = check ID and name = resource ARN", c.Classname, c.Name)
			}
			switch {
			case c.Failure != nil:
				fail++
			case c.Error != nil:
				errs++
			case c.Skipped != nil:
				skip++
			}
		}
		if suite.Tests != len(suite.Cases) || suite.Failures != fail || suite.Errors != errs || suite.Skipped != skip {
			t.Errorf("suite %s counts %d/%d/%d/%d disagree with its %d testcases (%d/%d/%d)",
				suite.Name, suite.Tests, suite.Failures, suite.Errors, suite.Skipped, len(suite.Cases), fail, errs, skip)
		}
	}
	if strings.Join(suites, ",") != strings.Join(goldenChecks, ",") {
		t.Errorf("suites %v, want one per check: %v", suites, goldenChecks)
	}
}

// A suppressed failure is accepted, not fixed: skipped, with its reason,
// so it neither breaks the build nor disappears.
func TestJUnitSuppressedIsSkipped(t *testing.T) {
	fs := []checks.Finding{
		{CheckID: "c", Status: checks.Fail, Severity: checks.High, ResourceARN: "arn:aws:s3:::a", Message: "a is public"},
		{CheckID: "c", Status: checks.Fail, Severity: checks.High, ResourceARN: "arn:aws:s3:::b", Message: "b is public",
			Suppression: &checks.Suppression{Reason: "static website, SEC-1", Expires: "2030-01-01"}},
	}
	data := junitOf(t, New(Tool{Name: "srmscan"}, &inventory.Inventory{}, fs))
	p := parseJUnit(t, data)
	if p.Tests != 2 || p.Failures != 1 || p.Skipped != 1 {
		t.Errorf("tests/failures/skipped = %d/%d/%d, want 2/1/1", p.Tests, p.Failures, p.Skipped)
	}
	if !bytes.Contains(data, []byte("static website, SEC-1")) {
		t.Errorf("the suppression's reason is not in the skipped message:\n%s", data)
	}
}

// Resource names come from the account: whatever they hold, the XML stays
// well-formed.
func TestJUnitEscapes(t *testing.T) {
	fs := []checks.Finding{{CheckID: "c", Status: checks.Fail, Severity: checks.Low, ResourceARN: `arn:aws:ec2:r:1:security-group/"]]><x>&`,
		Message: "name <script>\x00\x1b]]>", Evidence: map[string]any{"name": "</failure>"}}}
	p := parseJUnit(t, junitOf(t, New(Tool{Name: "srmscan"}, &inventory.Inventory{}, fs)))
	if len(p.Suites) != 1 || p.Suites[0].Cases[0].Name != fs[0].ResourceARN {
		t.Errorf("parsed back %+v", p)
	}
}
