package strictyaml

import (
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the walk: aliases of aliases can make a small file name
// billions of values, and yaml.v3's own guard only runs after the walk.
const maxNodes = 1 << 16

type walker struct {
	tag    string // "yaml" or "json": which struct tags name the keys
	lines  Lines
	budget int
}

type field struct {
	name       string
	typ        reflect.Type
	desc, item string
}

// top walks the document's root, first catching the commonest shape
// mistake: a bare list where the file wants "key: [list]".
func (w *walker) top(n *yaml.Node, v any) error {
	t := reflect.TypeOf(v).Elem()
	n = resolve(n)
	if t.Kind() == reflect.Struct && n.Kind == yaml.SequenceNode {
		if fs := w.fields(t); len(fs) == 1 && fs[0].typ.Kind() == reflect.Slice {
			return fmt.Errorf("line %d: the entries must be a list under `%s:`, not a bare list", n.Line, fs[0].name)
		}
	}
	return w.walk(n, t, "", "", "")
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	yamlUnmarshaler = reflect.TypeFor[yaml.Unmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
	shaper          = reflect.TypeFor[Shaper]()
)

// Shaper is a type whose JSON form is another type's: inventory.Tags is a
// list of pairs in Go and an object in JSON, so a file writes it as a
// mapping. The walk checks the value against JSONShape's type instead.
type Shaper interface {
	JSONShape() any
}

func (w *walker) walk(n *yaml.Node, t reflect.Type, path, desc, item string) error {
	n = resolve(n)
	if w.budget--; w.budget < 0 {
		return fmt.Errorf("line %d: the file expands to too many values (aliases of aliases); write it out without them", n.Line)
	}
	if _, ok := w.lines[path]; !ok {
		w.lines[path] = n.Line
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil // an empty value keeps the default
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(shaper) {
		t = reflect.TypeOf(reflect.Zero(t).Interface().(Shaper).JSONShape())
	}
	if desc == "" {
		desc = describe(t)
	}
	if t != timeType && reflect.PointerTo(t).Implements(yamlUnmarshaler) {
		return nil // the type reads itself and words its own errors
	}
	switch {
	case t.Kind() == reflect.Struct && t != timeType:
		if n.Kind != yaml.MappingNode {
			return mismatch(n, path, desc)
		}
		fs := w.fields(t)
		names := make([]string, len(fs))
		for i, f := range fs {
			names[i] = f.name
		}
		return w.pairs(n, path, map[string]int{}, func(k, v *yaml.Node, p string) error {
			i := slices.Index(names, k.Value)
			if i < 0 {
				return unknownKey(k, path, names)
			}
			return w.walk(v, fs[i].typ, p, fs[i].desc, fs[i].item)
		})
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			return mismatch(n, path, desc)
		}
		return w.pairs(n, path, map[string]int{}, func(_, v *yaml.Node, p string) error {
			return w.walk(v, t.Elem(), p, item, "")
		})
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return mismatch(n, path, desc)
		}
		for i, c := range n.Content {
			if err := w.walk(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), item, ""); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return mismatch(n, path, desc)
	}
	return w.scalar(n, t, path, desc)
}

// scalar checks a scalar by decoding it into the field's type, so what the
// walk accepts is exactly what yaml.v3 will.
func (w *walker) scalar(n *yaml.Node, t reflect.Type, path, desc string) error {
	tag := n.ShortTag()
	if w.tag == "json" {
		// The value goes on through JSON, which converts nothing: a number
		// is not text and "yes" is not a boolean.
		want := map[reflect.Kind][]string{
			reflect.String: {"!!str", "!!timestamp"}, reflect.Bool: {"!!bool"},
			reflect.Float32: {"!!int", "!!float"}, reflect.Float64: {"!!int", "!!float"},
		}[t.Kind()]
		if isInt(t.Kind()) {
			want = []string{"!!int"}
		}
		if want != nil && !slices.Contains(want, tag) {
			if t.Kind() == reflect.String {
				return fmt.Errorf("line %d: %s: must be text, not the %s %s (put it in quotes)", n.Line, display(path), plainTag(tag), n.Value)
			}
			return mismatch(n, path, desc)
		}
	}
	if isInt(t.Kind()) && tag != "!!int" {
		// yaml.v3 would cut 1.5 to 1 without a word.
		return mismatch(n, path, desc)
	}
	if t == timeType || reflect.PointerTo(t).Implements(textUnmarshaler) {
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			return mismatch(n, path, desc)
		}
		return nil
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		if isInt(t.Kind()) && tag == "!!int" {
			return fmt.Errorf("line %d: %s: %s is too large to be %s", n.Line, display(path), n.Value, desc)
		}
		return mismatch(n, path, desc)
	}
	return nil
}

