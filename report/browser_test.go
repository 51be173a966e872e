package report

// Browser tests: the HTML report opened from disk in headless Chromium,
// driven like a reader would, with every console message, network request
// and dialog recorded.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/demo"
)

var screenshotOut = flag.String("screenshot", "", "also write the screenshot of the demo report to this file (go test ./report -run TestHTMLBrowser/screenshot -screenshot=../docs/report-html.png)")

// chromiumPath is where Debian's chromium package puts the browser; CI
// installs it (.ci/run). SRMSCAN_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("SRMSCAN_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// browser starts one headless Chromium for a test. Without a browser the
// test is skipped locally, but fails in CI, where a skip would hide that
// the page was never opened.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium not found at %s: CI must install it (.ci/run installs Debian's chromium)", path)
		}
		t.Skipf("Chromium not found at %s: install Debian's chromium package (or set SRMSCAN_CHROMIUM) to run the browser tests", path)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests run as root in CI containers
		chromedp.DisableGPU,
		// The machine has no network: without these Chromium keeps
		// trying to reach its update and sync services.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// tab opens a new tab that records what the page does; the recording is
// checked when the test ends.
func tab(t *testing.T, browser context.Context) (context.Context, *watcher) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	tctx, tcancel := context.WithTimeout(ctx, 2*time.Minute)
	w := &watcher{}
	msgs := chromedp.Console(tctx)
	reqs := chromedp.Events(tctx, network.RequestWillBeSent)
	dialogs := chromedp.Events(tctx, page.JavascriptDialogOpening)
	var wg sync.WaitGroup
	wg.Go(func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			w.add(&w.console, m.String()+" ("+m.Source+" "+m.URL+")")
		}
	})
	wg.Go(func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			w.add(&w.requests, ev.Request.URL)
		}
	})
	wg.Go(func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			w.add(&w.dialogs, string(ev.Type)+": "+ev.Message)
			// A dialog blocks the page; dismiss it so the test can
			// report it instead of hanging.
			_, _ = chromedp.Call(tctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{})
		}
	})
	t.Cleanup(func() {
		tcancel()
		cancel()
		wg.Wait()
	})
	return tctx, w
}

type watcher struct {
	mu                         sync.Mutex
	console, requests, dialogs []string
}

func (w *watcher) add(list *[]string, s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	*list = append(*list, s)
}

// check asserts that the page wrote nothing to the console (no errors, no
// exceptions, no CSP violations), opened no dialog and requested nothing
// but the file itself.
func (w *watcher) check(t *testing.T, ctx context.Context, pageURL string) {
	t.Helper()
	// One more round trip, then a moment for the event goroutines to
	// deliver what arrived before it.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`0`)); err != nil {
		t.Error(err)
	}
	time.Sleep(200 * time.Millisecond)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, m := range w.console {
		t.Errorf("console: %s", m)
	}
	for _, d := range w.dialogs {
		t.Errorf("dialog opened: %s", d)
	}
	base, _, _ := strings.Cut(pageURL, "#")
	if len(w.requests) == 0 {
		t.Error("no request seen at all: is the network listener working?")
	}
	for _, r := range w.requests {
		if u, _, _ := strings.Cut(r, "#"); u != base {
			t.Errorf("request to %s: the page must load nothing but itself", r)
		}
	}
}

// writePage writes the report's HTML to a temporary file and returns its
// file: URL.
func writePage(t testing.TB, r *Report) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := HTML(f, r); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// shownRows returns the fingerprints of the table's rows, in order.
const shownRows = `Array.from(document.querySelectorAll('#rows tr.r')).map(r => r.dataset.fp)`

// expect returns the fingerprints of the findings a filter keeps.
func expect(r *Report, keep func(checks.Finding) bool) []string {
	var out []string
	for _, f := range r.Findings {
		if keep(f) {
			out = append(out, f.Fingerprint)
		}
	}
	slices.Sort(out)
	return out
}

// waitRows waits until the table shows exactly want (in any order).
func waitRows(t *testing.T, ctx context.Context, want []string) {
	t.Helper()
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		got = eval[[]string](t, ctx, shownRows)
		slices.Sort(got)
		if slices.Equal(got, want) {
			return
		}
	}
	t.Fatalf("table shows %d rows %v, want %d %v", len(got), got, len(want), want)
}

