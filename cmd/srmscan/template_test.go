package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/scanner"
	"go.yaml.in/yaml/v3"
)

const memberRoleTemplate = "../../deploy/srmscan-member-role.yaml"

// cfnValue turns a CloudFormation YAML node into the JSON form
// CloudFormation reads it as: the short intrinsic tags (!Ref, !Sub,
// !GetAtt, ...) become their long forms ({"Ref": ...}, {"Fn::Sub": ...}),
// so the template compares with the policies srmscan prints.
func cfnValue(t *testing.T, n *yaml.Node) any {
	t.Helper()
	if n.Kind == yaml.DocumentNode {
		return cfnValue(t, n.Content[0])
	}
	// Local tags have one "!"; YAML's own ("!!map", "!!str") have two.
	if name, ok := strings.CutPrefix(n.Tag, "!"); ok && !strings.HasPrefix(name, "!") {
		tagless := *n
		tagless.Tag = ""
		v := cfnValue(t, &tagless)
		switch name {
		case "Ref", "Condition":
			return map[string]any{name: v}
		case "GetAtt":
			if s, ok := v.(string); ok {
				res, attr, _ := strings.Cut(s, ".")
				v = []any{res, attr}
			}
		}
		return map[string]any{"Fn::" + name: v}
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, dup := m[k]; dup {
				t.Errorf("line %d: key %s repeated", n.Content[i].Line, k)
			}
			m[k] = cfnValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, cfnValue(t, c))
		}
		return s
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			t.Fatalf("line %d: %v", n.Line, err)
		}
		return v
	case yaml.AliasNode:
		return cfnValue(t, n.Alias)
	}
	t.Fatalf("line %d: unexpected YAML node kind %d", n.Line, n.Kind)
	return nil
}

// asJSON is v as encoding/json reads it back, for comparisons with YAML.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The StackSet template deploys the member role srmscan's docs describe:
// named by its RoleName parameter, trusting only the OrchestratorArn
// parameter, with exactly the policy `srmscan policy` prints. A change to
// the allow-list that the template does not follow fails here.
func TestMemberRoleTemplate(t *testing.T) {
	data, err := os.ReadFile(memberRoleTemplate)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s is not YAML: %v", memberRoleTemplate, err)
	}
	tmpl := cfnValue(t, &doc)

	if p := dig(tmpl, "Parameters", "RoleName"); dig(p, "Type") != "String" || dig(p, "Default") != "srmscan-audit" {
		t.Errorf("RoleName parameter = %v", p)
	}
	if p := dig(tmpl, "Parameters", "OrchestratorArn"); dig(p, "Type") != "String" || dig(p, "Default") != nil {
		t.Errorf("OrchestratorArn parameter = %v: it must be given, never defaulted", p)
	}
	res, _ := dig(tmpl, "Resources").(map[string]any)
	if len(res) != 1 {
		t.Fatalf("resources = %v, want the role alone", res)
	}
	role := dig(tmpl, "Resources", "AuditRole")
	if dig(role, "Type") != "AWS::IAM::Role" {
		t.Fatalf("AuditRole = %v", role)
	}
	props := dig(role, "Properties")
	if got := dig(props, "RoleName"); !reflect.DeepEqual(got, map[string]any{"Ref": "RoleName"}) {
		t.Errorf("RoleName = %v, want !Ref RoleName", got)
	}
	if _, ok := dig(props, "ManagedPolicyArns").([]any); ok {
		t.Error("the role has managed policies besides srmscan's")
	}

	// The trust policy is `srmscan policy --trust`'s, with the parameter
	// for the principal.
	const placeholder = "arn:aws:iam::111122223333:role/orchestrator"
	trust := srmscan(t, "policy", "--trust", "--orchestrator-arn", placeholder)
	if trust.code != 0 {
		t.Fatalf("policy --trust: %d %s", trust.code, trust.stderr)
	}
	want := asJSON(t, json.RawMessage(strings.Replace(trust.stdout, `"`+placeholder+`"`, `{"Ref":"OrchestratorArn"}`, 1)))
	if got := dig(props, "AssumeRolePolicyDocument"); !reflect.DeepEqual(got, want) {
		t.Errorf("trust policy = %v\nwant %v", got, want)
	}

	audit := srmscan(t, "policy")
	if audit.code != 0 {
		t.Fatalf("policy: %d %s", audit.code, audit.stderr)
	}
	policies, _ := dig(props, "Policies").([]any)
	if len(policies) != 1 {
		t.Fatalf("Policies = %v, want one", policies)
	}
	if got, want := dig(policies[0], "PolicyDocument"), asJSON(t, json.RawMessage(audit.stdout)); !reflect.DeepEqual(got, want) {
		t.Errorf("%s's policy is not what 'srmscan policy' prints; replace its Action list with:\n%s", memberRoleTemplate, actionList(scanner.AuditPolicy(nil)))
	}
}

func actionList(doc scanner.PolicyDocument) string {
	var b strings.Builder
	for _, a := range doc.Statement[0].Action {
		fmt.Fprintf(&b, "                  - %s\n", a)
	}
	return b.String()
}
