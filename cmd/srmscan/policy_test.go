package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/scanner"
)

// docs/permissions.md shows the policy srmscan policy prints; both come
// from scanner.Permissions, the list the read-only test holds scans to.
func TestPolicyCommandAndDoc(t *testing.T) {
	res := srmscan(t, "policy")
	var doc struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || res.code != 0 || len(doc.Statement) != 1 {
		t.Fatalf("exit %d, err %v\n%s", res.code, err, res.stdout)
	}
	st := doc.Statement[0]
	if st.Effect != "Allow" || st.Resource != "*" {
		t.Errorf("statement = %+v", st)
	}
	for _, p := range scanner.Permissions {
		if in := strings.Contains(res.stdout, `"`+p.Action+`"`); p.Action != "" && in == p.Orchestrator() {
			t.Errorf("audit policy has %s: %v; want it exactly when a scan of the account calls it", p.Action, in)
		}
	}
	md, err := os.ReadFile("../../docs/permissions.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("```json\n"+res.stdout+"```")) {
		t.Error("docs/permissions.md does not show the current policy: paste the output of 'srmscan policy' into its json block")
	}
	for _, args := range [][]string{
		{"policy", "--orchestrator", "--role-name", "srmscan-audit"},
		{"policy", "--trust", "--orchestrator-arn", "arn:aws:iam::111122223333:role/srmscan-orchestrator"},
	} {
		res := srmscan(t, args...)
		if res.code != 0 || !bytes.Contains(md, []byte("```json\n"+res.stdout+"```")) {
			t.Errorf("docs/permissions.md does not show the output of 'srmscan %s' (exit %d)", strings.Join(args, " "), res.code)
		}
	}
}
