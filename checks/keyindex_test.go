package checks

import (
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/internal/synth"
	"github.com/srmscan/srmscan/inventory"
)

// searchKey is the search keyIndex replaces, kept as its specification.
func searchKey(inv *inventory.Inventory, region, ref string) *inventory.Key {
	if ref == "" {
		return nil
	}
	for i := range inv.KMS.Keys {
		k := &inv.KMS.Keys[i]
		switch {
		case ref == k.ARN:
			return k
		case strings.HasPrefix(ref, "arn:"):
			if slices.ContainsFunc(k.Aliases, func(a string) bool { return ref == inventory.AliasARN(inv.Partition, k.Region, inv.AccountID, a) }) {
				return k
			}
		case k.Region == region && (ref == k.ID || slices.Contains(k.Aliases, ref)):
			return k
		}
	}
	return nil
}

// Every way a resource names a key, in its own region and in another, and
// names that are no key, resolves as the search does.
func TestKeyIndexFindsWhatSearchFinds(t *testing.T) {
	inv := synth.Account(2, synth.Large().Scale(0.1))
	// A second key with the first one's alias in another region, and one
	// sharing an alias in the same region: the first in order wins.
	k0 := inv.KMS.Keys[0]
	dup := k0
	dup.ARN, dup.ID = k0.ARN+"-dup", k0.ID+"-dup"
	inv.KMS.Keys = append(inv.KMS.Keys, dup)
	x := newKeyIndex(inv)
	var refs []string
	for _, k := range inv.KMS.Keys {
		refs = append(refs, k.ARN, k.ID, "nope-"+k.ID)
		for _, a := range k.Aliases {
			refs = append(refs, a, inventory.AliasARN(inv.Partition, k.Region, inv.AccountID, a))
		}
	}
	refs = append(refs, "", "arn:aws:kms:us-east-1:"+inv.AccountID+":alias/none")
	for _, region := range append(inv.Regions, "") {
		for _, ref := range refs {
			if got, want := x.find(region, ref), searchKey(inv, region, ref); got != want {
				t.Fatalf("find(%q, %q) = %v, search gives %v", region, ref, got, want)
			}
		}
	}
}
