package emulator

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// KMS page sizes: ListKeys accepts 1 to 1000 and ListAliases 1 to 100,
// both giving 100 and 50 when the request names none.
const (
	kmsMaxKeys        = 1000
	kmsDefaultKeys    = 100
	kmsMaxAliases     = 100
	kmsDefaultAliases = 50
)

// kmsService serves KMS (JSON 1.1, API 2014-11-01) from the account's keys:
// a region answers with its own.
type kmsService struct{ s *Server }

func newKMS(s *Server) jsonService {
	x := kmsService{s}
	return jsonService{
		s: s, target: "TrentService", version: "1.1", internal: "KMSInternalException",
		ops: map[string]jsonOp{
			"ListKeys":             {serve: x.listKeys},
			"ListAliases":          {serve: x.listAliases},
			"DescribeKey":          {serve: x.describeKey, resource: "KeyId"},
			"GetKeyRotationStatus": {serve: x.getKeyRotationStatus, resource: "KeyId"},
			"GetKeyPolicy":         {serve: x.getKeyPolicy, resource: "KeyId"},
		},
	}
}

func (x kmsService) regionKeys(region string) []*inventory.Key {
	return inRegion(x.s.acct.KMS.Keys, region, func(k *inventory.Key) string { return k.Region })
}

type pageIn struct {
	Limit  *int    `json:"Limit"`
	Marker *string `json:"Marker"`
}

func (x kmsService) listKeys(c *jsonCall) (any, *jsonError) {
	var in pageIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.Limit, "limit", 1, kmsMaxKeys); err != nil {
		return nil, err
	}
	if in.Limit == nil {
		in.Limit = new(kmsDefaultKeys)
	}
	keys, next, err := jsonPage(c, x.regionKeys(c.Region), in.Marker, in.Limit, "InvalidMarkerException")
	if err != nil {
		return nil, err
	}
	type entry struct {
		KeyID  string `json:"KeyId"`
		KeyArn string `json:"KeyArn"`
	}
	list := []entry{}
	for _, k := range keys {
		list = append(list, entry{k.ID, k.ARN})
	}
	return map[string]any{"Keys": list, "NextMarker": optString(next), "Truncated": next != ""}, nil
}

type aliasEntry struct {
	AliasName   string `json:"AliasName"`
	AliasArn    string `json:"AliasArn"`
	TargetKeyID string `json:"TargetKeyId"`
}

func (x kmsService) listAliases(c *jsonCall) (any, *jsonError) {
	var in pageIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.Limit, "limit", 1, kmsMaxAliases); err != nil {
		return nil, err
	}
	if in.Limit == nil {
		in.Limit = new(kmsDefaultAliases)
	}
	var all []aliasEntry
	for _, k := range x.regionKeys(c.Region) {
		for _, a := range k.Aliases {
			all = append(all, aliasEntry{a, inventory.AliasARN(x.s.acct.Partition, k.Region, x.s.acct.AccountID, a), k.ID})
		}
	}
	slices.SortFunc(all, func(a, b aliasEntry) int { return cmp.Compare(a.AliasName, b.AliasName) })
	aliases, next, err := jsonPage(c, all, in.Marker, in.Limit, "InvalidMarkerException")
	if err != nil {
		return nil, err
	}
	return map[string]any{"Aliases": orEmptyOf(aliases), "NextMarker": optString(next), "Truncated": next != ""}, nil
}

// key finds the key a KeyId names in the request's region: a key ID or
// key ARN, or, where the operation accepts them, an alias name or alias
// ARN.
func (x kmsService) key(c *jsonCall, id string, aliases bool) (*inventory.Key, *jsonError) {
	if id == "" {
		return nil, badRequest("ValidationException", "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
	}
	alias := strings.HasPrefix(id, "alias/") || strings.Contains(id, ":alias/")
	if alias && !aliases {
		return nil, badRequest("NotFoundException", "Alias %s is not supported by %s: name the key by its ID or ARN", id, c.Op)
	}
	for _, k := range x.regionKeys(c.Region) {
		switch {
		case id == k.ID || id == k.ARN:
			return k, nil
		case alias && slices.ContainsFunc(k.Aliases, func(a string) bool {
			return id == a || id == inventory.AliasARN(x.s.acct.Partition, k.Region, x.s.acct.AccountID, a)
		}):
			return k, nil
		}
	}
	if alias {
		return nil, badRequest("NotFoundException", "Alias %s is not found.", id)
	}
	return nil, badRequest("NotFoundException", "Key '%s' does not exist", id)
}

type keyIDIn struct {
	KeyID string `json:"KeyId"`
}

func (x kmsService) describeKey(c *jsonCall) (any, *jsonError) {
	var in keyIDIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	k, err := x.key(c, in.KeyID, true)
	if err != nil {
		return nil, err
	}
	md := map[string]any{
		"AWSAccountId": x.s.acct.AccountID, "KeyId": k.ID, "Arn": k.ARN, "CreationDate": jsonTime(k.CreationDate),
		"Enabled": k.State == "Enabled", "Description": k.Description, "KeyUsage": k.Usage, "KeyState": k.State,
		"Origin": k.Origin, "KeyManager": k.Manager, "KeySpec": k.Spec, "CustomerMasterKeySpec": k.Spec,
		"MultiRegion": k.MultiRegion,
	}
	if k.Spec == "SYMMETRIC_DEFAULT" {
		md["EncryptionAlgorithms"] = []string{"SYMMETRIC_DEFAULT"}
	}
	if !k.DeletionDate.IsZero() {
		md["DeletionDate"] = jsonTime(k.DeletionDate)
	}
	return map[string]any{"KeyMetadata": md}, nil
}

func (x kmsService) getKeyRotationStatus(c *jsonCall) (any, *jsonError) {
	var in keyIDIn
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	k, err := x.key(c, in.KeyID, false)
	if err != nil {
		return nil, err
	}
	// Only symmetric keys with KMS-generated material rotate.
	if k.Spec != "SYMMETRIC_DEFAULT" || k.Origin != "AWS_KMS" {
		return nil, &jsonError{status: http.StatusBadRequest, code: "UnsupportedOperationException",
			message: k.ARN + " origin is " + k.Origin + " and spec is " + k.Spec + ", which is not valid for this operation."}
	}
	out := map[string]any{"KeyId": k.ARN, "KeyRotationEnabled": k.RotationEnabled}
	if k.RotationPeriodDays > 0 {
		out["RotationPeriodInDays"] = k.RotationPeriodDays
	}
	return out, nil
}

func (x kmsService) getKeyPolicy(c *jsonCall) (any, *jsonError) {
	var in struct {
		KeyID      string  `json:"KeyId"`
		PolicyName *string `json:"PolicyName"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	k, err := x.key(c, in.KeyID, false)
	if err != nil {
		return nil, err
	}
	// "default" is the only policy name KMS has ever had.
	if in.PolicyName != nil && *in.PolicyName != "default" {
		return nil, badRequest("NotFoundException", "No such policy exists")
	}
	return map[string]any{"Policy": k.Policy, "PolicyName": "default"}, nil
}

// orEmptyOf sends an empty list where AWS sends one rather than leaving
// the member out.
func orEmptyOf[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
