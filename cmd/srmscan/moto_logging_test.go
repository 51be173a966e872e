package main

// The CloudTrail, Config, KMS and DynamoDB collectors against moto, seeded
// by testdata/moto/seed_logging.py in a server of their own.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

type motoLoggingSeed struct {
	Account string `json:"account"`
	Keys    struct {
		Rotating, Public, Doomed string
	} `json:"keys"`
	Trails struct {
		Main, Legacy string
	} `json:"trails"`
	Tables map[string]string `json:"tables"`
}

func seedMotoLogging(t *testing.T, url string) motoLoggingSeed {
	t.Helper()
	python := requireTool(t, "python3", "the seed script is a boto3 program")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join("..", "..", "testdata", "moto", "seed_logging.py"), "--endpoint", url)
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if bytes.Contains(stderr.Bytes(), []byte("No module named 'boto3'")) && os.Getenv("CI") == "" {
			t.Skip("python3 cannot import boto3: skipping the moto suite (CI fails without it)")
		}
		t.Fatalf("seed_logging.py: %v\n%s", err, stderr.String())
	}
	var s motoLoggingSeed
	if err := json.Unmarshal(stdout.Bytes(), &s); err != nil || s.Trails.Main == "" {
		t.Fatalf("seed_logging.py printed no seed: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	return s
}

func TestMotoLogging(t *testing.T) {
	url := startMoto(t)
	seed := seedMotoLogging(t, url)
	snap := filepath.Join(t.TempDir(), "inventory.json")
	// The exit code is TestMotoScan's to check: moto's gaps elsewhere
	// (Access Analyzer) make the snapshot incomplete.
	srmscan(t, "collect", "--quiet", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1", "--out", snap)
	inv, err := inventory.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range inv.Errors {
		if slices.Contains([]string{"cloudtrail", "config", "kms", "dynamodb"}, e.Service) {
			t.Errorf("collection error: %v", e)
		}
	}

	// What moto was told, field by field.
	trails := map[string]inventory.Trail{}
	for _, tr := range inv.CloudTrail.Trails {
		trails[tr.ARN] = tr
	}
	if len(inv.CloudTrail.Trails) != 2 {
		t.Errorf("trails = %+v, want the two seeded, once each although the multi-region one is listed in both regions", inv.CloudTrail.Trails)
	}
	if m := trails[seed.Trails.Main]; !m.MultiRegion || !m.IsLogging || !m.LogFileValidation || m.KMSKeyID != seed.Keys.Rotating ||
		m.Region != "us-east-1" || len(m.EventSelectors) != 1 || len(m.EventSelectors[0].DataResources) != 1 {
		t.Errorf("main trail = %+v", m)
	}
	if l := trails[seed.Trails.Legacy]; l.MultiRegion || l.IsLogging || l.S3BucketName != "seed-access-logs" {
		t.Errorf("legacy trail = %+v", l)
	}
	recorders := map[string]inventory.ConfigRecorder{}
	for _, r := range inv.Config.Recorders {
		recorders[r.Region] = r
	}
	if r := recorders["us-east-1"]; !r.AllSupported || !r.IncludeGlobalResourceTypes || !r.Recording {
		t.Errorf("us-east-1 recorder = %+v", r)
	}
	if r := recorders["eu-west-1"]; r.AllSupported || !slices.Equal(r.ResourceTypes, []string{"AWS::EC2::Instance"}) {
		t.Errorf("eu-west-1 recorder = %+v", r)
	}
	keys := map[string]inventory.Key{}
	for _, k := range inv.KMS.Keys {
		keys[k.ARN] = k
	}
	if k := keys[seed.Keys.Rotating]; k.Manager != "CUSTOMER" || !k.RotationEnabled || !slices.Equal(k.Aliases, []string{"alias/rotating"}) || k.Policy == "" {
		t.Errorf("rotating key = %+v", k)
	}
	if k := keys[seed.Keys.Doomed]; k.State != "PendingDeletion" || k.DeletionDate.IsZero() {
		t.Errorf("doomed key = %+v", k)
	}
	tables := map[string]inventory.Table{}
	for _, tb := range inv.DynamoDB.Tables {
		tables[tb.ARN] = tb
	}
	if tb := tables[seed.Tables["seed-orders"]]; !tb.PointInTimeRecovery || tb.KMSKeyARN != seed.Keys.Rotating || tb.Tags.Get("DataClassification") != "confidential" {
		t.Errorf("orders table = %+v", tb)
	}
	if tb := tables[seed.Tables["seed-events"]]; tb.PointInTimeRecovery || tb.SSEType != "" || tb.Tags.Get("team") != "data" {
		t.Errorf("events table = %+v", tb)
	}

	// And what the checks make of it.
	fs := indexFindings(checks.Run(inv, checks.All(), checks.DefaultConfig()))
	root := inventory.AccountARN("aws", motoAccount)
	fs.expect(t, "cloudtrail-multi-region-logging", "", root, checks.Pass)
	fs.expect(t, "cloudtrail-log-file-validation", "us-east-1", seed.Trails.Main, checks.Pass)
	fs.expect(t, "cloudtrail-log-file-validation", "us-east-1", seed.Trails.Legacy, checks.Fail)
	fs.expect(t, "cloudtrail-kms-encryption", "us-east-1", seed.Trails.Main, checks.Pass)
	fs.expect(t, "cloudtrail-kms-encryption", "us-east-1", seed.Trails.Legacy, checks.Fail)
	fs.expect(t, "cloudtrail-bucket-access-logging", "us-east-1", seed.Trails.Main, checks.Pass)
	fs.expect(t, "cloudtrail-bucket-access-logging", "us-east-1", seed.Trails.Legacy, checks.Fail)
	for _, b := range []string{"seed-trail-logs", "seed-access-logs"} {
		fs.expect(t, "cloudtrail-s3-object-write-events", "us-east-1", inventory.BucketARN("aws", b), checks.Pass)
		fs.expect(t, "cloudtrail-s3-object-read-events", "us-east-1", inventory.BucketARN("aws", b), checks.Pass)
	}
	fs.expect(t, "config-recorder-all-resources", "us-east-1", inventory.ConfigRegionARN("aws", "us-east-1", motoAccount), checks.Pass)
	fs.expect(t, "config-recorder-all-resources", "eu-west-1", inventory.ConfigRegionARN("aws", "eu-west-1", motoAccount), checks.Fail)
	fs.expect(t, "kms-key-rotation-enabled", "us-east-1", seed.Keys.Rotating, checks.Pass)
	fs.expect(t, "kms-key-rotation-enabled", "us-east-1", seed.Keys.Public, checks.Fail)
	fs.expect(t, "kms-key-policy-public", "us-east-1", seed.Keys.Rotating, checks.Pass)
	fs.expect(t, "kms-key-policy-public", "us-east-1", seed.Keys.Public, checks.Fail)
	fs.expect(t, "kms-key-pending-deletion-in-use", "us-east-1", seed.Keys.Doomed, checks.Fail)
	fs.expect(t, "dynamodb-table-pitr-enabled", "us-east-1", seed.Tables["seed-orders"], checks.Pass)
	fs.expect(t, "dynamodb-table-pitr-enabled", "us-east-1", seed.Tables["seed-events"], checks.Fail)
	fs.expect(t, "dynamodb-table-sensitive-cmk", "us-east-1", seed.Tables["seed-orders"], checks.Pass)
	fs.expect(t, "dynamodb-table-sensitive-cmk", "us-east-1", seed.Tables["seed-events"], checks.Fail)
}
