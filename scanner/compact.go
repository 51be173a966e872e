package scanner

import (
	"hash/maphash"
	"reflect"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// compactor keeps the inventory small while it grows (BENCHMARKS.md,
// "Organizations and large accounts in bounded memory"). Two things made a
// large account's inventory about twice the size of its data:
//
//   - A string the SDK decodes can point into a buffer shared with the rest
//     of its response (smithy's string arenas, encoding/xml's names), so
//     keeping an instance's ID kept the page it came in.
//   - The same values recur across resources: the account ID and region in
//     every one, VPC, subnet, KMS key and image IDs, tag keys, states.
//
// So every string a collector added is copied out once, and a copy of a
// value seen recently is shared. Recent means a fixed-size table indexed by
// the string's hash, two entries to a slot, each marked when it is used
// again: a new value replaces an unmarked one, so a value that recurs (the
// account ID, in every resource) outlives the unique ones (ARNs) passing
// through its slot. It costs the same at a hundred resources as at a
// million, where a map of every value would grow with the account.
//
// It works on the slices' tails: what was appended since its last pass.
// Collectors build a resource and then append it whole, so the tail is all
// that is new. A value set later on a resource already passed over is
// simply not shared; values are only ever replaced by equal ones.
type compactor struct {
	seed  maphash.Seed
	table [1 << 13][2]entry
	// done is how far each slice of the inventory has been passed over,
	// by the address of its header (the inventory does not move).
	done map[uintptr]int
	adds int
}

type entry struct {
	s    string
	used bool // looked up again since it was stored or last passed over
}

func newCompactor() *compactor {
	return &compactor{seed: maphash.MakeSeed(), done: map[uintptr]int{}}
}

// compactEvery is how many additions to the inventory pass between two
// passes: often enough that a job's responses are released while it runs,
// rarely enough that walking the inventory's sections costs nothing.
const compactEvery = 256

// added counts one addition and compacts the tails every compactEvery.
func (c *compactor) added(inv *inventory.Inventory) {
	if c.adds++; c.adds%compactEvery == 0 {
		c.tails(reflect.ValueOf(inv).Elem())
	}
}

// finish compacts what remains and gives back the spare capacity append
// left at the end of the inventory's lists (up to half of each).
func (c *compactor) finish(inv *inventory.Inventory) {
	v := reflect.ValueOf(inv).Elem()
	c.tails(v)
	trim(v)
}

var timeType = reflect.TypeFor[time.Time]()

// tails compacts each list of the inventory's service sections from where
// the last pass stopped. The inventory's own fields (account, regions,
// services) are left alone: collectors read them without the scan's lock.
func (c *compactor) tails(inv reflect.Value) {
	serviceLists(inv, func(list reflect.Value) {
		key := list.UnsafeAddr()
		from := c.done[key]
		if from > list.Len() {
			from = 0 // replaced by a shorter list: start again
		}
		for j := from; j < list.Len(); j++ {
			c.value(list.Index(j))
		}
		c.done[key] = list.Len()
	})
}

// serviceLists calls list with each list in the inventory's sections (EC2,
// S3, ...: its fields that are structs or pointers to them, and theirs in
// turn).
func serviceLists(inv reflect.Value, list func(reflect.Value)) {
	var walk func(v reflect.Value, top bool)
	walk = func(v reflect.Value, top bool) {
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Struct:
				if f.Type() != timeType {
					walk(f, false)
				}
			case reflect.Pointer:
				if !f.IsNil() && f.Elem().Kind() == reflect.Struct {
					walk(f.Elem(), false)
				}
			case reflect.Slice:
				if !top {
					list(f)
				}
			}
		}
	}
	walk(inv, true)
}

// value compacts every string inside v, which is settable.
func (c *compactor) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(c.str(v.String()))
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				c.value(v.Field(i))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			c.value(v.Elem())
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for j := range v.Len() {
			c.value(v.Index(j))
		}
	case reflect.Map:
		c.mapping(v)
	}
}

// mapping rebuilds a map with string keys, since a map's keys and values
// cannot be changed in place.
func (c *compactor) mapping(v reflect.Value) {
	if v.IsNil() || v.Type().Key().Kind() != reflect.String {
		return
	}
	out := reflect.MakeMapWithSize(v.Type(), v.Len())
	elem := reflect.New(v.Type().Elem()).Elem()
	for it := v.MapRange(); it.Next(); {
		k := reflect.New(v.Type().Key()).Elem()
		k.SetString(c.str(it.Key().String()))
		elem.Set(it.Value())
		c.value(elem)
		out.SetMapIndex(k, elem)
	}
	v.Set(out)
}

// str returns a copy of s that shares no memory with the SDK's buffers,
// the same copy as last time when s was seen recently.
func (c *compactor) str(s string) string {
	if s == "" {
		return ""
	}
	slot := &c.table[maphash.String(c.seed, s)&(uint64(len(c.table))-1)]
	for i := range slot {
		if slot[i].s == s {
			slot[i].used = true
			return slot[i].s
		}
	}
	// Replace an entry not used again; when both were, both lose their
	// mark and the second goes.
	victim := 1
	switch {
	case !slot[0].used:
		victim = 0
	case slot[1].used:
		slot[0].used = false
	}
	slot[victim] = entry{s: strings.Clone(s)}
	return slot[victim].s
}

// trim reallocates the inventory's top-level lists whose spare capacity is
// more than an eighth of their length.
func trim(v reflect.Value) {
	serviceLists(v, func(list reflect.Value) {
		if n := list.Len(); n > 0 && list.Cap()-n > n/8 {
			exact := reflect.MakeSlice(list.Type(), n, n)
			reflect.Copy(exact, list)
			list.Set(exact)
		}
	})
}
