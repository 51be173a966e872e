package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
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
	switch n := r.FindingCount(); {
	case r.spilled == nil && r.Findings == nil:
		_, _ = bw.WriteString(null)
	case n == 0:
		_, _ = bw.WriteString("[]\n}\n")
	default:
		_, _ = bw.WriteString("[\n")
		i := 0
		err := r.eachJSON(func(_ string, js []byte) error {
			buf.Reset()
			// What an Encoder indenting by "  " under the prefix "    "
			// writes, without its newline: both indent the compact text.
			if err := json.Indent(&buf, js, "    ", "  "); err != nil {
				return err
			}
			_, _ = bw.WriteString("    ")
			_, _ = bw.Write(buf.Bytes())
			if i++; i < n {
				_, _ = bw.WriteString(",\n")
			} else {
				_, _ = bw.WriteString("\n")
			}
			return nil
		})
		if err != nil {
			return err
		}
		_, _ = bw.WriteString("  ]\n}\n")
	}
	return bw.Flush()
}

// marshalReport writes r as json.Marshal would (compact, HTML escaped), one
// finding at a time.
func marshalReport(w io.Writer, r *Report) error {
	head := *r
	head.Findings = nil
	h, err := json.Marshal(head)
	if err != nil {
		return err
	}
	const null = "null}"
	if !bytes.HasSuffix(h, []byte(null)) {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = bw.Write(h[:len(h)-len(null)])
	if r.spilled == nil && r.Findings == nil {
		_, _ = bw.WriteString(null)
		return bw.Flush()
	}
	_ = bw.WriteByte('[')
	first := true
	var buf bytes.Buffer
	err = r.eachJSON(func(_ string, js []byte) error {
		if !first {
			_ = bw.WriteByte(',')
		}
		first = false
		buf.Reset()
		json.HTMLEscape(&buf, js)
		_, _ = bw.Write(buf.Bytes())
		return nil
	})
	if err != nil {
		return err
	}
	_, _ = bw.WriteString("]}")
	return bw.Flush()
}

// spliceArray writes head, the indented JSON of a document whose array
// under key is empty ("key": []), with that array's elements streamed in:
// byte for byte what the Encoder that wrote head would have written with
// the elements in place. each calls its argument with every element; a
// nil element is skipped.
func spliceArray(w io.Writer, head []byte, key string, each func(emit func(v any) error) error) error {
	mark := []byte(`"` + key + `": []`)
	i := bytes.Index(head, mark)
	if i < 0 || bytes.Contains(head[i+len(mark):], mark) {
		return fmt.Errorf("writing %q: the document must hold its empty array exactly once", key)
	}
	line := bytes.LastIndexByte(head[:i], '\n') + 1
	keyIndent := string(head[line:i])
	elemIndent := keyIndent + "  "
	open := i + len(mark) - 1 // the "]"
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = bw.Write(head[:open])
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent(elemIndent, "  ")
	enc.SetEscapeHTML(false)
	n := 0
	err := each(func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if n > 0 {
			_ = bw.WriteByte(',')
		}
		n++
		_, _ = bw.WriteString("\n" + elemIndent)
		_, _ = bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
	})
	if err != nil {
		return err
	}
	if n > 0 {
		_, _ = bw.WriteString("\n" + keyIndent)
	}
	_, _ = bw.Write(head[open:])
	return bw.Flush()
}
