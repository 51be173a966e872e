package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/report"
)

// The three-account organization of testdata/accounts/org-*.yaml; org-1
// is the management account.
var orgAccounts = []string{"111122223331", "111122223332", "111122223333"}

func emulateOrg(t *testing.T, args ...string) string {
	t.Helper()
	return emulate(t, append([]string{
		"--account", "../../testdata/accounts/org-1.yaml",
		"--account", "../../testdata/accounts/org-2.yaml",
		"--account", "../../testdata/accounts/org-3.yaml",
	}, args...)...)
}

func accountIDs(r *report.Report) []string {
	var ids []string
	for _, a := range r.Scan.Accounts {
		ids = append(ids, a.AccountID)
	}
	return ids
}

func findingsJSON(t *testing.T, r *report.Report) []byte {
	t.Helper()
	b, err := json.Marshal(r.Findings)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOrgScanCoversEveryAccount(t *testing.T) {
	url := emulateOrg(t)
	dir := t.TempDir()
	res := srmscan(t, "scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--out", dir)
	if res.code != report.ExitFindings {
		t.Fatalf("exit %d, want 1 (each account has a world-open SSH group)\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, dir)
	if r.SchemaVersion != report.SchemaVersion || r.Scan.AccountID != orgAccounts[0] || !r.Scan.Complete {
		t.Errorf("scan = %s %+v", r.SchemaVersion, r.Scan)
	}
	if got := accountIDs(r); !slices.Equal(got, orgAccounts) {
		t.Fatalf("accounts = %v, want %v", got, orgAccounts)
	}
	var sum report.StatusCounts
	total := 0
	for _, a := range r.Scan.Accounts {
		if !a.Complete || a.Summary.Total == 0 || a.Summary.ByStatus.Fail == 0 || a.Summary.ByStatus.Pass == 0 {
			t.Errorf("account %s: complete %v, summary %+v", a.AccountID, a.Complete, a.Summary.ByStatus)
		}
		total += a.Summary.Total
		sum.Fail += a.Summary.ByStatus.Fail
		sum.Pass += a.Summary.ByStatus.Pass
		sum.Unknown += a.Summary.ByStatus.Unknown
		sum.Manual += a.Summary.ByStatus.Manual
	}
	if total != r.Summary.Total || total != len(r.Findings) || sum != r.Summary.ByStatus {
		t.Errorf("accounts add up to %d %+v; summary says %d %+v, %d findings", total, sum, r.Summary.Total, r.Summary.ByStatus, len(r.Findings))
	}
	// The SSH group of each account fails and its HTTPS one passes.
	for _, id := range orgAccounts {
		var fail, pass bool
		for _, f := range r.Findings {
			if f.CheckID == "ec2-sg-admin-ports-public" && f.AccountID == id {
				fail = fail || f.Status == "fail" && strings.HasSuffix(f.ResourceARN, "1")
				pass = pass || f.Status == "pass" && strings.HasSuffix(f.ResourceARN, "2")
			}
		}
		if !fail || !pass {
			t.Errorf("account %s: SSH group failing %v, HTTPS group passing %v", id, fail, pass)
		}
	}

	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || !bytes.Contains(html, []byte(`id="accounts"`)) {
		t.Errorf("report.html has no accounts section (%v)", err)
	}

	// --accounts names them explicitly, with the same result.
	dir2 := t.TempDir()
	srmscan(t, "scan", "--quiet", "--endpoint-url", url, "--accounts", strings.Join(orgAccounts, ","), "--role-name", "audit", "--out", dir2)
	r2, _ := readReport(t, dir2)
	if !bytes.Equal(findingsJSON(t, r), findingsJSON(t, r2)) {
		t.Error("--accounts gave different findings from --org over the same accounts")
	}
}

func TestOrgDeniedRoleIsThatAccountsError(t *testing.T) {
	url := emulateOrg(t, "--deny", "sts:AssumeRole/"+orgAccounts[2])
	dir := t.TempDir()
	res := srmscan(t, "scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--out", dir)
	if res.code != report.ExitIncomplete {
		t.Fatalf("exit %d, want 3\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, dir)
	if r.Scan.Complete || len(r.Scan.CollectionErrors) != 1 {
		t.Fatalf("complete %v, errors %+v; want one error", r.Scan.Complete, r.Scan.CollectionErrors)
	}
	e := r.Scan.CollectionErrors[0]
	if e.Service != "sts" || e.Operation != "AssumeRole" || e.AccountID != orgAccounts[2] || e.Kind != "access-denied" {
		t.Errorf("error = %+v", e)
	}
	for _, a := range r.Scan.Accounts {
		denied := a.AccountID == orgAccounts[2]
		if a.Complete == denied || (a.Summary.Total == 0) != denied {
			t.Errorf("account %s: complete %v, %d findings", a.AccountID, a.Complete, a.Summary.Total)
		}
	}
	for _, f := range r.Findings {
		if f.AccountID == orgAccounts[2] {
			t.Errorf("finding about the account never entered: %+v", f)
		}
	}
	if res := srmscan(t, "scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--allow-incomplete", "--fail-on", "none", "--out", t.TempDir()); res.code != 0 {
		t.Errorf("--allow-incomplete --fail-on none: exit %d, want 0", res.code)
	}
}

func TestOrgShardsPartitionAndMerge(t *testing.T) {
	url := emulateOrg(t)
	dir := t.TempDir()
	scan := func(name string, extra ...string) *report.Report {
		out := filepath.Join(dir, name)
		args := append([]string{"scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--fail-on", "none", "--out", out}, extra...)
		if res := srmscan(t, args...); res.code != 0 {
			t.Fatalf("%v: exit %d\n%s", extra, res.code, res.stderr)
		}
		r, _ := readReport(t, out)
		return r
	}
	all := scan("all")
	s1 := scan("s1", "--shard", "1/2")
	s2 := scan("s2", "--shard", "2/2")
	union := append(accountIDs(s1), accountIDs(s2)...)
	slices.Sort(union)
	if len(s1.Scan.Accounts) == 0 || len(s2.Scan.Accounts) == 0 || !slices.Equal(union, orgAccounts) {
		t.Fatalf("shards %v and %v do not partition %v", accountIDs(s1), accountIDs(s2), orgAccounts)
	}
	if s1.Scan.AccountID != orgAccounts[0] || s2.Scan.AccountID != orgAccounts[0] {
		t.Errorf("a shard's account_id is not the management account: %s, %s", s1.Scan.AccountID, s2.Scan.AccountID)
	}

	merged := filepath.Join(dir, "merged")
	res := srmscan(t, "merge", merged, filepath.Join(dir, "s2", "report.json"), filepath.Join(dir, "s1", "report.json"))
	if res.code != 0 {
		t.Fatalf("merge: exit %d\n%s", res.code, res.stderr)
	}
	m, _ := readReport(t, merged)
	if !bytes.Equal(findingsJSON(t, m), findingsJSON(t, all)) {
		t.Error("merged shards' findings differ from the unsharded scan's")
	}
	if !slices.Equal(accountIDs(m), orgAccounts) || m.Summary.Total != all.Summary.Total || m.Summary.ByStatus != all.Summary.ByStatus {
		t.Errorf("merged: accounts %v, summary %+v; want %v, %+v", accountIDs(m), m.Summary.ByStatus, orgAccounts, all.Summary.ByStatus)
	}

	// Merge is the organization's gate when asked to be: the same verdict
	// a scan of every account would give.
	shards := []string{filepath.Join(dir, "s1", "report.json"), filepath.Join(dir, "s2", "report.json")}
	for _, sev := range []checks.Severity{checks.Critical, checks.High, checks.Medium, checks.Low} {
		want := all.ExitCode(sev, false)
		if got := srmscan(t, append([]string{"merge", filepath.Join(dir, "gated"), "--fail-on", string(sev)}, shards...)...); got.code != want {
			t.Errorf("merge --fail-on %s: exit %d, want %d as for the whole scan\n%s", sev, got.code, want, got.stderr)
		}
	}
	// So are the controls: a control failing in one shard fails the merge.
	// Two of each verdict keep the test short.
	tried := map[compliance.Status]int{}
	for _, ctl := range all.Compliance[0].Controls {
		if (ctl.Status != compliance.Fail && ctl.Status != compliance.Pass) || tried[ctl.Status] == 2 {
			continue
		}
		tried[ctl.Status]++
		want := report.ExitOK
		if ctl.Status == compliance.Fail {
			want = report.ExitFindings
		}
		spec := all.Compliance[0].Framework + ":" + ctl.ID
		if got := srmscan(t, append([]string{"merge", filepath.Join(dir, "gated"), "--fail-on", "none", "--fail-on-control", spec}, shards...)...); got.code != want {
			t.Errorf("merge --fail-on-control %s: exit %d, want %d (the control %ss in the whole scan)\n%s", spec, got.code, want, ctl.Status, got.stderr)
		}
	}
	if tried[compliance.Fail] == 0 || tried[compliance.Pass] == 0 {
		t.Errorf("the organization's accounts should give both a failing and a passing control, got %v", tried)
	}
	if got := srmscan(t, append([]string{"merge", filepath.Join(dir, "gated"), "--fail-on", "severe"}, shards...)...); got.code != report.ExitUsage {
		t.Errorf("merge --fail-on severe: exit %d, want 2", got.code)
	}

	res = srmscan(t, "merge", filepath.Join(dir, "dup"), filepath.Join(dir, "s1", "report.json"), filepath.Join(dir, "all", "report.json"))
	if res.code != report.ExitUsage || !strings.Contains(res.stderr, "is in reports 1 and 2") {
		t.Errorf("merging overlapping reports: exit %d, %q; want 2 naming the account", res.code, res.stderr)
	}
}

func TestOrgUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--org", "--role-name", "audit", "--shard", "3/2"}, "--shard"},
		{[]string{"--org", "--role-name", "audit", "--shard", "0/2"}, "--shard"},
		{[]string{"--org", "--role-name", "audit", "--shard", "x"}, "--shard"},
		{[]string{"--shard", "1/2"}, "--shard"},
		{[]string{"--org"}, "--role-name"},
		{[]string{"--accounts", "12345", "--role-name", "audit"}, "--accounts"},
		{[]string{"--org", "--accounts", "111122223333", "--role-name", "audit"}, "--org"},
	} {
		res := srmscan(t, append([]string{"scan", "--endpoint-url", "http://127.0.0.1:1"}, c.args...)...)
		if res.code != report.ExitUsage || !strings.Contains(res.stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 naming %s", c.args, res.code, res.stderr, c.want)
		}
	}
}

func TestOrgCollectThenEvaluateEqualsScan(t *testing.T) {
	url := emulateOrg(t)
	dir := t.TempDir()
	srmscan(t, "scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--out", filepath.Join(dir, "scan"))
	snap := filepath.Join(dir, "inv.json")
	if res := srmscan(t, "collect", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--out", snap); res.code != 0 {
		t.Fatalf("collect exit %d: %s", res.code, res.stderr)
	}
	srmscan(t, "evaluate", "--inventory", snap, "--quiet", "--out", filepath.Join(dir, "eval"))
	a, _ := readReport(t, filepath.Join(dir, "scan"))
	b, _ := readReport(t, filepath.Join(dir, "eval"))
	if !bytes.Equal(findingsJSON(t, a), findingsJSON(t, b)) || !slices.Equal(accountIDs(a), accountIDs(b)) || b.Scan.AccountID != orgAccounts[0] {
		t.Error("evaluate on a multi-account snapshot differs from scan")
	}
}

// A profile without a region is common (the regions come from --regions or
// DescribeRegions); the organization's account list and the roles must
// still be reached. Before, ListAccounts went out unsigned and --org
// stopped with a 403 whenever AWS_REGION was unset.
func TestOrgScanWithoutAConfiguredRegion(t *testing.T) {
	url := emulateOrg(t)
	dir := t.TempDir()
	cmd := exec.Command(binary, "scan", "--quiet", "--endpoint-url", url, "--org", "--role-name", "audit", "--regions", "us-east-1", "--fail-on", "none", "--out", dir)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID="+fakeKeyID, "AWS_SECRET_ACCESS_KEY="+fakeSecret,
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scan without AWS_REGION: %v\n%s", err, out)
	}
	r, _ := readReport(t, dir)
	if got := accountIDs(r); !slices.Equal(got, orgAccounts) || !r.Scan.Complete {
		t.Errorf("accounts = %v, complete %v; want %v, complete", got, r.Scan.Complete, orgAccounts)
	}
}
