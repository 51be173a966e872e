// Package policy reads IAM policy documents (identity policies, trust
// policies and resource policies such as bucket policies) into one model and
// answers the questions srmscan's checks ask of them: which actions a
// statement grants, on which resources, to whom, and whether a condition
// narrows who can use it.
//
// Every shape AWS accepts is read: Statement as an object or a list; Action,
// NotAction, Resource and NotResource as a string or a list; Principal as
// "*" or a map of principal types to a string or list; NotPrincipal;
// Condition values as strings, numbers, booleans or lists of them. A
// document that is not a policy is an error, never a panic.
//
// Documents must already be URL-decoded (IAM returns them encoded; the
// collector decodes them).
package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Effect is "Allow" or "Deny".
type Effect string

// Statement effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is a parsed policy.
type Document struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one statement of a policy. Exactly one of Action and
// NotAction is set; at most one of Resource and NotResource, and of
// Principal and NotPrincipal.
type Statement struct {
	Sid    string
	Effect Effect
	// Principal is nil when the statement has no Principal element
	// (identity policies); likewise NotPrincipal.
	Principal    *Principal
	NotPrincipal *Principal
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Conditions are sorted by operator, then key, so a statement compares
	// equal however its JSON object was ordered.
	Conditions []Condition
}

// Condition is one key of one condition operator:
// {"StringEquals": {"aws:SourceAccount": "111122223333"}} is
// Condition{Operator: "StringEquals", Key: "aws:SourceAccount", Values: ["111122223333"]}.
// Numbers and booleans are kept as their JSON text ("false", "3600").
type Condition struct {
	Operator string
	Key      string
	Values   []string
}

// Principal lists who a statement applies to, by principal type.
type Principal struct {
	// Wildcard is set by "Principal": "*", which means anyone, as does
	// {"AWS": "*"}.
	Wildcard      bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
	// Other holds principal types this package does not know, so a new
	// type AWS introduces is kept rather than rejected.
	Other map[string][]string
}

// Parse reads a policy document.
func Parse(doc string) (Document, error) {
	var top map[string]json.RawMessage
	if err := decode([]byte(doc), &top); err != nil {
		return Document{}, fmt.Errorf("policy is not a JSON object: %w", err)
	}
	if top == nil {
		return Document{}, errors.New("policy is not a JSON object")
	}
	var d Document
	if err := optionalString(top, "Version", &d.Version); err != nil {
		return Document{}, err
	}
	if err := optionalString(top, "Id", &d.ID); err != nil {
		return Document{}, err
	}
	raw, ok := top["Statement"]
	if !ok {
		return Document{}, errors.New("policy has no Statement")
	}
	var list []json.RawMessage
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		if err := decode(raw, &list); err != nil {
			return Document{}, fmt.Errorf("the Statement list: %w", err)
		}
	} else {
		list = []json.RawMessage{raw}
	}
	for i, r := range list {
		s, err := parseStatement(r)
		if err != nil {
			return Document{}, fmt.Errorf("policy Statement[%d]: %w", i, err)
		}
		d.Statements = append(d.Statements, s)
	}
	return d, nil
}

func parseStatement(raw json.RawMessage) (Statement, error) {
	var m map[string]json.RawMessage
	if err := decode(raw, &m); err != nil || m == nil {
		return Statement{}, errors.New("not a JSON object")
	}
	var s Statement
	if err := optionalString(m, "Sid", &s.Sid); err != nil {
		return Statement{}, err
	}
	var effect string
	if err := optionalString(m, "Effect", &effect); err != nil {
		return Statement{}, err
	}
	switch {
	case strings.EqualFold(effect, "Allow"):
		s.Effect = Allow
	case strings.EqualFold(effect, "Deny"):
		s.Effect = Deny
	default:
		return Statement{}, fmt.Errorf("Effect %q is neither Allow nor Deny", effect)
	}
	for _, f := range []struct {
		key string
		dst *[]string
	}{{"Action", &s.Action}, {"NotAction", &s.NotAction}, {"Resource", &s.Resource}, {"NotResource", &s.NotResource}} {
		if r, ok := m[f.key]; ok {
			v, err := stringOrList(r)
			if err != nil {
				return Statement{}, fmt.Errorf("%s: %w", f.key, err)
			}
			*f.dst = v
		}
	}
	_, hasAction := m["Action"]
	_, hasNotAction := m["NotAction"]
	if hasAction == hasNotAction {
		return Statement{}, errors.New("a statement needs exactly one of Action and NotAction")
	}
	if _, ok := m["NotResource"]; ok {
		if _, ok := m["Resource"]; ok {
			return Statement{}, errors.New("a statement may not have both Resource and NotResource")
		}
	}
	for _, f := range []struct {
		key string
		dst **Principal
	}{{"Principal", &s.Principal}, {"NotPrincipal", &s.NotPrincipal}} {
		if r, ok := m[f.key]; ok {
			p, err := parsePrincipal(r)
			if err != nil {
				return Statement{}, fmt.Errorf("%s: %w", f.key, err)
			}
			*f.dst = &p
		}
	}
	if s.Principal != nil && s.NotPrincipal != nil {
		return Statement{}, errors.New("a statement may not have both Principal and NotPrincipal")
	}
	if r, ok := m["Condition"]; ok {
		c, err := parseConditions(r)
		if err != nil {
			return Statement{}, fmt.Errorf("Condition: %w", err)
		}
		s.Conditions = c
	}
	return s, nil
}

