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
		// wants, its column would mislead.
		at, _, _ := strings.Cut(position(data, typ.Offset-1), ",")
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
