package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

func ocsfOf(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := OCSF(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOCSFGolden(t *testing.T) {
	golden(t, "report.golden.ocsf.jsonl", ocsfOf(t, fixture(t)))
}

// ocsfSchema is the extract of OCSF 1.1.0 in testdata/ocsf.
type ocsfSchema struct {
	Version string `json:"version"`
	Class   struct {
		UID        int                       `json:"uid"`
		Attributes map[string]ocsfSchemaAttr `json:"attributes"`
	} `json:"class"`
	Objects map[string]struct {
		Attributes  map[string]ocsfSchemaAttr `json:"attributes"`
		Constraints struct {
			AtLeastOne []string `json:"at_least_one"`
		} `json:"constraints"`
	} `json:"objects"`
}

type ocsfSchemaAttr struct {
	Requirement string            `json:"requirement"`
	Type        string            `json:"type"`
	Object      string            `json:"object"`
	IsArray     bool              `json:"is_array"`
	Enum        map[string]string `json:"enum"`
	Profile     string            `json:"profile"`
}

func loadOCSFSchema(t *testing.T) *ocsfSchema {
	t.Helper()
	data, err := os.ReadFile("../testdata/ocsf/compliance_finding-1.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	var s ocsfSchema
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.Version != ocsfVersion || s.Class.UID != ocsfClassUID {
		t.Fatalf("schema extract is %s class %d, the writer says %s class %d", s.Version, s.Class.UID, ocsfVersion, ocsfClassUID)
	}
	return &s
}

// ocsfSiblings are the caption attributes that must name their id's value.
var ocsfSiblings = map[string]string{"activity_id": "activity_name", "class_uid": "class_name", "category_uid": "category_name",
	"type_uid": "type_name", "severity_id": "severity", "status_id": "status", "type_id": "type"}

// validate checks one event as the OCSF schema defines the class: no
// attribute the class or object lacks, every required one present, types
// and enum values right, captions matching their ids.
func (s *ocsfSchema) validate(event map[string]any) []string {
	var errs []string
	profiles := map[string]bool{}
	if md, ok := event["metadata"].(map[string]any); ok {
		if ps, ok := md["profiles"].([]any); ok {
			for _, p := range ps {
				if p, ok := p.(string); ok {
					profiles[p] = true
				}
			}
		}
	}
	var object func(path string, v map[string]any, attrs map[string]ocsfSchemaAttr, atLeastOne []string)
	var value func(path string, v any, a ocsfSchemaAttr)
	object = func(path string, v map[string]any, attrs map[string]ocsfSchemaAttr, atLeastOne []string) {
		names := make([]string, 0, len(attrs))
		for n := range attrs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			a := attrs[n]
			if _, ok := v[n]; !ok && a.Requirement == "required" && (a.Profile == "" || profiles[a.Profile]) {
				errs = append(errs, fmt.Sprintf("%s%s: required attribute missing", path, n))
			}
		}
		for n, x := range v {
			a, ok := attrs[n]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s%s: no such attribute in OCSF %s", path, n, s.Version))
				continue
			}
			if a.Profile != "" && !profiles[a.Profile] {
				errs = append(errs, fmt.Sprintf("%s%s: belongs to profile %s, not in metadata.profiles", path, n, a.Profile))
			}
			value(path+n, x, a)
			if sib, ok := ocsfSiblings[n]; ok && a.Enum != nil {
				if caption, ok := v[sib].(string); ok {
					id := fmt.Sprint(x)
					if id != "99" && a.Enum[id] != caption {
						errs = append(errs, fmt.Sprintf("%s%s: %q is not the caption of %s %s (%q)", path, sib, caption, n, id, a.Enum[id]))
					}
				}
			}
		}
		if len(atLeastOne) > 0 && !slices.ContainsFunc(atLeastOne, func(n string) bool { _, ok := v[n]; return ok }) {
			errs = append(errs, fmt.Sprintf("%s: needs at least one of %v", strings.TrimSuffix(path, "."), atLeastOne))
		}
	}
	value = func(path string, v any, a ocsfSchemaAttr) {
		if a.IsArray {
			arr, ok := v.([]any)
			if !ok {
				errs = append(errs, fmt.Sprintf("%s: want an array", path))
				return
			}
			one := a
			one.IsArray = false
			for i, x := range arr {
				value(fmt.Sprintf("%s[%d]", path, i), x, one)
			}
			return
		}
		bad := func(want string) { errs = append(errs, fmt.Sprintf("%s: %v (%T) is not %s", path, v, v, want)) }
		switch a.Type {
		case "string_t":
			if _, ok := v.(string); !ok {
				bad("a string")
			}
		case "integer_t", "long_t":
			if n, ok := v.(float64); !ok || n != math.Trunc(n) || (a.Type == "integer_t" && math.Abs(n) > math.MaxInt32) {
				bad(a.Type)
			}
		case "float_t":
			if _, ok := v.(float64); !ok {
				bad("a number")
			}
		case "boolean_t":
			if _, ok := v.(bool); !ok {
				bad("a boolean")
			}
		case "json_t":
		case "json_object":
			if _, ok := v.(map[string]any); !ok {
				bad("an object")
			}
		case "object":
			o, ok := v.(map[string]any)
			if !ok {
				bad("an object")
				return
			}
			def, ok := s.Objects[a.Object]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s: object %s is not in the extract (add it to testdata/ocsf/extract.py)", path, a.Object))
				return
			}
			object(path+".", o, def.Attributes, def.Constraints.AtLeastOne)
		default:
			errs = append(errs, fmt.Sprintf("%s: the test does not know type %s", path, a.Type))
		}
		if a.Enum != nil {
			if _, ok := a.Enum[fmt.Sprint(v)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, a.Enum))
			}
		}
	}
	object("", event, s.Class.Attributes, nil)
	sort.Strings(errs)
	return errs
}