func parsePrincipal(raw json.RawMessage) (Principal, error) {
	var str string
	if err := decode(raw, &str); err == nil {
		if str != "*" {
			return Principal{}, fmt.Errorf("%q: a principal string must be \"*\"; name others as {\"AWS\": ...}", str)
		}
		return Principal{Wildcard: true}, nil
	}
	var m map[string]json.RawMessage
	if err := decode(raw, &m); err != nil || m == nil {
		return Principal{}, errors.New(`want "*" or an object of principal types`)
	}
	var p Principal
	for k, r := range m {
		v, err := stringOrList(r)
		if err != nil {
			return Principal{}, fmt.Errorf("%s: %w", k, err)
		}
		switch k {
		case "AWS":
			p.AWS = v
		case "Service":
			p.Service = v
		case "Federated":
			p.Federated = v
		case "CanonicalUser":
			p.CanonicalUser = v
		default:
			if p.Other == nil {
				p.Other = map[string][]string{}
			}
			p.Other[k] = v
		}
	}
	return p, nil
}

func parseConditions(raw json.RawMessage) ([]Condition, error) {
	var ops map[string]json.RawMessage
	if err := decode(raw, &ops); err != nil || ops == nil {
		return nil, errors.New("not a JSON object")
	}
	var out []Condition
	for op, r := range ops {
		var keys map[string]json.RawMessage
		if err := decode(r, &keys); err != nil || keys == nil {
			return nil, fmt.Errorf("%s: not a JSON object of condition keys", op)
		}
		for k, vr := range keys {
			v, err := scalarOrList(vr)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", op, k, err)
			}
			out = append(out, Condition{Operator: op, Key: k, Values: v})
		}
	}
	slices.SortFunc(out, func(a, b Condition) int {
		if c := strings.Compare(a.Operator, b.Operator); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// decode is json.Unmarshal keeping numbers as written and refusing
// trailing data.
func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) != 0 {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func optionalString(m map[string]json.RawMessage, key string, dst *string) error {
	r, ok := m[key]
	if !ok {
		return nil
	}
	if err := decode(r, dst); err != nil {
		return fmt.Errorf("%s: not a string", key)
	}
	return nil
}

func stringOrList(raw json.RawMessage) ([]string, error) {
	if string(bytes.TrimSpace(raw)) == "null" {
		return nil, errors.New("want a string or a list of strings")
	}
	var s string
	if err := decode(raw, &s); err == nil {
		return []string{s}, nil
	}
	var list []string
	if err := decode(raw, &list); err != nil || list == nil {
		return nil, errors.New("want a string or a list of strings")
	}
	return list, nil
}

// scalarOrList reads a condition value: a string, number or boolean, or a
// list of them.
func scalarOrList(raw json.RawMessage) ([]string, error) {
	var v any
	if err := decode(raw, &v); err != nil {
		return nil, err
	}
	items, isList := v.([]any)
	if !isList {
		items = []any{v}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		switch x := it.(type) {
		case string:
			out = append(out, x)
		case json.Number:
			out = append(out, x.String())
		case bool:
			out = append(out, fmt.Sprint(x))
		default:
			return nil, errors.New("want a string, number or boolean, or a list of them")
		}
	}
	return out, nil
}
