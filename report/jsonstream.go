package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// streamJSON writes r exactly as a json.Encoder indenting by two spaces
// would, but one finding at a time. Encoding the whole report at once holds
// the compact and the indented text of every finding in memory together,
// and a large account's report is over a hundred megabytes: that was most
// of a whole scan's peak memory.
func streamJSON(w io.Writer, r *Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	head := *r
	head.Findings = nil
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(head); err != nil {
		return err
	}
	// Findings is the last field, so the head ends with its null; a
	// Report that one day puts a field after it is encoded whole.
	const null = "null\n}\n"
	h := buf.Bytes()
	if !bytes.HasSuffix(h, []byte(null)) {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	}
	// bufio.Writer keeps the first write error and Flush returns it.
	_, _ = bw.Write(h[:len(h)-len(null)])
	switch {
	case r.Findings == nil:
		_, _ = bw.WriteString(null)
	case len(r.Findings) == 0:
		_, _ = bw.WriteString("[]\n}\n")
	default:
		_, _ = bw.WriteString("[\n")
		enc.SetIndent("    ", "  ")
		for i := range r.Findings {
			buf.Reset()
			if err := enc.Encode(&r.Findings[i]); err != nil {
				return err
			}
			_, _ = bw.WriteString("    ")
			_, _ = bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			if i < len(r.Findings)-1 {
				_, _ = bw.WriteString(",\n")
			} else {
				_, _ = bw.WriteString("\n")
			}
		}
		_, _ = bw.WriteString("  ]\n}\n")
	}
	return bw.Flush()
}
