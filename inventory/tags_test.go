package inventory

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The snapshot's bytes must not change with the type: a tag set encodes
// exactly as the map it replaced, in both of encoding/json's HTML modes.
func TestTagsEncodeAsTheMapDid(t *testing.T) {
	for _, m := range []map[string]string{
		nil,
		{},
		{"Name": "web"},
		{"b": "2", "a": "1", "B": "3", "": "empty key"},
		{"<script>": "a&b", "line\u2028sep": "\"quoted\"\n", "é": "\x01"},
	} {
		tags := TagsFrom(m)
		if m != nil && len(m) == 0 {
			tags = Tags{}
		}
		for _, escape := range []bool{true, false} {
			enc := func(v any) string {
				var b bytes.Buffer
				e := json.NewEncoder(&b)
				e.SetEscapeHTML(escape)
				e.SetIndent("", "  ")
				if err := e.Encode(struct {
					Tags any `json:"tags"`
				}{v}); err != nil {
					t.Fatal(err)
				}
				return b.String()
			}
			if got, want := enc(tags), enc(m); got != want {
				t.Errorf("escapeHTML=%v: %v encodes as\n%s\nwant\n%s", escape, m, got, want)
			}
		}
		var back Tags
		raw, _ := json.Marshal(m)
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		if len(back) != len(m) {
			t.Fatalf("%s decodes to %v", raw, back)
		}
		for k, v := range m {
			if got, ok := back.Lookup(k); !ok || got != v {
				t.Errorf("%s: %q is %q, %v", raw, k, got, ok)
			}
		}
	}
}

func TestTagsSetKeepsOneSortedKey(t *testing.T) {
	tags := TagsOf("b", "1", "a", "2", "c", "3", "a", "4")
	want := Tags{{"a", "4"}, {"b", "1"}, {"c", "3"}}
	if len(tags) != len(want) {
		t.Fatalf("got %v, want %v", tags, want)
	}
	for i := range want {
		if tags[i] != want[i] {
			t.Fatalf("got %v, want %v", tags, want)
		}
	}
	tags.Delete("b")
	if _, ok := tags.Lookup("b"); ok || len(tags) != 2 || tags.Get("c") != "3" {
		t.Errorf("after Delete: %v", tags)
	}
	if tags.Get("A") != "" {
		t.Error("keys are case-sensitive, as in AWS")
	}
}

// A literal written out of order or with a key twice still encodes as a
// map would: sorted, the last value winning.
func TestTagsLiteralOutOfOrder(t *testing.T) {
	b, err := json.Marshal(Tags{{"z", "1"}, {"a", "2"}, {"z", "3"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"a":"2","z":"3"}` {
		t.Errorf("got %s", b)
	}
}

func TestTagsRejectNonStringValues(t *testing.T) {
	var tags Tags
	if err := json.Unmarshal([]byte(`{"a": 1}`), &tags); err == nil {
		t.Errorf("a number as a tag value decoded as %v", tags)
	}
	if err := json.Unmarshal([]byte(`null`), &tags); err != nil || tags != nil {
		t.Errorf("null: %v, %v", tags, err)
	}
}
