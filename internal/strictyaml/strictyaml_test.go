package strictyaml

import (
	"strings"
	"testing"
	"time"
)

type sample struct {
	Name  string         `yaml:"name"`
	Days  *int           `yaml:"days" desc:"a whole number of days"`
	Ports []int32        `yaml:"ports" item:"a port number"`
	Sev   map[string]int `yaml:"sev"`
	When  time.Time      `yaml:"when"`
	Inner struct {
		On bool `yaml:"on"`
	} `yaml:"inner"`
}

func TestDecodeMessages(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"nme: x\n", "line 1: nme: unknown key; did you mean `name`?"},
		{"zzz: x\n", "line 1: zzz: unknown key; valid top-level keys: name, days, ports, sev, when, inner"},
		{"inner:\n  of: true\n", "line 2: inner.of: unknown key; did you mean `on`?"},
		{"days: ten\n", `line 1: days: must be a whole number of days, not "ten"`},
		{"days: 1.5\n", `line 1: days: must be a whole number of days, not "1.5"`},
		{"ports: [1, 99999999999]\n", "line 1: ports: 99999999999 is too large to be a port number"},
		{"ports: 80\n", `line 1: ports: must be a list, not "80"`},
		{"inner:\n  on: maybe\n", `line 2: inner.on: must be true or false, not "maybe"`},
		{"when: yesterday\n", `line 1: when: must be a date and time such as 2024-05-01T12:00:00Z, not "yesterday"`},
		{"sev: {a: 1, a: 2}\n", "line 1: sev.a: given twice (first on line 1)"},
		{"- a\n", "line 1: the file must be a mapping of key: value lines, not a list"},
		{"name: a\n---\nname: b\n", "line 2: a second YAML document; srmscan reads only the first, so put everything in one"},
		// A billion laughs is refused at its first misfit, not expanded.
		{"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nports: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
			"unknown key"},
	} {
		var v sample
		_, err := Decode([]byte(tc.in), &v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
		if err != nil && Internals(err.Error()) != "" {
			t.Errorf("%q: %q shows %q", tc.in, err, Internals(err.Error()))
		}
	}
}

func TestDecodeMergeAndLines(t *testing.T) {
	var v sample
	lines, err := Decode([]byte("base: &b {on: true}\n"), &v)
	if err == nil {
		t.Fatalf("unknown key accepted: %+v", lines)
	}
	lines, err = Decode([]byte("name: x\nports:\n  - 80\n  - 443\ninner:\n  <<: {on: true}\n"), &v)
	if err != nil || !v.Inner.On || len(v.Ports) != 2 {
		t.Fatalf("%v %+v", err, v)
	}
	if lines.Line("ports[1]") != 4 || lines.Line("inner.on") != 6 || lines.Line("nowhere.at.all") != 1 {
		t.Errorf("lines %v", lines)
	}
}

func TestSuggest(t *testing.T) {
	opts := []string{"include", "exclude", "services", "control_categories"}
	for word, want := range map[string]string{"exclud": "exclude", "Include": "include", "control_category": "control_categories",
		"bogus": "", "x": "", "include": ""} {
		if got := Suggest(word, opts); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestInternals(t *testing.T) {
	for _, msg := range []string{"cannot unmarshal !!str `ten` into int", `unknown key "bogus" { Include []string "yaml:\"include\"" }`,
		"json: cannot unmarshal string into Go struct field Inventory.regions of type []string", "into checks.Settings", "github.com/srmscan/srmscan/gate"} {
		if Internals(msg) == "" {
			t.Errorf("%q passes as plain", msg)
		}
	}
	if bad := InternalsBeyond("line 2: checks.Abc: unknown key", []byte("checks:\n  Abc: 1\n")); bad != "" {
		t.Errorf("the user's own key flagged: %q", bad)
	}
}
