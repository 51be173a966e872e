package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

func orgInventories(t *testing.T) ([]*inventory.Inventory, [][]checks.Finding) {
	t.Helper()
	var invs []*inventory.Inventory
	var fs [][]checks.Finding
	for i := 1; i <= 3; i++ {
		inv, err := emulator.LoadAccount(fmt.Sprintf("../testdata/accounts/org-%d.yaml", i))
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
		fs = append(fs, checks.Run(inv, checks.All(), checks.DefaultConfig()))
	}
	return invs, fs
}

func TestNewAccountsAddsUp(t *testing.T) {
	invs, fs := orgInventories(t)
	invs[2].Errors = []inventory.CollectionError{{Service: "ec2", Region: "eu-west-1", Operation: "DescribeVpcs", Kind: inventory.ErrAccessDenied, Message: "no"}}
	r := NewAccounts(Tool{Name: "srmscan"}, invs[0].AccountID, invs[0].CallerARN, invs, fs)
	if r.SchemaVersion != SchemaVersion || r.Scan.AccountID != invs[0].AccountID || len(r.Scan.Accounts) != 3 {
		t.Fatalf("scan = %+v", r.Scan)
	}
	total := 0
	for i, a := range r.Scan.Accounts {
		total += a.Summary.Total
		if a.Summary.Total != len(fs[i]) || a.Complete != (i != 2) {
			t.Errorf("account %s: %d findings, complete %v", a.AccountID, a.Summary.Total, a.Complete)
		}
	}
	if total != r.Summary.Total || total != len(r.Findings) || r.Scan.Complete {
		t.Errorf("accounts total %d, summary %d, findings %d, complete %v", total, r.Summary.Total, len(r.Findings), r.Scan.Complete)
	}
	if len(r.Scan.CollectionErrors) != 1 || r.Scan.CollectionErrors[0].AccountID != invs[2].AccountID {
		t.Errorf("errors = %+v, want one naming account %s", r.Scan.CollectionErrors, invs[2].AccountID)
	}
	// A single-account report keeps its 1.1 shape: no accounts, no
	// account_id on errors.
	single, _ := json.Marshal(New(Tool{Name: "srmscan"}, invs[2], fs[2]))
	if strings.Contains(string(single), `"accounts"`) || strings.Contains(string(single), `"account_id":"`+invs[2].AccountID+`","`+`service`) {
		t.Error("a single-account report has multi-account fields")
	}
}

func TestMergeEqualsOneReport(t *testing.T) {
	invs, fs := orgInventories(t)
	tool := Tool{Name: "srmscan"}
	whole := NewAccounts(tool, invs[0].AccountID, invs[0].CallerARN, invs, fs)
	a := NewAccounts(tool, invs[0].AccountID, invs[0].CallerARN, invs[1:2], fs[1:2])
	b := NewAccounts(tool, invs[0].AccountID, invs[0].CallerARN, []*inventory.Inventory{invs[2], invs[0]}, [][]checks.Finding{fs[2], fs[0]})
	m, err := Merge(tool, []*Report{b, a})
	if err != nil {
		t.Fatal(err)
	}
	jw, _ := json.Marshal(whole)
	jm, _ := json.Marshal(m)
	if string(jw) != string(jm) {
		t.Errorf("merged report differs from the whole one:\n%s\n%s", jm, jw)
	}
	if _, err := Merge(tool, []*Report{a, whole}); err == nil || !strings.Contains(err.Error(), invs[1].AccountID) {
		t.Errorf("merging an account twice: %v", err)
	}
}
