package gate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func finding(check, region, arn string, st checks.Status, sev checks.Severity) checks.Finding {
	return checks.Finding{Fingerprint: checks.Fingerprint(check, "111122223333", region, arn), CheckID: check,
		AccountID: "111122223333", Region: region, ResourceARN: arn, Status: st, Severity: sev, Service: "ec2"} // both checks used here are EC2's
}

func rep(fs ...checks.Finding) *report.Report {
	inv := &inventory.Inventory{AccountID: "111122223333", Regions: []string{"eu-west-1", "us-east-1"}}
	return report.New(report.Tool{}, inv, fs)
}

const (
	sgBastion = "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0bastion"
	sgWeb     = "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0web"
	volData   = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0data"
)

func TestParseSuppressionsErrorsNameTheLine(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"no reason", "suppressions:\n  - check: ec2-sg-admin-ports-public\n    expires: 2027-01-01\n", "line 2: suppressions: reason is required"},
		{"no expiry", "suppressions:\n  - check: ebs-volume-unencrypted\n    reason: ok\n", "line 2: suppressions: expires is required"},
		{"bad date", "suppressions:\n  - check: ebs-volume-unencrypted\n    reason: ok\n    expires: 2027-01-01\n  - check: ebs-volume-unencrypted\n    reason: ok\n    expires: next week\n", `line 7: suppressions.expires: "next week" is not a date`},
		{"unknown key", "suppressions:\n  - check: ebs-volume-unencrypted\n    reasn: typo\n", "line 3: suppressions.reasn: unknown key; did you mean `reason`?"},
		{"no such check", "suppressions:\n  - check: ec2-nope\n    reason: x\n    expires: 2027-01-01\n", `line 2: suppressions.check: "ec2-nope" matches no check ID`},
		{"not YAML", "suppressions: [\n", "line 1"},
		{"second document", "suppressions: []\n---\nsuppressions:\n  - check: \"*\"\n", "line 2: a second YAML document"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSuppressions("s.yaml", []byte(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	path := filepath.Join(t.TempDir(), "supp.yaml")
	os.WriteFile(path, []byte(cases[0].yaml), 0o600)
	if _, err := LoadSuppressions(path); err == nil || !strings.HasPrefix(err.Error(), path+": line 2") {
		t.Errorf("LoadSuppressions error %v does not start with the file and line", err)
	}
}

func TestSuppress(t *testing.T) {
	entries, err := ParseSuppressions("s.yaml", []byte(`suppressions:
  # Globs cross "/" in ARNs.
  - check: ec2-sg-*
    resource: "arn:aws:ec2:eu-west-1:*:security-group/sg-0bastion*"
    reason: bastion, SEC-12
    expires: 2026-12-31
  - check: ebs-volume-unencrypted
    reason: scratch volume
    expires: 2026-11-24
  - check: ebs-volume-unencrypted
    region: eu-central-1
    reason: nothing is there
    expires: 2027-06-30
`))
	if err != nil {
		t.Fatal(err)
	}
	r := rep(
		finding("ec2-sg-admin-ports-public", "eu-west-1", sgBastion, checks.Fail, checks.High),
		finding("ec2-sg-admin-ports-public", "us-east-1", sgWeb, checks.Fail, checks.High),
		finding("ebs-volume-unencrypted", "us-east-1", volData, checks.Fail, checks.Medium),
	)
	Suppress(r, "s.yaml", entries, now)
	if s := r.Findings[0].Suppression; s == nil || s.Reason != "bastion, SEC-12" || s.Source != "s.yaml:3" {
		t.Errorf("bastion suppression = %+v", s)
	}
	if r.Findings[1].Suppression != nil {
		t.Error("the glob must not suppress another region's group")
	}
	if r.Findings[2].Suppression != nil {
		t.Error("an expired entry (2026-11-24, now 2026-11-25) must not suppress")
	}
	res := r.Gate.Suppressions
	if res.Suppressed != 1 || len(res.Expired) != 1 || res.Expired[0].Source != "s.yaml:7" ||
		len(res.Stale) != 1 || res.Stale[0].Source != "s.yaml:10" {
		t.Errorf("result = %+v", res)
	}
	if got := r.Gating(checks.High); len(got) != 1 || got[0].ResourceARN != sgWeb {
		t.Errorf("gating = %+v, want only the unsuppressed web group", got)
	}
	// Through the end of its expiry day, an entry still suppresses.
	r2 := rep(finding("ebs-volume-unencrypted", "us-east-1", volData, checks.Fail, checks.Medium))
	Suppress(r2, "s.yaml", entries, time.Date(2026, 11, 24, 23, 59, 0, 0, time.UTC))
	if r2.Findings[0].Suppression == nil {
		t.Error("an entry expiring today must still suppress today")
	}
}

func TestCompareBaseline(t *testing.T) {
	base := rep(
		finding("ec2-sg-admin-ports-public", "eu-west-1", sgBastion, checks.Fail, checks.High),
		finding("ebs-volume-unencrypted", "us-east-1", volData, checks.Fail, checks.Medium),
		finding("ec2-sg-admin-ports-public", "us-east-1", sgWeb, checks.Pass, checks.High),
		finding("ec2-sg-admin-ports-public", "ap-south-1", "arn:aws:ec2:ap-south-1:111122223333:security-group/sg-0x", checks.Fail, checks.High),
	)
	r := rep(
		finding("ec2-sg-admin-ports-public", "eu-west-1", sgBastion, checks.Fail, checks.High),
		finding("ec2-sg-admin-ports-public", "us-east-1", sgWeb, checks.Fail, checks.High),
	)
	CompareBaseline(r, "old.json", base)
	if r.Findings[0].Baseline != checks.BaselineExisting || r.Findings[1].Baseline != checks.BaselineNew {
		t.Errorf("baseline marks = %q, %q", r.Findings[0].Baseline, r.Findings[1].Baseline)
	}
	b := r.Gate.Baseline
	// The volume is gone from a covered region: resolved. The ap-south-1
	// group was not scanned this time: not resolved, just not looked at.
	if b.New != 1 || b.Existing != 1 || len(b.Resolved) != 1 || b.Resolved[0].ResourceARN != volData {
		t.Errorf("baseline = %+v", b)
	}
	if got := r.Gating(checks.High); len(got) != 1 || got[0].ResourceARN != sgWeb {
		t.Errorf("gating = %+v, want only the new failure", got)
	}

	// A scan limited to S3 (--services) did not look at the volume: its
	// baseline failure is not resolved.
	s3only := rep()
	s3only.Scan.Services = []string{"s3"}
	CompareBaseline(s3only, "old.json", base)
	if b := s3only.Gate.Baseline; len(b.Resolved) != 0 {
		t.Errorf("a scan of s3 alone resolved %+v", b.Resolved)
	}
}

func TestCompare(t *testing.T) {
	unk := finding("ebs-volume-unencrypted", "us-east-1", "arn:aws:ec2:us-east-1:111122223333:volume/vol-0u", checks.Unknown, checks.Medium)
	before := rep(
		finding("ec2-sg-admin-ports-public", "eu-west-1", sgBastion, checks.Fail, checks.High),
		finding("ebs-volume-unencrypted", "us-east-1", volData, checks.Fail, checks.Medium),
		unk,
	)
	unk.Status = checks.Pass
	after := rep(
		finding("ec2-sg-admin-ports-public", "eu-west-1", sgBastion, checks.Fail, checks.High),
		finding("ec2-sg-admin-ports-public", "us-east-1", sgWeb, checks.Fail, checks.High),
		unk,
	)
	d := Compare(before, after)
	if len(d.New) != 1 || d.New[0].ResourceARN != sgWeb || d.New[0].Before != "" || d.New[0].After != checks.Fail {
		t.Errorf("new = %+v", d.New)
	}
	if len(d.Resolved) != 1 || d.Resolved[0].ResourceARN != volData || d.Resolved[0].After != "" {
		t.Errorf("resolved = %+v", d.Resolved)
	}
	if len(d.Changed) != 1 || d.Changed[0].Before != checks.Unknown || d.Changed[0].After != checks.Pass {
		t.Errorf("changed = %+v", d.Changed)
	}
	if len(d.Blocking(checks.High)) != 1 || len(d.Blocking(checks.Critical)) != 0 || d.Blocking("none") != nil {
		t.Error("blocking must count new findings at or above the threshold")
	}
	if same := Compare(after, after); len(same.New)+len(same.Resolved)+len(same.Changed) != 0 {
		t.Errorf("a report compared with itself differs: %+v", same)
	}
}

func TestReadReportErrors(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"notjson.json": "{\n\"schema_version\": \"1.0\",\n!",
		"major.json":   `{"schema_version": "2.0", "findings": []}`,
		"empty.json":   `{}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(data), 0o600)
		if _, err := report.ReadFile(path); err == nil || !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("%s: err = %v, want an error naming the file", name, err)
		}
	}
}
