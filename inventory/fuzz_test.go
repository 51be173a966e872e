package inventory_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/strictyaml"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

// FuzzParse feeds Parse what a user might hand `srmscan evaluate`: damaged,
// truncated, hand-edited or foreign files. Parse must refuse with a reason
// or accept; what it accepts must write back to a snapshot it reads the
// same way, and evaluating it and writing every report format must not
// panic. The seed corpus (testdata/fuzz/FuzzParse) holds snapshots
// collected from the test accounts and damaged variants of them.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"schema_version":2,"account_id":"111122223333","regions":["us-east-1"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := inventory.Parse(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error must say what is wrong")
			}
			if bad := strictyaml.InternalsBeyond(err.Error(), data); bad != "" {
				t.Fatalf("the message %q shows the program's insides: %q", err, bad)
			}
			return
		}
		var first bytes.Buffer
		if err := inv.WriteJSON(&first); err != nil {
			t.Fatalf("an accepted snapshot cannot be written: %v", err)
		}
		back, err := inventory.Parse(first.Bytes())
		if err != nil {
			t.Fatalf("a snapshot written from an accepted one is refused: %v\n%s", err, first.Bytes())
		}
		var second bytes.Buffer
		if err := back.WriteJSON(&second); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("reading a written snapshot changes it:\n%s\n%s", first.Bytes(), second.Bytes())
		}
		findings := checks.Run(inv, checks.All(), checks.DefaultConfig())
		r := report.New(report.Tool{Name: "srmscan", Version: "fuzz"}, inv, findings)
		for _, format := range report.Formats {
			if err := format.Write(io.Discard, r); err != nil {
				t.Fatalf("%s: %v", format.Name, err)
			}
		}
	})
}
