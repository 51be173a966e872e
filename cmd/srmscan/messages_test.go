package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/strictyaml"
	"github.com/srmscan/srmscan/report"
)

// mistake is one realistic slip a user makes and the exact message srmscan
// answers with. FILE in args and want stands for the file written from body.
type mistake struct {
	name string
	body string
	args []string
	want string // stderr, without the "srmscan: " prefix
}

const flagHelp = "\nRun 'srmscan scan --help' for usage."

// evaluate with a snapshot that does not exist: each file below is refused
// before the snapshot is read.
func gated(flag string) []string {
	return []string{"evaluate", "--inventory", "missing.json", flag, "FILE"}
}

var configMistakes = []mistake{
	{"unknown key", "checks: {include: [ec2-*], bogus: 1}\n", gated("--config"),
		"--config: FILE: line 1: checks.bogus: unknown key; valid keys under checks: include, exclude, services, control_categories"},
	{"misspelt key", "thresholds:\n  max_patch_age: 3\n", gated("--config"),
		"--config: FILE: line 2: thresholds.max_patch_age: unknown key; did you mean `max_patch_age_days`?"},
	{"unknown top-level key", "threshold:\n  max_patch_age_days: 3\n", gated("--config"),
		"--config: FILE: line 1: threshold: unknown key; did you mean `thresholds`?"},
	{"number as a word", "thresholds: {max_patch_age_days: \"ten\"}\n", gated("--config"),
		"--config: FILE: line 1: thresholds.max_patch_age_days: must be a whole number of days, not \"ten\""},
	{"fraction of a day", "thresholds:\n  max_ami_age_days: 1.5\n", gated("--config"),
		"--config: FILE: line 2: thresholds.max_ami_age_days: must be a whole number of days, not \"1.5\""},
	{"one ID, not a list", "checks:\n  include: ec2-*\n", gated("--config"),
		"--config: FILE: line 2: checks.include: must be a list of check IDs or globs, not \"ec2-*\""},
	{"port by name", "thresholds:\n  database_ports: [5432, postgres]\n", gated("--config"),
		"--config: FILE: line 2: thresholds.database_ports: must be a port number, not \"postgres\""},
	{"misspelt check ID", "severity:\n  iam-root-mfaa: high\n", gated("--config"),
		"--config: FILE: line 2: severity.iam-root-mfaa: no check has this ID (see 'srmscan checks'); did you mean `iam-root-mfa`?"},
	{"misspelt severity", "severity:\n  iam-root-mfa: hgih\n", gated("--config"),
		"--config: FILE: line 2: severity.iam-root-mfa: \"hgih\" is not one of critical, high, medium, low, info; did you mean `high`?"},
	{"misspelt category", "checks:\n  control_categories: [shard]\n", gated("--config"),
		"--config: FILE: line 2: checks.control_categories: \"shard\" is not one of inherited, shared, customer-specific; did you mean `shared`?"},
	{"out of IAM's range", "thresholds:\n  min_password_length: 200\n", gated("--config"),
		"--config: FILE: line 2: thresholds.min_password_length: must be between 6 and 128, got 200"},
	{"key twice", "checks:\n  include: [ec2-*]\n  include: [s3-*]\n", gated("--config"),
		"--config: FILE: line 3: checks.include: given twice (first on line 2)"},
	{"unclosed list", "checks:\n  include: [ec2-*\n", gated("--config"),
		"--config: FILE: line 1: did not find expected ',' or ']'"},
}

var suppressionMistakes = []mistake{
	{"bare list", "- check: iam-root-mfa\n  reason: accepted\n  expires: 2099-12-31\n", gated("--suppressions"),
		"--suppressions: FILE: line 1: the entries must be a list under `suppressions:`, not a bare list"},
	{"one entry, not a list", "suppressions:\n  check: iam-root-mfa\n", gated("--suppressions"),
		"--suppressions: FILE: line 2: suppressions: must be a list of entries (- check: ..., reason: ..., expires: ...), not a mapping (key: value lines)"},
	{"misspelt key", "suppressions:\n  - check: iam-root-mfa\n    reasn: accepted\n    expires: 2099-12-31\n", gated("--suppressions"),
		"--suppressions: FILE: line 3: suppressions.reasn: unknown key; did you mean `reason`?"},
	{"no reason", "suppressions:\n  - check: iam-root-mfa\n    expires: 2099-12-31\n", gated("--suppressions"),
		"--suppressions: FILE: line 2: suppressions: reason is required: say why this finding is accepted"},
	{"European date", "suppressions:\n  - check: iam-root-mfa\n    reason: accepted\n    expires: 31/12/2099\n", gated("--suppressions"),
		"--suppressions: FILE: line 4: suppressions.expires: \"31/12/2099\" is not a date; write it YYYY-MM-DD"},
	{"misspelt check", "suppressions:\n  - check: iam-root-mfaa\n    reason: accepted\n    expires: 2099-12-31\n", gated("--suppressions"),
		"--suppressions: FILE: line 2: suppressions.check: \"iam-root-mfaa\" matches no check ID (see 'srmscan checks'); did you mean `iam-root-mfa`?"},
}

