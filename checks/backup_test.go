package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

const (
	dbARN    = "arn:aws:rds:us-east-1:111122223333:db:db1"
	tableARN = "arn:aws:dynamodb:us-east-1:111122223333:table/t1"
	fsARN    = "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1"
	vaultARN = "arn:aws:backup:us-east-1:111122223333:backup-vault:v1"
)

// recoveryPoint records that AWS Backup holds a recovery point of arn.
func recoveryPoint(arn, typ string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.Backup.ProtectedResources = append(inv.Backup.ProtectedResources, inventory.ProtectedResource{
			ARN: arn, Region: "us-east-1", Type: typ, LastBackupTime: time.Date(2025, 10, 30, 3, 0, 0, 0, time.UTC)})
	}
}

func dbInstance(set func(db *inventory.DBInstance)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		db := inventory.DBInstance{Resource: inventory.Resource{Region: "us-east-1"}, ID: "db1", Engine: "postgres"}
		if set != nil {
			set(&db)
		}
		inv.RDS.Instances = append(inv.RDS.Instances, db)
	}
}

func dynamoTable(pitr bool) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.DynamoDB.Tables = append(inv.DynamoDB.Tables, inventory.Table{Resource: inventory.Resource{Region: "us-east-1"}, Name: "t1", PointInTimeRecovery: pitr})
	}
}

func fileSystem(inv *inventory.Inventory) {
	inv.EFS.FileSystems = append(inv.EFS.FileSystems, inventory.FileSystem{Resource: inventory.Resource{Region: "us-east-1"}, ID: "fs-1"})
}

func TestBackupRDSProtected(t *testing.T) {
	runCases(t, backupRDSProtected, []statusCase{
		{"automated backups", dbInstance(func(db *inventory.DBInstance) { db.BackupRetentionPeriod = 7 }), map[string]Status{":db:db1": Pass}},
		{"AWS Backup recovery point", both(dbInstance(nil), recoveryPoint(dbARN, "RDS")), map[string]Status{":db:db1": Pass}},
		{"neither", dbInstance(nil), map[string]Status{":db:db1": Fail}},
		{"another resource's recovery point", both(dbInstance(nil), recoveryPoint("arn:aws:rds:us-east-1:111122223333:db:db2", "RDS")), map[string]Status{":db:db1": Fail}},
		{"cluster member: its cluster holds the backups", dbInstance(func(db *inventory.DBInstance) { db.ClusterID = "aurora1" }), map[string]Status{}},
		{"protected resources denied", both(dbInstance(nil), denied("backup", "us-east-1", "ListProtectedResources", "")),
			map[string]Status{":db:db1": Unknown, ":backup:us-east-1:111122223333:*": Unknown}},
		{"instances denied", denied("rds", "us-east-1", "DescribeDBInstances", ""), map[string]Status{":rds:us-east-1:111122223333:*": Unknown}},
	})
	fs := Run(account(dbInstance(nil)), []Check{backupRDSProtected}, DefaultConfig())
	if len(fs) != 1 || fs[0].ServiceModel != Container || fs[0].ResourceType != "AWS::RDS::DBInstance" {
		t.Errorf("an RDS instance sits on the container line: %+v", fs)
	}
}

func TestBackupDynamoDBProtected(t *testing.T) {
	runCases(t, backupDynamoDBProtected, []statusCase{
		{"point-in-time recovery", dynamoTable(true), map[string]Status{":table/t1": Pass}},
		{"AWS Backup recovery point", both(dynamoTable(false), recoveryPoint(tableARN, "DynamoDB")), map[string]Status{":table/t1": Pass}},
		{"neither", dynamoTable(false), map[string]Status{":table/t1": Fail}},
		{"continuous backups unreadable", both(dynamoTable(false), denied("dynamodb", "us-east-1", "DescribeContinuousBackups", tableARN)), map[string]Status{":table/t1": Unknown}},
		{"protected resources denied", both(dynamoTable(false), denied("backup", "us-east-1", "ListProtectedResources", "")),
			map[string]Status{":table/t1": Unknown, ":backup:us-east-1:111122223333:*": Unknown}},
	})
}

