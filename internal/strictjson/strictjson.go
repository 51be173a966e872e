// Package strictjson words encoding/json's errors for the JSON files users
// hand srmscan (snapshots, reports): the line and column, the field path
// and the expected value in plain words, never a Go type.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// Describe rewrites err, returned by decoding data, in the file's terms.
// Errors that are not encoding/json's pass through unchanged.
func Describe(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tpe *time.ParseError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return errors.New("the file is empty")
	case errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "unexpected end of JSON input":
		return errors.New("the JSON ends early: the file is truncated or unfinished")
	case errors.As(err, &syn):
		return fmt.Errorf("%s: not valid JSON: %s", position(data, syn.Offset-1), strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		// Offset is where the value ends; its line is the one the user
		// wants, its column would mislead. A type that decodes itself
		// (inventory.Tags) cannot know where it is in the file and says
		// so with a negative offset: its value is found by its path.
		off := typ.Offset - 1
		if typ.Offset < 0 {
			off = pathOffset(data, typ.Field)
		}
		at, _, _ := strings.Cut(position(data, off), ",")
		if typ.Field == "" {
			return fmt.Errorf("%s: the file must be %s, not %s", at, describe(typ.Type), found(typ.Value))
		}
		return fmt.Errorf("%s: %s: must be %s, not %s", at, typ.Field, describe(typ.Type), found(typ.Value))
	case errors.As(err, &tpe):
		return fmt.Errorf("%q is not a date and time such as 2024-05-01T12:00:00Z", tpe.Value)
	}
	if m := unknownRE.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s: unknown field %q", position(data, keyOffset(data, m[1])), m[1])
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

var unknownRE = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// keyOffset finds where a key first appears: encoding/json does not say
// where the unknown field was, and the first use is the likeliest culprit.
func keyOffset(data []byte, key string) int64 {
	q, _ := json.Marshal(key)
	re := regexp.MustCompile(regexp.QuoteMeta(string(q)) + `\s*:`)
	if loc := re.FindIndex(data); loc != nil {
		return int64(loc[0])
	}
	return 0
}

// pathOffset finds where the value at a decoder's field path
// ("s3.buckets.tags.Team": keys only, lists skipped) first starts, or 0.
func pathOffset(data []byte, field string) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	// One entry per open object or list: the object's path, and for an
	// object whether the next string is a key.
	type level struct {
		path  string
		key   bool
		array bool
	}
	var stack []level
	path := ""
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].key {
			if k, ok := tok.(string); ok {
				path = strings.TrimPrefix(stack[n-1].path+"."+k, ".")
				stack[n-1].key = false
				continue
			}
		}
		if path == field && field != "" {
			// start is where the previous token ended; the value begins
			// after the colon and any space.
			rest := data[start:]
			skip := bytes.IndexFunc(rest, func(r rune) bool { return r != ':' && r != ' ' && r != '\t' && r != '\n' && r != '\r' })
			return start + int64(max(skip, 0))
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, level{path: path, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, level{path: path, array: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: an object's next string is a key again, and the
		// path is the enclosing one's.
		if n := len(stack); n > 0 {
			path = stack[n-1].path
			if !stack[n-1].array {
				stack[n-1].key = true
			}
		}
	}
}

// position is "line L, column C" of the byte at off.
func position(data []byte, off int64) string {
	off = max(0, min(off, int64(len(data))))
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

// describe says in plain words what a Go type holds.
func describe(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "a date and time such as \"2024-05-01T12:00:00Z\""
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, not negative"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object ({...})"
}

// found words encoding/json's description of the value it met.
func found(v string) string {
	switch kind, rest, _ := strings.Cut(v, " "); kind {
	case "string":
		return "text"
	case "number":
		if rest != "" {
			return "the number " + rest
		}
		return "a number"
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	}
	return v
}
