package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

// The page's layout was testdata/page.html.tmpl, rendered by html/template
// until that cost the binary two thirds of its size (htmlpage.go). The
// template stays as the oracle: renderPage must write what html/template
// writes from it, byte for byte, whatever the view holds. html/template
// is fine here, in a test binary.
var oraclePage = template.Must(template.ParseFiles("testdata/page.html.tmpl"))

// oracleView gives the template the stylesheet and script as the trusted
// types html/template inserts verbatim; the rest is the view renderPage
// reads.
type oracleView struct {
	*htmlView
	Style  template.CSS
	Script template.JS
}

func oracleRender(t testing.TB, v *htmlView) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := oraclePage.Execute(&b, oracleView{v, template.CSS(v.Style), template.JS(v.Script)}); err != nil {
		t.Fatalf("oracle: %v", err)
	}
	return b.Bytes()
}

// samePage fails the test where renderPage and the oracle part ways,
// showing the first difference in context.
func samePage(t testing.TB, name string, v *htmlView) {
	t.Helper()
	want := oracleRender(t, v)
	got, err := renderPage(v)
	if err != nil {
		t.Fatalf("%s: renderPage: %v", name, err)
	}
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-200)
	t.Errorf("%s: the page differs from html/template's at byte %d (of %d, want %d)\n got: %q\nwant: %q",
		name, i, len(got), len(want), got[from:min(len(got), i+200)], want[from:min(len(want), i+200)])
}

// oracleReports are the reports the HTML tests render, and more for the
// branches of the page a real report can take that those do not (only
// the poisoned views below reach the rest, such as findings on AWS's
// side, which no check makes).
func oracleReports(t *testing.T) map[string]*Report {
	t.Helper()
	tool := Tool{Name: "srmscan", Version: "test"}
	reports := map[string]*Report{
		"golden":       fixture(t),
		"xss":          xssFixture(t),
		"empty":        New(tool, &inventory.Inventory{AccountID: "1"}, nil),
		"synthetic":    syntheticReport(3000),
		"demo":         demoReport(t),
		"one service":  scopedReport("111122223333", []string{"s3"}),
		"two services": scopedReport("111122223333", []string{"ec2", "s3"}),
		"full scope":   scopedReport("111122223333", nil),
	}
	invs, fs := orgInventories(t)
	reports["organization"] = NewAccounts(tool, invs[0].AccountID, invs[0].CallerARN, invs, fs)
	// An account with one error, one with several, and complete ones.
	invs[1].Errors = []inventory.CollectionError{{Service: "s3", Operation: "ListBuckets", Kind: "access-denied", Message: "denied"}}
	invs[2].Errors = append(invs[2].Errors, invs[1].Errors[0], invs[1].Errors[0])
	reports["organization, incomplete"] = NewAccounts(tool, invs[0].AccountID, invs[0].CallerARN, invs, fs)

	interrupted := fixture(t)
	interrupted.Scan.Interrupted = true
	reports["interrupted"] = interrupted
	stopped := New(tool, &inventory.Inventory{AccountID: "1"}, nil)
	stopped.Scan.Complete, stopped.Scan.Interrupted = false, true
	reports["interrupted, no errors"] = stopped
	oneError := fixture(t)
	oneError.Scan.CollectionErrors = oneError.Scan.CollectionErrors[:1]
	reports["one error"] = oneError

	// Attestations of every kind and state, as --attestations records them.
	attested := demoReport(t)
	att := func(by, state string) checks.Attestation {
		return checks.Attestation{By: by, Date: "2026-09-01", Expires: "2027-08-31", Evidence: "https://wiki.example.com/" + by + "?a=1&b=<2>", Source: "a.yaml:2", State: state}
	}
	attested.Attestations = []Attestation{
		{Kind: AttestControl, Item: "cis-5.0:1.1", Attestation: att("Dana", checks.Attested)},
		{Kind: AttestControl, Item: "cis-5.0:1.2", Attestation: att("Kim", checks.Expired)},
		{Kind: AttestInherited, Item: "physical-access", Attestation: att("Sam", checks.Attested)},
		{Kind: AttestInherited, Item: "environmental", Attestation: att("Lee", checks.Expired)},
	}
	for i, f := range attested.Findings {
		if f.CheckID == "org-security-awareness-training" {
			a := att("Ana's team", checks.Attested)
			attested.Findings[i].Status, attested.Findings[i].Attestation = checks.Pass, &a
		}
	}
	attested.Recount()
	reports["attestations"] = attested

	// Every service under a model the page does not know, and a service
	// with more failing checks than its card lists.
	demo := demoReport(t)
	reports["unmodelled"] = remodel(t, demo, 1, func(int) checks.ServiceModel { return "serverless" })
	reports["mixed models"] = remodel(t, demo, 3, func(i int) checks.ServiceModel { return checks.ServiceModels[i%len(checks.ServiceModels)] })
	return reports
}

// TestHTMLPageMatchesTemplate renders every report the tests know, and
// one per branch of the page, with renderPage and with the template.
func TestHTMLPageMatchesTemplate(t *testing.T) {
	for name, r := range oracleReports(t) {
		vocab, err := json.Marshal(htmlVocabulary(r.Scan))
		if err != nil {
			t.Fatal(err)
		}
		v, err := newHTMLView(r, json.RawMessage(dataPlaceholder), vocab)
		if err != nil {
			t.Fatal(err)
		}
		samePage(t, name, v)

		// And HTML() as a whole: the template's page with the report
		// streamed into the placeholder.
		var data bytes.Buffer
		if err := marshalReport(&data, r); err != nil {
			t.Fatal(err)
		}
		want := bytes.Replace(oracleRender(t, v), []byte(dataPlaceholder), data.Bytes(), 1)
		if got := renderHTML(t, r); !bytes.Equal(got, want) {
			t.Errorf("%s: HTML() differs from the template's page with the report in it", name)
		}
	}
}