func ocsfEvents(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not a JSON object: %v", len(out)+1, err)
		}
		out = append(out, e)
	}
	return out
}

func TestOCSFMatchesSchema(t *testing.T) {
	s := loadOCSFSchema(t)
	golden, err := os.ReadFile("../testdata/report/report.golden.ocsf.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	edge := fixture(t)
	edge.Findings[0].Suppression = &checks.Suppression{Reason: "r", Expires: "2030-01-01", Source: "s:1"}
	edge.Findings[0].Baseline = checks.BaselineExisting
	edge.Findings[1].Remediation = checks.Remediation{}
	for name, data := range map[string][]byte{"golden": golden, "fixture": ocsfOf(t, fixture(t)), "suppressed, no remediation": ocsfOf(t, edge)} {
		events := ocsfEvents(t, data)
		if len(events) != len(edge.Findings) {
			t.Errorf("%s: %d events, want one per finding (%d)", name, len(events), len(edge.Findings))
		}
		for i, e := range events {
			for _, err := range s.validate(e) {
				t.Errorf("%s event %d: %s", name, i, err)
			}
		}
	}
	if data := ocsfOf(t, New(Tool{Name: "srmscan"}, &inventory.Inventory{AccountID: "1"}, nil)); len(data) != 0 {
		t.Errorf("an empty report writes %q, want an empty file", data)
	}
}

// The validator must catch what it is there to catch.
func TestOCSFValidatorRejects(t *testing.T) {
	s := loadOCSFSchema(t)
	for name, tc := range map[string]struct {
		mutate func(e map[string]any)
		want   string
	}{
		"missing required":    {func(e map[string]any) { delete(e["finding_info"].(map[string]any), "uid") }, "finding_info.uid: required"},
		"bad enum":            {func(e map[string]any) { e["compliance"].(map[string]any)["status_id"] = 7.0 }, "compliance.status_id: 7 is not one of"},
		"wrong type":          {func(e map[string]any) { e["time"] = "2026-11-01T12:00:07Z" }, "time: "},
		"unknown attribute":   {func(e map[string]any) { e["resources"] = []any{} }, "resources: no such attribute"},
		"caption mismatch":    {func(e map[string]any) { e["severity"] = "Low" }, `severity: "Low" is not the caption`},
		"wrong class":         {func(e map[string]any) { e["class_uid"] = 2004.0 }, "class_uid: 2004 is not one of"},
		"profile not claimed": {func(e map[string]any) { e["metadata"].(map[string]any)["profiles"] = []any{} }, "cloud: belongs to profile cloud"},
		"nested constraint":   {func(e map[string]any) { delete(e["cloud"].(map[string]any)["account"].(map[string]any), "uid") }, "cloud.account: needs at least one of"},
	} {
		e := ocsfEvents(t, ocsfOf(t, fixture(t)))[0]
		tc.mutate(e)
		errs := s.validate(e)
		if !slices.ContainsFunc(errs, func(s string) bool { return strings.Contains(s, tc.want) }) {
			t.Errorf("%s: want an error containing %q, got %v", name, tc.want, errs)
		}
	}
}

func TestOCSFMapping(t *testing.T) {
	r := fixture(t)
	events := ocsfEvents(t, ocsfOf(t, r))
	wantCompliance := map[checks.Status]string{checks.Pass: "1", checks.Fail: "3", checks.Unknown: "2", checks.Manual: "99"}
	seen := map[string]bool{}
	for i, e := range events {
		f := r.Findings[i]
		get := func(path string) string {
			var v any = e
			for _, k := range strings.Split(path, ".") {
				m, _ := v.(map[string]any)
				v = m[k]
			}
			if v == nil {
				return ""
			}
			if n, ok := v.(float64); ok {
				return strconv.FormatFloat(n, 'f', -1, 64)
			}
			return fmt.Sprint(v)
		}
		for path, want := range map[string]string{
			"metadata.version": "1.1.0", "metadata.product.name": "srmscan", "metadata.product.vendor_name": "srmscan",
			"metadata.product.version": "test", "type_uid": "200301", "category_uid": "2",
			"time":                              strconv.FormatInt(r.Scan.FinishedAt.UnixMilli(), 10),
			"finding_info.uid":                  f.Fingerprint,
			"finding_info.title":                f.Title,
			"finding_info.desc":                 f.Message,
			"compliance.control":                f.CheckID,
			"compliance.status_id":              wantCompliance[f.Status],
			"resource.uid":                      f.ResourceARN,
			"resource.type":                     f.ResourceType,
			"resource.region":                   f.Region,
			"resource.cloud_partition":          "aws",
			"cloud.provider":                    "AWS",
			"cloud.account.uid":                 f.AccountID,
			"cloud.region":                      f.Region,
			"remediation.desc":                  f.Remediation.Text,
			"unmapped.srmscan.control_category": string(f.ControlCategory),
			"unmapped.srmscan.shared_control":   string(f.SharedControl),
			"unmapped.srmscan.domain":           string(f.Domain),
			"unmapped.srmscan.service_model":    string(f.ServiceModel),
			"unmapped.srmscan.status":           string(f.Status),
		} {
			if got := get(path); got != want {
				t.Errorf("event %d (%s, %s): %s = %q, want %q", i, f.CheckID, f.Status, path, got, want)
			}
		}
		if seen[f.Fingerprint] {
			t.Errorf("finding_info.uid %s twice", f.Fingerprint)
		}
		seen[f.Fingerprint] = true
		wantStatus := "1"
		if f.Status == checks.Pass {
			wantStatus = "4"
		}
		if got := get("status_id"); got != wantStatus {
			t.Errorf("event %d (%s): status_id %s, want %s", i, f.Status, got, wantStatus)
		}
	}
	if got := time.UnixMilli(int64(events[0]["time"].(float64))).UTC(); !got.Equal(r.Scan.FinishedAt) {
		t.Errorf("time %v, want the scan's end %v", got, r.Scan.FinishedAt)
	}
}

// accountReports runs the whole catalogue on every test account, so the
// formats meet every check's findings, not only the golden few.
func accountReports(t *testing.T) map[string]*Report {
	t.Helper()
	paths, err := filepath.Glob("../testdata/accounts/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test accounts: %v", err)
	}
	out := map[string]*Report{}
	for _, p := range paths {
		inv, err := emulator.LoadAccount(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = New(Tool{Name: "srmscan", Version: "test"}, inv, checks.Run(inv, checks.All(), checks.DefaultConfig()))
	}
	return out
}

func TestOCSFEveryCheckMatchesSchema(t *testing.T) {
	s := loadOCSFSchema(t)
	for name, r := range accountReports(t) {
		for i, e := range ocsfEvents(t, ocsfOf(t, r)) {
			for _, err := range s.validate(e) {
				t.Errorf("%s event %d (%s): %s", name, i, r.Findings[i].CheckID, err)
			}
		}
	}
}
