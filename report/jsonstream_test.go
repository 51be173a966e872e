package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/srmscan/srmscan/checks"
)

// JSON streams findings one at a time; its bytes must be those of the
// plain encoder it replaced, for reports with findings, with none, with a
// nil list (a report read back) and with a gate section.
func TestJSONStreamsTheSameBytes(t *testing.T) {
	full := syntheticReport(300)
	full.Findings[0].Message = `<script>"&"</script> é \u2028`
	empty := syntheticReport(0)
	empty.Findings = []checks.Finding{}
	null := syntheticReport(0)
	null.Findings = nil
	gated := syntheticReport(3)
	gated.Gate = &Gate{}
	for name, r := range map[string]*Report{"findings": full, "empty": empty, "nil": null, "gate": gated} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := JSON(&got, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: streamed JSON differs from encoding/json's (%d vs %d bytes)", name, got.Len(), want.Len())
		}
	}
}
