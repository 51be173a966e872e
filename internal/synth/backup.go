package synth

import (
	"fmt"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// backup makes AWS Backup's view of the account: the org-wide plans back
// up most databases and file systems (each has a recovery point from last
// night), the rest were created outside them; and vaults, each region's
// first the Default one, most with a policy that denies deleting recovery
// points and one in fifty left open to anyone.
func (g *gen) backup() {
	p, acct := g.inv.Partition, g.inv.AccountID
	protect := func(arn, region, typ string, share float64) {
		if !g.chance(share) {
			return
		}
		g.inv.Backup.ProtectedResources = append(g.inv.Backup.ProtectedResources, inventory.ProtectedResource{
			ARN: arn, Region: region, Type: typ, LastBackupTime: Now.Add(-time.Duration(3+g.rng.IntN(20)) * time.Hour).Truncate(time.Minute),
		})
	}
	for _, db := range g.inv.RDS.Instances {
		if db.ClusterID == "" {
			protect(inventory.RDSARN(p, db.Region, acct, "db", db.ID), db.Region, "RDS", 0.85)
		}
	}
	for _, t := range g.inv.DynamoDB.Tables {
		protect(inventory.TableARN(p, t.Region, acct, t.Name), t.Region, "DynamoDB", 0.8)
	}
	for _, f := range g.inv.EFS.FileSystems {
		protect(inventory.FileSystemARN(p, f.Region, acct, f.ID), f.Region, "EFS", 0.85)
	}
	for ri, n := range g.spread(g.sz.BackupVaults) {
		region := g.regions[ri]
		for i := range n {
			v := inventory.BackupVault{Resource: inventory.Resource{Region: region}, Name: "Default", RecoveryPoints: int64(g.rng.IntN(50))}
			if i > 0 {
				v.Name = fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, apps), len(g.inv.Backup.Vaults))
				v.RecoveryPoints = int64(g.rng.IntN(2000))
				v.Locked = g.chance(0.2)
				switch r := g.rng.Float64(); {
				case r < 0.02:
					v.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"}]}`
				case r < 0.6:
					v.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*",` +
						`"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::` + acct + `:role/backup-admin"}}}]}`
				}
			}
			if g.chance(0.5) {
				v.EncryptionKey = g.kmsKey(region)
			}
			g.inv.Backup.Vaults = append(g.inv.Backup.Vaults, v)
		}
	}
}
