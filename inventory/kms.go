package inventory

import (
	"fmt"
	"time"
)

// KMS holds the KMS keys of every scanned region, AWS managed ones
// included: they are what a volume or bucket "encrypted with the default
// key" points at.
type KMS struct {
	Keys []Key `json:"keys"`
}

// Key managers.
const (
	KeyManagerCustomer = "CUSTOMER"
	KeyManagerAWS      = "AWS"
)

// Key is a KMS key. Its attributes come from DescribeKey; when that failed
// only the ID and ARN are known, and Manager is empty.
type Key struct {
	Resource
	ID string `json:"id"`
	// Manager is "CUSTOMER" for keys the account created, "AWS" for the
	// keys AWS services create on its behalf (alias/aws/...).
	Manager string `json:"manager"`
	// Spec is "SYMMETRIC_DEFAULT" for the symmetric encryption keys AWS
	// services use, or an asymmetric or HMAC spec.
	Spec  string `json:"spec"`
	Usage string `json:"usage,omitempty"`
	// State is "Enabled", "Disabled", "PendingDeletion", "PendingImport",
	// "Unavailable", ...
	State string `json:"state"`
	// Origin is "AWS_KMS", "EXTERNAL" (imported key material),
	// "AWS_CLOUDHSM" or "EXTERNAL_KEY_STORE"; only AWS_KMS keys can rotate
	// automatically.
	Origin       string    `json:"origin,omitempty"`
	Description  string    `json:"description,omitempty"`
	CreationDate time.Time `json:"creation_date"`
	// DeletionDate is when a key pending deletion will be deleted.
	DeletionDate time.Time `json:"deletion_date,omitzero"`
	MultiRegion  bool      `json:"multi_region,omitempty"`
	// Aliases are the key's alias names ("alias/app"), from ListAliases.
	Aliases []string `json:"aliases,omitempty"`
	// RotationEnabled and RotationPeriodDays are read for customer-managed
	// symmetric keys with AWS_KMS key material, the only ones that rotate
	// on a schedule the customer sets.
	RotationEnabled    bool  `json:"rotation_enabled"`
	RotationPeriodDays int32 `json:"rotation_period_days,omitempty"`
	// Policy is the key policy named "default" (the only name KMS has), as
	// JSON. It is read for customer-managed keys only: AWS writes the
	// policies of its own keys.
	Policy string `json:"policy,omitempty"`
}

// KeyARN builds a KMS key's ARN.
func KeyARN(partition, region, account, id string) string {
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", orAWS(partition), region, account, id)
}

// AliasARN builds a KMS alias's ARN from its name ("alias/app").
func AliasARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:kms:%s:%s:%s", orAWS(partition), region, account, name)
}
