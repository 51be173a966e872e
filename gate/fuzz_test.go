package gate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/strictyaml"
)

// FuzzParseSuppressions feeds the suppressions reader arbitrary YAML. It
// must refuse with a reason naming the line, or accept entries that each
// know their file and line; applying them must not panic. The seed corpus
// (testdata/fuzz/FuzzParseSuppressions) covers valid files and each
// mistake the reader names.
func FuzzParseSuppressions(f *testing.F) {
	f.Add([]byte("suppressions:\n  - check: ec2-sg-*\n    resource: \"arn:aws:ec2:*:*:security-group/sg-1\"\n    reason: accepted\n    expires: 2099-12-31\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParseSuppressions("s.yaml", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error must say what is wrong")
			}
			if bad := strictyaml.InternalsBeyond(err.Error(), data); bad != "" {
				t.Fatalf("the message %q shows the program's insides: %q", err, bad)
			}
			return
		}
		for _, e := range entries {
			var line int
			if _, err := fmt.Sscanf(e.Source, "s.yaml:%d", &line); err != nil || line < 1 || !strings.HasPrefix(e.Source, "s.yaml:") {
				t.Fatalf("entry %+v: source %q does not name the file and a line", e, e.Source)
			}
		}
		r := rep(
			finding("ec2-sg-admin-ports-public", "eu-west-1", sgBastion, checks.Fail, checks.High),
			finding("ec2-sg-admin-ports-public", "us-east-1", sgWeb, checks.Pass, checks.High),
			finding("ebs-volume-unencrypted", "us-east-1", volData, checks.Fail, checks.Medium),
		)
		Suppress(r, "s.yaml", entries, now)
		if s := r.Gate.Suppressions; s.Suppressed > 2 || len(s.Expired)+len(s.Stale) > len(entries) {
			t.Fatalf("suppression result %+v from %d entries", s, len(entries))
		}
	})
}
