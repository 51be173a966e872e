package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/srmscan/srmscan/internal/memwatch"
	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/report"
)

// An organization's scan holds the accounts in flight, not the
// organization: scanned in this process under a small memory limit, four
// times the accounts raise the scan's peak live heap by far less than
// four times, and by far less than the findings it wrote. The design
// before the report builder held every account's findings until one
// report was written, so its heap grew with the organization and met
// neither bound.
func TestOrgScanHeapStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("scans synthetic organizations of 4 and 16 accounts")
	}
	t.Setenv("AWS_ACCESS_KEY_ID", fakeKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", fakeSecret)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	t.Setenv("TMPDIR", t.TempDir())
	// Collect often, so the live heap is sampled often, and keep the
	// heap small the way GOMEMLIMIT would on a small runner.
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))

	sz := synth.Large().Scale(0.03)
	sz.Regions = 3
	scan := func(n int) (growth uint64, findings int, findingBytes int64) {
		accts, err := synth.Organization(5, sz, n)
		if err != nil {
			t.Fatal(err)
		}
		// The endpoint is a process of its own, so what it builds as the
		// accounts are read is not counted as the scan's.
		var args []string
		dir := t.TempDir()
		for i, a := range accts {
			path := filepath.Join(dir, fmt.Sprintf("account-%d.json", i))
			var buf bytes.Buffer
			if err := a.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			args = append(args, "--account", path)
		}
		url := emulate(t, args...)
		out := t.TempDir()
		var stderr bytes.Buffer
		stop := memwatch.Growth()
		code := run([]string{"scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit",
			"--accounts-in-flight", "2", "--out", out, "--format", "json", "--fail-on", "none"}, &bytes.Buffer{}, &stderr)
		growth = stop()
		if code != report.ExitOK {
			t.Fatalf("%d accounts: exit %d\n%s", n, code, stderr.String())
		}
		r, data := readReport(t, out)
		if len(r.Scan.Accounts) != n || !r.Scan.Complete || len(r.Findings) != r.Summary.Total {
			t.Fatalf("%d accounts: report of %d accounts, complete %v, %d findings of %d", n, len(r.Scan.Accounts), r.Scan.Complete, len(r.Findings), r.Summary.Total)
		}
		// Nothing is left in the temporary directory.
		if left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "srmscan-*")); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
		return growth, len(r.Findings), int64(len(data))
	}
	small, _, _ := scan(4)
	large, n, size := scan(16)
	t.Logf("peak live heap growth: %d MiB for 4 accounts, %d MiB for 16 (%d findings, report.json %d MiB)", small>>20, large>>20, n, size>>20)
	if large*2 > small*3 {
		t.Errorf("16 accounts raised the live heap by %d MiB, 4 by %d MiB: want under 1.5 times, the accounts in flight being the same", large>>20, small>>20)
	}
	if large*4 > uint64(size) {
		t.Errorf("16 accounts raised the live heap by %d MiB, against %d MiB of report: the findings are being held", large>>20, size>>20)
	}
}
