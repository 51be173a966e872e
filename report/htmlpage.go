package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/checks"
)

// pageWriter accumulates the page. Markup goes in through raw; every value
// goes through the method for the context it lands in.
type pageWriter struct {
	b bytes.Buffer
}

func (w *pageWriter) raw(s string) { w.b.WriteString(s) }

// text escapes s for element text, RCDATA (<title>) or a quoted
// attribute value: html/template uses one table for all three. NUL
// becomes U+FFFD; other bytes, invalid UTF-8 included, pass unchanged.
func (w *pageWriter) text(s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.b.WriteString(s[start:i])
		w.b.WriteString(repl)
		start = i + 1
	}
	w.b.WriteString(s[start:])
}

func (w *pageWriter) int(n int) { w.b.WriteString(strconv.Itoa(n)) }

// href writes a whole URL attribute value. The page's links are the
// fragments fragment() builds, which never carry a scheme, but an
// unexpected one is still refused as html/template refused it: anything
// before a colon (and before any slash) other than http, https or mailto
// makes the link "#ZgotmplZ", so no value can become javascript:.
func (w *pageWriter) href(u string) {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		u = "#ZgotmplZ"
	}
	// Normalised, the URL can still hold & and +, which the attribute
	// escapes.
	w.text(percentEncode(u, true))
}

// query writes a value into the query or fragment of a URL whose start
// is markup ("#status="): every byte but RFC 3986's unreserved ones is
// percent-encoded, which leaves nothing for the attribute to escape.
func (w *pageWriter) query(s string) { w.b.WriteString(percentEncode(s, false)) }

