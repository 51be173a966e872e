package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// WriteJSON writes the inventory as a snapshot that ReadFile accepts.
func (inv *Inventory) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(inv)
}

// ReadFile loads a snapshot written by `srmscan collect`. Errors name the
// file and, for malformed JSON, the line and column.
func ReadFile(path string) (*Inventory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	inv, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return inv, nil
}

// Parse reads a snapshot from memory. It rejects unknown fields and other
// schema versions rather than guess: a misread inventory would mean
// findings about an account that does not exist.
func Parse(data []byte) (*Inventory, error) {
	var head struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, describeJSONError(data, err)
	}
	switch {
	case head.SchemaVersion == nil:
		return nil, errors.New("not an srmscan inventory snapshot: schema_version is missing")
	case *head.SchemaVersion != SchemaVersion:
		return nil, fmt.Errorf("snapshot has schema_version %d; this srmscan reads version %d (collect it again with this version)", *head.SchemaVersion, SchemaVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var inv Inventory
	// Trailing data was already refused by the Unmarshal above.
	if err := dec.Decode(&inv); err != nil {
		return nil, describeJSONError(data, err)
	}
	return &inv, nil
}

// describeJSONError adds the line and column to offset-only JSON errors.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var off int64
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
		if typ.Field != "" {
			err = fmt.Errorf("field %s: %w", typ.Field, err)
		}
	default:
		return err
	}
	line, col := 1, 1
	// Offset counts the bytes read, the offending one included.
	for _, b := range data[:max(0, min(int(off)-1, len(data)))] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// WriteJSONArray writes the snapshots of a multi-account scan as one JSON
// array, caller's account first, which ReadSnapshots accepts.
func WriteJSONArray(w io.Writer, invs []*Inventory) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(invs)
}

// ReadSnapshots loads a snapshot file of one account (an object; multi
// false) or of several (an array, as WriteJSONArray writes; multi true).
func ReadSnapshots(path string) (invs []*Inventory, multi bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '[' {
		inv, err := Parse(data)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
		return []*Inventory{inv}, false, nil
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil || !allObjects(parts) {
		// Not an array of snapshots: say what a single snapshot's reader
		// makes of it.
		_, err := Parse(data)
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	if len(parts) == 0 {
		return nil, true, fmt.Errorf("%s: the snapshot array is empty", path)
	}
	for i, p := range parts {
		inv, err := Parse(p)
		if err != nil {
			return nil, true, fmt.Errorf("%s: account %d of %d: %w", path, i+1, len(parts), err)
		}
		invs = append(invs, inv)
	}
	return invs, true, nil
}

func allObjects(parts []json.RawMessage) bool {
	for _, p := range parts {
		if t := bytes.TrimLeft(p, " \t\r\n"); len(t) == 0 || t[0] != '{' {
			return false
		}
	}
	return true
}
