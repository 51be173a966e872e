package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ReadFile loads a report.json written by srmscan, for baselines and diffs.
// Errors name the file; a report of another major schema version is
// refused, since its fields may mean something else.
func ReadFile(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Parse reads a report from memory. Unknown fields are allowed: a report
// of a newer minor version only adds fields.
func Parse(data []byte) (*Report, error) {
	var r Report
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
			return nil, fmt.Errorf("line %d: not a JSON report: %w", line, err)
		}
		return nil, fmt.Errorf("not an srmscan report: %w", err)
	}
	major, _, _ := strings.Cut(r.SchemaVersion, ".")
	want, _, _ := strings.Cut(SchemaVersion, ".")
	switch {
	case r.SchemaVersion == "":
		return nil, errors.New("not an srmscan report: schema_version is missing")
	case major != want:
		return nil, fmt.Errorf("report has schema_version %s; this srmscan reads %s.x", r.SchemaVersion, want)
	}
	return &r, nil
}
