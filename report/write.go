package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/internal/atomicfile"
)

// Writer renders a report in one format.
type Writer func(w io.Writer, r *Report) error

// Format is an output format: its name on the command line, the file it is
// written to, and its writer.
type Format struct {
	Name  string
	File  string
	Write Writer
}

// Formats lists every format srmscan writes.
var Formats = []Format{
	{Name: "json", File: "report.json", Write: JSON},
	{Name: "html", File: "report.html", Write: HTML},
	{Name: "sarif", File: "report.sarif", Write: SARIF},
	{Name: "junit", File: "report.junit.xml", Write: JUnit},
	{Name: "csv", File: "report.csv", Write: CSV},
	{Name: "asff", File: "report.asff.json", Write: ASFF},
	{Name: "ocsf", File: "report.ocsf.jsonl", Write: OCSF},
}

// LookupFormats resolves a list of format names, rejecting unknown ones
// with the list of known names.
func LookupFormats(names []string) ([]Format, error) {
	var out []Format
	for _, n := range names {
		n = strings.TrimSpace(strings.ToLower(n))
		i := slices.IndexFunc(Formats, func(f Format) bool { return f.Name == n })
		if i < 0 {
			var known []string
			for _, f := range Formats {
				known = append(known, f.Name)
			}
			return nil, fmt.Errorf("unknown format %q (known: %s)", n, strings.Join(known, ", "))
		}
		if !slices.ContainsFunc(out, func(f Format) bool { return f.Name == n }) {
			out = append(out, Formats[i])
		}
	}
	return out, nil
}

// JSON writes the report contract.
func JSON(w io.Writer, r *Report) error {
	return streamJSON(w, r)
}

// WriteDir writes each format to its file in dir and returns the paths.
// Reports describe the account's weak points, so files are private (0600)
// and appear whole or not at all (written to a temporary file, then
// renamed).
func WriteDir(dir string, r *Report, formats []Format) ([]string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range formats {
		path := filepath.Join(dir, f.File)
		if err := atomicfile.Write(path, func(w io.Writer) error { return f.Write(w, r) }); err != nil {
			return paths, fmt.Errorf("writing %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
