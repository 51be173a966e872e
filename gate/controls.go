package gate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/report"
)

// ControlSet is what --fail-on-control names: framework controls whose
// failure blocks, by ID or as a whole framework or CIS profile level.
type ControlSet struct {
	// Spec is the flag's value, for the report.
	Spec     []string
	controls []controlRef
}

type controlRef struct {
	framework compliance.Framework
	control   compliance.Control
}

// ParseControls reads --fail-on-control entries: "cis-5.0:1.5" (one
// control), "cis-5.0:level1" (every CIS level 1 control; level2 takes both
// levels, as CIS's Level 2 profile extends Level 1) or "cis-5.0" (every
// control of the framework).
func ParseControls(specs []string) (ControlSet, error) {
	var set ControlSet
	seen := map[string]bool{}
	add := func(f compliance.Framework, c compliance.Control) {
		if k := f.ID + ":" + c.ID; !seen[k] {
			seen[k] = true
			set.controls = append(set.controls, controlRef{f, c})
		}
	}
	for _, spec := range specs {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue
		}
		set.Spec = append(set.Spec, spec)
		fw, id, _ := strings.Cut(spec, ":")
		f, ok := compliance.Lookup(fw)
		if !ok {
			return set, fmt.Errorf("%q: unknown framework %q (want %s)%s", spec, fw, strings.Join(compliance.IDs(), ", "), didYouMean(fw, compliance.IDs()))
		}
		if level, isLevel := strings.CutPrefix(id, "level"); isLevel {
			n, err := strconv.Atoi(level)
			if err != nil || n < 1 || n > 2 || f.Controls[0].Level == 0 {
				return set, fmt.Errorf("%q: %s has no profile level %q (CIS frameworks have level1 and level2)", spec, fw, level)
			}
			for _, c := range f.Controls {
				if c.Level <= n {
					add(f, c)
				}
			}
			continue
		}
		var ids []string
		found := false
		for _, c := range f.Controls {
			ids = append(ids, c.ID)
			if id == "" || c.ID == id {
				add(f, c)
				found = true
			}
		}
		if !found {
			return set, fmt.Errorf("%q: %s has no control %q%s", spec, fw, id, didYouMean(id, ids))
		}
	}
	return set, nil
}

func didYouMean(v string, from []string) string {
	for _, s := range from {
		if strings.EqualFold(s, v) {
			return fmt.Sprintf("; did you mean `%s`?", s)
		}
	}
	return ""
}

// Controls records in the report which of the set's controls fail. A
// control blocks on a failed finding the severity gate would also count
// (not suppressed, not already in the baseline), whatever its severity,
// or on an expired attestation. The compliance view still shows a
// suppressed failure as failing: accepting a risk does not meet the control.
func Controls(r *report.Report, set ControlSet) {
	g := NewControlGate(set)
	for i := range r.Findings {
		g.Mark(&r.Findings[i])
	}
	g.Finish(r)
}

// ControlGate is Controls as a report.Stage: it must come after the
// stages that suppress, baseline or attest findings.
type ControlGate struct {
	set      ControlSet
	blocking map[string]int
}

// NewControlGate gates on set's controls.
func NewControlGate(set ControlSet) *ControlGate {
	return &ControlGate{set: set, blocking: map[string]int{}}
}

// Mark counts a finding that may block.
func (g *ControlGate) Mark(f *checks.Finding) {
	if report.Blocks(f) {
		g.blocking[f.CheckID]++
	}
}

// Finish records which controls fail.
func (g *ControlGate) Finish(r *report.Report) {
	res := &report.ControlGate{Controls: g.set.Spec, Failing: []report.FailingControl{}}
	for _, ref := range g.set.controls {
		n := 0
		for _, id := range ref.control.Checks {
			n += g.blocking[id]
		}
		expired := slices.ContainsFunc(r.Attestations, func(a report.Attestation) bool {
			return a.Kind == report.AttestControl && a.Item == ref.framework.ID+":"+ref.control.ID && a.State == checks.Expired
		})
		if n > 0 || expired {
			res.Failing = append(res.Failing, report.FailingControl{Framework: ref.framework.ID, ID: ref.control.ID,
				Title: ref.control.Title, Findings: n, AttestationExpired: expired})
		}
	}
	gate(r).Controls = res
}
