package checks

import (
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/strictyaml"
)

// FuzzParseSettings feeds the config-file reader arbitrary YAML. It must
// refuse with a reason or accept; what it accepts must select only real
// checks at real severities, the same way every time. The seed corpus
// (testdata/fuzz/FuzzParseSettings) covers every key, and malformed files.
func FuzzParseSettings(f *testing.F) {
	f.Add([]byte("checks:\n  include: [\"ec2-*\"]\nseverity:\n  iam-root-mfa: low\nthresholds:\n  max_patch_age_days: 14\n"))
	ids := map[string]bool{}
	for _, c := range All() {
		ids[c.ID] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSettings(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error must say what is wrong")
			}
			if bad := strictyaml.InternalsBeyond(err.Error(), data); bad != "" {
				t.Fatalf("the message %q shows the program's insides: %q", err, bad)
			}
			return
		}
		list := s.Apply(All())
		for _, c := range list {
			if !ids[c.ID] || c.Severity.Rank() == 0 {
				t.Fatalf("selected %q at severity %q", c.ID, c.Severity)
			}
		}
		again, err := ParseSettings(data)
		if err != nil {
			t.Fatalf("second parse failed: %v", err)
		}
		if !slices.EqualFunc(list, again.Apply(All()), func(a, b Check) bool { return a.ID == b.ID && a.Severity == b.Severity }) {
			t.Fatal("the same file selects differently on a second read")
		}
		if c := s.Config; c.MaxPatchAgeDays < 0 || c.MaxAMIAgeDays < 0 || c.MaxPublicPortRange < 1 ||
			c.PatchGroupTag == "" || c.LastPatchedTag == "" || c.DataClassificationTag == "" {
			t.Fatalf("accepted settings out of range: %+v", c)
		}
	})
}
