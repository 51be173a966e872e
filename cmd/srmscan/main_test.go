package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

// The end-to-end tests run the built binary as a user would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "srmscan-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "srmscan")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Recognisable fake credentials: no output may ever contain them.
const (
	fakeKeyID  = "AKIAE2ETESTKEYID0001"
	fakeSecret = "e2e/secret/must/never/appear/anywhere00"
)

type result struct {
	code           int
	stdout, stderr string
}

func srmscan(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+fakeKeyID, "AWS_SECRET_ACCESS_KEY="+fakeSecret,
		"AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{out.String(), errb.String()} {
		if strings.Contains(s, fakeSecret) || strings.Contains(s, fakeKeyID) {
			t.Errorf("credentials printed by srmscan %v", args)
		}
	}
	return result{code, out.String(), errb.String()}
}

func readReport(t *testing.T, dir string) (*report.Report, []byte) {
	t.Helper()
	path := filepath.Join(dir, "report.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(fakeSecret)) || bytes.Contains(data, []byte(fakeKeyID)) {
		t.Error("credentials in the report")
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r, data
}

// emulate starts `srmscan emulate` with extra flags and returns its URL.
func emulate(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"emulate", "--listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("emulate printed no address: %v", err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("emulate printed %q", line)
	}
	return strings.TrimSpace(line[i:])
}

