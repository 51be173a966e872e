package inventory

import (
	"fmt"
	"time"
)

// Backup holds what AWS Backup knows in every scanned region: the
// resources it holds recovery points of, and its vaults.
//
// Protection is read from ListProtectedResources, not from backup plans'
// selections: a selection (ARNs, a wildcard, tag conditions, NotResources)
// says what a plan means to back up, and one whose jobs fail, whose IAM
// role cannot read the resource, or whose tags no longer match protects
// nothing. A recovery point is what protection leaves behind, so it is the
// evidence the checks accept. The cost: a resource added to a plan today
// counts only after its first backup.
type Backup struct {
	ProtectedResources []ProtectedResource `json:"protected_resources"`
	Vaults             []BackupVault       `json:"vaults"`
}

// ProtectedResource is a resource AWS Backup holds at least one recovery
// point of.
type ProtectedResource struct {
	ARN    string `json:"arn"`
	Region string `json:"region"`
	// Type is AWS Backup's name for the resource's kind: "RDS",
	// "DynamoDB", "EFS", ...
	Type           string    `json:"type"`
	LastBackupTime time.Time `json:"last_backup_time,omitzero"`
}

// BackupVault is a backup vault. Policy is empty when the vault has none
// (only the account's principals, as their IAM policies allow, reach it)
// or when GetBackupVaultAccessPolicy failed, which a collection error
// records.
type BackupVault struct {
	Resource
	Name           string `json:"name"`
	EncryptionKey  string `json:"encryption_key_arn,omitempty"`
	RecoveryPoints int64  `json:"recovery_points"`
	// Locked is whether AWS Backup Vault Lock is on: recovery points then
	// cannot be deleted before their retention ends, whatever the policy.
	Locked bool   `json:"locked,omitempty"`
	Policy string `json:"policy,omitempty"`
}

// BackupVaultARN builds a backup vault's ARN.
func BackupVaultARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:backup:%s:%s:backup-vault:%s", orAWS(partition), region, account, name)
}

func (inv *Inventory) normalizeBackup(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.Backup.Vaults {
		x := &inv.Backup.Vaults[i]
		fill(&x.Resource, BackupVaultARN(p, x.Region, acct, x.Name))
	}
}
