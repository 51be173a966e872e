package scanner

import (
	"context"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/srmscan/srmscan/inventory"
)

// backupMaxResults is the largest page ListProtectedResources and
// ListBackupVaults give.
const backupMaxResults = 1000

// collectBackup reads what AWS Backup holds in a region: the resources it
// has recovery points of (see inventory.Backup for why these, not plan
// selections, decide protection) and each vault with its access policy.
func (s *scan) collectBackup(ctx context.Context, region string) {
	c := s.clients.Backup(region)
	pr := backup.NewListProtectedResourcesPaginator(c, &backup.ListProtectedResourcesInput{MaxResults: aws.Int32(backupMaxResults)})
	allPages(ctx, s, "backup", region, "ListProtectedResources", pr, func(page *backup.ListProtectedResourcesOutput) {
		var got []inventory.ProtectedResource
		for _, r := range page.Results {
			got = append(got, inventory.ProtectedResource{
				ARN: aws.ToString(r.ResourceArn), Region: region, Type: aws.ToString(r.ResourceType),
				LastBackupTime: aws.ToTime(r.LastBackupTime).UTC(),
			})
		}
		s.add(func(inv *inventory.Inventory) {
			inv.Backup.ProtectedResources = append(inv.Backup.ProtectedResources, got...)
		})
	})
	pv := backup.NewListBackupVaultsPaginator(c, &backup.ListBackupVaultsInput{MaxResults: aws.Int32(backupMaxResults)})
	allPages(ctx, s, "backup", region, "ListBackupVaults", pv, func(page *backup.ListBackupVaultsOutput) {
		for _, v := range page.BackupVaultList {
			vault := inventory.BackupVault{
				Resource:       inventory.Resource{ARN: aws.ToString(v.BackupVaultArn), AccountID: s.account(), Region: region},
				Name:           aws.ToString(v.BackupVaultName),
				EncryptionKey:  aws.ToString(v.EncryptionKeyArn),
				RecoveryPoints: v.NumberOfRecoveryPoints,
				Locked:         aws.ToBool(v.Locked),
			}
			if vault.ARN == "" {
				vault.ARN = inventory.BackupVaultARN(s.partition(), region, s.account(), vault.Name)
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectBackupVault(ctx, c, vault) })
		}
	})
}

// collectBackupVault reads a vault's access policy. A vault without one
// answers ResourceNotFoundException: that is "no policy", not a failure.
func (s *scan) collectBackupVault(ctx context.Context, c *backup.Client, v inventory.BackupVault) {
	defer s.add(func(inv *inventory.Inventory) { inv.Backup.Vaults = append(inv.Backup.Vaults, v) })
	out, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v.Name)})
	var notFound *backuptypes.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
	case err != nil:
		s.fail("backup", v.Region, "GetBackupVaultAccessPolicy", v.ARN, err)
	default:
		v.Policy = aws.ToString(out.Policy)
	}
}

// sortBackup orders the AWS Backup lists as sortInventory does the rest.
func sortBackup(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.Backup.ProtectedResources, func(a, b inventory.ProtectedResource) int {
		return byARN(inventory.Resource{ARN: a.ARN, Region: a.Region}, inventory.Resource{ARN: b.ARN, Region: b.Region})
	})
	slices.SortFunc(inv.Backup.Vaults, func(a, b inventory.BackupVault) int { return byARN(a.Resource, b.Resource) })
}
