// Package compliance holds compliance frameworks as data (every control,
// the srmscan checks that decide it or why none does) and computes a
// framework's view of a report: each control's status from its checks'
// findings, with counts per section and for the whole framework.
package compliance

import (
	"slices"
	"strings"
	"sync"

	"github.com/srmscan/srmscan/checks"
)

// Framework is one compliance framework at one version.
type Framework struct {
	// ID is what --framework takes: "cis-5.0".
	ID      string
	Name    string
	Version string
	// Source says where the control list comes from, so a reader can check
	// it against the framework's own text.
	Source string
	// Scope says which of the framework's controls are listed.
	Scope    string
	Controls []Control
}

// Control is one control (CIS: recommendation) of a framework. Exactly one
// of Checks and Gap is set.
type Control struct {
	ID      string
	Title   string
	Section string
	// Level is the CIS profile level, 1 or 2; 0 for frameworks without.
	Level int
	// Automated is false for controls the framework itself marks Manual.
	Automated bool
	// Checks are the srmscan checks whose findings decide the control.
	Checks []string
	// Gap is why no check decides the control.
	Gap string
	// Note qualifies a mapping that is close but not exact.
	Note string
	// Related are requirements of other frameworks that the framework's
	// publisher relates to the control (for aws-fsbp, the NIST SP 800-53
	// r5 and PCI DSS v4.0.1 entries AWS lists): references a reader can
	// follow, not srmscan verdicts on those frameworks.
	Related []string
}

// Sections returns the framework's sections in the order their first
// control appears.
func (f Framework) Sections() []string {
	var out []string
	for _, c := range f.Controls {
		if !slices.Contains(out, c.Section) {
			out = append(out, c.Section)
		}
	}
	return out
}

// Frameworks returns every framework srmscan maps, newest CIS first.
func Frameworks() []Framework {
	return []Framework{cis50, cis30(), fsbpWithRelated()}
}

// IDs returns the framework IDs --framework accepts.
func IDs() []string {
	var ids []string
	for _, f := range Frameworks() {
		ids = append(ids, f.ID)
	}
	return ids
}

// Lookup returns the framework with the given ID.
func Lookup(id string) (Framework, bool) {
	for _, f := range Frameworks() {
		if f.ID == id {
			return f, true
		}
	}
	return Framework{}, false
}

// cis30Gap4 is why section 4 of v3.0.0, outside the sections the check
// catalogue covers, is not checked.
const cis30Gap4 = "CloudWatch Logs metric filters and alarms are not collected."

// cis30 joins the v3.0.0 control list with the catalogue's "CIS x.y"
// references and checks.CISv3Gaps. Keeping that mapping in the checks
// means docs/checks.md and this view cannot disagree.
var cis30 = sync.OnceValue(func() Framework {
	mapped := map[string][]string{}
	for _, c := range checks.All() {
		for _, id := range cisRefs(c) {
			mapped[id] = append(mapped[id], c.ID)
		}
	}
	gaps := checks.CISv3Gaps()
	controls := make([]Control, len(cis30Controls))
	for i, c := range cis30Controls {
		c.Checks = mapped[c.ID]
		c.Gap = gaps[c.ID]
		if c.Checks == nil && c.Gap == "" && strings.HasPrefix(c.ID, "4.") {
			c.Gap = cis30Gap4
		}
		controls[i] = c
	}
	return Framework{
		ID:       "cis-3.0",
		Name:     "CIS AWS Foundations Benchmark",
		Version:  "3.0.0",
		Source:   "Center for Internet Security, CIS Amazon Web Services Foundations Benchmark v3.0.0 (IDs, titles, levels and Automated/Manual as Prowler's cis_3.0_aws.json records them); checks from the catalogue's \"CIS x.y\" references, gaps from its list of controls not automated.",
		Scope:    "Every recommendation of every section.",
		Controls: controls,
	}
})

// fsbpWithRelated joins the FSBP control list with the related requirements
// AWS publishes for each control (fsbpRelated).
var fsbpWithRelated = sync.OnceValue(func() Framework {
	f := fsbp
	f.Controls = make([]Control, len(fsbp.Controls))
	for i, c := range fsbp.Controls {
		c.Related = slices.Clone(fsbpRelated[c.ID])
		f.Controls[i] = c
	}
	return f
})

// cisRefs returns the v3.0.0 IDs a check's References name ("CIS 1.5").
func cisRefs(c checks.Check) []string {
	var ids []string
	for _, r := range c.References {
		if id, ok := strings.CutPrefix(r, "CIS "); ok {
			ids = append(ids, id)
		}
	}
	return ids
}
