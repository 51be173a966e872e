package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/report"
)

// --config end to end: what the file selects, overrides and tunes is what
// the report holds and the gate acts on, for scan and evaluate alike.
func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const only = "checks:\n  include: [ec2-instance-patched-recently]\nseverity:\n  ec2-instance-patched-recently: low\n"
	strict := write("strict.yaml", only)
	lenient := write("lenient.yaml", only+"thresholds:\n  max_patch_age_days: 36500\n")

	fails := func(r *report.Report) int {
		n := 0
		for _, f := range r.Findings {
			if f.CheckID != "ec2-instance-patched-recently" || f.Severity != checks.Low {
				t.Errorf("finding of %s at %s: the config selects one check, at low", f.CheckID, f.Severity)
			}
			if f.Status == checks.Fail {
				n++
			}
		}
		return n
	}
	// The demo fails high checks; with only this one, lowered to low,
	// nothing gates at high.
	res := srmscan(t, "scan", "--demo", "--quiet", "--config", strict, "--out", filepath.Join(dir, "strict"))
	if res.code != report.ExitOK {
		t.Fatalf("exit %d, want 0\n%s", res.code, res.stderr)
	}
	r, _ := readReport(t, filepath.Join(dir, "strict"))
	strictFails := fails(r)
	if strictFails == 0 {
		t.Fatal("the demo has instances patched long ago: want failures at the default threshold")
	}
	if res := srmscan(t, "scan", "--demo", "--quiet", "--config", strict, "--fail-on", "low", "--out", filepath.Join(dir, "low")); res.code != report.ExitFindings {
		t.Errorf("--fail-on low: exit %d, want 1", res.code)
	}

	snap := filepath.Join(dir, "inv.json")
	if res := srmscan(t, "collect", "--demo", "--quiet", "--out", snap); res.code != 0 {
		t.Fatalf("collect: exit %d\n%s", res.code, res.stderr)
	}
	if res := srmscan(t, "evaluate", "--inventory", snap, "--quiet", "--config", lenient, "--out", filepath.Join(dir, "lenient")); res.code != report.ExitOK {
		t.Fatalf("evaluate: exit %d\n%s", res.code, res.stderr)
	}
	r, _ = readReport(t, filepath.Join(dir, "lenient"))
	if n := fails(r); n >= strictFails {
		t.Errorf("a century's patch age fails %d instances, the default %d: the threshold was not applied", n, strictFails)
	}
}

// Files the user hands srmscan that are damaged, from another version or
// simply wrong: exit 2, naming the file and the line or field, before any
// AWS call.
func TestHostileUserFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		flag, name, body string
		want             []string // in stderr, after the file's path
	}{
		{"--inventory", "empty.json", "", []string{"the file is empty"}},
		{"--inventory", "binary.json", "\x00\xff\xfe garbage \x89PNG", []string{"line 1, column 1"}},
		{"--inventory", "truncated.json", "{\n  \"schema_version\": 2,\n  \"account_id\": \"1234", []string{"the JSON ends early"}},
		{"--inventory", "future.json", `{"schema_version": 99, "account_id": "123456789012"}`, []string{"schema_version 99", "collect it again"}},
		{"--inventory", "noversion.json", `{"account_id": "123456789012"}`, []string{"schema_version is missing"}},
		{"--inventory", "report.json", "{\n  \"schema_version\": 2,\n  \"findings\": []\n}\n", []string{"this is an srmscan report, not an inventory snapshot"}},
		{"--inventory", "types.json", "{\n  \"schema_version\": 2,\n  \"regions\": \"us-east-1\"\n}\n", []string{"line 3: regions: must be a list, not text"}},
		{"--inventory", "array.json", "[1, 2, 3]", []string{"must be a JSON object"}},
		{"--config", "unknown-key.yaml", "thresholds:\n  max_patch_age: 3\n", []string{"line 2: thresholds.max_patch_age: unknown key; did you mean `max_patch_age_days`?"}},
		{"--config", "bad-yaml.yaml", "checks:\n  include: [ec2-*\nseverity: {\n", []string{"line 1: did not find expected"}},
		{"--config", "bad-type.yaml", "thresholds:\n  max_patch_age_days: soon\n", []string{`line 2: thresholds.max_patch_age_days: must be a whole number of days, not "soon"`}},
		{"--config", "bad-check.yaml", "severity:\n  no-such-check: high\n", []string{"line 2: severity.no-such-check: no check has this ID"}},
		{"--config", "bad-severity.yaml", "severity:\n  iam-root-mfa: urgent\n", []string{`line 2: severity.iam-root-mfa: "urgent" is not one of`}},
		{"--config", "negative.yaml", "thresholds:\n  max_ami_age_days: -1\n", []string{"line 2: thresholds.max_ami_age_days: must not be negative, got -1"}},
		{"--config", "binary.yaml", "\x00\x01\x02", []string{"control characters"}},
		{"--suppressions", "bad-yaml.yaml", "suppressions:\n  - check: [\n", []string{"line 2: did not find expected"}},
		{"--suppressions", "unknown-key.yaml", "suppressions:\n  - check: iam-root-mfa\n    reasn: typo\n", []string{"line 3: suppressions.reasn: unknown key; did you mean `reason`?"}},
		{"--suppressions", "bad-date.yaml", "suppressions:\n  - check: iam-root-mfa\n    reason: r\n    expires: 31/12/2099\n", []string{`line 4: suppressions.expires: "31/12/2099" is not a date`}},
		{"--suppressions", "not-a-list.yaml", "suppressions: everything\n", []string{`line 1: suppressions: must be a list of entries`}},
	} {
		t.Run(tc.flag+"/"+tc.name, func(t *testing.T) {
			path := write(strings.TrimPrefix(tc.flag, "--")+"-"+tc.name, tc.body)
			args := []string{"evaluate", "--quiet", "--out", filepath.Join(dir, "out")}
			if tc.flag == "--inventory" {
				args = append(args, "--inventory", path)
			} else {
				// The file is refused before the snapshot is even read.
				args = append(args, "--inventory", filepath.Join(dir, "missing.json"), tc.flag, path)
			}
			res := srmscan(t, args...)
			if res.code != report.ExitUsage || !strings.Contains(res.stderr, tc.flag+": "+path+": ") {
				t.Fatalf("exit %d, stderr %q; want 2 and the flag and file named", res.code, res.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.stderr, w) {
					t.Errorf("stderr %q does not say %q", res.stderr, w)
				}
			}
			if tc.flag != "--inventory" {
				// scan refuses it too, before any AWS call: the endpoint
				// does not exist.
				res := srmscan(t, "scan", "--endpoint-url", "http://127.0.0.1:1", "--max-attempts", "1", "--out", filepath.Join(dir, "out"), tc.flag, path)
				if res.code != report.ExitUsage || !strings.Contains(res.stderr, tc.flag+": "+path+": ") {
					t.Errorf("scan: exit %d, stderr %q; want 2 and the file named", res.code, res.stderr)
				}
			}
		})
	}
}

// The example in docs/config.md is a file srmscan accepts.
func TestConfigDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/config.md has no yaml example")
	}
	s, err := checks.ParseSettings([]byte(example))
	if err != nil {
		t.Fatalf("the documented example is refused: %v", err)
	}
	if s.Config.MaxPatchAgeDays != 14 || len(s.Apply(checks.All())) == 0 {
		t.Errorf("example read as %+v", s.Config)
	}
}