var baselineMistakes = []mistake{
	{"empty", "", gated("--baseline"), "--baseline: FILE: the file is empty"},
	{"truncated", "{\"schema_version\": \"1.0\", \"findings\": [\n", gated("--baseline"),
		"--baseline: FILE: the JSON ends early: the file is truncated or unfinished"},
	{"not JSON", "schema_version: 1.0\n", gated("--baseline"),
		"--baseline: FILE: line 1, column 1: not valid JSON: invalid character 's' looking for beginning of value"},
	{"wrong shape", "{\"schema_version\": \"1.0\",\n \"findings\": {}}\n", gated("--baseline"),
		"--baseline: FILE: not an srmscan report: line 2: findings: must be a list, not an object"},
	{"a list", "[]\n", gated("--baseline"), "--baseline: FILE: not an srmscan report: the file must be a JSON object, as report.json is"},
	{"a snapshot", "{\"schema_version\": 2, \"account_id\": \"123456789012\"}\n", gated("--baseline"),
		"--baseline: FILE: this is an inventory snapshot, not an srmscan report: pass the report.json a scan wrote (a snapshot goes to 'srmscan evaluate --inventory')"},
	{"future version", "{\"schema_version\": \"9.0\", \"findings\": []}\n", gated("--baseline"),
		"--baseline: FILE: report has schema_version 9.0; this srmscan reads " + strings.Split(report.SchemaVersion, ".")[0] + ".x"},
}