func TestDemoScanWritesTheContract(t *testing.T) {
	dir := t.TempDir()
	res := srmscan(t, "scan", "--demo", "--out", dir)
	if res.code != report.ExitFindings {
		t.Fatalf("exit %d, want 1 (the demo has high findings)\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, dir)
	if !r.Scan.Complete || r.Scan.AccountID != "123456789012" || len(r.Scan.Regions) < 2 {
		t.Errorf("scan = %+v", r.Scan)
	}
	statuses := map[checks.Status]int{}
	for _, f := range r.Findings {
		statuses[f.Status]++
		if f.Fingerprint == "" || f.CheckID == "" || f.Title == "" || f.Severity == "" || f.ControlCategory == "" ||
			f.Domain == "" || f.Service == "" || f.ServiceModel == "" || f.AccountID == "" || f.ResourceARN == "" ||
			f.ResourceType == "" || f.Message == "" || f.Remediation.Text == "" {
			t.Errorf("finding with an empty field: %+v", f)
		}
	}
	if statuses[checks.Fail] == 0 || statuses[checks.Pass] == 0 || statuses[checks.Manual] == 0 {
		t.Errorf("demo statuses = %v, want fail, pass and manual findings", statuses)
	}
	if r.Summary.ByStatus.Fail != statuses[checks.Fail] || r.Summary.Total != len(r.Findings) {
		t.Errorf("summary %+v disagrees with findings %v", r.Summary.ByStatus, statuses)
	}
	st, err := os.Stat(filepath.Join(dir, "report.json"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("report mode = %v, want 0600", st.Mode())
	}
}

func TestCollectThenEvaluateEqualsScan(t *testing.T) {
	dir := t.TempDir()
	srmscan(t, "scan", "--demo", "--quiet", "--out", filepath.Join(dir, "scan"))
	snap := filepath.Join(dir, "inv.json")
	if res := srmscan(t, "collect", "--demo", "--quiet", "--out", snap); res.code != 0 {
		t.Fatalf("collect exit %d: %s", res.code, res.stderr)
	}
	srmscan(t, "evaluate", "--inventory", snap, "--quiet", "--out", filepath.Join(dir, "eval"))
	a, _ := readReport(t, filepath.Join(dir, "scan"))
	b, _ := readReport(t, filepath.Join(dir, "eval"))
	ja, _ := json.Marshal(a.Findings)
	jb, _ := json.Marshal(b.Findings)
	if !bytes.Equal(ja, jb) {
		t.Error("evaluate on a collected snapshot gave different findings from scan")
	}
}

func TestScanAgainstStandaloneEndpoint(t *testing.T) {
	clean := emulate(t)
	throttled := emulate(t, "--throttle-rate", "0.3", "--error-rate", "0.05", "--page-size", "2")
	dir := t.TempDir()
	a := srmscan(t, "scan", "--endpoint-url", clean, "--regions", "us-east-1,eu-west-1", "--out", filepath.Join(dir, "a"))
	b := srmscan(t, "scan", "--endpoint-url", throttled, "--regions", "us-east-1,eu-west-1", "--out", filepath.Join(dir, "b"))
	if a.code != report.ExitFindings || b.code != a.code {
		t.Fatalf("exit codes %d and %d, want 1 for both\n%s\n%s", a.code, b.code, a.stderr, b.stderr)
	}
	ra, _ := readReport(t, filepath.Join(dir, "a"))
	rb, _ := readReport(t, filepath.Join(dir, "b"))
	if !reflect.DeepEqual(ra.Scan.Regions, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("regions = %v", ra.Scan.Regions)
	}
	if !reflect.DeepEqual(ra.Findings, rb.Findings) {
		t.Error("a scan with 30% throttled and 5% failed calls gave different findings from a clean one")
	}
	if rb.Scan.APICalls["EC2:DescribeSecurityGroups"] <= ra.Scan.APICalls["EC2:DescribeSecurityGroups"] {
		t.Errorf("throttled scan should have retried and paged: %v vs %v", rb.Scan.APICalls, ra.Scan.APICalls)
	}
}

// An operation denied, or failing past its retries, is a collection
// error: what depended on it is unknown, the other regions and services
// are read and judged as usual, and the exit code is 3.
func TestFailedOperationIsIncompleteAndUnknown(t *testing.T) {
	for _, tc := range []struct {
		fault, kind, message string
	}{
		{"--deny", "access-denied", "not authorized"},
		{"--fail", "service-error", "(retries exhausted)"},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			url := emulate(t, tc.fault, "ec2:DescribeSecurityGroups@eu-west-1")
			dir := t.TempDir()
			args := []string{"scan", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1", "--max-attempts", "2", "--out", dir}
			res := srmscan(t, args...)
			if res.code != report.ExitIncomplete {
				t.Fatalf("exit %d, want 3\n%s", res.code, res.stderr)
			}
			if !strings.Contains(res.stderr, "DescribeSecurityGroups") {
				t.Errorf("stderr does not name the failed operation:\n%s", res.stderr)
			}
			r, _ := readReport(t, dir)
			if r.Scan.Complete || r.Scan.Interrupted || len(r.Scan.CollectionErrors) == 0 {
				t.Fatalf("scan = %+v", r.Scan)
			}
			// A 500 past its retries opens the breaker of EC2 in the
			// region: the region's EC2 reads not yet sent fail with it.
			// A denial opens nothing.
			errs := r.Scan.CollectionErrors
			if i := slices.IndexFunc(errs, func(e inventory.CollectionError) bool { return e.Operation == "DescribeSecurityGroups" }); i >= 0 {
				errs = append([]inventory.CollectionError{errs[i]}, slices.Delete(slices.Clone(errs), i, i+1)...)
			}
			if e := errs[0]; e.Operation != "DescribeSecurityGroups" || e.Region != "eu-west-1" ||
				string(e.Kind) != tc.kind || !strings.Contains(e.Message, tc.message) {
				t.Errorf("collection error = %+v, want %s with %q", e, tc.kind, tc.message)
			}
			for _, e := range errs[1:] {
				if tc.fault == "--deny" || e.Service != "ec2" || e.Region != "eu-west-1" || !strings.Contains(e.Message, "not sent: DescribeSecurityGroups") {
					t.Errorf("collection error %+v besides DescribeSecurityGroups'", e)
				}
			}
			judged := map[string]int{}
			for _, f := range r.Findings {
				if f.CheckID == "ec2-sg-admin-ports-public" && f.Region == "eu-west-1" && f.Status != checks.Unknown {
					t.Errorf("finding on unreadable data is %s, not unknown: %+v", f.Status, f)
				}
				if f.Status == checks.Pass || f.Status == checks.Fail {
					judged[f.Service+" "+f.Region]++
					if f.CheckID == "ec2-sg-admin-ports-public" {
						judged["sg "+f.Region]++
					}
				}
			}
			// The same check in the other region, and the other services,
			// were read and judged.
			for _, scope := range []string{"sg us-east-1", "ec2 us-east-1", "s3 us-east-1", "iam "} {
				if judged[scope] == 0 {
					t.Errorf("nothing judged for %q: %v", scope, judged)
				}
			}
			if res := srmscan(t, append(args, "--allow-incomplete", "--fail-on", "none")...); res.code != 0 {
				t.Errorf("--allow-incomplete --fail-on none: exit %d, want 0", res.code)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("{\n  \"schema_version\": 2,\n  \"ec2\": [\n"), 0o600)
	// A snapshot array naming an account twice would count its findings
	// twice.
	twice := filepath.Join(t.TempDir(), "twice.json")
	acct := &inventory.Inventory{SchemaVersion: inventory.SchemaVersion, AccountID: "111122223333", Partition: "aws", Regions: []string{"us-east-1"}}
	var arr bytes.Buffer
	if err := inventory.WriteJSONArray(&arr, []*inventory.Inventory{acct, acct}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(twice, arr.Bytes(), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--no-such-flag"}, "unknown flag"},
		{[]string{"scan", "--demo", "--format", "pdf"}, `unknown format "pdf"`},
		{[]string{"scan", "--demo", "--fail-on", "severe"}, `unknown severity "severe"`},
		{[]string{"scan", "--demo", "--retry-mode", "eager"}, `--retry-mode: "eager" is not standard or adaptive`},
		{[]string{"evaluate"}, "--inventory is required"},
		{[]string{"evaluate", "--inventory", bad}, bad},
		{[]string{"evaluate", "--inventory", filepath.Join(t.TempDir(), "missing.json")}, "no such file"},
		{[]string{"evaluate", "--inventory", twice}, "account 111122223333 is in the snapshot twice"},
	} {
		res := srmscan(t, tc.args...)
		if res.code != report.ExitUsage || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, res.code, res.stderr, tc.want)
		}
	}
}

func TestStdoutFormat(t *testing.T) {
	res := srmscan(t, "scan", "--demo", "--quiet", "--out", "-", "--fail-on", "none")
	var r report.Report
	if err := json.Unmarshal([]byte(res.stdout), &r); err != nil || res.code != 0 || len(r.Findings) == 0 {
		t.Fatalf("exit %d, err %v, stdout %.200s", res.code, err, res.stdout)
	}
	if res.stderr != "" {
		t.Errorf("--quiet printed %q", res.stderr)
	}
}

func TestVersion(t *testing.T) {
	res := srmscan(t, "version")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "srmscan ") || !strings.Contains(res.stdout, report.SchemaVersion) {
		t.Errorf("version: %+v", res)
	}
}

func TestInterruptWritesPartialReport(t *testing.T) {
	url := emulate(t, "--latency", "300ms")
	dir := t.TempDir()
	cmd := exec.Command(binary, "scan", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1", "--concurrency", "1", "--out", dir)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+fakeKeyID, "AWS_SECRET_ACCESS_KEY="+fakeSecret, "AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // identity and regions done, collection under way
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != report.ExitIncomplete {
			t.Fatalf("exit = %v, want 3\n%s", err, errb.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("scan did not stop within 20s of SIGINT")
	}
	r, _ := readReport(t, dir)
	if r.Scan.Complete || !r.Scan.Interrupted {
		t.Errorf("partial report not marked: complete=%v interrupted=%v", r.Scan.Complete, r.Scan.Interrupted)
	}
	canceled := 0
	for _, e := range r.Scan.CollectionErrors {
		if e.Kind == "canceled" {
			canceled++
		}
	}
	if canceled == 0 {
		t.Errorf("no canceled collection recorded: %+v", r.Scan.CollectionErrors)
	}
	if !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("stderr does not say the scan was interrupted:\n%s", errb.String())
	}
}
