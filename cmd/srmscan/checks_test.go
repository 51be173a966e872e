package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/report"
)

func TestChecksCommand(t *testing.T) {
	res := srmscan(t, "checks", "--format", "json")
	var got []checks.Metadata
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil || res.code != 0 {
		t.Fatalf("exit %d, err %v", res.code, err)
	}
	all := checks.All()
	if len(got) != len(all) {
		t.Fatalf("listed %d checks, the catalogue has %d", len(got), len(all))
	}
	for i, c := range all {
		if got[i].ID != c.ID || got[i].ControlCategory != c.Category {
			t.Errorf("check %d: listed %s/%s, want %s/%s", i, got[i].ID, got[i].ControlCategory, c.ID, c.Category)
		}
	}
	table := srmscan(t, "checks")
	if table.code != 0 || !strings.Contains(table.stdout, "shared:patch-management") {
		t.Errorf("table: exit %d\n%s", table.code, table.stdout)
	}
	if bad := srmscan(t, "checks", "--format", "xml"); bad.code != report.ExitUsage || !strings.Contains(bad.stderr, `"xml"`) {
		t.Errorf("bad format: exit %d, stderr %q", bad.code, bad.stderr)
	}
}