// percentEncode is html/template's URL processing. It encodes as lower-case
// %xx every byte outside RFC 3986's unreserved set; normalising (for a
// whole URL) keeps the reserved characters and existing %XX escapes, so
// fragment()'s upper-case escapes stay as they are.
func percentEncode(s string, normalise bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case normalise && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case normalise && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scriptJSON writes JSON into a <script type="application/json">
// element. Marshalling a json.RawMessage compacts it and escapes <, > and
// & (so the data can never close the element) and U+2028 and U+2029,
// which is what html/template wrote; HTML() relies on it, writing the
// report's own compact, HTML-escaped JSON in the placeholder's place.
// Invalid JSON, which only a bug here could produce, is an error rather
// than html/template's "null" behind a comment.
func (w *pageWriter) scriptJSON(raw json.RawMessage) error {
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	// A bare literal is set apart from the script around it, as
	// html/template did: "null" becomes " null ".
	pad := jsIdentPart(b[0]) || jsIdentPart(b[len(b)-1])
	if pad {
		w.b.WriteByte(' ')
	}
	w.b.Write(b)
	if pad {
		w.b.WriteByte(' ')
	}
	return nil
}

func jsIdentPart(c byte) bool {
	return c == '$' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// plural is the "s" of a count's noun.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// renderPage lays the page out around the view's values, by hand rather
// than by html/template. With html/template linked in, text/template's
// executor calls reflect.Value.MethodByName with names it only learns at
// run time, and the linker, unable to tell which methods could be called,
// keeps every exported method of every type in the program, the AWS
// SDK's included: srmscan was 178 MB with it and is 52 MB without, and a
// scan touches 74 MiB less of it (BENCHMARKS.md). cobra's own
// text/template use avoids MethodByName and costs nothing.
//
// The page is still byte for byte what testdata/page.html.tmpl made
// through html/template, whitespace trims included: the template is kept
// as the test oracle, and the tests render every kind of report, and
// views with hostile strings in every field, both ways and require the
// same bytes. The escaping is html/template's, context by context, for
// the value types the page shows (strings and ints). A change to the page
// is made here and in the oracle together, so each checks the other. The
// functions below follow the page from top to bottom.
func renderPage(v *htmlView) ([]byte, error) {
	w := &pageWriter{}
	w.b.Grow(len(v.Style) + len(v.Script) + 64<<10)
	w.head(v)
	w.header(v)
	w.raw("\n<main>\n")
	w.collectionErrors(v)
	w.scope(v)
	w.accounts(v)
	w.overview(v)
	w.responsibility(v)
	w.models(v)
	w.compliance(v)
	w.raw(findingsSection)
	w.raw(`<footer class="wrap foot">
  <p>Written by `)
	w.text(v.R.Tool.Name)
	w.raw(" ")
	w.text(v.R.Tool.Version)
	w.raw(`. This page is one self-contained file: it loads nothing from the network, and its data is the report below in JSON (the same as report.json).</p>
</footer>
<script type="application/json" id="srm-report">`)
	if err := w.scriptJSON(v.Data); err != nil {
		return nil, err
	}
	w.raw(`</script>
<script type="application/json" id="srm-vocabulary">`)
	if err := w.scriptJSON(v.Vocab); err != nil {
		return nil, err
	}
	// The script and the stylesheet are the binary's own, trusted as
	// template.JS and template.CSS were, and allowed by their hashes.
	w.raw("</script>\n<script>")
	w.raw(v.Script)
	w.raw("</script>\n</body>\n</html>\n")
	return w.b.Bytes(), nil
}

func (w *pageWriter) head(v *htmlView) {
	w.raw(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="`)
	w.text(v.CSP)
	w.raw(`">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="`)
	w.text(v.R.Tool.Name)
	w.raw(" ")
	w.text(v.R.Tool.Version)
	w.raw("\">\n<title>srmscan · ")
	w.text(v.R.Scan.AccountID)
	if v.R.Scan.Complete {
		w.raw(" · complete</title>\n<style>")
	} else {
		w.raw(" · INCOMPLETE</title>\n<style>")
	}
	w.raw(v.Style)
	w.raw("</style>\n</head>\n<body>\n")
}

func (w *pageWriter) header(v *htmlView) {
	sc := &v.R.Scan
	w.raw(`<header class="top">
  <div class="wrap head">
    <div class="ident">
      <p class="brand">srmscan <span>Shared Responsibility Model audit</span></p>
      <h1>AWS account <span class="mono" id="account">`)
	w.text(sc.AccountID)
	w.raw(`</span></h1>
      <dl class="meta">
        <div><dt>Caller</dt><dd class="mono">`)
	w.text(sc.CallerARN)
	w.raw(`</dd></div>
        <div><dt>Regions</dt><dd>`)
	w.textOr(v.Regions, "none")
	w.raw(`</dd></div>`)
	if v.Scope != nil {
		w.raw(`
        <div><dt>Services</dt><dd id="services" data-partial="true">`)
		w.text(v.Scope.Scanned)
		w.raw(` <span class="dim">only, by choice</span></dd></div>`)
	}
	w.raw(`
        <div><dt>Scanned</dt><dd>`)
	w.textOr(v.Started, "unknown")
	if v.Duration != "" {
		w.raw(` <span class="dim">in `)
		w.text(v.Duration)
		w.raw(`</span>`)
	}
	w.raw(`</dd></div>
        <div><dt>Report</dt><dd>`)
	w.text(v.R.Tool.Name)
	w.raw(" ")
	w.text(v.R.Tool.Version)
	w.raw(` <span class="dim">· schema `)
	w.text(v.R.SchemaVersion)
	w.raw(`</span></dd></div>
      </dl>
    </div>
    `)
	if sc.Complete {
		w.raw(`<div class="state ok" id="scan-state" data-complete="true"><strong>Complete</strong><span>every operation succeeded</span></div>`)
	} else {
		w.raw(`<div class="state bad" id="scan-state" data-complete="false"><strong>Incomplete</strong><span>`)
		if sc.Interrupted {
			w.raw("interrupted; ")
		}
		w.int(len(v.Errors))
		w.raw(" collection error" + plural(len(v.Errors)) + `: findings are a lower bound</span></div>`)
	}
	w.raw(`
  </div>
</header>`)
}

// textOr writes s, or the markup alt when s is empty.
func (w *pageWriter) textOr(s, alt string) {
	if s == "" {
		w.raw(alt)
		return
	}
	w.text(s)
}

// collectionErrors is the banner an incomplete scan opens with, before
// anything that could be read as a clean result.
func (w *pageWriter) collectionErrors(v *htmlView) {
	if v.R.Scan.Complete {
		return
	}
	w.raw(`
<section class="banner" id="collection-errors" role="alert" aria-labelledby="errors-title">
  <div class="wrap">
    <h2 id="errors-title">This scan is incomplete`)
	if v.R.Scan.Interrupted {
		w.raw(": it was interrupted")
	}
	w.raw(`</h2>
    <p>srmscan could not read part of the account. What it could not read is reported <b>unknown</b>, never as a pass, and the gate exits 3. Fix the access below and scan again before trusting a clean result.</p>
    `)
	if len(v.Errors) > 0 {
		w.raw(`<div class="scroll"><table class="errors">
      <thead><tr><th>Service</th><th>Region</th><th>Operation</th><th>Kind</th><th>Message</th></tr></thead>
      <tbody>`)
		for _, e := range v.Errors {
			w.raw("\n        <tr><td>")
			w.text(e.Service)
			w.raw("</td><td>")
			w.textOr(e.Region, "global")
			w.raw(`</td><td class="mono">`)
			w.text(e.Operation)
			w.raw(`</td><td><span class="kind">`)
			w.text(string(e.Kind))
			w.raw("</span>")
			if e.Code != "" {
				w.raw(` <span class="dim mono">`)
				w.text(e.Code)
				w.raw("</span>")
			}
			w.raw("</td><td>")
			w.text(e.Message)
			if e.ResourceARN != "" {
				w.raw(`<br><span class="mono dim">`)
				w.text(e.ResourceARN)
				w.raw("</span>")
			}
			w.raw("</td></tr>")
		}
		w.raw(`
      </tbody>
    </table></div>`)
	}
	w.raw(`
  </div>
</section>
`)
}

func (w *pageWriter) scope(v *htmlView) {
	s := v.Scope
	if s == nil {
		return
	}
	w.raw(`<section class="wrap" id="scope" aria-label="Scope">
  <p class="banner-lite"><b>Partial scan, by choice:</b> only `)
	w.text(s.Scanned)
	if s.Count == 1 {
		w.raw(" was")
	} else {
		w.raw(" were")
	}
	w.raw(` scanned (<span class="mono">--services</span>). The checks of `)
	w.text(s.Left)
	w.raw(` were not run: those services are out of this scan's scope, neither passed nor unknown. The summary, score and responsibility view below cover the scanned services only.</p>
</section>
`)
}

// accounts is the table of a multi-account report, one row per account.
func (w *pageWriter) accounts(v *htmlView) {
	accounts := v.R.Scan.Accounts
	if len(accounts) == 0 {
		return
	}
	w.raw(`<section class="wrap" id="accounts" aria-labelledby="accounts-title">
  <h2 id="accounts-title">Accounts <span class="dim">`)
	w.int(len(accounts))
	w.raw(`</span></h2>
  <div class="scroll"><table class="errors">
    <thead><tr><th>Account</th><th>Fail</th><th>Pass</th><th>Unknown</th><th>Manual</th><th>Read</th></tr></thead>
    <tbody>`)
	for _, a := range accounts {
		c := a.Summary.ByStatus
		w.raw(`
      <tr><td class="mono">`)
		w.text(a.AccountID)
		for _, n := range []int{c.Fail, c.Pass, c.Unknown, c.Manual} {
			w.raw("</td><td>")
			w.int(n)
		}
		w.raw("</td><td>")
		if a.Complete {
			w.raw("complete")
		} else {
			w.raw(`<span class="kind">incomplete</span> `)
			w.int(len(a.CollectionErrors))
			w.raw(" error" + plural(len(a.CollectionErrors)))
		}
		w.raw("</td></tr>")
	}
	w.raw(`
    </tbody>
  </table></div>
</section>
`)
}

// overview is the summary row: status tiles, where the failures are, the
// severity table and the score.
func (w *pageWriter) overview(v *htmlView) {
	sum := &v.R.Summary
	w.raw(`
<section class="overview wrap" aria-label="Summary">
  <div class="card statuses">
    <h2>Findings <span class="dim" data-count="total">`)
	w.int(sum.Total)
	w.raw(`</span></h2>
    <div class="tiles">`)
	for _, t := range v.StatusTiles {
		w.raw("\n      <a class=\"tile st-")
		w.text(t.ID)
		if t.Count == 0 {
			w.raw(" zero")
		}
		w.raw(`" href="#status=`)
		w.query(t.ID)
		w.raw(`"><span class="n" data-count="by_status.`)
		w.text(t.ID)
		w.raw(`" data-value="`)
		w.int(t.Count)
		w.raw(`">`)
		w.int(t.Count)
		w.raw(`</span><span class="l">`)
		w.text(t.Label)
		w.raw("</span></a>")
	}
	w.raw(`
    </div>
    <div class="sides">
      <p>`)
	if n := sum.ByStatus.Fail; n != 0 {
		w.raw("Where the ")
		w.int(n)
		if n == 1 {
			w.raw(" failure is")
		} else {
			w.raw(" failures are")
		}
	} else {
		w.raw("No failures")
	}
	w.raw(`:
        <span class="side-aws">AWS's side <b>`)
	w.int(v.SideFails.AWS)
	w.raw(`</b></span>
        <span class="side-shared">your half of shared controls <b>`)
	w.int(v.SideFails.Shared)
	w.raw(`</b></span>
        <span class="side-you">yours alone <b>`)
	w.int(v.SideFails.You)
	w.raw(`</b></span></p>`)
	if len(v.FailSides) > 0 {
		w.raw(`
      <svg class="bar sidebar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">`)
		for _, s := range v.FailSides {
			w.rect("c-", s)
		}
		w.raw("</svg>")
	}
	w.raw(`
    </div>
  </div>
  <div class="card severities">
    <h2>By severity</h2>
    <table class="sev">
      <thead><tr><th></th>`)
	for _, t := range v.StatusTiles {
		w.raw(`<th class="k-`)
		w.text(t.ID)
		w.raw(`">`)
		w.text(t.Label)
		w.raw("</th>")
	}
	w.raw(`</tr></thead>
      <tbody>`)
	for _, row := range v.SeverityRows {
		w.raw(`
        <tr><th scope="row"><span class="sevdot sv-`)
		w.text(row.ID)
		w.raw(`"></span>`)
		w.text(row.Label)
		w.raw("</th>")
		for _, c := range row.Cells {
			if c.Count == 0 {
				w.raw(`<td class="zero" data-count="by_severity.`)
			} else {
				w.raw(`<td data-count="by_severity.`)
			}
			w.text(row.ID)
			w.raw(".")
			w.text(c.ID)
			w.raw(`" data-value="`)
			w.int(c.Count)
			w.raw(`">`)
			if c.Count != 0 {
				w.raw(`<a href="#severity=`)
				w.query(row.ID)
				w.raw(`&amp;status=`)
				w.query(c.ID)
				w.raw(`">`)
				w.int(c.Count)
				w.raw("</a>")
			} else {
				w.raw("0")
			}
			w.raw("</td>")
		}
		w.raw("</tr>")
	}
	w.raw(`
      </tbody>
    </table>
  </div>
  <div class="card score">
    <h2>Score</h2>
    `)
	if s := v.Score; s != nil {
		w.raw(`<svg class="ring" viewBox="0 0 36 36" role="img" aria-label="score `)
		w.text(s.Text)
		w.raw(` percent"><circle class="track" cx="18" cy="18" r="15.9155"></circle><circle class="value" cx="18" cy="18" r="15.9155" stroke-dasharray="`)
		w.text(s.Dash)
		w.raw(`" stroke-dashoffset="25"></circle></svg>
    <p class="big" id="score" data-score="`)
		w.text(s.Text)
		w.raw(`">`)
		w.text(s.Text)
		w.raw("<small>%</small></p>")
	} else {
		w.raw(`<p class="big" id="score" data-score="">n/a</p>`)
	}
	w.raw(`
    <p class="dim small">Severity-weighted share of evaluated findings (pass or fail) that pass. Unknown and manual findings are not in it.</p>
  </div>
</section>
`)
}

// rect is one segment of a stacked bar, its count in a tooltip; class is
// the prefix of its status's colour class.
func (w *pageWriter) rect(class string, s barSeg) {
	w.raw(`<rect class="` + class)
	w.text(s.Status)
	w.raw(`" x="`)
	w.text(s.X)
	w.raw(`" width="`)
	w.text(s.W)
	w.raw(`" height="10"><title>`)
	w.int(s.Count)
	w.raw(" ")
	w.text(s.Status)
	w.raw("</title></rect>")
}

// statusBar draws a status breakdown and its legend. The bar is labelled
// for screen readers; the legend names only the statuses present.
func (w *pageWriter) statusBar(b bar) {
	c := b.Counts
	w.raw(`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="`)
	w.int(c.Fail)
	w.raw(" fail, ")
	w.int(c.Unknown)
	w.raw(" unknown, ")
	w.int(c.Manual)
	w.raw(" manual, ")
	w.int(c.Pass)
	w.raw(` pass">`)
	if len(b.Segs) > 0 {
		for _, s := range b.Segs {
			w.rect("s-", s)
		}
	} else {
		w.raw(`<rect class="s-none" x="0" width="100" height="10"></rect>`)
	}
	w.raw(`</svg><p class="legend">`)
	if b.Total == 0 {
		w.raw(`<span class="k-none">Not checked in this scan</span></p>`)
		return
	}
	for _, k := range []struct {
		n      int
		status string
	}{{c.Fail, "fail"}, {c.Unknown, "unknown"}, {c.Manual, "manual"}, {c.Pass, "pass"}} {
		if k.n == 0 {
			continue
		}
		w.raw(`<span class="k-` + k.status + `"><b>`)
		w.int(k.n)
		w.raw("</b> " + k.status + "</span>")
		// The spans are separated by a space, and pass comes last.
		if k.status != "pass" {
			w.raw(" ")
		}
	}
	w.raw("</p>")
}

// attestation says who attested an item, when, and until when.
func (w *pageWriter) attestation(a *checks.Attestation) {
	w.raw(`<span class="attested att-`)
	w.text(a.State)
	if a.State == checks.Attested {
		w.raw(`">Attested by `)
	} else {
		w.raw(`">Attestation expired by `)
	}
	w.text(a.By)
	w.raw(" on ")
	w.text(a.Date)
	if a.State == checks.Attested {
		w.raw(", until ")
	} else {
		w.raw(", ran to ")
	}
	w.text(a.Expires)
	w.raw(": ")
	w.text(a.Evidence)
	w.raw("</span>")
}

// responsibility is the line between AWS's side and the customer's: the
// inherited controls, both halves of each shared control, and the
// customer's domains.
func (w *pageWriter) responsibility(v *htmlView) {
	w.raw(`
<section class="srm wrap" id="responsibility" aria-labelledby="srm-title">
  <h2 id="srm-title" class="section">Who is responsible for what</h2>
  <div class="line-view">
    <div class="rail aws">
      <p class="who">AWS</p>
      <h3>Security <em>of</em> the cloud</h3>
      <p>You inherit these controls and cannot check them in the account; AWS's third-party auditors do.</p>
      <div class="side-count" data-bar="control_category.inherited" data-total="`)
	w.int(v.AWSBar.Total)
	w.raw(`">`)
	if v.AWSBar.Total != 0 {
		w.statusBar(v.AWSBar)
	} else {
		w.raw(`<p class="legend"><span class="k-none">No findings: nothing to check in the account</span></p>`)
	}
	w.raw(`</div>
    </div>
    <div class="inherited-block">
      <h4>Inherited controls</h4>`)
	for _, g := range v.Inherited {
		w.raw("\n      <ul class=\"inherited\">")
		for _, c := range g.Controls {
			w.raw("\n        <li id=\"inherited-")
			w.text(c.ID)
			w.raw(`"><strong>`)
			w.text(c.Title)
			w.raw("</strong><span>")
			w.text(c.Description)
			w.raw("</span>")
			if c.Attestation != nil {
				w.attestation(c.Attestation)
			}
			w.raw("</li>")
		}
		w.raw(`
      </ul>
      <p class="evidence"><b>Evidence:</b> `)
		w.text(g.Evidence)
		w.raw("</p>")
	}
	w.raw(`
      <h4 class="shared-h">Shared controls: AWS's half</h4>
    </div>`)
	for i, s := range v.Shared {
		// c0, c1, ... place each control's row in the grid.
		col := "c" + strconv.Itoa(i)
		w.raw("\n    <div class=\"half aws " + col + `" id="shared-aws-`)
		w.text(s.ID)
		w.raw(`"><p>`)
		w.text(s.AWS)
		w.raw("</p></div>\n    <div class=\"shared-name " + col + `">`)
		w.text(s.Label)
		w.raw("</div>\n    <a class=\"half you " + col + `" id="shared-`)
		w.text(s.ID)
		w.raw(`" href="`)
		w.href(s.Href)
		w.raw(`" data-bar="shared_control.`)
		w.text(s.ID)
		w.raw(`" data-total="`)
		w.int(s.Bar.Total)
		w.raw(`"><p>`)
		w.text(s.You)
		w.raw("</p>")
		w.statusBar(s.Bar)
		for i := range s.Attestations {
			w.attestation(&s.Attestations[i])
		}
		w.raw("</a>")
	}
	w.raw(`
    <div class="the-line" aria-hidden="true"><b>The shared responsibility line</b></div>
    <div class="rail you">
      <p class="who">You</p>
      <h3>Security <em>in</em> the cloud</h3>
      <p>Your half of each shared control, and the controls that are yours alone.</p>
      <div class="side-count" data-bar="customer_side" data-total="`)
	w.int(v.YouBar.Total)
	w.raw(`">`)
	w.statusBar(v.YouBar)
	w.raw(`</div>
    </div>
    <div class="domains-block">
      <h4>Customer-specific, by responsibility domain</h4>
      <div class="domains">`)
	for _, d := range v.Domains {
		if d.Bar.Total == 0 {
			w.raw("\n        <a class=\"domain unchecked\" id=\"domain-")
		} else {
			w.raw("\n        <a class=\"domain\" id=\"domain-")
		}
		w.text(d.ID)
		w.raw(`" href="`)
		w.href(d.Href)
		w.raw(`" data-bar="domain.`)
		w.text(d.ID)
		w.raw(`" data-total="`)
		w.int(d.Bar.Total)
		w.raw(`">
          <strong>`)
		w.text(d.Label)
		w.raw(`</strong><span class="covers">`)
		w.text(d.Covers)
		w.raw("</span>")
		w.statusBar(d.Bar)
		w.raw("</a>")
	}
	w.raw(`
      </div>
    </div>
  </div>
`)
}

// models places the line in each service model's stack and lists the
// services of the model under it.
func (w *pageWriter) models(v *htmlView) {
	w.raw(`
  <h2 class="section">Where the line sits, service by service</h2>
  <p class="lede">The more AWS manages, the higher the line: in an infrastructure service you own everything from the guest OS up; in an abstracted one, only your data, its encryption and who may reach it.</p>
  <div class="models">`)
	for _, m := range v.Models {
		if len(m.Services) == 0 {
			w.raw("\n    <div class=\"model empty\" id=\"model-")
		} else {
			w.raw("\n    <div class=\"model\" id=\"model-")
		}
		w.text(m.ID)
		w.raw(`">
      <h3>`)
		w.text(m.Label)
		w.raw(` <span class="dim">`)
		w.text(m.Examples)
		w.raw(`</span></h3>
      <ol class="stack" aria-label="`)
		w.text(m.AWSShare)
		w.raw(`">`)
		for _, l := range m.Layers {
			owner, who := "aws", "AWS"
			if l.You {
				owner, who = "you", "you"
			}
			w.raw("\n        <li class=\"" + owner)
			if l.Line {
				w.raw(" line")
			}
			w.raw(`"><span>`)
			w.text(l.Label)
			w.raw("</span><i>" + who + "</i></li>")
		}
		w.raw(`
      </ol>
      <p class="owns"><b>You own:</b> `)
		w.text(m.YouOwn)
		w.raw(`. <span class="dim">`)
		w.text(m.AWSShare)
		w.raw(`.</span></p>
      `)
		for i := range m.Services {
			w.service(&m.Services[i])
		}
		if len(m.Services) == 0 {
			w.raw(`<p class="dim small none">No service of this model in this scan.</p>`)
		}
		w.raw("\n    </div>")
	}
	w.raw("\n  </div>\n  ")
	if len(v.Unmodelled) > 0 {
		w.raw(`<div class="models">`)
		for i := range v.Unmodelled {
			w.raw(`<div class="model">`)
			w.service(&v.Unmodelled[i])
			w.raw("</div>")
		}
		w.raw("</div>")
	}
	w.raw("\n</section>\n\n\n")
}

// service is a service's card: its bar, and the checks that failed most.
func (w *pageWriter) service(s *serviceView) {
	w.raw(`
      <a class="service" href="`)
	w.href(s.Href)
	w.raw(`" data-bar="service.`)
	w.text(s.ID)
	w.raw(".")
	w.text(s.Model)
	w.raw(`" data-total="`)
	w.int(s.Bar.Total)
	w.raw(`">
        <strong>`)
	w.text(s.Name)
	w.raw("</strong>")
	w.statusBar(s.Bar)
	w.raw("\n        ")
	if len(s.Failing) > 0 {
		w.raw(`<ul class="failing">`)
		for _, c := range s.Failing {
			w.raw("<li><b>")
			w.int(c.Count)
			w.raw("</b> ")
			w.text(c.Title)
			w.raw("</li>")
		}
		w.raw("</ul>")
	}
	if n := s.MoreFailing; n != 0 {
		w.raw(`<p class="more-failing">and `)
		w.int(n)
		w.raw(" more failing check" + plural(n) + "</p>")
	}
	w.raw("\n      </a>")
}

// compliance is one panel per framework, chosen from a list by the page's
// script.
func (w *pageWriter) compliance(v *htmlView) {
	w.raw(`<section class="compliance wrap" id="compliance" aria-labelledby="compliance-title">
  <h2 id="compliance-title" class="section">Compliance</h2>
  <p class="lede">Each control's status comes from the findings of the checks that decide it: it passes when every finding passes, fails when any fails (suppressed ones too: accepting a risk does not meet the control). Open a control's findings from its row.</p>
  <p class="fw-pick" hidden><label>Framework <select id="fw-select">`)
	for _, f := range v.Frameworks {
		w.raw(`<option value="`)
		w.text(f.ID)
		w.raw(`">`)
		w.text(f.Name)
		w.raw(" v")
		w.text(f.Version)
		w.raw("</option>")
	}
	w.raw("</select></label></p>")
	for i := range v.Frameworks {
		w.framework(&v.Frameworks[i])
	}
	w.raw("\n</section>\n")
}

func (w *pageWriter) framework(f *frameworkHTML) {
	s := &f.Summary
	w.raw(`
  <div class="framework" id="fw-`)
	w.text(f.ID)
	w.raw(`" data-framework="`)
	w.text(f.ID)
	w.raw(`">
    <h3>`)
	w.text(f.Name)
	w.raw(" v")
	w.text(f.Version)
	w.raw(`</h3>
    <p class="fw-score"><b class="fw-percent">`)
	w.text(f.Percent)
	w.raw("</b> of the ")
	w.int(s.Pass)
	w.raw(" + ")
	w.int(s.Fail)
	w.raw(" + ")
	w.int(s.Unknown)
	w.raw(` judged controls pass <span class="dim">(`)
	w.int(s.Total)
	w.raw(` controls)</span></p>
    <ul class="fw-tiles">`)
	for _, t := range f.Tiles {
		w.raw(`<li class="ct-`)
		w.text(t.ID)
		w.raw(`" data-status="`)
		w.text(t.ID)
		w.raw(`"><b>`)
		w.int(t.Count)
		w.raw("</b> ")
		w.text(t.Label)
		w.raw("</li>")
	}
	w.raw(`</ul>
    <details class="fw-sections"><summary>By section</summary>
      <div class="scroll"><table class="errors">
        <thead><tr><th scope="col">Section</th><th scope="col">Pass</th><th scope="col">Fail</th><th scope="col">Unknown</th><th scope="col">Manual</th><th scope="col">Not checked</th><th scope="col">N/A</th><th scope="col">Score</th></tr></thead>
        <tbody>`)
	for _, sec := range f.Sections {
		c := &sec.Counts
		w.raw("<tr><td>")
		w.text(sec.Name)
		for _, n := range []int{c.Pass, c.Fail, c.Unknown, c.Manual, c.NotChecked, c.NotApplicable} {
			w.raw("</td><td>")
			w.int(n)
		}
		w.raw("</td><td>")
		w.text(sec.Percent)
		w.raw("</td></tr>")
	}
	w.raw(`</tbody>
      </table></div>
    </details>
    <div class="scroll"><table class="controls">
      <thead><tr><th scope="col">Control</th><th scope="col">Status</th><th scope="col">Title</th><th scope="col">Findings</th></tr></thead>
      <tbody>`)
	for i := range f.Controls {
		w.control(&f.Controls[i])
	}
	w.raw(`
      </tbody>
    </table></div>
  </div>`)
}

// control is a framework control's row, linking to the findings of the
// checks that decide it.
func (w *pageWriter) control(c *controlHTML) {
	w.raw(`
        <tr class="ctl" data-control="`)
	w.text(c.ID)
	w.raw(`" data-status="`)
	w.text(c.Status)
	w.raw(`"><td class="mono">`)
	w.text(c.ID)
	if c.Level != 0 {
		w.raw(` <small class="dim">L`)
		w.int(c.Level)
		w.raw("</small>")
	}
	w.raw(`</td><td><span class="cst cst-`)
	w.text(c.Status)
	w.raw(`">`)
	w.text(c.StatusLabel)
	w.raw("</span></td><td>")
	w.text(c.Title)
	if c.Reason != "" {
		w.raw("<small>")
		w.text(c.Reason)
		w.raw("</small>")
	}
	if c.Related != "" {
		w.raw(`<small class="related">Related: `)
		w.text(c.Related)
		w.raw("</small>")
	}
	if c.Attestation != nil {
		w.attestation(c.Attestation)
	}
	w.raw("</td><td>")
	if c.Href != "" {
		w.raw(`<a class="ctl-findings" href="`)
		w.href(c.Href)
		w.raw(`" title="`)
		w.text(c.Checks)
		w.raw(`">`)
		w.int(c.Findings)
		w.raw(" finding" + plural(c.Findings) + "</a>")
	} else {
		w.raw(`<span class="dim">none</span>`)
	}
	w.raw("</td></tr>")
}

// findingsSection is the shell of the findings table, which the page's
// script fills from the embedded report.
const findingsSection = `<section class="findings wrap" id="findings" aria-labelledby="findings-title">
  <h2 id="findings-title" class="section">Findings</h2>
  <noscript><p class="banner-lite">The findings table needs JavaScript. Every finding is in report.json, and in the JSON block of this file.</p></noscript>
  <div id="app" hidden>
    <form class="filters" id="filters" autocomplete="off">
      <div class="row">
        <div class="chips" id="f-status" role="group" aria-label="Status"></div>
        <div class="chips" id="f-severity" role="group" aria-label="Severity"></div>
      </div>
      <div class="row">
        <label>Control<select id="f-category" data-key="category"></select></label>
        <label>Shared control<select id="f-shared_control" data-key="shared_control"></select></label>
        <label>Domain<select id="f-domain" data-key="domain"></select></label>
        <label>Service<select id="f-service" data-key="service"></select></label>
        <label>Region<select id="f-region" data-key="region"></select></label>
        <label class="grow">Search<input id="f-q" type="search" placeholder="title, resource, check, evidence…" spellcheck="false"></label>
        <button type="button" id="f-clear">Clear</button>
      </div>
    </form>
    <p class="check-filter" id="f-check" hidden>Findings of the checks <span class="mono"></span> <button type="button" id="f-check-clear">Show all checks</button></p>
    <p class="count" id="count" aria-live="polite"></p>
    <div class="scroll">
      <table class="grid" id="grid">
        <thead><tr>
          <th class="x" scope="col"><span class="sr">Details</span></th>
          <th scope="col"><button type="button" data-sort="status">Status</button></th>
          <th scope="col"><button type="button" data-sort="severity">Severity</button></th>
          <th scope="col" class="wide"><button type="button" data-sort="title">Finding</button></th>
          <th scope="col"><button type="button" data-sort="resource">Resource</button></th>
          <th scope="col"><button type="button" data-sort="region">Region</button></th>
          <th scope="col"><button type="button" data-sort="service">Service</button></th>
          <th scope="col"><button type="button" data-sort="control">Responsibility</button></th>
        </tr></thead>
        <tbody id="rows"></tbody>
      </table>
    </div>
    <p class="more"><button type="button" id="more" hidden></button></p>
  </div>
</section>
</main>
`