// hostile are the strings the poisoned views are made of: markup, quotes,
// the characters html/template escapes, schemes a link must refuse, URL
// escapes valid and not, bytes that are not UTF-8, and the values the
// page compares with.
var hostile = []string{
	"", "", "attested", "expired", "fail", "pass",
	`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `</script><svg onload=alert(3)>`, `</title><script>x</script>`,
	`'single' & "double" + plus = equals`, "nul\x00byte\x00", "line\u2028sep\u2029para", "naïve · 東京 🚀 \ufdd0\uffff",
	"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:x", "data:text/html,<b>hi</b>", "vbscript:x",
	"http://example.com/a b?c=d&e=f#g", "HTTPS://x.example/'()", "mailto:a@example.com", "a/b:c", "/x:y", "?q=a:b",
	"#status=fail&q=a%20b%2F'()*~!", "#check=a%2Cb&x=%zz%4", "%41%", "%", "#ZgotmplZ", "#",
	"bad\xffutf8\xc3", "&amp; &lt; already", "<!-- -->", "]]>", "`backtick`", "{{.R}}", "\t\n\r\f\v spaces",
	"srmscan:report-data:3f9c1e", `"srmscan:report-data:3f9c1e"`, "[]{}$_",
}

// hostileJSON is valid JSON for the script blocks: compacted and
// HTML-escaped on the way in, and bare literals padded.
var hostileJSON = []string{
	dataPlaceholder, `{"a":"</script><!-- <b>&amp;` + "\u2028\u2029" + `"}`, ` [1, 2 ,
	3] `, `null`, `5`, `-1.5e3`, `true`, `"x"`, `{"k":"naïve \u0000"}`,
}

// poison fills v with values drawn from hostile (strings), a few numbers
// that take every branch (0, 1, more, negative), either boolean, and
// nil, empty or short pointers and slices.
func poison(rnd *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(hostile[rnd.IntN(len(hostile))])
	case reflect.Int:
		v.SetInt([]int64{0, 0, 1, 2, 3, -1, 1234567}[rnd.IntN(7)])
	case reflect.Bool:
		v.SetBool(rnd.IntN(2) == 0)
	case reflect.Float64:
		v.SetFloat(rnd.Float64() * 100)
	case reflect.Pointer:
		if depth > 6 || rnd.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		poison(rnd, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes([]byte(hostileJSON[rnd.IntN(len(hostileJSON))]))
			return
		}
		n := 0
		if depth <= 6 {
			n = rnd.IntN(4)
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			poison(rnd, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				poison(rnd, v.Field(i), depth+1)
			}
		}
	}
	// Maps and interfaces are left as they are: the page reads none.
}

// poisonedView is a view whose every field the page reads holds a value
// drawn from the hostile sets; only the report itself is always there.
func poisonedView(seed uint64) *htmlView {
	rnd := rand.New(rand.NewPCG(seed, 0x5eed))
	v := &htmlView{}
	poison(rnd, reflect.ValueOf(v).Elem(), 0)
	if v.R == nil {
		v.R = &Report{}
		poison(rnd, reflect.ValueOf(v.R).Elem(), 1)
	}
	return v
}

// TestHTMLPageMatchesTemplateOnHostileViews: a few hundred views made of
// hostile strings and branch-taking numbers, laid out both ways.
func TestHTMLPageMatchesTemplateOnHostileViews(t *testing.T) {
	for seed := range uint64(400) {
		samePage(t, fmt.Sprintf("poisoned view %d", seed), poisonedView(seed))
		if t.Failed() {
			return
		}
	}
}

// FuzzHTMLPage puts one string in every kind of place the page has
// (element text, the title, attributes, links whole and in part), so no
// string's escaping is only ever seen next to others'. The hostile
// strings are its seeds; go test -fuzz=FuzzHTMLPage looks further.
func FuzzHTMLPage(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	base, err := newHTMLView(xssFixture(f), json.RawMessage(dataPlaceholder), []byte(`{}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := *base
		r := *v.R
		v.R = &r
		r.Tool = Tool{Name: s, Version: s}
		r.Scan.AccountID, r.Scan.CallerARN, v.Regions = s, s, s
		v.Errors = []inventory.CollectionError{{Service: s, Region: s, Operation: s, Kind: inventory.ErrorKind(s), Code: s, Message: s, ResourceARN: s}}
		v.StatusTiles = []statusTile{{ID: s, Label: s, Count: 1}}
		v.SeverityRows = []severityRow{{ID: s, Label: s, Cells: v.StatusTiles}}
		v.Shared = append([]sharedView(nil), v.Shared...)
		v.Shared[0].Href, v.Shared[0].ID, v.Shared[0].You = s, s, s
		v.Domains = append([]domainView(nil), v.Domains...)
		v.Domains[0].Href, v.Domains[0].Covers = s, s
		v.Frameworks = append([]frameworkHTML(nil), v.Frameworks...)
		v.Frameworks[0].Controls = append([]controlHTML(nil), v.Frameworks[0].Controls...)
		c := &v.Frameworks[0].Controls[0]
		c.Href, c.Checks, c.Title, c.Reason = s, s, s, s
		c.Attestation = &checks.Attestation{By: s, Date: s, Expires: s, Evidence: s, State: s}
		samePage(t, fmt.Sprintf("%q", s), &v)
	})
}
