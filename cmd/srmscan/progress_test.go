package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
	"github.com/srmscan/srmscan/scanner"
)

func TestSummaryTable(t *testing.T) {
	f := func(id string, st checks.Status, sev checks.Severity, cat checks.ControlCategory) checks.Finding {
		return checks.Finding{CheckID: id, Status: st, Severity: sev, ControlCategory: cat}
	}
	fs := []checks.Finding{
		f("ebs-volume-unencrypted", checks.Fail, checks.Medium, checks.CustomerSpecific),
		f("ebs-volume-unencrypted", checks.Fail, checks.Medium, checks.CustomerSpecific),
		f("ec2-imdsv2-required", checks.Fail, checks.Medium, checks.Shared),
		f("ec2-imdsv2-required", checks.Fail, checks.Medium, checks.Shared),
		f("ec2-sg-admin-ports-public", checks.Fail, checks.High, checks.CustomerSpecific),
		f("ec2-sg-admin-ports-public", checks.Fail, checks.High, checks.CustomerSpecific),
		f("s3-a", checks.Fail, checks.Low, checks.CustomerSpecific),
		f("s3-b", checks.Fail, checks.Low, checks.CustomerSpecific),
		f("s3-c", checks.Fail, checks.Critical, checks.CustomerSpecific),
		f("s3-d", checks.Fail, checks.Low, checks.CustomerSpecific),
		f("iam-user-console-no-mfa", checks.Pass, checks.High, checks.CustomerSpecific),
		f("iam-user-console-no-mfa", checks.Unknown, checks.High, checks.CustomerSpecific),
		f("org-security-awareness-training", checks.Manual, checks.Info, checks.Shared),
	}
	r := report.New(report.Tool{Name: "srmscan"}, &inventory.Inventory{}, fs)
	var buf bytes.Buffer
	printSummary(&buf, r, []string{"out/report.json", "out/report.sarif"})
	want := `srmscan: 13 findings: 10 fail, 1 pass, 1 unknown, 1 manual; score 11.4%
srmscan:   control category            fail   pass  unknown  manual
srmscan:   inherited                      -      -        -       -   AWS's side: evidence in AWS Artifact
srmscan:   shared                         2      0        0       1
srmscan:   customer-specific              8      1        1       0
srmscan:   top failing checks          fail  severity
srmscan:   ec2-sg-admin-ports-public      2  high
srmscan:   ebs-volume-unencrypted         2  medium
srmscan:   ec2-imdsv2-required            2  medium
srmscan:   s3-c                           1  critical
srmscan:   s3-a                           1  low
srmscan: wrote out/report.json
srmscan: wrote out/report.sarif
`
	if got := buf.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}

	buf.Reset()
	r.Gate = &report.Gate{Baseline: &report.BaselineResult{New: 2, Existing: 8, Resolved: []report.FindingRef{{}}},
		Suppressions: &report.SuppressionResult{Suppressed: 1}}
	printSummary(&buf, r, nil)
	if want := "srmscan: gate: 2 new and 8 existing failures against the baseline, 1 resolved; 1 suppressed (0 expired, 0 stale entries)\n"; !strings.HasSuffix(buf.String(), want) {
		t.Errorf("gate line missing; got:\n%s", buf.String())
	}

	// Nothing failed: no empty "top" table.
	buf.Reset()
	printSummary(&buf, report.New(report.Tool{}, &inventory.Inventory{}, fs[10:11]), nil)
	if strings.Contains(buf.String(), "top failing") {
		t.Errorf("top failing checks printed with no failures:\n%s", buf.String())
	}
}

