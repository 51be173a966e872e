package compliance

import (
	"bytes"
	"os"
	"testing"
)

// docs/compliance.md is generated; this fails when a framework changed
// without the page being regenerated.
func TestComplianceDocIsCurrent(t *testing.T) {
	var want bytes.Buffer
	if err := WriteMarkdown(&want); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../docs/compliance.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("docs/compliance.md is stale: run 'go run ./cmd/srmscan compliance --format markdown > docs/compliance.md'")
	}
}