func TestBackupEFSProtected(t *testing.T) {
	runCases(t, backupEFSProtected, []statusCase{
		{"AWS Backup recovery point", both(fileSystem, recoveryPoint(fsARN, "EFS")), map[string]Status{"file-system/fs-1": Pass}},
		{"none", fileSystem, map[string]Status{"file-system/fs-1": Fail}},
		{"protected resources denied", both(fileSystem, denied("backup", "us-east-1", "ListProtectedResources", "")),
			map[string]Status{"file-system/fs-1": Unknown, ":backup:us-east-1:111122223333:*": Unknown}},
		{"file systems denied", denied("elasticfilesystem", "us-east-1", "DescribeFileSystems", ""), map[string]Status{":elasticfilesystem:us-east-1:111122223333:*": Unknown}},
	})
}

// A check that reads a service left out of the scan is unknown, not pass.
func TestBackupProtectedNeedsTheResourceService(t *testing.T) {
	inv := account(both(dynamoTable(false), recoveryPoint(tableARN, "DynamoDB")))
	inv.Services = []string{"backup"}
	for _, f := range Run(inv, []Check{backupDynamoDBProtected}, DefaultConfig()) {
		if f.Status != Unknown {
			t.Errorf("DynamoDB not scanned: %s is %s, want unknown", f.ResourceARN, f.Status)
		}
	}
}

func backupVault(policy string) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.Backup.Vaults = append(inv.Backup.Vaults, inventory.BackupVault{Resource: inventory.Resource{Region: "us-east-1"}, Name: "v1", Policy: policy})
	}
}

func TestBackupVaultPolicyPublicDelete(t *testing.T) {
	var cases []statusCase
	for _, pc := range policyCases("backup:DeleteRecoveryPoint") {
		doc := `{"Version":"2012-10-17","Statement":[` + pc.statement + `]}`
		cases = append(cases, statusCase{pc.name, backupVault(doc), map[string]Status{":v1": pc.want}})
	}
	doc := func(statement string) string { return `{"Version":"2012-10-17","Statement":[` + statement + `]}` }
	cases = append(cases,
		statusCase{"backup:* to everyone", backupVault(doc(`{"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"}`)), map[string]Status{":v1": Fail}},
		statusCase{"every action to everyone", backupVault(doc(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}`)), map[string]Status{":v1": Fail}},
		statusCase{"public describe only", backupVault(doc(`{"Effect":"Allow","Principal":"*","Action":"backup:DescribeBackupVault","Resource":"*"}`)), map[string]Status{":v1": Pass}},
		statusCase{"deny-only policy", backupVault(doc(`{"Effect":"Deny","Principal":"*","Action":["backup:DeleteRecoveryPoint","backup:PutBackupVaultAccessPolicy"],"Resource":"*"}`)), map[string]Status{":v1": Pass}},
		statusCase{"no policy", backupVault(""), map[string]Status{":v1": Pass}},
		statusCase{"unparsable", backupVault("{"), map[string]Status{":v1": Unknown}},
		statusCase{"policy unreadable", both(backupVault(""), denied("backup", "us-east-1", "GetBackupVaultAccessPolicy", vaultARN)), map[string]Status{":v1": Unknown}},
		statusCase{"vaults denied", denied("backup", "us-east-1", "ListBackupVaults", ""), map[string]Status{":backup:us-east-1:111122223333:*": Unknown}},
	)
	runCases(t, backupVaultPolicyPublicDelete, cases)

	fs := Run(account(backupVault(doc(`{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"}`))), []Check{backupVaultPolicyPublicDelete}, DefaultConfig())
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "backup vault v1's policy allows backup:* to everyone (statement Open)") || fs[0].Evidence["public_statements"] == nil {
		t.Errorf("finding = %+v", fs)
	}
}
