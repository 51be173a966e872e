// Package strictyaml decodes the YAML files users write for srmscan
// (check settings, suppressions) strictly: an unknown key or a second
// document is an error naming its line, never something silently ignored.
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var fieldRE = regexp.MustCompile(`line (\d+): field (\S+) not found in type \S+`)

// Decode decodes the first YAML document of data into v. An empty input
// leaves v as it is. Errors read "line N: ..." with yaml.v3's prefixes
// removed and Go type names replaced by the key the user wrote.
func Decode(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		err = oneDocument(dec)
	}
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	return errors.New(fieldRE.ReplaceAllString(msg, `line $1: unknown key "$2"`))
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