func TestHTMLBrowser(t *testing.T) {
	b := browser(t)
	r := xssFixture(t)
	pageURL := writePage(t, r)

	t.Run("counts match the JSON summary", func(t *testing.T) {
		ctx, w := tab(t, b)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		// The summary the page carries is the report's.
		inPage := eval[Summary](t, ctx, `JSON.parse(document.getElementById('srm-report').textContent).summary`)
		want, _ := json.Marshal(r.Summary)
		got, _ := json.Marshal(inPage)
		if string(got) != string(want) {
			t.Fatalf("embedded summary %s, want %s", got, want)
		}
		type shown struct {
			Key   string `json:"key"`
			Value string `json:"value"`
			Text  string `json:"text"`
		}
		counts := eval[[]shown](t, ctx, `Array.from(document.querySelectorAll('[data-count]')).map(e => ({key: e.dataset.count, value: e.dataset.value || e.textContent.trim(), text: e.textContent.trim()}))`)
		var summary map[string]any
		_ = json.Unmarshal(want, &summary)
		if len(counts) != 1+len(checks.Statuses)*(1+len(checks.Severities)) {
			t.Errorf("%d counts shown, want total, by status and by severity × status", len(counts))
		}
		for _, c := range counts {
			var v any = summary
			for k := range strings.SplitSeq(c.Key, ".") {
				v = v.(map[string]any)[k]
			}
			n := strconv.Itoa(int(v.(float64)))
			if c.Value != n || c.Text != n {
				t.Errorf("%s shows %q (data %q), summary says %s", c.Key, c.Text, c.Value, n)
			}
		}
		score := eval[string](t, ctx, `document.getElementById('score').dataset.score`)
		if r.Summary.Score == nil || score != strconv.FormatFloat(*r.Summary.Score, 'f', 1, 64) {
			t.Errorf("score shown %q, summary %v", score, r.Summary.Score)
		}
		// Unfiltered, the table and its status chips count every finding.
		if n := eval[string](t, ctx, `document.getElementById('count').dataset.matching`); n != strconv.Itoa(r.Summary.Total) {
			t.Errorf("table matches %s findings, want %d", n, r.Summary.Total)
		}
		chips := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll('#f-status .chip')).map(b => [b.dataset.value, b.querySelector('.n').textContent]))`)
		for _, st := range checks.Statuses {
			if chips[string(st)] != strconv.Itoa(r.Summary.ByStatus.get(st)) {
				t.Errorf("status chip %s shows %s, summary %d", st, chips[string(st)], r.Summary.ByStatus.get(st))
			}
		}
		// The responsibility view's tiles count the findings they stand for.
		bars := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll('[data-bar]')).map(e => [e.dataset.bar, e.dataset.total]))`)
		perTile := map[string]int{}
		for _, f := range r.Findings {
			perTile["service."+f.Service+"."+string(f.ServiceModel)]++
			switch f.ControlCategory {
			case checks.Shared:
				perTile["shared_control."+string(f.SharedControl)]++
				perTile["customer_side"]++
			case checks.CustomerSpecific:
				perTile["domain."+string(f.Domain)]++
				perTile["customer_side"]++
			case checks.Inherited:
				perTile["control_category.inherited"]++
			}
		}
		for k, v := range bars {
			if v != strconv.Itoa(perTile[k]) {
				t.Errorf("tile %s counts %s findings, want %d", k, v, perTile[k])
			}
		}
		for k := range perTile {
			if _, ok := bars[k]; !ok {
				t.Errorf("no tile for %s", k)
			}
		}
		w.check(t, ctx, pageURL)
	})

	t.Run("filters apply, land in the fragment and survive a reload", func(t *testing.T) {
		ctx, w := tab(t, b)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		do(t, ctx, chromedp.Click(chromedp.CSS(`#f-status .chip[data-value="fail"]`)))
		waitRows(t, ctx, expect(r, func(f checks.Finding) bool { return f.Status == checks.Fail }))
		do(t, ctx, chromedp.Click(chromedp.CSS(`#f-severity .chip[data-value="high"]`)))
		failHigh := expect(r, func(f checks.Finding) bool { return f.Status == checks.Fail && f.Severity == checks.High })
		waitRows(t, ctx, failHigh)
		if h := eval[string](t, ctx, `location.hash`); h != "#status=fail&severity=high" {
			t.Errorf("fragment %q, want #status=fail&severity=high", h)
		}
		// A select, operated from the keyboard as a reader would.
		do(t, ctx, chromedp.Focus(chromedp.CSS(`#f-region`)), chromedp.KeyEvent("us"))
		failHighUS := expect(r, func(f checks.Finding) bool {
			return f.Status == checks.Fail && f.Severity == checks.High && f.Region == "us-east-1"
		})
		waitRows(t, ctx, failHighUS)
		const want = "#status=fail&severity=high&region=us-east-1"
		if h := eval[string](t, ctx, `location.hash`); h != want {
			t.Errorf("fragment %q, want %s", h, want)
		}
		do(t, ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		waitRows(t, ctx, failHighUS)
		state := eval[[]string](t, ctx, `[location.hash, document.querySelector('#f-status [aria-pressed="true"]').dataset.value, document.querySelector('#f-severity [aria-pressed="true"]').dataset.value, document.getElementById('f-region').value]`)
		if !slices.Equal(state, []string{want, "fail", "high", "us-east-1"}) {
			t.Errorf("after reload: %q", state)
		}
		w.check(t, ctx, pageURL)

		// A shared link opens on its view.
		ctx2, w2 := tab(t, b)
		shared := pageURL + "#category=customer-specific&domain=os-network-firewall&q=" + url.QueryEscape("22")
		do(t, ctx2, chromedp.Navigate(shared), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		waitRows(t, ctx2, expect(r, func(f checks.Finding) bool {
			ev, _ := json.Marshal(f.Evidence)
			return f.ControlCategory == checks.CustomerSpecific && f.Domain == checks.OSNetworkFirewall &&
				strings.Contains(strings.ToLower(f.Title+"\n"+f.Message+"\n"+f.ResourceARN+"\n"+string(ev)), "22")
		}))
		w2.check(t, ctx2, shared)
	})

	t.Run("summary tiles link to their findings", func(t *testing.T) {
		ctx, w := tab(t, b)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		do(t, ctx, chromedp.Click(chromedp.CSS(`a.tile:has([data-count="by_status.unknown"])`)))
		waitRows(t, ctx, expect(r, func(f checks.Finding) bool { return f.Status == checks.Unknown }))
		do(t, ctx, chromedp.Click(chromedp.CSS(`#shared-patch-management`)))
		waitRows(t, ctx, expect(r, func(f checks.Finding) bool { return f.SharedControl == checks.PatchManagement }))
		if h := eval[string](t, ctx, `location.hash`); h != "#category=shared&shared_control=patch-management" {
			t.Errorf("fragment %q", h)
		}
		w.check(t, ctx, pageURL)
	})

	t.Run("account values render as text", func(t *testing.T) {
		ctx, w := tab(t, b)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		// The security group's name is in a finding's message.
		msgs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#rows .m')).map(e => e.textContent)`)
		if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, scriptPayload) }) {
			t.Errorf("no row shows %s as text: %q", scriptPayload, msgs)
		}
		// The tag value is evidence, shown when the row opens.
		var fp string
		for _, f := range r.Findings {
			if f.CheckID == "ec2-instance-patch-group" {
				fp = f.Fingerprint
			}
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`#rows tr[data-fp="`+fp+`"] td.c-title`)))
		ev := eval[map[string]string](t, ctx, `(() => { const d = document.querySelector('#rows tr.detail dl.evidence'); const dts = d.querySelectorAll('dt'); return Object.fromEntries(Array.from(dts).map(dt => [dt.textContent, dt.nextElementSibling.textContent])); })()`)
		if ev["value"] != tagPayload {
			t.Errorf("evidence value shown as %q, want the tag value %q as text", ev["value"], tagPayload)
		}
		banner := eval[string](t, ctx, `document.getElementById('collection-errors').textContent`)
		if !strings.Contains(banner, errorPayload) || !strings.Contains(banner, tagPayload) {
			t.Errorf("the banner does not show the collection error's text: %q", banner)
		}
		// Nothing the data says became an element.
		counts := eval[[]int](t, ctx, `[document.querySelectorAll('img, iframe, object, embed, svg[onload], [onerror]').length, document.scripts.length]`)
		if counts[0] != 0 || counts[1] != 3 {
			t.Errorf("injected elements: %d, scripts: %d (want 0 and 3)", counts[0], counts[1])
		}
		// Searching for the payload finds it, as text.
		do(t, ctx, chromedp.SendKeys(chromedp.CSS(`#f-q`), `"><img`))
		waitRows(t, ctx, []string{fp})
		w.check(t, ctx, pageURL)
	})

	t.Run("incomplete scan looks incomplete", func(t *testing.T) {
		ctx, w := tab(t, b)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
		got := eval[[]string](t, ctx, `[document.getElementById('scan-state').textContent, getComputedStyle(document.getElementById('collection-errors')).borderTopColor, String(document.querySelectorAll('#collection-errors tbody tr').length), String(document.getElementById('collection-errors').getBoundingClientRect().top < innerHeight)]`)
		if !strings.Contains(got[0], "Incomplete") || got[1] != "rgb(192, 54, 44)" || got[2] != strconv.Itoa(len(r.Scan.CollectionErrors)) || got[3] != "true" {
			t.Errorf("state %q, banner border %s, %s error rows (want %d), banner above the fold %s", got[0], got[1], got[2], len(r.Scan.CollectionErrors), got[3])
		}
		w.check(t, ctx, pageURL)
	})

	t.Run("screenshot", func(t *testing.T) {
		inv, err := demo.Account()
		if err != nil {
			t.Fatal(err)
		}
		demoURL := writePage(t, New(Tool{Name: "srmscan", Version: "demo"}, inv, checks.Run(inv, checks.All(), checks.DefaultConfig())))
		ctx, w := tab(t, b)
		// A short table with one row open, so one picture shows the
		// summary, the responsibility view, a shared view and evidence.
		demoURL += "#status=fail&severity=critical"
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(demoURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)),
			chromedp.Click(chromedp.CSS(`#rows tr.r td.c-title`)), chromedp.WaitReady(chromedp.CSS(`#rows tr.detail`)))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "report.png")
		for _, p := range []string{out, *screenshotOut} {
			if p == "" {
				continue
			}
			if err := os.WriteFile(p, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", p)
		}
		w.check(t, ctx, demoURL)
	})
}

