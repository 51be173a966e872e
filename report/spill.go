package report

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/scratch"
)

// A spill holds a report's findings on disk, one run per account, each run
// in the order checks.Run gives (check, region, resource). Reading merges
// the runs into the report's order (check, account, region, resource), so
// no more than one finding per account is in memory while a report is
// written, however large the organization.
//
// A run is a sequence of records: the sort key (check ID, region, ARN)
// and the finding's compact JSON (HTML not escaped), each preceded by its
// length as a uvarint. The JSON is what the report.json writer indents, so
// a spilled report is written without decoding its findings.
type spill struct {
	dir  string
	runs []*run
	n    int
}

type run struct {
	account string
	path    string
	last    key
	n       int
}

type key struct{ check, account, region, arn string }

func (k key) compare(o key) int {
	return cmp.Or(cmp.Compare(k.check, o.check), cmp.Compare(k.account, o.account),
		cmp.Compare(k.region, o.region), cmp.Compare(k.arn, o.arn))
}

func keyOf(f *checks.Finding) key { return key{f.CheckID, f.AccountID, f.Region, f.ResourceARN} }

// newSpill makes a private directory for the runs under dir (the system's
// temporary directory when empty). Findings name the account's weak
// points, so the directory is readable by its owner alone.
func newSpill(dir string) (*spill, error) {
	d, err := scratch.Dir(dir, "srmscan-findings-")
	if err != nil {
		return nil, fmt.Errorf("spilling findings to disk: %w", err)
	}
	return &spill{dir: d}, nil
}

// runOf is account's run, made on its first finding.
func (s *spill) runOf(account string) (*run, error) {
	for _, r := range s.runs {
		if r.account == account {
			return r, nil
		}
	}
	r := &run{account: account, path: filepath.Join(s.dir, fmt.Sprintf("%04d.run", len(s.runs)))}
	s.runs = append(s.runs, r)
	return r, nil
}

// runWriter appends to a run. A run is open only while findings are
// added to it, so an organization of thousands of accounts holds neither
// thousands of files nor their buffers.
type runWriter struct {
	r *run
	f *os.File
	w *bufio.Writer
}

func (rw *runWriter) open(r *run) error {
	if err := rw.close(); err != nil {
		return err
	}
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("spilling findings to disk: %w", err)
	}
	rw.r, rw.f, rw.w = r, f, bufio.NewWriterSize(f, 32<<10)
	return nil
}

func (rw *runWriter) close() error {
	if rw.f == nil {
		return nil
	}
	err := errors.Join(rw.w.Flush(), rw.f.Close())
	rw.r, rw.f, rw.w = nil, nil, nil
	if err != nil {
		return fmt.Errorf("spilling findings to disk: %w", err)
	}
	return nil
}

// add appends findings of one account, which must follow those already
// added for it in the report's order.
func (s *spill) add(fs []checks.Finding) (err error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	var rw runWriter
	defer func() { err = errors.Join(err, rw.close()) }()
	for i := range fs {
		f := &fs[i]
		if rw.r == nil || rw.r.account != f.AccountID {
			r, err := s.runOf(f.AccountID)
			if err != nil {
				return err
			}
			if err := rw.open(r); err != nil {
				return err
			}
		}
		r := rw.r
		k := keyOf(f)
		if r.n > 0 && k.compare(r.last) <= 0 {
			return fmt.Errorf("spilling findings: %s on %s arrived out of order", f.CheckID, f.ResourceARN)
		}
		buf.Reset()
		if err := enc.Encode(f); err != nil {
			return err
		}
		js := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		for _, field := range [][]byte{[]byte(k.check), []byte(k.region), []byte(k.arn), js} {
			var n [binary.MaxVarintLen64]byte
			_, _ = rw.w.Write(n[:binary.PutUvarint(n[:], uint64(len(field)))])
			_, _ = rw.w.Write(field)
		}
		r.last = k
		r.n++
		s.n++
	}
	return nil
}

func (s *spill) remove() error { return scratch.Remove(s.dir) }

// cursor reads one run.
type cursor struct {
	account string
	r       *bufio.Reader
	f       *os.File
	k       key
	js      []byte
	err     error
}

func (c *cursor) next() bool {
	var fields [4][]byte
	for i := range fields {
		n, err := binary.ReadUvarint(c.r)
		if err == io.EOF && i == 0 {
			return false
		}
		if err != nil {
			c.err = fmt.Errorf("reading spilled findings: %w", err)
			return false
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(c.r, b); err != nil {
			c.err = fmt.Errorf("reading spilled findings: %w", err)
			return false
		}
		fields[i] = b
	}
	c.k = key{string(fields[0]), c.account, string(fields[1]), string(fields[2])}
	c.js = fields[3]
	return true
}

type cursors []*cursor

func (h cursors) Len() int           { return len(h) }
func (h cursors) Less(i, j int) bool { return h[i].k.compare(h[j].k) < 0 }
func (h cursors) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursors) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *cursors) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// each calls fn with every finding's check and compact JSON in the
// report's order.
// The slice is fn's until it returns.
func (s *spill) each(fn func(check string, js []byte) error) (err error) {
	var h cursors
	defer func() {
		for _, c := range h {
			c.f.Close()
		}
	}()
	for _, r := range s.runs {
		f, err := os.Open(r.path)
		if err != nil {
			return fmt.Errorf("reading spilled findings: %w", err)
		}
		c := &cursor{account: r.account, r: bufio.NewReaderSize(f, 16<<10), f: f}
		if !c.next() {
			f.Close()
			if c.err != nil {
				return c.err
			}
			continue
		}
		h = append(h, c)
	}
	heap.Init(&h)
	for len(h) > 0 {
		c := h[0]
		if err := fn(c.k.check, c.js); err != nil {
			return err
		}
		if c.next() {
			heap.Fix(&h, 0)
			continue
		}
		if c.err != nil {
			return c.err
		}
		heap.Pop(&h)
		c.f.Close()
	}
	return nil
}

// decode reads a spilled finding. Numbers in evidence stay as written
// (json.Number), so every format encodes them exactly as it would have
// before the finding was spilled.
func decode(js []byte, f *checks.Finding) error {
	*f = checks.Finding{}
	d := json.NewDecoder(bytes.NewReader(js))
	d.UseNumber()
	if err := d.Decode(f); err != nil {
		return fmt.Errorf("reading spilled findings: %w", err)
	}
	return nil
}
