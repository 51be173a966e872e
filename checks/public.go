package checks

import (
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/policy"
)

// Every resource-policy check (bucket policy, key policy, trust policy, and
// those to come: queues, topics, functions, repositories, secrets) asks
// policy.Public whether the policy grants to everyone, and reports it
// through the two helpers below, so that one reading of "public" decides
// them all and their evidence reads alike.

// publicEvidence is the verdict's evidence, with each public statement's
// actions and resources so the finding shows what is open.
func publicEvidence(v policy.Verdict) map[string]any {
	ev := v.Evidence()
	if v.IsPublic() {
		var sts []map[string]any
		for _, g := range v.Public {
			e := statementEvidence(g.Statement)
			e["public_statement"] = g.Name()
			e["who"] = g.Who
			sts = append(sts, e)
		}
		ev["public_statements"] = sts
	}
	return ev
}

// publicSummary says what the first public grant allows and to whom, for a
// finding's message: "allows s3:GetObject to everyone (statement Open) and
// 1 more public statement".
func publicSummary(v policy.Verdict) string {
	if !v.IsPublic() {
		return ""
	}
	g := v.Public[0]
	actions := strings.Join(g.Statement.Action, ", ")
	if g.Statement.NotAction != nil {
		actions = "every action but " + strings.Join(g.Statement.NotAction, ", ")
	}
	msg := fmt.Sprintf("allows %s to %s (statement %s)", actions, g.Who, g.Name())
	switch n := len(v.Public) - 1; {
	case n == 1:
		msg += " and 1 more public statement"
	case n > 1:
		msg += fmt.Sprintf(" and %d more public statements", n)
	}
	return msg
}

// narrowedSummary names what narrows the first grant to everyone, for a
// pass's message, or "" when the policy grants nothing to everyone.
func narrowedSummary(v policy.Verdict) string {
	if len(v.Narrowed) == 0 {
		return ""
	}
	g := v.Narrowed[0]
	return fmt.Sprintf(" (statement %s grants to %s only where %s)", g.Name(), g.Who, g.NarrowedBy)
}
