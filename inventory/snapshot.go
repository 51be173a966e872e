package inventory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/srmscan/srmscan/internal/atomicfile"
	"github.com/srmscan/srmscan/internal/scratch"
	"github.com/srmscan/srmscan/internal/strictjson"
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
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	inv, ok := decode(f)
	f.Close()
	if ok {
		return inv, nil
	}
	// Something is wrong with the file: read it whole, to say what and
	// where.
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	inv, err = parseStrictly(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return inv, nil
}

// Parse reads a snapshot from memory. It rejects unknown fields and other
// schema versions rather than guess: a misread inventory would mean
// findings about an account that does not exist.
func Parse(data []byte) (*Inventory, error) {
	if inv, ok := decode(bytes.NewReader(data)); ok {
		return inv, nil
	}
	return parseStrictly(data)
}

// decode reads a well-formed snapshot in one pass. A report (findings, and
// its other fields, unknown here), a snapshot of another version and any
// other mistake fail it, and parseStrictly then says which. Reading a file
// through it never holds the file beside the decoder's own copy of it: two
// copies of a snapshot that can be hundreds of megabytes (BENCHMARKS.md).
func decode(r io.Reader) (*Inventory, bool) {
	var doc struct {
		Inventory
		Findings json.RawMessage `json:"findings"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if dec.Decode(&doc) != nil || doc.Findings != nil || doc.SchemaVersion != SchemaVersion {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // trailing data
	}
	return &doc.Inventory, true
}

// parseStrictly reads a snapshot check by check, so that what is wrong
// with it is said in the file's terms: a report, no or another version,
// then encoding/json's own complaint with its line.
func parseStrictly(data []byte) (*Inventory, error) {
	var head struct {
		SchemaVersion json.RawMessage `json:"schema_version"`
		Findings      json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field == "" {
			return nil, errors.New("not an srmscan inventory snapshot: the file must be a JSON object, as 'srmscan collect' writes")
		}
		return nil, strictjson.Describe(data, err)
	}
	var version int
	switch {
	case head.Findings != nil:
		// The commonest mix-up: both files sit in the same directory.
		return nil, errors.New("this is an srmscan report, not an inventory snapshot: --inventory takes the file 'srmscan collect' writes (a report goes to --baseline or 'srmscan diff')")
	case head.SchemaVersion == nil:
		return nil, errors.New("not an srmscan inventory snapshot: schema_version is missing")
	case json.Unmarshal(head.SchemaVersion, &version) != nil:
		return nil, fmt.Errorf("not an srmscan inventory snapshot: schema_version is %s, not a whole number", head.SchemaVersion)
	case version != SchemaVersion:
		return nil, fmt.Errorf("snapshot has schema_version %d; this srmscan reads version %d (collect it again with this version)", version, SchemaVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var inv Inventory
	// Trailing data was already refused by the Unmarshal above.
	if err := dec.Decode(&inv); err != nil {
		return nil, strictjson.Describe(data, err)
	}
	return &inv, nil
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
	if array, err := isArray(path); err != nil {
		return nil, false, err
	} else if !array {
		inv, err := ReadFile(path)
		if err != nil {
			return nil, false, err
		}
		return []*Inventory{inv}, false, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
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

// isArray reports whether the file's first non-space byte opens a JSON
// array.
func isArray(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		b, err := r.ReadByte()
		if err != nil {
			return false, nil // empty: ReadFile says so
		}
		if strings.IndexByte(" \t\r\n", b) < 0 {
			return b == '[', nil
		}
	}
}

func allObjects(parts []json.RawMessage) bool {
	for _, p := range parts {
		if t := bytes.TrimLeft(p, " \t\r\n"); len(t) == 0 || t[0] != '{' {
			return false
		}
	}
	return true
}

// A Spool writes a snapshot array without holding its accounts: each
// account's snapshot goes to a file of its own as its collection ends,
// and WriteArray joins them into what WriteJSONArray would have written.
type Spool struct {
	dir   string
	mu    sync.Mutex
	files map[string]string
}

// NewSpool keeps snapshots in a private directory under dir (the system's
// temporary directory when empty); Remove deletes it.
func NewSpool(dir string) (*Spool, error) {
	d, err := scratch.Dir(dir, "srmscan-snapshots-")
	if err != nil {
		return nil, fmt.Errorf("spooling snapshots: %w", err)
	}
	return &Spool{dir: d, files: map[string]string{}}, nil
}

// Add writes inv's snapshot as an element of the array. Accounts may be
// added from several goroutines at once.
func (s *Spool) Add(inv *Inventory) error {
	s.mu.Lock()
	path := filepath.Join(s.dir, fmt.Sprintf("%04d.json", len(s.files)))
	s.files[inv.AccountID] = path
	s.mu.Unlock()
	if err := atomicfile.Write(path, func(w io.Writer) error { return writeElement(w, inv) }); err != nil {
		return fmt.Errorf("spooling snapshots: %w", err)
	}
	return nil
}

// writeElement writes inv indented as an element of WriteJSONArray's
// array, without the indentation before it and the newline after.
func writeElement(w io.Writer, inv *Inventory) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(inv); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// WriteArray writes the snapshot array of invs, in that order: an account
// added to the spool is copied from its file, any other (a shell, say) is
// encoded as it is.
func (s *Spool) WriteArray(w io.Writer, invs []*Inventory) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if len(invs) == 0 {
		_, _ = bw.WriteString("[]\n")
		return bw.Flush()
	}
	_, _ = bw.WriteString("[\n")
	for i, inv := range invs {
		if i > 0 {
			_, _ = bw.WriteString(",\n")
		}
		_, _ = bw.WriteString("  ")
		s.mu.Lock()
		path, ok := s.files[inv.AccountID]
		s.mu.Unlock()
		if !ok {
			if err := writeElement(bw, inv); err != nil {
				return err
			}
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("spooling snapshots: %w", err)
		}
		_, err = io.Copy(bw, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("spooling snapshots: %w", err)
		}
	}
	_, _ = bw.WriteString("\n]\n")
	return bw.Flush()
}

// Remove deletes the spooled snapshots.
func (s *Spool) Remove() error { return scratch.Remove(s.dir) }
