package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// Payloads that must reach the reader as text. The security group named
// <script>alert(1)</script> comes from testdata/report/account.yaml; the
// others are added here so the shared fixture stays as it is.
const (
	scriptPayload = `<script>alert(1)</script>`
	tagPayload    = `"><img src=x onerror=alert(1)>`
	errorPayload  = `</script><svg onload=alert(3)>`
)

// xssFixture is the golden inventory plus an instance whose patch-group
// tag value (shown as evidence) and a collection error whose message and
// resource (shown in the banner) carry markup.
func xssFixture(t testing.TB) *Report {
	t.Helper()
	inv, err := emulator.LoadAccount("../testdata/report/account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inv.EC2.Instances = append(inv.EC2.Instances, inventory.Instance{
		Resource: inventory.Resource{ARN: "arn:aws:ec2:us-east-1:111122223333:instance/i-0aaa0000000000001", AccountID: inv.AccountID, Region: "us-east-1"},
		ID:       "i-0aaa0000000000001", State: "running", ImageID: "ami-0aaa0000000000001",
		LaunchTime:         time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled",
		Tags: inventory.TagsOf("PatchGroup", tagPayload, "Name", scriptPayload),
	})
	inv.Errors = append(inv.Errors, inventory.CollectionError{Service: "s3", Operation: "GetBucketPolicy",
		ResourceARN: "arn:aws:s3:::" + tagPayload, Kind: "access-denied", Code: "AccessDenied", Message: errorPayload})
	ids := append(slices.Clone(goldenChecks), "ec2-instance-patch-group")
	var list []checks.Check
	for _, c := range checks.All() {
		if slices.Contains(ids, c.ID) {
			list = append(list, c)
		}
	}
	return New(Tool{Name: "srmscan", Version: "test"}, inv, checks.Run(inv, list, checks.DefaultConfig()))
}

func renderHTML(t testing.TB, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHTMLGolden(t *testing.T) {
	golden(t, "report.golden.html", renderHTML(t, fixture(t)))
}

func TestHTMLFormatRegistered(t *testing.T) {
	fs, err := LookupFormats([]string{"html"})
	if err != nil || len(fs) != 1 || fs[0].File != "report.html" {
		t.Fatalf("LookupFormats(html) = %v, %v", fs, err)
	}
}

// embeddedJSON returns the text of the <script type="application/json">
// element with the given id.
func embeddedJSON(t testing.TB, page []byte, id string) []byte {
	t.Helper()
	open := []byte(`<script type="application/json" id="` + id + `">`)
	i := bytes.Index(page, open)
	if i < 0 {
		t.Fatalf("no %s block in the page", id)
	}
	rest := page[i+len(open):]
	j := bytes.Index(rest, []byte("</script>"))
	if j < 0 {
		t.Fatalf("%s block is not closed", id)
	}
	return rest[:j]
}

// TestHTMLEmbedsTheReport: the page's data is the report contract, so the
// page cannot show something report.json does not say.
func TestHTMLEmbedsTheReport(t *testing.T) {
	r := xssFixture(t)
	page := renderHTML(t, r)
	var got, want any
	if err := json.Unmarshal(embeddedJSON(t, page, "srm-report"), &got); err != nil {
		t.Fatalf("embedded report is not JSON: %v", err)
	}
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the page's embedded JSON differs from report.json")
	}
	var v vocabulary
	if err := json.Unmarshal(embeddedJSON(t, page, "srm-vocabulary"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Statuses) != len(checks.Statuses) || len(v.Domains) != len(checks.Domains) || len(v.SharedControls) != len(checks.SharedControls) {
		t.Errorf("vocabulary incomplete: %+v", v)
	}
}

func TestHTMLEscapesAccountValues(t *testing.T) {
	page := renderHTML(t, xssFixture(t))
	// The payloads' words may appear, escaped; their markup may not.
	for _, p := range []string{scriptPayload, tagPayload, errorPayload, "<img", "<svg onload"} {
		if bytes.Contains(page, []byte(p)) {
			t.Errorf("page contains %q unescaped", p)
		}
	}
	// Only the page's own three script elements, whatever the data says.
	if n := bytes.Count(bytes.ToLower(page), []byte("<script")); n != 3 {
		t.Errorf("%d <script elements, want 3", n)
	}
	// The banner shows the error, escaped as html/template escaped it.
	if !bytes.Contains(page, []byte("&lt;/script&gt;&lt;svg onload=alert(3)&gt;")) {
		t.Error("the collection error's message is not shown, escaped, in the banner")
	}
}

var (
	cspMeta     = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	inlineJS    = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	inlineStyle = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
)

// TestHTMLContentSecurityPolicy: nothing may load, nothing inline runs
// but the page's own script and stylesheet, allowed by their hashes.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	page := string(renderHTML(t, fixture(t)))
	m := cspMeta.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no Content-Security-Policy meta tag")
	}
	csp := html.UnescapeString(m[1])
	if !strings.HasPrefix(csp, "default-src 'none';") || strings.Contains(csp, "unsafe-") {
		t.Errorf("CSP %q: want default-src 'none' and nothing unsafe", csp)
	}
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	js := inlineJS.FindAllStringSubmatch(page, -1)
	css := inlineStyle.FindAllStringSubmatch(page, -1)
	if len(js) != 1 || len(css) != 1 {
		t.Fatalf("%d inline scripts and %d stylesheets, want one each", len(js), len(css))
	}
	if !strings.Contains(csp, "script-src "+hash(js[0][1])+";") {
		t.Errorf("CSP does not allow the page's script by its hash: %s", csp)
	}
	if !strings.Contains(csp, "style-src "+hash(css[0][1])+";") {
		t.Errorf("CSP does not allow the page's stylesheet by its hash: %s", csp)
	}
	for _, bad := range []string{" src=", "<link", "@import", "url(", "http://", "<iframe", "style=\""} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q: it must load nothing and carry no inline style", bad)
		}
	}
}

