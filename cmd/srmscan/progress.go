package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/report"
	"github.com/srmscan/srmscan/scanner"
	"golang.org/x/term"
)

// progress shows a scan's collection as it runs. On a terminal it is one
// line redrawn in place; anywhere else (CI logs, pipes, files) it is plain
// lines, one per finished job and per failed operation, since a log cannot
// be redrawn and escape codes would litter it.
type progress struct {
	w     io.Writer
	live  bool
	width int
	now   func() time.Time
	start time.Time

	calls atomic.Int64

	mu       sync.Mutex
	services []string // in the order first seen
	jobs     map[string]*jobCount
	running  []string // "service region" of jobs in flight, in start order
	errors   int
	drawn    bool

	stopOnce sync.Once
	stopped  chan struct{}
	ticker   sync.WaitGroup
}

type jobCount struct{ done, total int }

// newProgress picks the live display when w is a terminal that can redraw.
func newProgress(w io.Writer) *progress {
	p := &progress{w: w, width: 80, now: time.Now, jobs: map[string]*jobCount{}, stopped: make(chan struct{})}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb" {
		p.live = true
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			p.width = width
		}
	}
	p.start = p.now()
	return p
}

// countCalls is an API option counting every request sent, retries
// included, like the report's api_calls (it sits after the retry
// middleware too).
func (p *progress) countCalls(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("srmscanProgressCalls",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			p.calls.Add(1)
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// run redraws the live line while identity and region discovery, which
// send no events, are under way, and keeps the call count moving.
func (p *progress) run() {
	if !p.live {
		return
	}
	p.ticker.Add(1)
	go func() {
		defer p.ticker.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
			select {
			case <-p.stopped:
				return
			case <-t.C:
			}
		}
	}()
}

// stop ends the live display and clears its line for what follows.
func (p *progress) stop() {
	p.stopOnce.Do(func() { close(p.stopped) })
	p.ticker.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// event is the scanner's Progress callback; jobs call it concurrently.
func (p *progress) event(e scanner.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	where := e.Region
	if where == "" {
		where = "global"
	}
	key := e.Service + " " + where
	if e.Err != nil {
		// Failures come from identity and region discovery too, which are
		// not jobs: count them without creating a service entry.
		p.errors++
		p.clear()
		fmt.Fprintf(p.w, "srmscan: warning: %v\n", *e.Err)
		p.draw()
		return
	}
	c := p.jobs[e.Service]
	if c == nil {
		c = &jobCount{}
		p.jobs[e.Service] = c
		p.services = append(p.services, e.Service)
	}
	switch {
	case e.Done:
		c.done++
		if i := slices.Index(p.running, key); i >= 0 {
			p.running = slices.Delete(p.running, i, i+1)
		}
		if !p.live {
			done, total := p.totals()
			fmt.Fprintf(p.w, "srmscan: %s done (%d/%d jobs, %d API calls so far)\n", key, done, total, p.calls.Load())
		}
	default:
		c.total++
		p.running = append(p.running, key)
	}
	p.draw()
}

func (p *progress) totals() (done, total int) {
	for _, c := range p.jobs {
		done += c.done
		total += c.total
	}
	return done, total
}

// line is the live display: jobs done of those scheduled, per service,
// which regions are in flight, API calls and errors so far.
func (p *progress) line() string {
	var b strings.Builder
	elapsed := p.now().Sub(p.start).Round(time.Second)
	done, total := p.totals()
	if total == 0 {
		fmt.Fprintf(&b, "srmscan: %s identifying the account and its regions", elapsed)
	} else {
		fmt.Fprintf(&b, "srmscan: %s %d/%d jobs (", elapsed, done, total)
		for i, s := range p.services {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %d/%d", s, p.jobs[s].done, p.jobs[s].total)
		}
		b.WriteString(")")
	}
	errs := "errors"
	if p.errors == 1 {
		errs = "error"
	}
	fmt.Fprintf(&b, " · %d API calls · %d %s", p.calls.Load(), p.errors, errs)
	if len(p.running) > 0 {
		fmt.Fprintf(&b, " · running %s", strings.Join(p.running, ", "))
	}
	return b.String()
}

// draw redraws the live line. It is cut to the terminal's width: a line
// that wraps cannot be redrawn in place.
func (p *progress) draw() {
	if !p.live {
		return
	}
	line := []rune(p.line())
	if limit := p.width - 1; len(line) > limit && limit > 1 {
		line = append(line[:limit-1], '…')
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", string(line))
	p.drawn = true
}

func (p *progress) clear() {
	if p.live && p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// printSummary ends a scan on stderr: the counts, the responsibility line
// (control category by status), the checks failing most, and the files
// written.
func printSummary(w io.Writer, r *report.Report, paths []string) {
	s := r.Summary
	fmt.Fprintf(w, "srmscan: %d findings: %d fail, %d pass, %d unknown, %d manual", s.Total, s.ByStatus.Fail, s.ByStatus.Pass, s.ByStatus.Unknown, s.ByStatus.Manual)
	if s.Score != nil {
		fmt.Fprintf(w, "; score %.1f%%", *s.Score)
	}
	fmt.Fprintln(w)

	top := topFailing(r.FailedChecks(), 5)
	width := len("control category")
	for _, c := range checks.ControlCategories {
		width = max(width, len(c))
	}
	for _, t := range top {
		width = max(width, len(t.ID))
	}
	row := func(label string, cells ...string) {
		fmt.Fprintf(w, "srmscan:   %-*s", width, label)
		for i, c := range cells {
			fmt.Fprintf(w, " %*s", []int{6, 6, 8, 7}[i], c)
		}
		fmt.Fprintln(w)
	}
	row("control category", "fail", "pass", "unknown", "manual")
	for _, cat := range checks.ControlCategories {
		c := s.ByControlCategory[cat]
		if cat == checks.Inherited && c == (report.StatusCounts{}) {
			// Nothing in the account can show AWS's side; say where its
			// evidence is rather than print zeros that read as a pass.
			fmt.Fprintf(w, "srmscan:   %-*s %6s %6s %8s %7s   AWS's side: evidence in AWS Artifact\n", width, cat, "-", "-", "-", "-")
			continue
		}
		row(string(cat), fmt.Sprint(c.Fail), fmt.Sprint(c.Pass), fmt.Sprint(c.Unknown), fmt.Sprint(c.Manual))
	}
	if len(top) > 0 {
		fmt.Fprintf(w, "srmscan:   %-*s %6s  %s\n", width, "top failing checks", "fail", "severity")
		for _, t := range top {
			fmt.Fprintf(w, "srmscan:   %-*s %6d  %s\n", width, t.ID, t.Fail, t.Severity)
		}
	}
	for _, a := range r.Scan.Accounts {
		c, state := a.Summary.ByStatus, ""
		if !a.Complete {
			state = fmt.Sprintf("  incomplete: %d collection errors", len(a.CollectionErrors))
		}
		fmt.Fprintf(w, "srmscan:   account %s: %d fail, %d pass, %d unknown, %d manual%s\n", a.AccountID, c.Fail, c.Pass, c.Unknown, c.Manual, state)
	}
	if g := r.Gate; g != nil {
		var parts []string
		if b := g.Baseline; b != nil {
			parts = append(parts, fmt.Sprintf("%d new and %d existing failures against the baseline, %d resolved", b.New, b.Existing, len(b.Resolved)))
		}
		if sp := g.Suppressions; sp != nil {
			parts = append(parts, fmt.Sprintf("%d suppressed (%d expired, %d stale entries)", sp.Suppressed, len(sp.Expired), len(sp.Stale)))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "srmscan: gate: %s\n", strings.Join(parts, "; "))
		}
	}
	for _, p := range paths {
		fmt.Fprintf(w, "srmscan: wrote %s\n", p)
	}
}

// topFailing ranks checks by failed findings, then severity, then ID, so
// the order is stable.
func topFailing(fs []report.FailedCheck, n int) []report.FailedCheck {
	slices.SortFunc(fs, func(a, b report.FailedCheck) int {
		return cmp.Or(cmp.Compare(b.Fail, a.Fail), cmp.Compare(b.Severity.Rank(), a.Severity.Rank()), cmp.Compare(a.ID, b.ID))
	})
	return fs[:min(n, len(fs))]
}
