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
		if p.Action != "" && !strings.Contains(res.stdout, `"`+p.Action+`"`) {
			t.Errorf("policy lacks %s, which %s:%s needs", p.Action, p.Service, p.Operation)
		}
	}
	md, err := os.ReadFile("../../docs/permissions.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("```json\n"+res.stdout+"```")) {
		t.Error("docs/permissions.md does not show the current policy: paste the output of 'srmscan policy' into its json block")
	}
}
