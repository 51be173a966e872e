package policy

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse or the evaluators panic, and
// that a document Parse accepts evaluates the same way every time, however
// often it is parsed. The seed corpus (testdata/fuzz/FuzzParse) covers each
// policy shape and a document of about 100 KB.
func FuzzParse(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		d, err := Parse(doc)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error must say what is wrong")
			}
			return
		}
		first := evaluation(d)
		if again := evaluation(d); again != first {
			t.Fatalf("evaluating the same document twice differs:\n%s\n%s", first, again)
		}
		d2, err := Parse(doc)
		if err != nil {
			t.Fatalf("second Parse failed: %v", err)
		}
		if again := evaluation(d2); again != first {
			t.Fatalf("parsing the same document twice evaluates differently:\n%s\n%s", first, again)
		}
	})
}

// probes are actions and resources worth asking any document about.
var probes = []string{"*", "iam:PassRole", "s3:*", "s3:GetObject", "ec2:Run*", "arn:aws:s3:::b", "arn:aws:s3:::b/*", "a?c", ""}

// evaluation renders every answer the package gives about d.
func evaluation(d Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %q %d\n", d.Version, d.ID, len(d.Statements))
	for _, s := range d.Statements {
		fmt.Fprintf(&b, "%s public=%v all=%v tls=%v restrict=%v accounts=%v\n", s.Effect, s.IsPublic(),
			s.AppliesToAllResources(), s.DeniesInsecureTransport(), s.RestrictingConditions(), s.Principal.Accounts())
		for _, p := range probes {
			fmt.Fprintf(&b, " %v%v%v%v", s.MatchesAction(p), s.Allows(p), s.Denies(p), s.MatchesResource(p))
		}
		b.WriteByte('\n')
	}
	for _, a := range probes {
		fmt.Fprintf(&b, "%v%v", d.Allows(a, "*"), d.Allows(a, "arn:aws:s3:::b/*"))
	}
	fmt.Fprintf(&b, "\npublic=%v tls=%v\n", Public(d).Evidence(), d.DeniesInsecureTransport("arn:aws:s3:::b", "arn:aws:s3:::b/*"))
	return b.String()
}
