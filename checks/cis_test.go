package checks

import (
	"fmt"
	"testing"
)

// cisAutomated are the controls of CIS AWS Foundations Benchmark v3.0.0
// sections 1, 2, 3 and 5, the sections srmscan covers (section 4 is
// CloudWatch metric filters and alarms).
func cisAutomated() []string {
	var ids []string
	for i := 1; i <= 22; i++ {
		ids = append(ids, fmt.Sprintf("1.%d", i))
	}
	ids = append(ids, "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.3.1", "2.3.2", "2.3.3", "2.4.1")
	for i := 1; i <= 9; i++ {
		ids = append(ids, fmt.Sprintf("3.%d", i))
	}
	for i := 1; i <= 6; i++ {
		ids = append(ids, fmt.Sprintf("5.%d", i))
	}
	return ids
}

// Every control of those sections is checked or listed in docs/checks.md
// with the reason it is not, never both.
func TestCISSectionsCovered(t *testing.T) {
	checked := map[string][]string{}
	for _, c := range All() {
		for _, id := range cisIDs(c) {
			checked[id] = append(checked[id], c.ID)
		}
	}
	gaps := map[string]bool{}
	for _, g := range cisGaps {
		gaps[g.id] = true
	}
	for _, id := range cisAutomated() {
		switch {
		case checked[id] == nil && !gaps[id]:
			t.Errorf("CIS %s is neither checked nor listed in cisGaps with a reason", id)
		case checked[id] != nil && gaps[id]:
			t.Errorf("CIS %s is listed as a gap but checked by %v", id, checked[id])
		}
	}
}
