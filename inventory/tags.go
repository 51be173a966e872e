package inventory

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"slices"
)

// Tag is one key and value of a tag set.
type Tag struct {
	Key   string
	Value string
}

// Tags is an AWS tag set: each key once, sorted by key. Keys are
// case-sensitive, as in AWS.
//
// It is a slice rather than a map because a scan holds one per resource:
// a Go map costs about 300 bytes for the two or three tags a resource
// usually has, a slice of pairs about 100, and at 170,000 resources that
// difference is 20 MiB of a scan's heap (BENCHMARKS.md). Lookups scan it;
// tag sets are small. In JSON it is an object, exactly as a map was.
type Tags []Tag

// TagsOf builds a tag set from keys and values in turn; a key given twice
// keeps its last value. It panics on an odd count, which is a programming
// error.
func TagsOf(kv ...string) Tags {
	if len(kv)%2 != 0 {
		panic("inventory.TagsOf: odd number of arguments")
	}
	t := make(Tags, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		t.Set(kv[i], kv[i+1])
	}
	return t
}

// Lookup returns the value of key and whether the set has it.
func (t Tags) Lookup(key string) (string, bool) {
	for _, tag := range t {
		if tag.Key == key {
			return tag.Value, true
		}
	}
	return "", false
}

// Get returns the value of key, or "" when the set does not have it.
func (t Tags) Get(key string) string {
	v, _ := t.Lookup(key)
	return v
}

// Set gives key the value, adding the key in its sorted place when it is
// new.
func (t *Tags) Set(key, value string) {
	i, found := slices.BinarySearchFunc(*t, key, func(tag Tag, k string) int { return cmp.Compare(tag.Key, k) })
	if found {
		(*t)[i].Value = value
		return
	}
	*t = slices.Insert(*t, i, Tag{key, value})
}

// Delete removes key from the set.
func (t *Tags) Delete(key string) {
	*t = slices.DeleteFunc(*t, func(tag Tag) bool { return tag.Key == key })
}

// MarshalJSON writes the set as an object with its keys in order, the
// bytes encoding/json writes for a map[string]string. HTML characters are
// left for the enclosing encoder to escape or not, as it would a map's.
func (t Tags) MarshalJSON() ([]byte, error) {
	if t == nil {
		return []byte("null"), nil
	}
	sorted := t
	if !slices.IsSortedFunc(t, byKey) {
		sorted = slices.SortedStableFunc(slices.Values(t), byKey)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, tag := range sorted {
		if i+1 < len(sorted) && sorted[i+1].Key == tag.Key {
			continue // the last of a repeated key wins, as in a map
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		// Encode never fails on a string; it appends a newline, which the
		// enclosing encoder's compaction drops.
		_ = enc.Encode(tag.Key)
		b.WriteByte(':')
		_ = enc.Encode(tag.Value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object of text values. A key given twice keeps
// its last value, as decoding into a map does. A value of the wrong kind
// is a json.UnmarshalTypeError naming the key, with a negative offset:
// this method sees only its own bytes, so the offset it could give would
// point at the wrong line of the file (internal/strictjson finds the value
// by its path instead).
func (t *Tags) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*t = nil
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return unplaced(data, err)
	}
	*t = fromMap(m)
	return nil
}

// unplaced is a decoding error as a json.UnmarshalTypeError naming the
// key whose value is of the wrong kind, found again only now: the set
// decodes in one pass when it is right.
func unplaced(data []byte, err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	key := ""
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) == nil {
		for k, v := range raw {
			var s string
			if json.Unmarshal(v, &s) != nil {
				key = k
				break
			}
		}
	}
	return &json.UnmarshalTypeError{Value: te.Value, Type: te.Type, Field: key, Offset: -1}
}

// JSONShape tells the account-file checker (internal/strictyaml) that a
// tag set is written as a mapping of text values.
func (Tags) JSONShape() any { return map[string]string(nil) }

func byKey(a, b Tag) int { return cmp.Compare(a.Key, b.Key) }

// TagsFrom builds a tag set from a map, as some SDK shapes (EKS) give
// tags; an empty map gives nil.
func TagsFrom(m map[string]string) Tags {
	if len(m) == 0 {
		return nil
	}
	return fromMap(m)
}

// fromMap is m's pairs in key order, an empty set for an empty map.
func fromMap(m map[string]string) Tags {
	t := make(Tags, 0, len(m))
	for k, v := range m {
		t = append(t, Tag{k, v})
	}
	slices.SortFunc(t, byKey)
	return t
}
