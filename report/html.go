package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

// The page (htmlpage.go), its stylesheet and its script are compiled into
// the binary, so a report never depends on files beside it or on the
// network (Trivy's HTML template, kept outside its binary, is the failure
// this avoids).
//
//go:embed html/report.css html/report.js
var htmlAssets embed.FS

var (
	htmlStyle  = mustAsset("html/report.css")
	htmlScript = mustAsset("html/report.js")
)

func mustAsset(name string) string {
	b, err := htmlAssets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// HTML writes the report as one self-contained page. Everything a reader
// sees without script (header, collection errors, the responsibility view)
// is laid out here (by renderPage, which says why not by html/template);
// the findings table is built in the browser from the report's JSON,
// embedded in the page, so the page and report.json cannot disagree.
func HTML(w io.Writer, r *Report) error {
	vocab, err := json.Marshal(htmlVocabulary(r.Scan))
	if err != nil {
		return err
	}
	v, err := newHTMLView(r, json.RawMessage(dataPlaceholder), vocab)
	if err != nil {
		return err
	}
	// The page is rendered around a placeholder, and the report's JSON
	// streamed in its place: for a large organization it is hundreds of
	// megabytes, not to be held whole. The page writes a json.RawMessage
	// in a script as json.Marshal does (compact, HTML-escaped), which is
	// what marshalReport writes.
	page, err := renderPage(v)
	if err != nil {
		return err
	}
	before, after, ok := bytes.Cut(page, []byte(dataPlaceholder))
	if !ok || bytes.Contains(after, []byte(dataPlaceholder)) {
		return fmt.Errorf("html report: the page must embed the report data exactly once")
	}
	if _, err := w.Write(before); err != nil {
		return err
	}
	// An error here is a value that cannot be encoded: an error, not the
	// silent "null" html/template put in the page for one.
	if err := marshalReport(w, r); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err = w.Write(after)
	return err
}

// dataPlaceholder stands for the report's JSON while the page renders.
const dataPlaceholder = `"srmscan:report-data:3f9c1e"`

// cspHash is the CSP source that allows exactly this inline script or
// style: the page needs no 'unsafe-inline' and no nonce.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// htmlCSP is the page's Content-Security-Policy: nothing may load, and only
// the embedded script and stylesheet may run.
func htmlCSP() string {
	return "default-src 'none'; script-src " + cspHash(htmlScript) + "; style-src " + cspHash(htmlStyle) +
		"; img-src 'none'; base-uri 'none'; form-action 'none'"
}

// label is a vocabulary identifier with the words a reader sees for it.
type label struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

var (
	statusLabels = map[checks.Status]string{checks.Fail: "Fail", checks.Unknown: "Unknown", checks.Manual: "Manual", checks.Pass: "Pass"}
	categoryLabs = map[checks.ControlCategory]string{checks.Inherited: "Inherited", checks.Shared: "Shared", checks.CustomerSpecific: "Customer-specific"}
	modelLabels  = map[checks.ServiceModel]string{checks.Infrastructure: "Infrastructure", checks.Container: "Container", checks.Abstracted: "Abstracted"}
)

// sharedHalves says, for each shared control, what each side of the line
// does (shared/srm-model.md).
var sharedHalves = []struct {
	ID            checks.SharedControl
	Label         string
	AWS, You      string
	NotObservable bool
}{
	{checks.PatchManagement, "Patch management", "Patches the hosts and the service infrastructure", "Patch guest operating systems and applications", false},
	{checks.ConfigurationManagement, "Configuration management", "Configures its infrastructure devices", "Configure guest OS, databases and applications", false},
	{checks.AwarenessTraining, "Awareness & training", "Trains AWS staff", "Train your own staff: not observable through the API, so you attest it", true},
}

var domainText = []struct {
	ID            checks.Domain
	Label, Covers string
}{
	{checks.CustomerData, "Customer data", "Public exposure of buckets, snapshots and images; data classification"},
	{checks.IdentityAccess, "Identity & access", "Users, MFA, keys, policies, the root account"},
	{checks.OSNetworkFirewall, "OS, network & firewall", "Guest OS patching and settings, security groups, NACLs, routing"},
	{checks.ClientSideEncryption, "Client-side encryption", "Client-side data encryption and integrity authentication"},
	{checks.ServerSideEncryption, "Server-side encryption", "EBS, S3 default encryption, snapshots, KMS"},
	{checks.NetworkTrafficProtection, "Network traffic protection", "TLS-only access, flow logs"},
}

// layers are the stack the service-model picture draws, from the data
// down. owner says, per model, whose layer it is: the line moves up one
// layer from infrastructure to container to abstracted.
var layers = []struct {
	Label string
	You   []checks.ServiceModel
}{
	{"Data and its classification", checks.ServiceModels},
	{"Identity, access policies, encryption", checks.ServiceModels},
	{"Network and firewall configuration", []checks.ServiceModel{checks.Infrastructure, checks.Container}},
	{"Guest OS, engine and platform", []checks.ServiceModel{checks.Infrastructure}},
	{"Host OS and virtualisation", nil},
	{"Hardware, facilities, global network", nil},
}

var modelText = map[checks.ServiceModel]struct{ Examples, YouOwn string }{
	checks.Infrastructure: {"EC2, EBS, VPC", "Everything from the guest OS up"},
	checks.Container:      {"RDS, EMR, Elastic Beanstalk", "Platform settings, network access, encryption, credentials"},
	checks.Abstracted:     {"S3, DynamoDB, KMS, SQS", "The data, its encryption options and access policies"},
}

// vocabulary is what the page's script needs to label and order values;
// it comes from the checks package so the page never spells an ID itself.
type vocabulary struct {
	Statuses       []label `json:"statuses"`
	Severities     []label `json:"severities"`
	Categories     []label `json:"control_categories"`
	SharedControls []label `json:"shared_controls"`
	Domains        []label `json:"domains"`
	ServiceModels  []label `json:"service_models"`
	Services       []label `json:"services"`
}

// htmlVocabulary offers the services sc scanned: filtering on one left
// out would only ever show nothing.
func htmlVocabulary(sc Scan) vocabulary {
	var v vocabulary
	for _, s := range checks.Statuses {
		v.Statuses = append(v.Statuses, label{string(s), statusLabels[s]})
	}
	for _, s := range checks.Severities {
		v.Severities = append(v.Severities, label{string(s), titleCase(string(s))})
	}
	for _, c := range checks.ControlCategories {
		v.Categories = append(v.Categories, label{string(c), categoryLabs[c]})
	}
	for _, s := range sharedHalves {
		v.SharedControls = append(v.SharedControls, label{string(s.ID), s.Label})
	}
	for _, d := range domainText {
		v.Domains = append(v.Domains, label{string(d.ID), d.Label})
	}
	for _, m := range checks.ServiceModels {
		v.ServiceModels = append(v.ServiceModels, label{string(m), modelLabels[m]})
	}
	seen := map[string]bool{}
	for _, c := range checks.All() {
		if !seen[c.Service] && sc.Scanned(c.Service) {
			seen[c.Service] = true
			v.Services = append(v.Services, label{c.Service, checks.ServiceName(c.Service)})
		}
	}
	slices.SortFunc(v.Services, func(a, b label) int { return strings.Compare(a.Label, b.Label) })
	return v
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// The view types below are what renderPage reads: every number and word
// is computed here, so the page's layout only places them.

type htmlView struct {
	R   *Report
	CSP string
	// Style and Script are the binary's own stylesheet and script, written
	// into the page verbatim and allowed by their hashes in CSP.
	Style        string
	Script       string
	Data, Vocab  json.RawMessage
	Started      string
	Duration     string
	Regions      string
	StatusTiles  []statusTile
	SeverityRows []severityRow
	Score        *scoreView
	Errors       []inventory.CollectionError
	Inherited    []inheritedGroup
	AWSBar       bar
	YouBar       bar
	FailSides    []barSeg
	SideFails    struct{ AWS, Shared, You int }
	Shared       []sharedView
	Domains      []domainView
	Models       []modelView
	Unmodelled   []serviceView
	// Scope is set when the scan left services out by choice (--services).
	Scope      *scopeView
	Frameworks []frameworkHTML
}

// scopeView names what a partial scan covered and what it left out.
type scopeView struct {
	Scanned, Left string
	Count         int
}

type statusTile struct {
	ID, Label string
	Count     int
}

type severityRow struct {
	ID, Label string
	Cells     []statusTile
}

type scoreView struct {
	Text string
	// Dash is the ring's stroke-dasharray on a circumference of 100.
	Dash string
}

type inheritedGroup struct {
	Evidence string
	Controls []inheritedItem
}

// bar is a status breakdown drawn as a stacked SVG bar; SVG attributes
// carry the widths because the CSP forbids style attributes.
type bar struct {
	Counts StatusCounts
	Total  int
	Segs   []barSeg
}

type barSeg struct {
	Status string
	X, W   string
	Count  int
}

type sharedView struct {
	ID, Label, AWS, You string
	Manual              bool
	Attestations        []checks.Attestation
	Bar                 bar
	Href                string
}

type domainView struct {
	ID, Label, Covers string
	Bar               bar
	Href              string
}

type modelView struct {
	ID, Label, Examples, YouOwn string
	Layers                      []layerView
	AWSShare                    string
	Services                    []serviceView
}

type layerView struct {
	Label string
	You   bool
	// Line is true on the first AWS layer: the line is drawn above it.
	Line bool
}

type serviceView struct {
	Name, ID, Model string
	Bar             bar
	Href            string
	// Failing lists the checks that failed most here; MoreFailing counts
	// the rest, which the table shows.
	Failing     []checkCount
	MoreFailing int
}

// maxFailing keeps a service card short enough to read at a glance.
const maxFailing = 6

type checkCount struct {
	Title, Href string
	Count       int
}

func newHTMLView(r *Report, data, vocab []byte) (*htmlView, error) {
	v := &htmlView{
		R:       r,
		CSP:     htmlCSP(),
		Style:   htmlStyle,
		Script:  htmlScript,
		Data:    data,
		Vocab:   vocab,
		Regions: strings.Join(r.Scan.Regions, ", "),
		Errors:  r.Scan.CollectionErrors,
	}
	if !r.Scan.StartedAt.IsZero() {
		v.Started = r.Scan.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC")
		if d := r.Scan.FinishedAt.Sub(r.Scan.StartedAt); d >= 0 {
			v.Duration = d.Round(time.Second).String()
		}
	}
	if r.Scan.Partial() {
		v.Scope = &scopeView{}
		var in, out []string
		for _, svc := range inventory.Services {
			if r.Scan.Scanned(svc) {
				in = append(in, checks.ServiceName(svc))
			} else {
				out = append(out, checks.ServiceName(svc))
			}
		}
		v.Scope.Scanned, v.Scope.Left, v.Scope.Count = strings.Join(in, ", "), strings.Join(out, ", "), len(in)
	}
	s := r.Summary
	for _, st := range checks.Statuses {
		v.StatusTiles = append(v.StatusTiles, statusTile{string(st), statusLabels[st], s.ByStatus.get(st)})
	}
	for _, sev := range checks.Severities {
		row := severityRow{ID: string(sev), Label: titleCase(string(sev))}
		c := s.BySeverity[sev]
		for _, st := range checks.Statuses {
			row.Cells = append(row.Cells, statusTile{string(st), statusLabels[st], c.get(st)})
		}
		v.SeverityRows = append(v.SeverityRows, row)
	}
	if s.Score != nil {
		v.Score = &scoreView{Text: strconv.FormatFloat(*s.Score, 'f', 1, 64), Dash: num(*s.Score) + " " + num(100-*s.Score)}
	}
	for _, ic := range checks.InheritedControls() {
		item := inheritedItem{InheritedControl: ic}
		for _, a := range r.Attestations {
			if a.Kind == AttestInherited && a.Item == ic.ID {
				item.Attestation = &a.Attestation
			}
		}
		if n := len(v.Inherited); n > 0 && v.Inherited[n-1].Evidence == ic.Evidence {
			v.Inherited[n-1].Controls = append(v.Inherited[n-1].Controls, item)
			continue
		}
		v.Inherited = append(v.Inherited, inheritedGroup{Evidence: ic.Evidence, Controls: []inheritedItem{item}})
	}
	v.Frameworks = frameworksHTML(r)
	// Which side of the line the failures are on, for the summary card.
	v.SideFails.AWS = s.ByControlCategory[checks.Inherited].Fail
	v.SideFails.Shared = s.ByControlCategory[checks.Shared].Fail
	v.SideFails.You = s.ByControlCategory[checks.CustomerSpecific].Fail
	x := 0.0
	for _, cat := range checks.ControlCategories {
		n := s.ByControlCategory[cat].Fail
		if n == 0 || s.ByStatus.Fail == 0 {
			continue
		}
		w := float64(n) * 100 / float64(s.ByStatus.Fail)
		v.FailSides = append(v.FailSides, barSeg{Status: string(cat), X: num(x), W: num(w), Count: n})
		x += w
	}
	v.AWSBar = newBar(s.ByControlCategory[checks.Inherited])
	you := s.ByControlCategory[checks.Shared]
	you.plus(s.ByControlCategory[checks.CustomerSpecific])
	v.YouBar = newBar(you)

	shared := map[checks.SharedControl]*StatusCounts{}
	domains := map[checks.Domain]*StatusCounts{}
	type svcKey struct {
		service string
		model   checks.ServiceModel
	}
	services := map[svcKey]*serviceView{}
	svcCounts := map[svcKey]*StatusCounts{}
	failing := map[svcKey]map[string]*checkCount{}
	// The customer's half no API observes shows who attested it.
	attested := map[checks.SharedControl][]checks.Attestation{}
	err := r.EachFinding(func(f *checks.Finding) error {
		switch f.ControlCategory {
		case checks.Shared:
			addTo(shared, f.SharedControl, f.Status)
		case checks.CustomerSpecific:
			addTo(domains, f.Domain, f.Status)
		}
		if a := f.Attestation; a != nil && !slices.ContainsFunc(attested[f.SharedControl], func(b checks.Attestation) bool { return b.Source == a.Source }) {
			attested[f.SharedControl] = append(attested[f.SharedControl], *a)
		}
		k := svcKey{f.Service, f.ServiceModel}
		if services[k] == nil {
			services[k] = &serviceView{Name: checks.ServiceName(f.Service), ID: f.Service, Model: string(f.ServiceModel),
				Href: fragment("service", f.Service)}
			failing[k] = map[string]*checkCount{}
		}
		addTo(svcCounts, k, f.Status)
		if f.Status == checks.Fail {
			cc := failing[k][f.CheckID]
			if cc == nil {
				cc = &checkCount{Title: f.Title, Href: fragment("service", f.Service, "status", "fail", "q", f.CheckID)}
				failing[k][f.CheckID] = cc
			}
			cc.Count++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, h := range sharedHalves {
		v.Shared = append(v.Shared, sharedView{ID: string(h.ID), Label: h.Label, AWS: h.AWS, You: h.You, Manual: h.NotObservable,
			Bar: newBar(deref(shared[h.ID])), Href: fragment("category", string(checks.Shared), "shared_control", string(h.ID)),
			Attestations: attested[h.ID]})
	}
	for _, d := range domainText {
		v.Domains = append(v.Domains, domainView{ID: string(d.ID), Label: d.Label, Covers: d.Covers,
			Bar: newBar(deref(domains[d.ID])), Href: fragment("category", string(checks.CustomerSpecific), "domain", string(d.ID))})
	}
	keys := make([]svcKey, 0, len(services))
	for k := range services {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b svcKey) int { return strings.Compare(a.service, b.service) })
	place := func(k svcKey) serviceView {
		sv := *services[k]
		sv.Bar = newBar(*svcCounts[k])
		for _, cc := range failing[k] {
			sv.Failing = append(sv.Failing, *cc)
		}
		slices.SortFunc(sv.Failing, func(a, b checkCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Title, b.Title)
		})
		if len(sv.Failing) > maxFailing {
			sv.MoreFailing = len(sv.Failing) - maxFailing
			sv.Failing = sv.Failing[:maxFailing]
		}
		return sv
	}
	for _, m := range checks.ServiceModels {
		mv := modelView{ID: string(m), Label: modelLabels[m], Examples: modelText[m].Examples, YouOwn: modelText[m].YouOwn}
		aws := 0
		for _, l := range layers {
			you := slices.Contains(l.You, m)
			if !you {
				aws++
			}
			mv.Layers = append(mv.Layers, layerView{Label: l.Label, You: you, Line: !you && aws == 1})
		}
		mv.AWSShare = fmt.Sprintf("AWS runs %d of %d layers", aws, len(layers))
		for _, k := range keys {
			if k.model == m {
				mv.Services = append(mv.Services, place(k))
			}
		}
		v.Models = append(v.Models, mv)
	}
	// A finding with a model outside the vocabulary still has to appear
	// somewhere, or the per-service counts would not add up.
	for _, k := range keys {
		if !slices.Contains(checks.ServiceModels, k.model) {
			v.Unmodelled = append(v.Unmodelled, place(k))
		}
	}
	return v, nil
}

func (c StatusCounts) get(s checks.Status) int {
	switch s {
	case checks.Fail:
		return c.Fail
	case checks.Pass:
		return c.Pass
	case checks.Unknown:
		return c.Unknown
	case checks.Manual:
		return c.Manual
	}
	return 0
}

func (c *StatusCounts) plus(o StatusCounts) {
	c.Fail += o.Fail
	c.Pass += o.Pass
	c.Unknown += o.Unknown
	c.Manual += o.Manual
}

func addTo[K comparable](m map[K]*StatusCounts, k K, s checks.Status) {
	if m[k] == nil {
		m[k] = &StatusCounts{}
	}
	m[k].add(s)
}

func deref(c *StatusCounts) StatusCounts {
	if c == nil {
		return StatusCounts{}
	}
	return *c
}

func newBar(c StatusCounts) bar {
	b := bar{Counts: c, Total: c.Fail + c.Pass + c.Unknown + c.Manual}
	if b.Total == 0 {
		return b
	}
	x := 0.0
	for _, st := range checks.Statuses {
		n := c.get(st)
		if n == 0 {
			continue
		}
		w := float64(n) * 100 / float64(b.Total)
		b.Segs = append(b.Segs, barSeg{Status: string(st), X: num(x), W: num(w), Count: n})
		x += w
	}
	return b
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 32) }

// fragment builds a findings-table view link ("#status=fail&q=..."), in
// the same form the page's script reads and writes.
func fragment(kv ...string) string {
	var b strings.Builder
	b.WriteByte('#')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(kv[i] + "=" + queryEscape(kv[i+1]))
	}
	return b.String()
}

// queryEscape matches JavaScript's encodeURIComponent, which the page
// uses, so links and the page agree on one spelling of each view.
func queryEscape(s string) string {
	const keep = "-_.!~*'()"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
