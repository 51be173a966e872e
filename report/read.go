package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/srmscan/srmscan/internal/strictjson"
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
	var head struct {
		SchemaVersion json.RawMessage `json:"schema_version"`
		AccountID     json.RawMessage `json:"account_id"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field == "" {
			return nil, errors.New("not an srmscan report: the file must be a JSON object, as report.json is")
		}
		return nil, strictjson.Describe(data, err)
	}
	if head.AccountID != nil {
		return nil, errors.New("this is an inventory snapshot, not an srmscan report: pass the report.json a scan wrote (a snapshot goes to 'srmscan evaluate --inventory')")
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not an srmscan report: %w", strictjson.Describe(data, err))
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
