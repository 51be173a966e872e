package report

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/demo"
)

var layoutShots = flag.String("layout-screenshots", "", "write a screenshot of each mix and width TestBrowserModelsLeaveNoBlank measures to this directory, to look at")

// A blank in "Where the line sits" may be at most as tall as the tallest
// service card on the page. Cards cannot be split, so even balanced
// columns end raggedly, by less than one card; the card heights follow the
// longest failing-check titles, so the bound is measured, not fixed (the
// tallest cards, RDS, IAM and S3, are 250 to 330 px). The layout this
// guards against, side-by-side model columns, left holes of 430 to 850 px
// under the short columns, whatever the cards.

// measureBlank finds, in the box of the first .models element (every
// model section sits in it), the largest square that touches no content:
// no model heading, layer stack, "you own" line, service card or "none"
// note (the children of each .model). The box is sampled every 4 px; a
// sample is blank when its cell's centre is in no content box. It also
// returns the largest blank rectangle, for the log.
const measureBlank = `(() => {
	const s = 4;
	const models = document.querySelector('.models'), box = models.getBoundingClientRect();
	const cols = Math.ceil(box.width / s), rows = Math.ceil(box.height / s);
	const full = new Uint8Array(cols * rows);
	for (const e of models.querySelectorAll(':scope > .model > *')) {
		const r = e.getBoundingClientRect();
		if (!r.width || !r.height) continue;
		const j0 = Math.max(0, Math.ceil((r.left - box.left) / s - 0.5)), j1 = Math.min(cols, Math.ceil((r.right - box.left) / s - 0.5));
		const i0 = Math.max(0, Math.ceil((r.top - box.top) / s - 0.5)), i1 = Math.min(rows, Math.ceil((r.bottom - box.top) / s - 0.5));
		for (let i = i0; i < i1; i++) full.fill(1, i * cols + j0, i * cols + j1);
	}
	// Largest blank square: side[i][j] is the side of the largest blank
	// square whose bottom-right cell is (i, j).
	let best = 0, at = [0, 0];
	let prev = new Int32Array(cols), cur = new Int32Array(cols);
	// Largest blank rectangle: the classic histogram-and-stack scan.
	const h = new Int32Array(cols);
	let rect = 0;
	for (let i = 0; i < rows; i++) {
		for (let j = 0; j < cols; j++) {
			if (full[i * cols + j]) { cur[j] = 0; h[j] = 0; continue; }
			h[j]++;
			cur[j] = 1 + (i && j ? Math.min(prev[j], cur[j - 1], prev[j - 1]) : 0);
			if (cur[j] > best) { best = cur[j]; at = [j, i]; }
		}
		const st = [];
		for (let j = 0; j <= cols; j++) {
			const hj = j < cols ? h[j] : 0;
			let start = j;
			while (st.length && st[st.length - 1][1] >= hj) {
				const [k, hk] = st.pop();
				rect = Math.max(rect, hk * (j - k));
				start = k;
			}
			st.push([start, hj]);
		}
		[prev, cur] = [cur, prev];
	}
	const card = Math.max(0, ...[...models.querySelectorAll('.service')].map(e => e.getBoundingClientRect().height));
	return {card, side: best * s, x: (at[0] - best + 1) * s, y: (at[1] - best + 1) * s, rect: rect * s * s,
		width: box.width, height: box.height, overflow: document.documentElement.scrollWidth > innerWidth};
})()`

type blankArea struct {
	Card, Side, X, Y, Rect, Width, Height float64
	Overflow                              bool
}

// demoReport is the demo account's scan, as srmscan scan --demo writes it.
func demoReport(t *testing.T) *Report {
	t.Helper()
	inv, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	return New(Tool{Name: "srmscan", Version: "demo"}, inv, checks.Run(inv, checks.All(), checks.DefaultConfig()))
}

// remodel returns the demo's findings with every service moved by model,
// so one report can put all of them in one section or spread many more
// services than the demo has.
func remodel(t *testing.T, r *Report, copies int, model func(i int) checks.ServiceModel) *Report {
	t.Helper()
	var fs []checks.Finding
	services := map[string]int{}
	for _, f := range r.Findings {
		if _, ok := services[f.Service]; !ok {
			services[f.Service] = len(services)
		}
	}
	for c := range copies {
		for _, f := range r.Findings {
			i := c*len(services) + services[f.Service]
			if c > 0 {
				f.Service = fmt.Sprintf("%s%d", f.Service, c)
				f.Fingerprint = fmt.Sprintf("%s-%d", f.Fingerprint, c)
			}
			f.ServiceModel = model(i)
			fs = append(fs, f)
		}
	}
	checks.Sort(fs)
	out := *r
	out.Findings = fs
	out.Summary = summarise(fs)
	return &out
}

// TestBrowserModelsLeaveNoBlank: the service cards of "Where the line
// sits" leave no large blank, whatever the mix of models: the demo's
// (one or two services under two models, ten under the third), every
// service under one model, and three times the demo's services, most of
// them abstracted, as the catalogue is growing to.
func TestBrowserModelsLeaveNoBlank(t *testing.T) {
	b := browser(t)
	d := demoReport(t)
	mixes := []struct {
		name string
		r    *Report
	}{{"demo", d}}
	for _, m := range checks.ServiceModels {
		mixes = append(mixes, struct {
			name string
			r    *Report
		}{"all " + string(m), remodel(t, d, 1, func(int) checks.ServiceModel { return m })})
	}
	mixes = append(mixes, struct {
		name string
		r    *Report
	}{"36 services", remodel(t, d, 3, func(i int) checks.ServiceModel {
		switch {
		case i%12 == 0:
			return checks.Infrastructure
		case i%4 == 1:
			return checks.Container
		}
		return checks.Abstracted
	})})
	for _, mix := range mixes {
		t.Run(mix.name, func(t *testing.T) {
			pageURL := writePage(t, mix.r)
			ctx, w := tab(t, b)
			for _, width := range []int64{1400, 390} {
				do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
				got := eval[blankArea](t, ctx, measureBlank)
				t.Logf("%d px: tallest card %.0f px; largest blank square %.0f px at (%.0f, %.0f); largest blank rectangle %.0f px² (%.1f%% of the %.0f×%.0f px section)",
					width, got.Card, got.Side, got.X, got.Y, got.Rect, 100*got.Rect/(got.Width*got.Height), got.Width, got.Height)
				if got.Side > got.Card {
					t.Errorf("at %d px the service models leave a blank %.0f px square at (%.0f, %.0f) of the %.0f×%.0f px section; at most the tallest card, %.0f px, allowed",
						width, got.Side, got.X, got.Y, got.Width, got.Height, got.Card)
				}
				if *layoutShots != "" {
					png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`.models`)))
					if err != nil {
						t.Fatal(err)
					}
					name := fmt.Sprintf("%s-%d.png", strings.ReplaceAll(mix.name, " ", "-"), width)
					if err := os.WriteFile(filepath.Join(*layoutShots, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if got.Overflow {
					t.Errorf("at %d px the page scrolls sideways", width)
				}
			}
			w.check(t, ctx, pageURL)
		})
	}
}
