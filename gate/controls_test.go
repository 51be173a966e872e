package gate

import (
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
)

func TestParseControls(t *testing.T) {
	count := func(specs ...string) int {
		t.Helper()
		set, err := ParseControls(specs)
		if err != nil {
			t.Fatal(err)
		}
		return len(set.controls)
	}
	cis, _ := compliance.Lookup("cis-5.0")
	var l1 int
	for _, c := range cis.Controls {
		if c.Level == 1 {
			l1++
		}
	}
	if got := count("cis-5.0:1.5"); got != 1 {
		t.Errorf("one control gives %d", got)
	}
	if got := count("cis-5.0:level1"); got != l1 || l1 == 0 {
		t.Errorf("level1 gives %d controls, want the %d level 1 controls", got, l1)
	}
	if got := count("cis-5.0:level2"); got != len(cis.Controls) {
		t.Errorf("level2 gives %d, want every control (%d): the Level 2 profile extends Level 1", got, len(cis.Controls))
	}
	if got := count("cis-5.0", "cis-5.0:1.5"); got != len(cis.Controls) {
		t.Errorf("a framework and one of its controls give %d, want %d (no duplicates)", got, len(cis.Controls))
	}
	for spec, want := range map[string]string{
		"cis-5:1.5":       `unknown framework "cis-5"`,
		"cis-5.0:1.99":    `cis-5.0 has no control "1.99"`,
		"aws-fsbp:level1": "aws-fsbp has no profile level",
		"cis-5.0:level3":  `no profile level "3"`,
	} {
		if _, err := ParseControls([]string{spec}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", spec, err, want)
		}
	}
}

func TestControlsBlockOnUnacceptedFailures(t *testing.T) {
	cis, _ := compliance.Lookup("cis-5.0")
	var id, check string
	for _, c := range cis.Controls {
		if len(c.Checks) == 1 && c.Checks[0] == "ec2-sg-admin-ports-public" {
			id, check = c.ID, c.Checks[0]
		}
	}
	if id == "" {
		t.Fatal("no CIS v5.0.0 control decided by ec2-sg-admin-ports-public alone")
	}
	set, err := ParseControls([]string{"cis-5.0:" + id})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		mutate  func(*checks.Finding)
		failing int
	}{
		{"failed", func(*checks.Finding) {}, 1},
		{"passed", func(f *checks.Finding) { f.Status = checks.Pass }, 0},
		{"suppressed", func(f *checks.Finding) { f.Suppression = &checks.Suppression{Reason: "accepted"} }, 0},
		{"in the baseline", func(f *checks.Finding) { f.Baseline = checks.BaselineExisting }, 0},
		{"new since the baseline", func(f *checks.Finding) { f.Baseline = checks.BaselineNew }, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Low severity: the control gate is not a severity threshold.
			f := finding(check, "eu-west-1", sgBastion, checks.Fail, checks.Low)
			c.mutate(&f)
			r := rep(f)
			Controls(r, set)
			if got := len(r.Gate.Controls.Failing); got != c.failing {
				t.Fatalf("failing controls = %d, want %d", got, c.failing)
			}
			want := 0
			if c.failing > 0 {
				want = 1
			}
			if code := r.ExitCode("none", false); code != want {
				t.Errorf("exit code %d, want %d", code, want)
			}
		})
	}
}
