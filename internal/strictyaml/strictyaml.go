// Package strictyaml decodes the YAML files users write for srmscan
// (check settings, suppressions, emulated accounts) strictly and speaks
// about mistakes in the user's terms: an unknown key, a wrong kind of value
// or a second document is an error naming its line, the key path as written
// (thresholds.max_patch_age_days) and what was expected in plain words.
//
// yaml.v3's own errors name Go types and YAML tags (`!!str`, `struct {...}`),
// so the document is first walked as a yaml.Node against the Go type it
// will fill; only a document that fits is handed to yaml.v3 to decode.
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Lines maps the key path of each value in a decoded document to its line,
// so checks made after decoding (ranges, known IDs) can name the line too.
// List items are keyed path[i], counting from 0.
type Lines map[string]int

// Line returns the line of the value at path, or of the nearest enclosing
// value that has one.
func (l Lines) Line(path string) int {
	for path != "" {
		if n, ok := l[path]; ok {
			return n
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return l[""]
}

// Errorf formats a message about the value at path: "line N: path: ...".
func (l Lines) Errorf(path, format string, args ...any) error {
	return fmt.Errorf("line %d: %s: %s", l.Line(path), display(path), fmt.Sprintf(format, args...))
}

// Decode decodes the first YAML document of data into v, a pointer to a
// struct whose fields carry yaml tags. Keys that no field names, values of
// the wrong kind and a second document are errors. An empty input leaves v
// as it is.
//
// A field's `desc` tag, if any, is how a message describes the value it
// expects ("a whole number of days"); without one the message says what
// the field's type holds in plain words.
func Decode(data []byte, v any) (Lines, error) {
	return decode(data, v, "yaml")
}

// CheckJSONNames checks data as Decode would, for a type whose keys are
// its json tags (the inventory an account description becomes), without
// filling v: such files go on through JSON, which knows those names.
func CheckJSONNames(data []byte, v any) (Lines, error) {
	return decode(data, v, "json")
}

func decode(data []byte, v any, tag string) (Lines, error) {
	lines := Lines{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return lines, nil
		}
		return nil, syntaxError(err)
	}
	if err := oneDocument(dec); !errors.Is(err, io.EOF) {
		return nil, syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return lines, nil
	}
	w := &walker{tag: tag, lines: lines, budget: maxNodes}
	if err := w.top(doc.Content[0], v); err != nil {
		return nil, err
	}
	if tag == "json" {
		return lines, nil
	}
	if err := doc.Decode(v); err != nil {
		// The walk accepted what yaml.v3 refused; its message would name
		// Go types, so say only where.
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			return nil, errors.New(cleanYAML(te.Errors[0]) + " (this value cannot be read here)")
		}
		return nil, syntaxError(err)
	}
	return lines, nil
}

// syntaxError strips yaml.v3's "yaml: " prefix; its syntax messages
// ("line 2: did not find expected ',' or ']'") are already in the file's
// terms.
func syntaxError(err error) error {
	if strings.Contains(err.Error(), "a second YAML document") {
		return err
	}
	return errors.New(cleanYAML(err.Error()))
}

func cleanYAML(msg string) string {
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if i := strings.Index(msg, "cannot unmarshal"); i >= 0 {
		// "line 3: cannot unmarshal !!str `x` into int": keep the line.
		msg = strings.TrimSpace(strings.TrimSuffix(msg[:i], ":"))
	}
	return msg
}

// oneDocument refuses a second YAML document with anything in it: the
// decoder reads only the first, so whatever follows a "---" (two files
// concatenated, say) would be silently dropped.
func oneDocument(dec *yaml.Decoder) error {
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			return err
		}
		if len(n.Content) > 0 && n.Content[0].Tag != "!!null" {
			return fmt.Errorf("line %d: a second YAML document; srmscan reads only the first, so put everything in one", n.Line)
		}
	}
}
