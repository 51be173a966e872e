package scanner

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

const backupAccount = `
account_id: "111122223333"
regions: [us-east-1, eu-west-1]
backup:
  protected_resources:
    - {region: us-east-1, arn: "arn:aws:rds:us-east-1:111122223333:db:orders", type: RDS, last_backup_time: 2025-10-30T03:00:00Z}
    - {region: us-east-1, arn: "arn:aws:dynamodb:us-east-1:111122223333:table/carts", type: DynamoDB, last_backup_time: 2025-10-30T04:00:00Z}
    - {region: eu-west-1, arn: "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0", type: EFS, last_backup_time: 2025-10-29T05:00:00Z}
  vaults:
    - {region: us-east-1, name: Default, recovery_points: 12}
    - {region: us-east-1, name: prod-vault, recovery_points: 40, locked: true, encryption_key_arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
       policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}'}
    - {region: eu-west-1, name: eu-vault, recovery_points: 3,
       policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"}]}'}
`

func parseBackup(t *testing.T) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.ParseAccount([]byte(backupAccount))
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func assertBackupEqual(t *testing.T, got, want inventory.Backup) {
	t.Helper()
	byARN := func(a, b inventory.Resource) int { return compareStrings(a.ARN, b.ARN) }
	sortBackup(&inventory.Inventory{Backup: got}, byARN)
	sortBackup(&inventory.Inventory{Backup: want}, byARN)
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) != string(w) {
		t.Errorf("collected AWS Backup differs from the account served\n got: %s\nwant: %s", g, w)
	}
}

func backupErrors(inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range inv.Errors {
		if e.Service == "backup" {
			out = append(out, e)
		}
	}
	return out
}

// PageSize 1 makes every listing page, so the round trip proves the
// tokens are followed; a vault without a policy (ResourceNotFound) is no
// error.
func TestBackupRoundTrip(t *testing.T) {
	acct := parseBackup(t)
	inv, srv := scanAccount(t, acct, emulator.Options{PageSize: 1}, Options{Regions: acct.Regions})
	if errs := backupErrors(inv); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	assertBackupEqual(t, inv.Backup, acct.Backup)
	for _, c := range []struct {
		op, region string
		want       int
	}{
		{"ListProtectedResources", "us-east-1", 2},
		{"ListProtectedResources", "eu-west-1", 1},
		{"ListBackupVaults", "us-east-1", 2},
		{"ListBackupVaults", "eu-west-1", 1},
		{"GetBackupVaultAccessPolicy", "us-east-1", 2},
		{"GetBackupVaultAccessPolicy", "eu-west-1", 1},
	} {
		if got := callsOf(srv, "backup", c.op)[c.region]; got != c.want {
			t.Errorf("backup:%s in %s: %d calls, want %d", c.op, c.region, got, c.want)
		}
	}
}

func TestBackupFailedOperations(t *testing.T) {
	acct := parseBackup(t)
	vaultARN := inventory.BackupVaultARN("aws", "eu-west-1", "111122223333", "eu-vault")
	for _, tc := range []struct {
		name string
		rule emulator.Rule
		want inventory.CollectionError
		lost func(b *inventory.Backup)
	}{{
		name: "protected resources denied in one region",
		rule: emulator.Rule{Service: "backup", Operation: "ListProtectedResources", Region: "us-east-1"},
		want: inventory.CollectionError{Service: "backup", Region: "us-east-1", Operation: "ListProtectedResources",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(b *inventory.Backup) {
			b.ProtectedResources = slices.DeleteFunc(b.ProtectedResources, func(p inventory.ProtectedResource) bool { return p.Region == "us-east-1" })
		},
	}, {
		name: "vaults denied in one region",
		rule: emulator.Rule{Service: "backup", Operation: "ListBackupVaults", Region: "eu-west-1"},
		want: inventory.CollectionError{Service: "backup", Region: "eu-west-1", Operation: "ListBackupVaults",
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(b *inventory.Backup) {
			b.Vaults = slices.DeleteFunc(b.Vaults, func(v inventory.BackupVault) bool { return v.Region == "eu-west-1" })
		},
	}, {
		name: "one vault's policy denied",
		rule: emulator.Rule{Service: "backup", Operation: "GetBackupVaultAccessPolicy", Resource: "eu-vault"},
		want: inventory.CollectionError{Service: "backup", Region: "eu-west-1", Operation: "GetBackupVaultAccessPolicy", ResourceARN: vaultARN,
			Kind: inventory.ErrAccessDenied, Code: "AccessDeniedException"},
		lost: func(b *inventory.Backup) {
			for i := range b.Vaults {
				if b.Vaults[i].ARN == vaultARN {
					b.Vaults[i].Policy = ""
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			inv, _ := scanAccount(t, acct, emulator.Options{Deny: []emulator.Rule{tc.rule}}, Options{Regions: acct.Regions})
			assertOneError(t, backupErrors(inv), tc.want)
			want := acct.Backup
			want.ProtectedResources = slices.Clone(want.ProtectedResources)
			want.Vaults = slices.Clone(want.Vaults)
			tc.lost(&want)
			assertBackupEqual(t, inv.Backup, want)
		})
	}
}
