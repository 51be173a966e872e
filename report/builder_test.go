package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// render writes r in every format.
func render(t *testing.T, r *Report) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := f.Write(&buf, r); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.File] = buf.Bytes()
	}
	return out
}

// byCheck cuts findings where the check changes, as checks.Each hands
// them out.
func byCheck(fs []checks.Finding) [][]checks.Finding {
	var out [][]checks.Finding
	for i, j := 0, 0; i < len(fs); i = j {
		for j = i; j < len(fs) && fs[j].CheckID == fs[i].CheckID; j++ {
		}
		out = append(out, fs[i:j])
	}
	return out
}

func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	t.Errorf("%s: spilled report differs from the one held in memory at byte %d:\n got …%q…\nwant …%q…",
		what, i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
}

// The golden fixture, its findings spilled to disk and read back, is
// written byte for byte as the golden files hold it, in every format.
func TestSpilledReportMatchesGolden(t *testing.T) {
	mem := fixture(t)
	b, err := NewBuilder(mem.Tool, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range byCheck(mem.Findings) {
		if err := b.Add(part); err != nil {
			t.Fatal(err)
		}
	}
	inv, _ := fixtureInventory(t)
	r, err := b.Single(inv)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Findings != nil || r.FindingCount() != len(mem.Findings) {
		t.Fatalf("spilled report holds %d findings in memory and counts %d, want 0 and %d", len(r.Findings), r.FindingCount(), len(mem.Findings))
	}
	got := render(t, r)
	for _, f := range Formats {
		golden(t, "report.golden."+strings.TrimPrefix(f.File, "report."), got[f.File])
	}
}

func fixtureInventory(t *testing.T) (*inventory.Inventory, error) {
	t.Helper()
	return emulator.LoadAccount("../testdata/report/account.yaml")
}

// A multi-account report built as accounts finish, from several
// goroutines, in any order, equals the one NewAccounts makes of the same
// findings, in every format; and the spill directory is private and
// removed on Close.
func TestSpilledAccountsMatchMemory(t *testing.T) {
	base, err := demo.Account()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := base.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var invs []*inventory.Inventory
	var findings [][]checks.Finding
	for i := range 5 {
		id := fmt.Sprintf("%012d", 500000000000+(i*7919)%5)
		inv, err := inventory.Parse(bytes.ReplaceAll(buf.Bytes(), []byte(base.AccountID), []byte(id)))
		if err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
		findings = append(findings, checks.Run(inv, checks.All(), checks.DefaultConfig()))
	}
	// An account never entered has no findings and still a section.
	findings[2] = nil
	tool := Tool{Name: "srmscan", Version: "test"}
	want := render(t, NewAccounts(tool, invs[0].AccountID, invs[0].CallerARN, invs, findings))

	dir := t.TempDir()
	b, err := NewBuilder(tool, dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(invs))
	for i := range invs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, part := range byCheck(findings[i]) {
				if err := b.Add(part); err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	shells := make([]*inventory.Inventory, len(invs))
	for i, inv := range invs {
		shells[i] = inv.Shell()
	}
	r, err := b.Accounts(invs[0].AccountID, invs[0].CallerARN, shells)
	if err != nil {
		t.Fatal(err)
	}
	spilled, _ := filepath.Glob(filepath.Join(dir, "srmscan-findings-*", "*.run"))
	if len(spilled) != 4 {
		t.Errorf("%d runs spilled, want one per account with findings (4)", len(spilled))
	}
	for _, p := range spilled {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v (%v), want 0600: findings name the account's weak points", p, fi.Mode().Perm(), err)
		}
	}
	got := render(t, r)
	for _, f := range Formats {
		sameBytes(t, f.File, got[f.File], want[f.File])
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("Close left %v behind", left)
	}
}

// Findings added out of the report's order would be written out of it:
// the builder refuses them rather than write a wrong report.
func TestBuilderRefusesFindingsOutOfOrder(t *testing.T) {
	b, err := NewBuilder(Tool{}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Discard()
	f := func(check, arn string) checks.Finding {
		return checks.Finding{CheckID: check, AccountID: "111122223333", ResourceARN: arn, Status: checks.Pass}
	}
	if err := b.Add([]checks.Finding{f("b", "arn:1"), f("b", "arn:2")}); err != nil {
		t.Fatal(err)
	}
	if err := b.Add([]checks.Finding{f("a", "arn:3")}); err == nil || !strings.Contains(err.Error(), "out of order") {
		t.Fatalf("out-of-order add: %v, want an error", err)
	}
	if _, err := b.Single(&inventory.Inventory{AccountID: "111122223333"}); err == nil {
		t.Fatal("the report of a builder that refused findings was made")
	}
}