var inventoryMistakes = []mistake{
	{"empty", "", []string{"evaluate", "--inventory", "FILE"}, "--inventory: FILE: the file is empty"},
	{"truncated", "{\"schema_version\": 2, \"account_id\": \"1234", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: the JSON ends early: the file is truncated or unfinished"},
	{"one region, not a list", "{\n  \"schema_version\": 2,\n  \"regions\": \"us-east-1\"\n}\n", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: line 3: regions: must be a list, not text"},
	{"account ID as a number", "{\n  \"schema_version\": 2,\n  \"account_id\": 123456789012\n}\n", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: line 3: account_id: must be text, not a number"},
	{"misspelt field", "{\n  \"schema_version\": 2,\n  \"acount_id\": \"123456789012\"\n}\n", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: line 3, column 3: unknown field \"acount_id\""},
	{"version as text", "{\"schema_version\": \"2\"}", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: not an srmscan inventory snapshot: schema_version is \"2\", not a whole number"},
	{"future version", "{\"schema_version\": 99, \"account_id\": \"123456789012\"}", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: snapshot has schema_version 99; this srmscan reads version 2 (collect it again with this version)"},
	{"a report", "{\"schema_version\": \"1.0\", \"findings\": []}\n", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: this is an srmscan report, not an inventory snapshot: --inventory takes the file 'srmscan collect' writes (a report goes to --baseline or 'srmscan diff')"},
	// Tags decode themselves (a list of pairs in Go, an object in the
	// file); their mistakes must still name the right line and path.
	{"tag value as a number", "{\n  \"schema_version\": 2,\n  \"s3\": {\"buckets\": [{\"name\": \"a\"},\n    {\"name\": \"b\", \"tags\": {\"Team\": \"x\",\n      \"Cost\": 12}}]}\n}\n",
		[]string{"evaluate", "--inventory", "FILE"}, "--inventory: FILE: line 5: s3.buckets.tags.Cost: must be text, not a number"},
	{"tags as a list", "{\n  \"schema_version\": 2,\n  \"ec2\": {\"vpcs\": [\n    {\"id\": \"vpc-1\", \"tags\": [\"a\"]}]}\n}\n",
		[]string{"evaluate", "--inventory", "FILE"}, "--inventory: FILE: line 4: ec2.vpcs.tags: must be an object ({...}), not a list"},
	{"list of numbers", "[1, 2, 3]", []string{"evaluate", "--inventory", "FILE"},
		"--inventory: FILE: not an srmscan inventory snapshot: the file must be a JSON object, as 'srmscan collect' writes"},
}

var accountMistakes = []mistake{
	{"one region, not a list", "account_id: \"123456789012\"\nregions: us-east-1\n", []string{"emulate", "--account", "FILE"},
		"--account: FILE: line 2: regions: must be a list, not \"us-east-1\""},
	{"unquoted account ID", "account_id: 123456789012\nregions: [us-east-1]\n", []string{"emulate", "--account", "FILE"},
		"--account: FILE: line 1: account_id: must be text, not the number 123456789012 (put it in quotes)"},
	{"misspelt key", "account_id: \"123456789012\"\nregions: [us-east-1]\nec2:\n  instances:\n    - id: i-1\n      regoin: us-east-1\n",
		[]string{"emulate", "--account", "FILE"}, "--account: FILE: line 6: ec2.instances.regoin: unknown key; did you mean `region`?"},
	{"no account ID", "regions: [us-east-1]\n", []string{"emulate", "--account", "FILE"}, "--account: FILE: account_id is required"},
	{"tags as a list", "account_id: \"123456789012\"\nregions: [us-east-1]\ns3:\n  buckets:\n    - name: b\n      tags:\n        - Team\n",
		[]string{"emulate", "--account", "FILE"}, "--account: FILE: line 7: s3.buckets.tags: must be a mapping of key: value lines, not a list"},
}

var flagMistakes = []mistake{
	{"concurrency as a word", "", []string{"scan", "--demo", "--concurrency", "many"}, "--concurrency: \"many\" is not a whole number" + flagHelp},
	{"duration without unit", "", []string{"scan", "--demo", "--deadline", "5"},
		"--deadline: \"5\" is not a duration with a unit, such as 90s, 10m or 1h30m" + flagHelp},
	{"bool as a word", "", []string{"scan", "--demo=maybe"}, "--demo: \"maybe\" is not true or false" + flagHelp},
	{"misspelt flag", "", []string{"scan", "--demo", "--fail-onn", "high"}, "unknown flag --fail-onn; did you mean --fail-on?" + flagHelp},
	{"misspelt severity", "", []string{"scan", "--demo", "--fail-on", "hihg"},
		"--fail-on: unknown severity \"hihg\" (want critical, high, medium, low, info or none)"},
	{"unknown format", "", []string{"scan", "--demo", "--format", "json,pdf"}, "--format: unknown format \"pdf\" (known: json, html, sarif, junit, csv, asff, ocsf)"},
	{"zero concurrency", "", []string{"scan", "--demo", "--concurrency", "0"}, "--concurrency must be at least 1, got 0"},
}

func allMistakes() map[string][]mistake {
	return map[string][]mistake{"config": configMistakes, "suppressions": suppressionMistakes, "baseline": baselineMistakes,
		"inventory": inventoryMistakes, "account": accountMistakes, "flags": flagMistakes}
}

// try runs one mistake in a fresh directory and returns the exit code,
// stderr with the file's path put back to FILE, and whether anything was
// written.
func (m mistake) try(t *testing.T) (int, string, bool) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "input")
	if err := os.WriteFile(path, []byte(m.body), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	args := []string{m.args[0], "--out", out}
	if m.args[0] == "emulate" {
		args = []string{m.args[0], "--listen", "127.0.0.1:0"}
	}
	for _, a := range m.args[1:] {
		a = strings.ReplaceAll(a, "FILE", path)
		args = append(args, strings.ReplaceAll(a, "missing.json", filepath.Join(dir, "missing.json")))
	}
	res := srmscan(t, args...)
	_, err := os.Stat(out)
	return res.code, strings.ReplaceAll(res.stderr, path, "FILE"), err == nil
}

func checkMistakes(t *testing.T, rows []mistake) {
	for _, m := range rows {
		t.Run(m.name, func(t *testing.T) {
			code, stderr, wrote := m.try(t)
			if want := "srmscan: " + m.want + "\n"; stderr != want {
				t.Errorf("stderr\n%s\nwant\n%s", stderr, want)
			}
			if code != report.ExitUsage || wrote {
				t.Errorf("exit %d, wrote a report: %v; want 2 and nothing written", code, wrote)
			}
		})
	}
}

func TestConfigMessages(t *testing.T)       { checkMistakes(t, configMistakes) }
func TestSuppressionsMessages(t *testing.T) { checkMistakes(t, suppressionMistakes) }
func TestBaselineMessages(t *testing.T)     { checkMistakes(t, baselineMistakes) }
func TestInventoryMessages(t *testing.T)    { checkMistakes(t, inventoryMistakes) }
func TestAccountMessages(t *testing.T)      { checkMistakes(t, accountMistakes) }
func TestFlagMessages(t *testing.T)         { checkMistakes(t, flagMistakes) }

// Whatever the exact wording becomes, no message about a user's input may
// show the program's insides: Go types, struct tags, YAML tags, packages.
func TestMessagesSpeakPlainly(t *testing.T) {
	for surface, rows := range allMistakes() {
		for _, m := range rows {
			t.Run(surface+"/"+m.name, func(t *testing.T) {
				_, stderr, _ := m.try(t)
				if bad := strictyaml.Internals(stderr); bad != "" {
					t.Errorf("%q shows %q", stderr, bad)
				}
			})
		}
	}
}
