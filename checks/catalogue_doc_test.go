package checks

import (
	"bytes"
	"os"
	"testing"
)

// docs/checks.md is generated; this fails when a check changed without the
// page being regenerated.
func TestChecksDocIsCurrent(t *testing.T) {
	var want bytes.Buffer
	if err := WriteMarkdown(&want, All()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../docs/checks.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("docs/checks.md is stale: run 'go run ./cmd/srmscan checks --format markdown > docs/checks.md'")
	}
}

func TestDescribeFillsEveryField(t *testing.T) {
	for _, in := range Describe(All()) {
		if in.ID == "" || in.Title == "" || in.Description == "" || in.Severity == "" || in.ControlCategory == "" ||
			in.Domain == "" || in.Service == "" || in.ServiceModel == "" || in.ResourceType == "" ||
			in.Remediation.Text == "" || len(in.References) == 0 {
			t.Errorf("%s: incomplete metadata %+v", in.ID, in)
		}
	}
}