func isInt(k reflect.Kind) bool {
	return (k >= reflect.Int && k <= reflect.Int64) || (k >= reflect.Uint && k <= reflect.Uint64)
}

// pairs walks a mapping's key/value pairs, following merge keys ("<<")
// and refusing a key given twice: yaml.v3 would keep the last silently
// in a map.
func (w *walker) pairs(n *yaml.Node, path string, seen map[string]int, each func(k, v *yaml.Node, path string) error) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			v = resolve(v)
			merged := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				merged = v.Content
			}
			for _, m := range merged {
				if m = resolve(m); m.Kind != yaml.MappingNode {
					return fmt.Errorf("line %d: %s: a merge (<<) must name a mapping", m.Line, display(path))
				}
				// Merged keys may repeat what the mapping sets itself.
				if err := w.pairs(m, path, map[string]int{}, each); err != nil {
					return err
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s: keys must be plain words, not a list or mapping", k.Line, display(path))
		}
		p := join(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			return fmt.Errorf("line %d: %s: given twice (first on line %d)", k.Line, display(p), first)
		}
		seen[k.Value] = k.Line
		if err := each(k, v, p); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) fields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get(w.tag), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct || strings.Contains(opts, "inline") {
			out = append(out, w.fields(ft)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
			if w.tag == "yaml" {
				name = strings.ToLower(name)
			}
		}
		out = append(out, field{name: name, typ: f.Type, desc: f.Tag.Get("desc"), item: f.Tag.Get("item")})
	}
	return out
}

func unknownKey(k *yaml.Node, path string, valid []string) error {
	msg := fmt.Sprintf("line %d: %s: unknown key", k.Line, display(join(path, k.Value)))
	if s := Suggest(k.Value, valid); s != "" {
		return fmt.Errorf("%s; did you mean `%s`?", msg, s)
	}
	if path == "" {
		return fmt.Errorf("%s; valid top-level keys: %s", msg, strings.Join(valid, ", "))
	}
	return fmt.Errorf("%s; valid keys under %s: %s", msg, display(path), strings.Join(valid, ", "))
}

func mismatch(n *yaml.Node, path, desc string) error {
	var got string
	switch n.Kind {
	case yaml.MappingNode:
		got = "a mapping (key: value lines)"
	case yaml.SequenceNode:
		got = "a list"
	default:
		v := n.Value
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		got = fmt.Sprintf("%q", v)
	}
	if path == "" {
		return fmt.Errorf("line %d: the file must be %s, not %s", n.Line, desc, got)
	}
	return fmt.Errorf("line %d: %s: must be %s, not %s", n.Line, display(path), desc, got)
}

// describe says in plain words what a Go type holds.
func describe(t reflect.Type) string {
	switch {
	case t == timeType:
		return "a date and time such as 2024-05-01T12:00:00Z"
	case isInt(t.Kind()):
		if t.Kind() >= reflect.Uint {
			return "a whole number, not negative"
		}
		return "a whole number"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "a mapping of key: value lines"
	case reflect.Struct:
		return "a mapping of key: value lines"
	}
	return "a value of another kind"
}

func plainTag(tag string) string {
	switch tag {
	case "!!int", "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	}
	return "value"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// display is a key path as the user wrote it: keys only, since list items
// have no names and the line already says which one.
func display(path string) string { return indexRE.ReplaceAllString(path, "") }
