package synth

import (
	"bytes"
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

// OrgAccountID is the ID of an organization's i-th account; the first is
// its management account.
func OrgAccountID(i int) string { return fmt.Sprintf("%012d", 100000000000+i) }

// Organization is n copies of the synthetic account, each rewritten under
// OrgAccountID(i): its ARNs and policies name the account, so every copy
// is an account of its own to the emulator and the checks.
func Organization(seed uint64, sz Sizes, n int) ([]*inventory.Inventory, error) {
	var buf bytes.Buffer
	if err := Account(seed, sz).WriteJSON(&buf); err != nil {
		return nil, err
	}
	accts := make([]*inventory.Inventory, 0, n)
	for i := range n {
		inv, err := inventory.Parse(bytes.ReplaceAll(buf.Bytes(), []byte(AccountID), []byte(OrgAccountID(i))))
		if err != nil {
			return nil, err
		}
		accts = append(accts, inv)
	}
	return accts, nil
}
