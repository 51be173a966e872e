package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/srmscan/srmscan/internal/strictjson"
	"github.com/srmscan/srmscan/internal/strictyaml"
	"github.com/srmscan/srmscan/inventory"
	"go.yaml.in/yaml/v3"
)

// LoadAccount reads an account description: an inventory written as YAML
// (or JSON, which is YAML too) in which ARNs and account IDs may be left out.
// Unknown fields are errors, so a typo cannot silently drop a resource.
func LoadAccount(path string) (*inventory.Inventory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	acct, err := ParseAccount(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return acct, nil
}

// ParseAccount parses an account description from memory.
func ParseAccount(data []byte) (*inventory.Inventory, error) {
	// The walk gives mistakes their line and key path; the JSON decode
	// below would name Go types and no line.
	if _, err := strictyaml.CheckJSONNames(data, &inventory.Inventory{}); err != nil {
		return nil, err
	}
	var tree any
	if err := yaml.Unmarshal(data, &tree); err != nil {
		return nil, err
	}
	// The inventory's field names are its JSON tags; going through JSON
	// keeps one set of names for snapshots and descriptions alike.
	j, err := json.Marshal(tree)
	if err != nil {
		return nil, errors.New("the account description must be a mapping of plain values")
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var inv inventory.Inventory
	if err := dec.Decode(&inv); err != nil {
		return nil, strictjson.Describe(j, err)
	}
	if inv.AccountID == "" {
		return nil, errors.New("account_id is required")
	}
	if len(inv.Regions) == 0 {
		return nil, errors.New("regions is required: list the regions enabled for the account")
	}
	inv.Normalize()
	if inv.CallerARN == "" {
		inv.CallerARN = inventory.IAMARN(inv.Partition, inv.AccountID, "user", "/", "srmscan-auditor")
	}
	return &inv, nil
}
