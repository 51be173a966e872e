package compliance

import (
	"slices"
	"testing"

	"github.com/srmscan/srmscan/checks"
)

// Every control of every framework is either decided by checks that exist
// or listed as a gap with the reason, never both; IDs are unique.
func TestFrameworksCoverEveryControl(t *testing.T) {
	known := map[string]bool{}
	for _, c := range checks.All() {
		known[c.ID] = true
	}
	for _, f := range Frameworks() {
		if f.ID == "" || f.Name == "" || f.Version == "" || f.Source == "" || f.Scope == "" {
			t.Errorf("%s: incomplete framework metadata", f.ID)
		}
		seen := map[string]bool{}
		for _, c := range f.Controls {
			where := f.ID + " " + c.ID
			if seen[c.ID] {
				t.Errorf("%s: listed twice", where)
			}
			seen[c.ID] = true
			switch {
			case c.Checks == nil && c.Gap == "":
				t.Errorf("%s: neither mapped to checks nor listed as a gap with a reason", where)
			case c.Checks != nil && c.Gap != "":
				t.Errorf("%s: listed as a gap (%q) but mapped to %v", where, c.Gap, c.Checks)
			}
			for _, id := range c.Checks {
				if !known[id] {
					t.Errorf("%s: names check %q, which does not exist", where, id)
				}
			}
			if c.Title == "" || c.Section == "" {
				t.Errorf("%s: no title or section", where)
			}
			if f.ID != "aws-fsbp" && c.Level != 1 && c.Level != 2 {
				t.Errorf("%s: CIS level %d, want 1 or 2", where, c.Level)
			}
		}
	}
}

// The counts follow from the benchmarks: a control dropped or duplicated by
// an edit changes them.
func TestFrameworkSizes(t *testing.T) {
	for id, want := range map[string]struct{ controls, sections, gaps int }{
		"cis-5.0":  {63, 5, 22},
		"cis-3.0":  {62, 5, 21},
		"aws-fsbp": {218, 28, 97},
	} {
		f, ok := Lookup(id)
		if !ok {
			t.Fatalf("%s: not found", id)
		}
		gaps := 0
		for _, c := range f.Controls {
			if c.Gap != "" {
				gaps++
			}
		}
		if len(f.Controls) != want.controls || len(f.Sections()) != want.sections || gaps != want.gaps {
			t.Errorf("%s: %d controls in %d sections, %d gaps; want %+v", id, len(f.Controls), len(f.Sections()), gaps, want)
		}
	}
	if _, ok := Lookup("cis-9.9"); ok {
		t.Error("Lookup found a framework that does not exist")
	}
}

// A check's "CIS x.y" reference must name a v3.0.0 control: a typo would
// otherwise map the check to nothing without a word.
func TestCISv3ReferencesNameControls(t *testing.T) {
	var ids []string
	for _, c := range cis30Controls {
		ids = append(ids, c.ID)
	}
	for _, c := range checks.All() {
		for _, ref := range cisRefs(c) {
			if !slices.Contains(ids, ref) {
				t.Errorf("check %s references CIS %s, which v3.0.0 does not have", c.ID, ref)
			}
		}
	}
	for id := range checks.CISv3Gaps() {
		if !slices.Contains(ids, id) {
			t.Errorf("checks.CISv3Gaps lists %s, which v3.0.0 does not have", id)
		}
	}
}

// The v3.0.0 mapping carried over from the catalogue: spot-check controls
// whose checks the old rule (checks/cis_test.go) already pinned.
func TestCISv3DerivedFromCatalogue(t *testing.T) {
	f, _ := Lookup("cis-3.0")
	byID := map[string]Control{}
	for _, c := range f.Controls {
		byID[c.ID] = c
	}
	if got := byID["2.3.1"].Checks; !slices.Equal(got, []string{"rds-instance-unencrypted", "rds-cluster-unencrypted"}) {
		t.Errorf("2.3.1 checks = %v", got)
	}
	if byID["5.5"].Gap == "" || byID["4.1"].Gap != cis30Gap4 || byID["4.16"].Checks == nil {
		t.Errorf("5.5 %+v, 4.1 %+v, 4.16 %+v", byID["5.5"], byID["4.1"], byID["4.16"])
	}
}
