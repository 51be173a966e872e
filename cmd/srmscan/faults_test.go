package main

import (
	"bufio"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

// Faults end to end: each run must end with a report that says what could
// not be read, exit code 3, and no hang. Wall-time bounds are loose; the
// assertions are on the outcome.

// bounded runs srmscan and fails the test if it takes longer than limit.
func bounded(t *testing.T, limit time.Duration, args ...string) result {
	t.Helper()
	start := time.Now()
	res := srmscan(t, args...)
	if d := time.Since(start); d > limit {
		t.Errorf("srmscan %v took %s, want under %s", args, d.Round(time.Millisecond), limit)
	}
	return res
}

func TestDeadlineWritesPartialReport(t *testing.T) {
	url := emulate(t, "--latency", "200ms")
	dir := t.TempDir()
	res := bounded(t, 30*time.Second, "scan", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1", "--concurrency", "2",
		"--deadline", "1s", "--out", dir)
	if res.code != report.ExitIncomplete {
		t.Fatalf("exit %d, want 3\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "--deadline 1s reached") {
		t.Errorf("stderr does not say the deadline was reached:\n%s", res.stderr)
	}
	r, _ := readReport(t, dir)
	if r.Scan.Complete || !r.Scan.Interrupted {
		t.Errorf("complete=%v interrupted=%v, want a partial report", r.Scan.Complete, r.Scan.Interrupted)
	}
	timeouts := 0
	for _, e := range r.Scan.CollectionErrors {
		if e.Kind == inventory.ErrTimeout && strings.Contains(e.Message, "deadline") {
			timeouts++
		}
	}
	if timeouts == 0 {
		t.Errorf("no deadline timeout among the collection errors: %+v", r.Scan.CollectionErrors)
	}
}

func TestOperationTimeoutEndToEnd(t *testing.T) {
	url := emulate(t, "--latency", "2s")
	dir := t.TempDir()
	res := bounded(t, 30*time.Second, "scan", "--endpoint-url", url, "--regions", "us-east-1",
		"--operation-timeout", "100ms", "--max-attempts", "1", "--out", dir)
	if res.code != report.ExitIncomplete {
		t.Fatalf("exit %d, want 3\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, dir)
	if r.Scan.Interrupted {
		t.Error("operation timeouts marked the scan interrupted; only a signal or --deadline does")
	}
	if len(r.Scan.CollectionErrors) == 0 {
		t.Fatal("no collection errors")
	}
	for _, e := range r.Scan.CollectionErrors {
		if e.Kind != inventory.ErrTimeout || !strings.Contains(e.Message, "operation timeout (100ms)") {
			// Without an account ID, S3 Control is not even asked.
			if e.Operation != "GetPublicAccessBlock" || e.Service != "s3" {
				t.Errorf("error = %+v, want an operation timeout", e)
			}
		}
	}
}

// A region the account has not enabled is refused before the scan (exit
// 2, see TestScanTargetMistakes). A member account of a multi-account scan
// that has not enabled it (here, every account of the organization) is
// refused at once, region by region, and the enabled region is read in full.
func TestRegionNotEnabledEndToEnd(t *testing.T) {
	url := emulateOrg(t)
	dir := t.TempDir()
	res := bounded(t, 60*time.Second, "scan", "--endpoint-url", url, "--org", "--role-name", "audit",
		"--regions", "ap-east-1,us-east-1", "--deadline", "60s", "--out", dir)
	if res.code != report.ExitIncomplete {
		t.Fatalf("exit %d, want 3\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, dir)
	if r.Scan.Interrupted || len(r.Scan.CollectionErrors) == 0 {
		t.Fatalf("interrupted=%v errors=%v", r.Scan.Interrupted, r.Scan.CollectionErrors)
	}
	for _, e := range r.Scan.CollectionErrors {
		if e.Region != "ap-east-1" || e.Kind != inventory.ErrRegionDisabled || e.Message == "" {
			t.Errorf("error = %+v, want ap-east-1 region-disabled", e)
		}
	}
	judged := 0
	for _, f := range r.Findings {
		if f.Region == "us-east-1" && (f.Status == "pass" || f.Status == "fail") {
			judged++
		}
	}
	if judged == 0 {
		t.Error("nothing judged in us-east-1, which is enabled")
	}
}

// An endpoint nothing listens on fails the credentials preflight: one
// message naming the network error, exit 2, no report, no hang.
func TestConnectionRefusedEndToEnd(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := filepath.Join(t.TempDir(), "out")
	res := bounded(t, 60*time.Second, "scan", "--endpoint-url", "http://"+addr, "--regions", "us-east-1",
		"--max-attempts", "2", "--deadline", "60s", "--out", dir)
	if res.code != report.ExitUsage {
		t.Fatalf("exit %d, want 2\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "with sts:GetCallerIdentity: dial tcp "+addr+": connect: connection refused (retries exhausted); nothing was scanned") ||
		strings.Count(res.stderr, "srmscan:") != 1 {
		t.Errorf("stderr is not one message naming the refused connection:\n%s", res.stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a report was written: %v", err)
	}
}

// The first signal asks for a partial report; a second one, while that
// report is still being written, ends the process at once. The report goes
// to a pipe nobody reads, larger than the pipe holds, so the write blocks
// as a stuck disk or terminal would, and only the second signal ends it.
// The findings spilled to TMPDIR for that report go with it.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			url := emulate(t, "--latency", "200ms")
			cmd := exec.Command(binary, "scan", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1", "--concurrency", "1", "--out", "-")
			tmp := t.TempDir()
			cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+fakeKeyID, "AWS_SECRET_ACCESS_KEY="+fakeSecret, "AWS_REGION=us-east-1",
				"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "TMPDIR="+tmp)
			stdout, err := cmd.StdoutPipe() // never read
			if err != nil {
				t.Fatal(err)
			}
			defer stdout.Close()
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := make(chan string, 1000)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			done := make(chan error, 1)
			waitFor := func(what string) {
				t.Helper()
				timeout := time.After(20 * time.Second)
				for {
					select {
					case l, ok := <-lines:
						if !ok {
							cmd.Process.Kill()
							t.Fatalf("stderr ended before %q", what)
						}
						if strings.Contains(l, what) {
							return
						}
					case <-timeout:
						cmd.Process.Kill()
						t.Fatalf("no %q on stderr within 20s", what)
					}
				}
			}
			waitFor("scanning the")
			time.Sleep(300 * time.Millisecond) // collection under way
			cmd.Process.Signal(sig)
			waitFor("the results are partial")
			// The report is now being written to the full pipe.
			time.Sleep(200 * time.Millisecond)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				t.Fatalf("srmscan exited (%v) before the second signal: the report did not block", err)
			default:
			}
			if spilled, _ := filepath.Glob(filepath.Join(tmp, "srmscan-findings-*")); len(spilled) == 0 {
				t.Fatal("no spilled findings in TMPDIR while the report is written: the test would prove nothing")
			}
			cmd.Process.Signal(sig)
			select {
			case err := <-done:
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("wait: %v", err)
				}
				ws, ok := ee.Sys().(syscall.WaitStatus)
				if !ok || !ws.Signaled() || ws.Signal() != sig {
					t.Errorf("exit status %v, want killed by %v", err, sig)
				}
				if left, _ := os.ReadDir(tmp); len(left) != 0 {
					t.Errorf("left in TMPDIR: %v", left)
				}
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatal("srmscan still running 5s after the second signal")
			}
		})
	}
}