// TestHTMLResponsibilityViewAddsUp: every finding is counted once on the
// customer's side (shared control or domain) and once under its service.
func TestHTMLResponsibilityViewAddsUp(t *testing.T) {
	r := xssFixture(t)
	v, err := newHTMLView(r, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var shared, domains, services StatusCounts
	for _, s := range v.Shared {
		shared.plus(s.Bar.Counts)
	}
	for _, d := range v.Domains {
		domains.plus(d.Bar.Counts)
	}
	for _, m := range v.Models {
		for _, s := range m.Services {
			services.plus(s.Bar.Counts)
		}
	}
	for _, s := range v.Unmodelled {
		services.plus(s.Bar.Counts)
	}
	if shared != r.Summary.ByControlCategory[checks.Shared] {
		t.Errorf("shared tiles %+v, summary %+v", shared, r.Summary.ByControlCategory[checks.Shared])
	}
	if domains != r.Summary.ByControlCategory[checks.CustomerSpecific] {
		t.Errorf("domain tiles %+v, summary %+v", domains, r.Summary.ByControlCategory[checks.CustomerSpecific])
	}
	if services != r.Summary.ByStatus {
		t.Errorf("service cards %+v, summary %+v", services, r.Summary.ByStatus)
	}
	if len(v.Inherited) == 0 || len(v.Inherited[0].Controls) == 0 {
		t.Error("the inherited controls are missing from AWS's side")
	}
	n := 0
	for _, g := range v.Inherited {
		n += len(g.Controls)
		if g.Evidence == "" {
			t.Error("an inherited control without its evidence")
		}
	}
	if n != len(checks.InheritedControls()) {
		t.Errorf("%d inherited controls shown, want %d", n, len(checks.InheritedControls()))
	}
	// The line moves up from infrastructure to abstracted.
	share := func(m modelView) int {
		n := 0
		for _, l := range m.Layers {
			if !l.You {
				n++
			}
		}
		return n
	}
	if !(share(v.Models[0]) < share(v.Models[1]) && share(v.Models[1]) < share(v.Models[2])) {
		t.Errorf("AWS's share does not grow from infrastructure to abstracted: %d, %d, %d", share(v.Models[0]), share(v.Models[1]), share(v.Models[2]))
	}
}

func TestFragmentMatchesEncodeURIComponent(t *testing.T) {
	got := fragment("q", `a b/"<>&'()*~`, "status", "fail")
	want := `#q=a%20b%2F%22%3C%3E%26'()*~&status=fail`
	if got != want {
		t.Errorf("fragment = %s, want %s", got, want)
	}
}

func TestHTMLWithoutFindingsOrScore(t *testing.T) {
	page := renderHTML(t, New(Tool{Name: "srmscan", Version: "test"}, &inventory.Inventory{AccountID: "1"}, nil))
	if !bytes.Contains(page, []byte(`data-score=""`)) || !bytes.Contains(page, []byte("Not checked in this scan")) {
		t.Error("an empty report must show no score and unchecked tiles")
	}
	if !bytes.Contains(page, []byte(`data-complete="true"`)) || bytes.Contains(page, []byte(`id="collection-errors"`)) {
		t.Error("a scan with no collection errors is complete and has no error banner")
	}
}

// syntheticReport builds n findings spread over the real catalogue's
// checks, regions and statuses, for load measurements.
func syntheticReport(n int) *Report {
	list := checks.All()
	regions := []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-northeast-1", "sa-east-1"}
	statuses := []checks.Status{checks.Fail, checks.Pass, checks.Pass, checks.Pass, checks.Unknown, checks.Fail, checks.Pass}
	fs := make([]checks.Finding, 0, n)
	for i := range n {
		c := list[i%len(list)]
		region := regions[(i/len(list))%len(regions)]
		st := statuses[(i/7+i)%len(statuses)]
		if c.Category == checks.Shared && c.SharedControl == checks.AwarenessTraining {
			st, region = checks.Manual, ""
		}
		arn := fmt.Sprintf("arn:aws:%s:%s:111122223333:resource/r-%08d", c.Service, region, i)
		fs = append(fs, checks.Finding{
			Fingerprint: fmt.Sprintf("%032x", i), CheckID: c.ID, Title: c.Title, Status: st, Severity: c.Severity,
			ControlCategory: c.Category, SharedControl: c.SharedControl, Domain: c.Domain, Service: c.Service,
			ServiceModel: c.ServiceModel, AccountID: "111122223333", Region: region, ResourceARN: arn,
			ResourceType: c.ResourceType, Message: fmt.Sprintf("r-%08d: %s", i, c.Title),
			Evidence:    map[string]any{"index": i, "region": region, "tag": fmt.Sprintf("team-%d", i%37)},
			Remediation: c.Remediation, References: c.References,
		})
	}
	checks.Sort(fs)
	inv := &inventory.Inventory{AccountID: "111122223333", CallerARN: "arn:aws:iam::111122223333:user/auditor", Partition: "aws",
		Regions: regions, StartedAt: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC), FinishedAt: time.Date(2026, 11, 1, 12, 3, 0, 0, time.UTC)}
	return New(Tool{Name: "srmscan", Version: "bench"}, inv, fs)
}

func BenchmarkHTML20k(b *testing.B) {
	r := syntheticReport(20000)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		cw := &countWriter{}
		if err := HTML(cw, r); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/page")
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
