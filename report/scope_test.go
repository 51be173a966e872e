package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

func scopedReport(account string, services []string) *Report {
	inv := &inventory.Inventory{AccountID: account, Partition: "aws", Regions: []string{"us-east-1"}, Services: services}
	return New(Tool{Name: "srmscan", Version: "test"}, inv, checks.Run(inv, checks.All(), checks.DefaultConfig()))
}

// A partial scan says so, names what it covered, and offers no filter on
// a service it left out; a full one shows none of that.
func TestHTMLSaysWhenPartial(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, scopedReport("111122223333", []string{"ec2", "s3"})); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{`id="scope"`, "Partial scan, by choice", "only EC2, S3 were scanned", `data-partial="true"`} {
		if !strings.Contains(page, want) {
			t.Errorf("partial page lacks %q", want)
		}
	}
	if strings.Contains(page, `{"id":"kms","label":"KMS"}`) {
		t.Error("the findings filter offers KMS, which was not scanned")
	}
	b.Reset()
	if err := HTML(&b, scopedReport("111122223333", nil)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `id="scope"`) || strings.Contains(b.String(), "Partial scan") {
		t.Error("a full scan's page calls itself partial")
	}
}

func TestMergeRefusesDifferentScopes(t *testing.T) {
	tool := Tool{Name: "srmscan", Version: "test"}
	a, b := scopedReport("111122223333", []string{"ec2"}), scopedReport("444455556666", []string{"s3"})
	if _, err := Merge(tool, []*Report{a, b}); err == nil || !strings.Contains(err.Error(), "different services") {
		t.Errorf("merge of ec2 and s3 reports: %v", err)
	}
	// A report that predates scan.services scanned everything.
	c, d := scopedReport("111122223333", nil), scopedReport("444455556666", nil)
	c.Scan.Services = nil
	m, err := Merge(tool, []*Report{c, d})
	if err != nil || len(m.Scan.Services) != len(inventory.Services) {
		t.Errorf("merge of full reports: %v, services %v", err, m.Scan.Services)
	}
}
