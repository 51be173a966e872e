package checks

import (
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// keyIndex resolves references to KMS keys as findKey does. A check that
// resolves every volume's, snapshot's and table's key reference builds
// one index and looks each up: searching all keys per reference, alias
// ARNs formatted anew each time, took 38 s over 100,000 resources.
type keyIndex struct {
	// byARN holds key ARNs and alias ARNs; byName a region's key IDs and
	// alias names. The first key in inventory order wins, as in a search.
	byARN  map[string]*inventory.Key
	byName map[[2]string]*inventory.Key
}

func newKeyIndex(inv *inventory.Inventory) keyIndex {
	x := keyIndex{byARN: map[string]*inventory.Key{}, byName: map[[2]string]*inventory.Key{}}
	first := func(m map[string]*inventory.Key, s string, k *inventory.Key) {
		if _, ok := m[s]; !ok {
			m[s] = k
		}
	}
	for i := range inv.KMS.Keys {
		k := &inv.KMS.Keys[i]
		first(x.byARN, k.ARN, k)
		for _, a := range k.Aliases {
			first(x.byARN, inventory.AliasARN(inv.Partition, k.Region, inv.AccountID, a), k)
		}
		for _, name := range append([]string{k.ID}, k.Aliases...) {
			if _, ok := x.byName[[2]string{k.Region, name}]; !ok {
				x.byName[[2]string{k.Region, name}] = k
			}
		}
	}
	return x
}

// find resolves ref, a key ARN, an alias ARN, or within region a key ID or
// alias name; nil when the inventory has no such key.
func (x keyIndex) find(region, ref string) *inventory.Key {
	switch {
	case ref == "":
		return nil
	case strings.HasPrefix(ref, "arn:"):
		return x.byARN[ref]
	}
	return x.byName[[2]string{region, ref}]
}