func TestLiveProgressRedrawsOneLine(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, live: true, width: 200, now: func() time.Time { return clock }, start: clock,
		jobs: map[string]*jobCount{}, stopped: make(chan struct{})}
	p.calls.Add(41)
	p.event(scanner.Event{Service: "iam"})
	p.event(scanner.Event{Service: "ec2", Region: "eu-west-1"})
	p.event(scanner.Event{Service: "ec2", Region: "us-east-1"})
	p.event(scanner.Event{Service: "iam", Done: true})
	clock = clock.Add(3 * time.Second)
	p.event(scanner.Event{Service: "ec2", Region: "eu-west-1", Err: &inventory.CollectionError{Service: "ec2", Region: "eu-west-1",
		Operation: "DescribeFlowLogs", Kind: "access-denied", Message: "denied"}})
	out := buf.String()
	if strings.Contains(out, "done (") {
		t.Errorf("a terminal got log lines:\n%q", out)
	}
	frames := strings.Split(out, "\r\x1b[K")
	last := frames[len(frames)-1]
	want := "srmscan: 3s 1/3 jobs (iam 1/1, ec2 0/2) · 41 API calls · 1 error · running ec2 eu-west-1, ec2 us-east-1"
	if last != want {
		t.Errorf("live line %q, want %q", last, want)
	}
	// A warning is a line of its own above the live line, never mixed into it.
	if !strings.Contains(out, "\r\x1b[Ksrmscan: warning: ") || strings.Count(out, "\n") != 1 {
		t.Errorf("warning not printed on a cleared line:\n%q", out)
	}
	p.width = 30
	p.draw()
	frames = strings.Split(buf.String(), "\r\x1b[K")
	if n := len([]rune(frames[len(frames)-1])); n != 29 {
		t.Errorf("line of %d runes on a 30-column terminal: it would wrap", n)
	}
	p.stop()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Error("stop did not clear the live line")
	}
}

func TestPlainProgressLogsLines(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf) // not a terminal
	p.run()
	p.event(scanner.Event{Service: "ec2", Region: "eu-west-1"})
	p.event(scanner.Event{Service: "ec2", Region: "eu-west-1", Done: true})
	p.stop()
	if got := buf.String(); got != "srmscan: ec2 eu-west-1 done (1/1 jobs, 0 API calls so far)\n" {
		t.Errorf("plain progress %q", got)
	}
}

// TestScanWritesEveryFormat runs the built binary, whose stderr is a pipe
// here: the progress must be plain lines, and every format must be written.
func TestScanWritesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	res := srmscan(t, "scan", "--demo", "--format", "json,sarif,junit,csv", "--out", dir, "--fail-on", "none", "--allow-incomplete")
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if strings.Contains(res.stderr, "\x1b[") || strings.Contains(res.stderr, "\r") {
		t.Errorf("escape codes on a non-terminal stderr:\n%q", res.stderr)
	}
	for _, want := range []string{" done (", "control category", "customer-specific", "wrote " + filepath.Join(dir, "report.junit.xml")} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	r, _ := readReport(t, dir)
	sarif, err := os.ReadFile(filepath.Join(dir, "report.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(sarif, &log) != nil || log.Version != "2.1.0" {
		t.Errorf("report.sarif is not SARIF 2.1.0: %.200s", sarif)
	}
	junit, err := os.ReadFile(filepath.Join(dir, "report.junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Tests int `xml:"tests,attr"`
	}
	if err := xml.Unmarshal(junit, &suites); err != nil || suites.Tests != r.Summary.Total {
		t.Errorf("report.junit.xml: %v, %d tests for %d findings", err, suites.Tests, r.Summary.Total)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(csv), "\n"); lines < r.Summary.Total+1 {
		t.Errorf("report.csv has %d lines for %d findings", lines, r.Summary.Total)
	}
	for _, name := range []string{"report.sarif", "report.junit.xml", "report.csv"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, err %v; want 0600", name, st.Mode(), err)
		}
	}

	out := srmscan(t, "scan", "--demo", "--quiet", "--format", "sarif", "--out", "-", "--fail-on", "none", "--allow-incomplete")
	if out.code != 0 || json.Unmarshal([]byte(out.stdout), &log) != nil || log.Version != "2.1.0" || out.stderr != "" {
		t.Errorf("--out - --format sarif: exit %d, stderr %q, stdout %.200s", out.code, out.stderr, out.stdout)
	}
}

// Jobs report from many goroutines while the ticker redraws: run with -race.
func TestLiveProgressIsConcurrencySafe(t *testing.T) {
	var buf syncBuffer
	p := &progress{w: &buf, live: true, width: 120, now: time.Now, start: time.Now(), jobs: map[string]*jobCount{}, stopped: make(chan struct{})}
	p.run()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			region := fmt.Sprintf("r-%d", i)
			p.event(scanner.Event{Service: "ec2", Region: region})
			p.calls.Add(1)
			p.event(scanner.Event{Service: "ec2", Region: region, Done: true})
		}()
	}
	wg.Wait()
	p.stop()
	p.stop() // idempotent: the interrupt path may stop twice
	if !strings.Contains(buf.String(), "8/8 jobs (ec2 8/8)") {
		t.Errorf("final state not drawn:\n%q", buf.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