// TestBrowserWatcherCatches keeps the browser tests honest: the recorder
// they rely on does see a CSP violation, a request and a dialog.
func TestBrowserWatcherCatches(t *testing.T) {
	b := browser(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.html")
	const page = `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><img src="other.png"><script>alert(1)</script>`
	if err := os.WriteFile(bad, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, w := tab(t, b)
	do(t, ctx, chromedp.Navigate("file://"+bad))
	_ = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`0`))
	time.Sleep(300 * time.Millisecond)
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.console) == 0 {
		t.Error("a blocked inline script and image were not reported to the console recorder")
	}
	if len(w.requests) == 0 {
		t.Error("the page's own request was not seen by the network recorder")
	}
	t.Logf("recorded: console %q, requests %q", w.console, w.requests)

	ctx2, w2 := tab(t, b)
	const alerting = `<!DOCTYPE html><script>alert("x")</script>`
	if err := os.WriteFile(bad, []byte(alerting), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx2, chromedp.Navigate("file://"+bad))
	time.Sleep(300 * time.Millisecond)
	w2.mu.Lock()
	defer w2.mu.Unlock()
	if len(w2.dialogs) != 1 {
		t.Errorf("dialogs recorded: %q, want the one alert", w2.dialogs)
	}
}

// TestHTMLLoadToInteractive measures (does not assert) how long a
// 20,000-finding report takes from navigation start until its table shows
// rows and a filter has been applied. BENCHMARKS.md records the method and
// the numbers.
func TestHTMLLoadToInteractive(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement; skipped in -short mode")
	}
	b := browser(t)
	const n = 20000
	r := syntheticReport(n)
	pageURL := writePage(t, r)
	u, _ := url.Parse(pageURL)
	fi, err := os.Stat(u.Path)
	if err != nil {
		t.Fatal(err)
	}
	fails := expect(r, func(f checks.Finding) bool { return f.Status == checks.Fail })
	type timing struct {
		Data     float64 `json:"data"`
		Rows     float64 `json:"rows"`
		Update   float64 `json:"update"`
		Filtered float64 `json:"filtered"`
		DCL      float64 `json:"dcl"`
		Load     float64 `json:"load"`
	}
	var runs []timing
	for range 3 {
		ctx, w := tab(t, b)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`#rows tr.r`)))
		do(t, ctx, chromedp.Click(chromedp.CSS(`#f-status .chip[data-value="fail"]`)))
		var shown int
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			st := eval[[]int](t, ctx, `[Number(document.getElementById('count').dataset.matching), document.querySelectorAll('#rows tr.r').length, document.querySelectorAll('#rows tr.r:not(:has(.st-fail))').length]`)
			if st[0] == len(fails) && st[2] == 0 {
				shown = st[1]
				break
			}
		}
		if shown == 0 {
			t.Fatal("the filter was not applied")
		}
		// Rows render in chunks: a filter over 20,000 findings must not
		// build 20,000 rows.
		if shown > 200 {
			t.Errorf("%d rows in the DOM after filtering: rows must render lazily", shown)
		}
		tm := eval[timing](t, ctx, `(() => {
			const m = n => performance.getEntriesByName(n).at(-1);
			const nav = performance.getEntriesByType('navigation')[0];
			const u = m('srm:update');
			return {data: m('srm:data').startTime, rows: m('srm:table-ready').startTime, update: u.duration,
				filtered: u.startTime + u.duration, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
		})()`)
		runs = append(runs, tm)
		w.check(t, ctx, pageURL)
	}
	slices.SortFunc(runs, func(a, b timing) int { return int(a.Filtered - b.Filtered) })
	med := runs[len(runs)/2]
	t.Logf("%d findings, %.1f MiB page; median of %d runs, ms from navigation start: data parsed %.0f, first rows %.0f, DOMContentLoaded %.0f, load %.0f, filter applied %.0f (the filter itself took %.0f)",
		n, float64(fi.Size())/(1<<20), len(runs), med.Data, med.Rows, med.DCL, med.Load, med.Filtered, med.Update)
	for i, r := range runs {
		t.Logf("run %d: %s", i+1, fmt.Sprintf("first rows %.0f ms, filter applied %.0f ms", r.Rows, r.Filtered))
	}
}
