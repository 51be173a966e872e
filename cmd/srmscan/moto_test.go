package main

// The moto suite runs the built binary against moto
// (https://github.com/getmoto/moto), an AWS emulator written by others from
// AWS's service models. srmscan's own emulator (internal/emulator) was
// written by us and shares any misreading of the wire format with our
// collectors; moto does not, so a collector that agrees with both is far
// more likely to agree with AWS.
//
// moto_server must be on PATH and python3 must import boto3 (the seed
// script is a boto3 program). Without them the suite skips, unless CI is
// set, in which case it fails: CI must not pass by skipping it.
//
// Where moto diverges from AWS, the test works around it with a comment
// naming the divergence (search for "moto 5.2.1").

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

// motoAccount is the account moto serves when MOTO_ACCOUNT_ID is not set.
const motoAccount = "123456789012"

var motoRegions = []string{"eu-west-1", "us-east-1"} // sorted, as the report lists them

// motoGap is an operation srmscan calls that moto does not implement (or
// implements differently from AWS), so that the scan records it as failed.
type motoGap struct {
	service, region, operation string
}

// motoGaps lists the collection errors a scan of moto is expected to
// record, each with the moto shortcoming it comes from. Anything else in
// scan.collection_errors fails the test.
var motoGaps = []motoGap{
	// moto 5.2.1 does not implement IAM Access Analyzer: it answers every
	// request with a 500 and an HTML page. The scans keep the default
	// --max-attempts: an HTML page is retried once, not ten times.
	{"access-analyzer", "eu-west-1", "ListAnalyzers"},
	{"access-analyzer", "us-east-1", "ListAnalyzers"},
	// moto 5.2.1 has no SSM Agent and does not implement
	// DescribeInstanceInformation or GetServiceSetting (nor
	// DescribeInstancePatchStates, which srmscan calls only for managed
	// nodes, so never here): each answers a 500 with an HTML page. The
	// EC2 patch checks then judge from the tags and say Systems Manager
	// could not be read; the checks that need these reads are unknown.
	{"ssm", "eu-west-1", "DescribeInstanceInformation"},
	{"ssm", "us-east-1", "DescribeInstanceInformation"},
	{"ssm", "eu-west-1", "GetServiceSetting"},
	{"ssm", "us-east-1", "GetServiceSetting"},
	// moto 5.2.1 has GetFunctionUrlConfig but no ListFunctionUrlConfigs:
	// GET /2021-10-31/functions/{name}/urls is an HTML 404, one per
	// function, so lambda-function-url-public is unknown.
	{"lambda", "eu-west-1", "ListFunctionUrlConfigs"},
	{"lambda", "us-east-1", "ListFunctionUrlConfigs"},
	// moto 5.2.1's Elastic Beanstalk serves DescribeEnvironments and
	// little else: DescribeConfigurationSettings and
	// DescribePlatformVersion answer a 500 HTML page, and the PlatformArn
	// it gives every environment is "TODO". The seeded environment is
	// collected; every Elastic Beanstalk check on it is unknown.
	{"elasticbeanstalk", "us-east-1", "DescribeConfigurationSettings"},
	{"elasticbeanstalk", "us-east-1", "DescribePlatformVersion"},
	// moto 5.2.1's AWS Backup serves vaults and plans but not
	// ListProtectedResources or GetBackupVaultAccessPolicy (an HTML 404),
	// and runs no backup jobs: the vaults are collected, and every backup
	// check is unknown.
	{"backup", "eu-west-1", "ListProtectedResources"},
	{"backup", "us-east-1", "ListProtectedResources"},
	{"backup", "us-east-1", "GetBackupVaultAccessPolicy"},
}

// lockedBuffer collects a child process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// tail returns the last n lines written.
func (l *lockedBuffer) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := strings.Split(strings.TrimRight(l.b.String(), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[... %d earlier lines]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// requireTool finds a program the suite needs: a local run without it
// skips, CI fails.
func requireTool(t *testing.T, name, why string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not on PATH, and CI is set: the moto suite must run in CI (%s)", name, why)
	}
	t.Skipf("%s is not on PATH: skipping the moto suite (%s; CI fails without it)", name, why)
	return ""
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before moto_server binds it; startMoto then tries another.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startMoto starts a moto_server on a free loopback port, waits until it
// answers and returns its URL. It is killed when the test ends, and its
// output is logged if the test failed.
func startMoto(t *testing.T) string {
	t.Helper()
	motoServer := requireTool(t, "moto_server", "pip install 'moto[server]'")
	out := &lockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("moto_server output (last lines):\n%s", out.tail(60))
		}
	})
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		cmd := exec.Command(motoServer, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
		// MOTO_ACCOUNT_ID would change the account moto serves.
		cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "MOTO_ACCOUNT_ID=") })
		// moto 5.2.1 ignores OwnerIds in DescribeSnapshots, so with its
		// built-in AMI catalogue loaded, DescribeSnapshots(OwnerIds=self)
		// returns ~1,170 snapshots per region owned by Amazon's accounts,
		// where AWS returns only the caller's. Without the catalogue the
		// only snapshots are the account's own; seed.py registers the AMI
		// its instances run.
		cmd.Env = append(cmd.Env, "MOTO_EC2_LOAD_DEFAULT_AMIS=false")
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting moto_server: %v", err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		stop := func() {
			cmd.Process.Kill()
			<-exited
		}
		url := fmt.Sprintf("http://127.0.0.1:%d", port)
		if lastErr = waitForMoto(url, exited); lastErr == nil {
			t.Cleanup(stop)
			return url
		}
		stop()
	}
	t.Fatalf("moto_server did not start: %v", lastErr)
	return ""
}

// waitForMoto polls moto's own API until it answers, for at most 30s.
func waitForMoto(url string, exited <-chan error) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("moto_server exited: %v", err)
		default:
		}
		if resp, err := client.Get(url + "/moto-api/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("no answer from %s within 30s", url)
}

// motoSeed is what testdata/moto/seed.py created, as it prints it.
type motoSeed struct {
	Account string                    `json:"account"`
	Regions map[string]motoSeedRegion `json:"regions"`
	Buckets map[string]struct {
		Region            string `json:"region"`
		PublicAccessBlock string `json:"public_access_block"` // full, partial or none
		Encryption        string `json:"encryption"`          // algorithm, or empty
	} `json:"buckets"`
	// PolicyBuckets have a bucket policy each, public or not by one rule
	// of S3's "meaning of public".
	PolicyBuckets map[string]struct {
		Public bool `json:"public"`
	} `json:"policy_buckets"`
	AccountPublicAccessBlock map[string]bool `json:"account_public_access_block"`
	IAM                      struct {
		ConsoleUser motoIdentity `json:"console_user"`
		KeysUser    motoIdentity `json:"keys_user"`
		Group       motoIdentity `json:"group"`
		Role        motoIdentity `json:"role"`
		Policy      struct {
			motoIdentity
			DefaultVersion string `json:"default_version"`
		} `json:"managed_policy"`
	} `json:"iam"`
	Services struct {
		Region          string       `json:"region"`
		DBGood          motoIdentity `json:"db_good"`
		DBBad           motoIdentity `json:"db_bad"`
		SnapshotPrivate string       `json:"snapshot_private"`
		SnapshotPublic  string       `json:"snapshot_public"`
		ClusterGood     motoIdentity `json:"cluster_good"`
		ClusterBad      motoIdentity `json:"cluster_bad"`
		ClusterSnapPriv string       `json:"cluster_snapshot_private"`
		ClusterSnapPub  string       `json:"cluster_snapshot_public"`
		FSEncrypted     string       `json:"fs_encrypted"`
		FSPlain         string       `json:"fs_plain"`
		Detector        string       `json:"detector"`
	} `json:"services"`
	// Messaging holds SQS queues and SNS topics by name.
	Messaging struct {
		Queues map[string]motoSeedMessaging `json:"queues"`
		Topics map[string]motoSeedMessaging `json:"topics"`
	} `json:"messaging"`
	EMR struct {
		Region   string `json:"region"`
		Clusters map[string]struct {
			ARN       string `json:"arn"`
			Active    bool   `json:"active"`
			AtRest    bool   `json:"at_rest"`
			InTransit bool   `json:"in_transit"`
			Reachable bool   `json:"reachable"`
		} `json:"clusters"`
	} `json:"emr"`
	// SSMDocuments are the Systems Manager documents by name.
	SSMDocuments map[string]struct {
		Region string `json:"region"`
		Public bool   `json:"public"`
	} `json:"ssm_documents"`
	// Serverless holds Lambda functions and ECR repositories by name.
	Serverless struct {
		Functions    map[string]motoSeedFailing `json:"functions"`
		Repositories map[string]motoSeedFailing `json:"repositories"`
	} `json:"serverless"`
	// Platforms are the EKS and Elastic Beanstalk resources, by ARN.
	Platforms struct {
		Region        string `json:"region"`
		ClusterGood   string `json:"cluster_good"`
		ClusterBad    string `json:"cluster_bad"`
		NodeGroupGood string `json:"nodegroup_good"`
		NodeGroupBad  string `json:"nodegroup_bad"`
		Environment   string `json:"environment"`
	} `json:"platforms"`
	// ECS is seeded in one region: a hardened and a failing task
	// definition, a public Fargate and a private EC2 service, and one
	// container instance.
	ECS struct {
		Region               string `json:"region"`
		TaskDefinitionGood   string `json:"task_definition_good"`
		TaskDefinitionBad    string `json:"task_definition_bad"`
		ServicePublic        string `json:"service_public"`
		ServicePrivate       string `json:"service_private"`
		ContainerInstance    string `json:"container_instance"`
		ContainerInstanceEC2 string `json:"container_instance_ec2"`
	} `json:"ecs"`
	// ELB holds the load balancers and ACM certificates of seed_elb.
	ELB struct {
		Region        string `json:"region"`
		LoadBalancers map[string]struct {
			ARN  string `json:"arn"`
			Good bool   `json:"good"`
		} `json:"load_balancers"`
		Classic struct {
			ARN string `json:"arn"`
		} `json:"classic"`
		Certificates map[string]struct {
			ARN  string `json:"arn"`
			Good bool   `json:"good"`
		} `json:"certificates"`
	} `json:"elb"`
	// CloudFront holds the distributions of seed_cloudfront by name.
	CloudFront map[string]struct {
		ID   string `json:"id"`
		ARN  string `json:"arn"`
		Good bool   `json:"good"`
	} `json:"cloudfront"`
	// Backup holds the AWS Backup vaults of seed_backup by name.
	Backup struct {
		Vaults map[string]struct {
			ARN    string `json:"arn"`
			Region string `json:"region"`
		} `json:"vaults"`
	} `json:"backup"`
	// SecretsCache holds Secrets Manager secrets and ElastiCache caches by
	// name.
	SecretsCache struct {
		Secrets map[string]struct {
			ARN     string `json:"arn"`
			Region  string `json:"region"`
			Rotated bool   `json:"rotated"`
			Public  bool   `json:"public"`
		} `json:"secrets"`
		ReplicationGroups map[string]struct {
			ARN    string `json:"arn"`
			Region string `json:"region"`
			Secure bool   `json:"secure"`
		} `json:"replication_groups"`
		Clusters map[string]struct {
			ARN       string `json:"arn"`
			Region    string `json:"region"`
			Transit   bool   `json:"transit"`
			AutoMinor bool   `json:"auto_minor"`
		} `json:"clusters"`
	} `json:"secrets_cache"`
	// Redshift holds the clusters of seed_redshift by identifier.
	Redshift map[string]struct {
		ARN    string `json:"arn"`
		Region string `json:"region"`
		Secure bool   `json:"secure"`
	} `json:"redshift"`
	// OpenSearch holds the domains of seed_opensearch by name.
	OpenSearch map[string]struct {
		ARN    string `json:"arn"`
		Region string `json:"region"`
		Secure bool   `json:"secure"`
	} `json:"opensearch"`
	// APIGateway holds seed_apigateway's REST and HTTP APIs by name; Good
	// ones meet every duty, the others fail them all.
	APIGateway struct {
		Rest map[string]motoSeedAPI `json:"rest"`
		HTTP map[string]motoSeedAPI `json:"http"`
	} `json:"apigateway"`
}

type motoSeedAPI struct {
	ARN      string `json:"arn"`
	StageARN string `json:"stage_arn"`
	Region   string `json:"region"`
	Good     bool   `json:"good"`
}

// motoSeedFailing is a resource seeded to fail every check of its
// service, or to pass them all.
type motoSeedFailing struct {
	ARN    string `json:"arn"`
	Region string `json:"region"`
	Fails  bool   `json:"fails"`
}

type motoSeedMessaging struct {
	ARN       string `json:"arn"`
	Region    string `json:"region"`
	Public    bool   `json:"public"`
	Encrypted bool   `json:"encrypted"`
}

type motoSeedRegion struct {
	Image                  string `json:"image"`
	VPC                    string `json:"vpc"`
	Subnet                 string `json:"subnet"`
	SGOpen                 string `json:"sg_open"`
	SGClosed               string `json:"sg_closed"`
	InstanceIMDSRequired   string `json:"instance_imds_required"`
	InstanceIMDSOptional   string `json:"instance_imds_optional"`
	InstanceTagged         string `json:"instance_tagged"`
	InstanceUntagged       string `json:"instance_untagged"`
	LastPatched            string `json:"last_patched"`
	VolumeUnencrypted      string `json:"volume_unencrypted"`
	VolumeEncrypted        string `json:"volume_encrypted"`
	EBSEncryptionByDefault bool   `json:"ebs_encryption_by_default"`
}

type motoIdentity struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
}

// seedMoto runs testdata/moto/seed.py against the server.
func seedMoto(t *testing.T, url string) motoSeed {
	t.Helper()
	python := requireTool(t, "python3", "the seed script is a boto3 program")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join("..", "..", "testdata", "moto", "seed.py"), "--endpoint", url)
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if strings.Contains(stderr.String(), "No module named 'boto3'") && os.Getenv("CI") == "" {
			t.Skip("python3 cannot import boto3: skipping the moto suite (CI fails without it)")
		}
		t.Fatalf("seed.py: %v\n%s", err, stderr.String())
	}
	var s motoSeed
	if err := json.Unmarshal(stdout.Bytes(), &s); err != nil {
		t.Fatalf("seed.py printed no JSON: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	for _, region := range motoRegions {
		if s.Regions[region].SGOpen == "" {
			t.Fatalf("seed.py did not seed %s: %s", region, stdout.String())
		}
	}
	return s
}

// motoFindings indexes a report's findings by check and resource.
type motoFindings map[string]checks.Finding

func indexFindings(fs []checks.Finding) motoFindings {
	m := motoFindings{}
	for _, f := range fs {
		m[f.CheckID+" "+f.ResourceARN] = f
	}
	return m
}

// gapCovers reports whether an expected moto gap makes the check's result
// in region unknown.
func gapCovers(checkID, region string) bool {
	for _, c := range checks.All() {
		if c.ID != checkID {
			continue
		}
		for _, g := range motoGaps {
			if (g.region == "" || g.region == region) && slices.Contains(c.Needs, checks.Operation{Service: g.service, Name: g.operation}) {
				return true
			}
		}
	}
	return false
}

// expect asserts the finding of check on arn has the status seeded, or
// unknown when a documented moto gap keeps srmscan from reading it.
func (m motoFindings) expect(t *testing.T, checkID, region, arn string, want checks.Status) {
	t.Helper()
	if gapCovers(checkID, region) {
		want = checks.Unknown
	}
	f, ok := m[checkID+" "+arn]
	switch {
	case !ok:
		t.Errorf("%s: no finding for %s", checkID, arn)
	case f.Status != want:
		t.Errorf("%s on %s: %s (%s), want %s", checkID, arn, f.Status, f.Message, want)
	case f.Region != region:
		t.Errorf("%s on %s: region %q, want %q", checkID, arn, f.Region, region)
	case f.AccountID != motoAccount:
		t.Errorf("%s on %s: account %q, want %q", checkID, arn, f.AccountID, motoAccount)
	}
}

func TestMotoScan(t *testing.T) {
	url := startMoto(t)
	seed := seedMoto(t, url)
	if seed.Account != motoAccount {
		t.Fatalf("moto serves account %q, want its default %q", seed.Account, motoAccount)
	}

	dir := t.TempDir()
	start := time.Now()
	res := srmscan(t, "scan", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1",
		"--out", filepath.Join(dir, "scan"), "--fail-on", "none")
	t.Logf("scan of moto took %s", time.Since(start).Round(time.Millisecond))
	wantCode := report.ExitOK
	if len(motoGaps) > 0 {
		wantCode = report.ExitIncomplete
	}
	if res.code != wantCode {
		t.Errorf("scan exit %d, want %d\n%s", res.code, wantCode, res.stderr)
	}
	r, _ := readReport(t, filepath.Join(dir, "scan"))

	// STS: the identity is moto's.
	if r.Scan.AccountID != motoAccount || r.Scan.Partition != "aws" || !strings.HasPrefix(r.Scan.CallerARN, "arn:aws:sts::"+motoAccount+":") {
		t.Errorf("identity = account %q, partition %q, caller %q; want moto's %s", r.Scan.AccountID, r.Scan.Partition, r.Scan.CallerARN, motoAccount)
	}
	if !reflect.DeepEqual(r.Scan.Regions, motoRegions) {
		t.Errorf("regions = %v, want %v", r.Scan.Regions, motoRegions)
	}

	// Every collection error is a documented moto gap, and every gap shows.
	var got, want []string
	for _, e := range r.Scan.CollectionErrors {
		got = append(got, e.Service+":"+e.Operation+"@"+e.Region)
	}
	for _, g := range motoGaps {
		want = append(want, g.service+":"+g.operation+"@"+g.region)
	}
	sort.Strings(got)
	sort.Strings(want)
	got, want = slices.Compact(got), slices.Compact(want)
	if !slices.Equal(got, want) {
		t.Errorf("collection errors %v, want exactly the moto gaps %v", got, want)
		for _, e := range r.Scan.CollectionErrors {
			t.Logf("  %v", e)
		}
	}
	// An HTML page is not retried to the end of the budget: at most one
	// retry per call.
	if n := r.Scan.APICalls["AccessAnalyzer:ListAnalyzers"]; n > 2*len(motoRegions) {
		t.Errorf("ListAnalyzers sent %d times in %d regions: an HTML 500 is retried at most once", n, len(motoRegions))
	}
	if r.Scan.Complete != (len(motoGaps) == 0) {
		t.Errorf("complete = %v with %d collection errors", r.Scan.Complete, len(r.Scan.CollectionErrors))
	}

	fs := indexFindings(r.Findings)

	// S3: buckets in both regions, each read from its own region. moto
	// 5.2.1 leaves BucketRegion out of ListBuckets even when MaxBuckets is
	// given (AWS includes it), so this exercises srmscan's fallback to
	// GetBucketLocation; either way every bucket must land in its region.
	for name, b := range seed.Buckets {
		status := checks.Fail
		if b.PublicAccessBlock == "full" {
			status = checks.Pass
		}
		fs.expect(t, "s3-bucket-public-access-block", b.Region, inventory.BucketARN("aws", name), status)
	}

	// Bucket policies: srmscan's reading of each is the verdict, since
	// moto 5.2.1 has none of its own (GetBucketPolicyStatus answers an
	// empty PolicyStatus) and the account's RestrictPublicBuckets is off.
	if len(seed.PolicyBuckets) < 10 {
		t.Errorf("seed.py seeded %d policy buckets, want one per rule", len(seed.PolicyBuckets))
	}
	for name, b := range seed.PolicyBuckets {
		status := checks.Pass
		if b.Public {
			status = checks.Fail
		}
		fs.expect(t, "s3-bucket-public-policy", "us-east-1", inventory.BucketARN("aws", name), status)
	}
	for name := range seed.Buckets {
		fs.expect(t, "s3-bucket-public-policy", seed.Buckets[name].Region, inventory.BucketARN("aws", name), checks.Pass)
	}

	// EC2, VPC and EBS, per region.
	for _, region := range motoRegions {
		s := seed.Regions[region]
		arn := func(kind, id string) string { return inventory.EC2ARN("aws", region, motoAccount, kind, id) }
		fs.expect(t, "ec2-sg-admin-ports-public", region, arn("security-group", s.SGOpen), checks.Fail)
		fs.expect(t, "ec2-sg-admin-ports-public", region, arn("security-group", s.SGClosed), checks.Pass)
		fs.expect(t, "ec2-instance-imdsv2-required", region, arn("instance", s.InstanceIMDSRequired), checks.Pass)
		fs.expect(t, "ec2-instance-imdsv2-required", region, arn("instance", s.InstanceIMDSOptional), checks.Fail)
		fs.expect(t, "ec2-instance-patch-group", region, arn("instance", s.InstanceTagged), checks.Pass)
		fs.expect(t, "ec2-instance-patch-group", region, arn("instance", s.InstanceUntagged), checks.Fail)
		fs.expect(t, "ec2-instance-patched-recently", region, arn("instance", s.InstanceTagged), checks.Pass)
		fs.expect(t, "ec2-instance-patched-recently", region, arn("instance", s.InstanceUntagged), checks.Fail)
		// Systems Manager could not be read (see motoGaps): the tags
		// decided, and the findings say so.
		for _, id := range []string{"ec2-instance-patch-group", "ec2-instance-patched-recently"} {
			for _, inst := range []string{s.InstanceTagged, s.InstanceUntagged} {
				f := fs[id+" "+arn("instance", inst)]
				if f.Evidence["source"] != "tags" || f.Evidence["ssm_error"] == nil || !strings.Contains(f.Message, "Systems Manager could not be read") {
					t.Errorf("%s on %s: evidence %v, message %q; want tags deciding, naming the SSM failure", id, inst, f.Evidence, f.Message)
				}
			}
		}
		fs.expect(t, "ssm-instance-managed", region, arn("instance", s.InstanceTagged), checks.Unknown)
		fs.expect(t, "ebs-volume-unencrypted", region, arn("volume", s.VolumeUnencrypted), checks.Fail)
		fs.expect(t, "ebs-volume-unencrypted", region, arn("volume", s.VolumeEncrypted), checks.Pass)
		ebsDefault := checks.Fail
		if s.EBSEncryptionByDefault {
			ebsDefault = checks.Pass
		}
		fs.expect(t, "ebs-encryption-by-default", region, inventory.RegionSettingsARN("aws", region, motoAccount), ebsDefault)
	}
	if seed.Regions["us-east-1"].EBSEncryptionByDefault == seed.Regions["eu-west-1"].EBSEncryptionByDefault {
		t.Error("seed.py should turn EBS encryption by default on in exactly one region")
	}

	// IAM: the console user without MFA fails; a user with only access
	// keys has no console, so the check says nothing about it.
	fs.expect(t, "iam-user-console-no-mfa", "", seed.IAM.ConsoleUser.ARN, checks.Fail)
	if f, ok := fs["iam-user-console-no-mfa "+seed.IAM.KeysUser.ARN]; ok {
		t.Errorf("iam-user-console-no-mfa judged %s, which has no password: %+v", seed.IAM.KeysUser.Name, f)
	}

	// RDS, EFS, GuardDuty and Security Hub: seeded in one region, each
	// setting once each way, the security services on there only.
	sv := seed.Services
	for _, id := range []string{"rds-instance-unencrypted", "rds-instance-auto-minor-upgrade", "rds-instance-public",
		"rds-instance-backup-retention", "rds-instance-deletion-protection"} {
		fs.expect(t, id, sv.Region, sv.DBGood.ARN, checks.Pass)
		fs.expect(t, id, sv.Region, sv.DBBad.ARN, checks.Fail)
	}
	fs.expect(t, "rds-snapshot-public", sv.Region, sv.SnapshotPrivate, checks.Pass)
	fs.expect(t, "rds-snapshot-public", sv.Region, sv.SnapshotPublic, checks.Fail)
	// Aurora: moto 5.2.1 keeps every cluster setting the checks read,
	// lists members, and serves cluster snapshots with their restore
	// attribute. Its gaps: KmsKeyId is the placeholder "default_kms_key_id"
	// (on unencrypted clusters too) rather than a key ARN, and
	// AutoMinorVersionUpgrade is always given at cluster level, where AWS
	// omits it on older Aurora clusters (the emulator covers that case).
	for _, id := range []string{"rds-cluster-unencrypted", "rds-cluster-auto-minor-upgrade", "rds-cluster-backup-retention",
		"rds-cluster-deletion-protection", "rds-cluster-iam-auth"} {
		fs.expect(t, id, sv.Region, sv.ClusterGood.ARN, checks.Pass)
		fs.expect(t, id, sv.Region, sv.ClusterBad.ARN, checks.Fail)
	}
	for _, id := range []string{"rds-cluster-snapshot-public", "rds-cluster-snapshot-unencrypted"} {
		fs.expect(t, id, sv.Region, sv.ClusterSnapPriv, checks.Pass)
		fs.expect(t, id, sv.Region, sv.ClusterSnapPub, checks.Fail)
	}
	// The members are judged on their clusters, not as instances.
	for _, f := range r.Findings {
		if f.CheckID == "rds-instance-unencrypted" && strings.Contains(f.ResourceARN, "-cluster-1") {
			t.Errorf("rds-instance-unencrypted judged cluster member %s: %s", f.ResourceARN, f.Message)
		}
	}
	fs.expect(t, "efs-file-system-unencrypted", sv.Region, sv.FSEncrypted, checks.Pass)
	fs.expect(t, "efs-file-system-unencrypted", sv.Region, sv.FSPlain, checks.Fail)
	for _, region := range motoRegions {
		want := checks.Fail
		if region == sv.Region {
			want = checks.Pass
		}
		fs.expect(t, "guardduty-enabled", region, inventory.ServiceSettingsARN("aws", "guardduty", region, motoAccount), want)
		fs.expect(t, "securityhub-enabled", region, inventory.HubARN("aws", region, motoAccount), want)
	}

	// SQS and SNS: each queue and topic judged public and encrypted as
	// seeded, the queues read from both regions.
	passIf := func(ok bool) checks.Status {
		if ok {
			return checks.Pass
		}
		return checks.Fail
	}
	if len(seed.Messaging.Queues) < 3 || len(seed.Messaging.Topics) < 2 {
		t.Errorf("seed.py seeded %d queues and %d topics, want 3 and 2", len(seed.Messaging.Queues), len(seed.Messaging.Topics))
	}
	for _, q := range seed.Messaging.Queues {
		fs.expect(t, "sqs-queue-policy-public", q.Region, q.ARN, passIf(!q.Public))
		fs.expect(t, "sqs-queue-encrypted", q.Region, q.ARN, passIf(q.Encrypted))
	}
	for _, tp := range seed.Messaging.Topics {
		fs.expect(t, "sns-topic-policy-public", tp.Region, tp.ARN, passIf(!tp.Public))
		fs.expect(t, "sns-topic-kms-encrypted", tp.Region, tp.ARN, passIf(tp.Encrypted))
	}

	// EMR: block public access on in every region (moto 5.2.1 keeps one
	// configuration for all regions, and seed.py put it in one); each
	// active cluster judged once, in its own region, on its security
	// configuration and primary-node group, every primary node public
	// (moto gives all one public DNS name); the terminated cluster not
	// read at all.
	for _, region := range motoRegions {
		fs.expect(t, "emr-block-public-access", region, inventory.ServiceSettingsARN("aws", "elasticmapreduce", region, motoAccount), checks.Pass)
	}
	if len(seed.EMR.Clusters) < 4 {
		t.Errorf("seed.py seeded %d EMR clusters, want 4", len(seed.EMR.Clusters))
	}
	for name, c := range seed.EMR.Clusters {
		if !c.Active {
			for _, f := range r.Findings {
				if f.ResourceARN == c.ARN {
					t.Errorf("%s judged terminated cluster %s: %s", f.CheckID, name, f.Message)
				}
			}
			continue
		}
		fs.expect(t, "emr-cluster-encryption-at-rest", seed.EMR.Region, c.ARN, passIf(c.AtRest))
		fs.expect(t, "emr-cluster-encryption-in-transit", seed.EMR.Region, c.ARN, passIf(c.InTransit))
		fs.expect(t, "emr-primary-node-public-ip", seed.EMR.Region, c.ARN, checks.Fail)
		fs.expect(t, "emr-primary-node-internet-reachable", seed.EMR.Region, c.ARN, passIf(!c.Reachable))
	}

	// Systems Manager documents: moto keeps their sharing.
	if len(seed.SSMDocuments) < 3 {
		t.Errorf("seed.py seeded %d SSM documents, want 3", len(seed.SSMDocuments))
	}
	for name, d := range seed.SSMDocuments {
		fs.expect(t, "ssm-document-public", d.Region, inventory.SSMDocumentARN("aws", d.Region, motoAccount, name), passIf(!d.Public))
	}

	// Lambda and ECR: each function and repository fails every check or
	// passes them all, as seeded; moto keeps a function's environment
	// values, and the report must not.
	if len(seed.Serverless.Functions) < 3 || len(seed.Serverless.Repositories) < 3 {
		t.Errorf("seed.py seeded %d functions and %d repositories, want 3 and 3", len(seed.Serverless.Functions), len(seed.Serverless.Repositories))
	}
	for _, f := range seed.Serverless.Functions {
		for _, id := range []string{"lambda-function-policy-public", "lambda-function-url-public", "lambda-runtime-deprecated",
			"lambda-environment-secrets", "lambda-execution-role-admin"} {
			fs.expect(t, id, f.Region, f.ARN, passIf(!f.Fails))
		}
	}
	for _, rp := range seed.Serverless.Repositories {
		for _, id := range []string{"ecr-image-scanning", "ecr-tag-immutability", "ecr-repository-policy-public", "ecr-lifecycle-policy"} {
			fs.expect(t, id, rp.Region, rp.ARN, passIf(!rp.Fails))
		}
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "scan", "report.json")); err != nil || bytes.Contains(raw, []byte("hunter2")) || bytes.Contains(raw, []byte("AKIAIOSFODNN7EXAMPLE")) {
		t.Errorf("the report holds a Lambda environment value (or could not be read: %v)", err)
	}

	// EKS: moto 5.2.1 keeps every cluster and node group setting the
	// checks read (endpoint access and CIDRs, log types, secrets key,
	// versions, AMI type and release), each seeded once each way.
	pl := seed.Platforms
	for _, id := range []string{"eks-cluster-endpoint-public", "eks-cluster-control-plane-logging", "eks-cluster-version-supported", "eks-cluster-secrets-encryption"} {
		fs.expect(t, id, pl.Region, pl.ClusterGood, checks.Pass)
		fs.expect(t, id, pl.Region, pl.ClusterBad, checks.Fail)
	}
	for _, id := range []string{"eks-nodegroup-version-skew", "eks-nodegroup-ami-outdated"} {
		fs.expect(t, id, pl.Region, pl.NodeGroupGood, checks.Pass)
		fs.expect(t, id, pl.Region, pl.NodeGroupBad, checks.Fail)
	}
	// Elastic Beanstalk: unknown on the environment, through the gaps.
	for _, id := range []string{"elasticbeanstalk-managed-updates", "elasticbeanstalk-platform-supported", "elasticbeanstalk-enhanced-health", "elasticbeanstalk-logs-to-cloudwatch"} {
		fs.expect(t, id, pl.Region, pl.Environment, checks.Unknown)
	}

	// ECS: moto 5.2.1 serves every operation the collector calls
	// (clusters, services, task definitions, container instances), but
	// pages none of them and never sets agentUpdateStatus; its container
	// instances always report agent 1.0.0, which the agent check fails.
	// Each finding sits under the model its launch type gives it.
	e := seed.ECS
	for _, id := range []string{"ecs-task-definition-privileged", "ecs-task-definition-host-namespaces", "ecs-task-definition-root-user",
		"ecs-task-definition-writable-root", "ecs-task-definition-environment-secrets", "ecs-task-definition-logging"} {
		fs.expect(t, id, e.Region, e.TaskDefinitionGood, checks.Pass)
		fs.expect(t, id, e.Region, e.TaskDefinitionBad, checks.Fail)
	}
	fs.expect(t, "ecs-service-public-ip", e.Region, e.ServicePublic, checks.Fail)
	fs.expect(t, "ecs-service-public-ip", e.Region, e.ServicePrivate, checks.Pass)
	fs.expect(t, "ecs-container-instance-agent-outdated", e.Region, e.ContainerInstance, checks.Fail)
	for key, want := range map[string]checks.ServiceModel{
		"ecs-service-public-ip " + e.ServicePublic:                        checks.Abstracted,
		"ecs-service-public-ip " + e.ServicePrivate:                       checks.Container,
		"ecs-task-definition-logging " + e.TaskDefinitionGood:             checks.Abstracted,
		"ecs-task-definition-logging " + e.TaskDefinitionBad:              checks.Container,
		"ecs-container-instance-agent-outdated " + e.ContainerInstance:    checks.Infrastructure,
		"ecs-task-definition-environment-secrets " + e.TaskDefinitionBad:  checks.Container,
		"ecs-task-definition-environment-secrets " + e.TaskDefinitionGood: checks.Abstracted,
	} {
		if f, ok := fs[key]; ok && f.ServiceModel != want {
			t.Errorf("%s: service model %s, want %s", key, f.ServiceModel, want)
		}
	}
	if f := fs["ecs-task-definition-environment-secrets "+e.TaskDefinitionBad]; strings.Contains(mustJSON(f), "hunter2") || strings.Contains(mustJSON(f), "AKIAIOSFODNN7EXAMPLE") {
		t.Errorf("a secret's value reached the report: %s", mustJSON(f))
	}

	// Load balancers and certificates. moto 5.2.1 serves every ELBv2,
	// Classic ELB and ACM operation srmscan calls, but its Classic
	// DescribeLoadBalancerPolicies gives only the attributes a policy was
	// created with (no Protocol-* settings), so the Classic TLS verdict
	// comes from the predefined-policy table; it ignores PageSize on
	// DescribeListeners and CertificateKeyPairOrigins on ListCertificates.
	if len(seed.ELB.LoadBalancers) != 2 || len(seed.ELB.Certificates) != 2 {
		t.Errorf("seed.py seeded %d load balancers and %d certificates, want 2 and 2", len(seed.ELB.LoadBalancers), len(seed.ELB.Certificates))
	}
	for _, lb := range seed.ELB.LoadBalancers {
		for _, id := range []string{"elb-http-to-https-redirect", "elb-listener-tls-policy", "elb-access-logging", "elb-deletion-protection", "elb-alb-drop-invalid-headers"} {
			fs.expect(t, id, seed.ELB.Region, lb.ARN, passIf(lb.Good))
		}
	}
	for _, id := range []string{"elb-http-to-https-redirect", "elb-listener-tls-policy", "elb-access-logging"} {
		fs.expect(t, id, seed.ELB.Region, seed.ELB.Classic.ARN, checks.Fail)
	}
	for _, c := range seed.ELB.Certificates {
		fs.expect(t, "acm-certificate-expiry", seed.ELB.Region, c.ARN, passIf(c.Good))
		fs.expect(t, "acm-certificate-rsa-key-length", seed.ELB.Region, c.ARN, passIf(c.Good))
	}

	// Secrets Manager and ElastiCache. moto 5.2.1 never records a
	// secret's LastAccessedDate and dates every secret at its creation
	// now, so secretsmanager-secret-unused can only pass; and it does not
	// list a replication group's members in DescribeCacheClusters, so the
	// groups' engine versions stay unknown (they only shape messages).
	sc := seed.SecretsCache
	if len(sc.Secrets) < 3 || len(sc.ReplicationGroups) < 2 || len(sc.Clusters) < 1 {
		t.Errorf("seed.py seeded %d secrets, %d replication groups and %d clusters, want 3, 2 and 1", len(sc.Secrets), len(sc.ReplicationGroups), len(sc.Clusters))
	}
	for _, x := range sc.Secrets {
		fs.expect(t, "secretsmanager-secret-rotation", x.Region, x.ARN, passIf(x.Rotated))
		fs.expect(t, "secretsmanager-secret-policy-public", x.Region, x.ARN, passIf(!x.Public))
		fs.expect(t, "secretsmanager-secret-unused", x.Region, x.ARN, checks.Pass)
	}
	for _, g := range sc.ReplicationGroups {
		for _, id := range []string{"elasticache-in-transit-encryption", "elasticache-at-rest-encryption", "elasticache-redis-auth",
			"elasticache-auto-minor-upgrade", "elasticache-redis-backup"} {
			fs.expect(t, id, g.Region, g.ARN, passIf(g.Secure))
		}
	}
	for _, c := range sc.Clusters {
		fs.expect(t, "elasticache-in-transit-encryption", c.Region, c.ARN, passIf(c.Transit))
		fs.expect(t, "elasticache-auto-minor-upgrade", c.Region, c.ARN, passIf(c.AutoMinor))
	}

	// Redshift. moto 5.2.1 cannot change a parameter group
	// (ModifyClusterParameterGroup answers 500) and lists require_ssl
	// false for every group, so redshift-require-ssl fails both clusters.
	if len(seed.Redshift) != 2 {
		t.Errorf("seed.py seeded %d Redshift clusters, want 2", len(seed.Redshift))
	}
	for _, c := range seed.Redshift {
		for _, id := range []string{"redshift-cluster-public", "redshift-cluster-unencrypted", "redshift-audit-logging",
			"redshift-version-upgrade", "redshift-snapshot-retention"} {
			fs.expect(t, id, c.Region, c.ARN, passIf(c.Secure))
		}
		fs.expect(t, "redshift-require-ssl", c.Region, c.ARN, checks.Fail)
	}

	// CloudFront, global: no region. moto 5.2.1 drops an S3 origin's
	// settings, so cloudfront-s3-origin-access-control is not asserted.
	if len(seed.CloudFront) < 2 {
		t.Errorf("seed.py seeded %d distributions, want 2", len(seed.CloudFront))
	}
	for _, d := range seed.CloudFront {
		for _, id := range []string{"cloudfront-viewer-https", "cloudfront-origin-tls", "cloudfront-viewer-tls-policy",
			"cloudfront-waf-enabled", "cloudfront-logging"} {
			fs.expect(t, id, "", d.ARN, passIf(d.Good))
		}
	}

	// AWS Backup: the vaults are listed, their policies cannot be read
	// (see motoGaps), so the public-delete check is unknown on each.
	if len(seed.Backup.Vaults) < 2 {
		t.Errorf("seed.py seeded %d backup vaults, want 2", len(seed.Backup.Vaults))
	}
	for _, v := range seed.Backup.Vaults {
		fs.expect(t, "backup-vault-policy-public-delete", v.Region, v.ARN, checks.Unknown)
	}

	// OpenSearch Service. moto 5.2.1 gives no ServiceSoftwareOptions, so
	// the software update check can only pass, and no VPCId: the secure
	// domain is placed in its VPC by its subnets.
	if len(seed.OpenSearch) < 2 {
		t.Errorf("seed.py seeded %d OpenSearch domains, want 2", len(seed.OpenSearch))
	}
	for _, d := range seed.OpenSearch {
		for _, id := range []string{"opensearch-domain-public-access", "opensearch-encryption-at-rest", "opensearch-node-to-node-encryption",
			"opensearch-https-tls", "opensearch-fine-grained-access-control"} {
			fs.expect(t, id, d.Region, d.ARN, passIf(d.Secure))
		}
		fs.expect(t, "opensearch-service-software-update", d.Region, d.ARN, checks.Pass)
	}

	// API Gateway: every operation the collector calls is served.
	ag := seed.APIGateway
	if len(ag.Rest) < 2 || len(ag.HTTP) < 2 {
		t.Errorf("seed.py seeded %d REST and %d HTTP APIs, want 2 and 2", len(ag.Rest), len(ag.HTTP))
	}
	for _, a := range ag.Rest {
		fs.expect(t, "apigateway-rest-method-no-authorization", a.Region, a.ARN, passIf(a.Good))
		for _, id := range []string{"apigateway-rest-stage-access-logging", "apigateway-rest-stage-execution-logging",
			"apigateway-rest-stage-waf", "apigateway-rest-stage-cache-encrypted"} {
			fs.expect(t, id, a.Region, a.StageARN, passIf(a.Good))
		}
	}
	for _, a := range ag.HTTP {
		fs.expect(t, "apigateway-http-route-no-authorization", a.Region, a.ARN, passIf(a.Good))
		fs.expect(t, "apigateway-http-stage-access-logging", a.Region, a.StageARN, passIf(a.Good))
	}

	// collect + evaluate gives the findings scan gave.
	snap := filepath.Join(dir, "inventory.json")
	if res := srmscan(t, "collect", "--quiet", "--endpoint-url", url, "--regions", "us-east-1,eu-west-1", "--out", snap); res.code != wantCode {
		t.Errorf("collect exit %d, want %d\n%s", res.code, wantCode, res.stderr)
	}
	if res := srmscan(t, "evaluate", "--quiet", "--inventory", snap, "--fail-on", "none", "--out", filepath.Join(dir, "eval")); res.code != wantCode {
		t.Errorf("evaluate exit %d, want %d\n%s", res.code, wantCode, res.stderr)
	}
	ev, _ := readReport(t, filepath.Join(dir, "eval"))
	if raw, err := os.ReadFile(snap); err != nil || bytes.Contains(raw, []byte("hunter2")) || bytes.Contains(raw, []byte("AKIAIOSFODNN7EXAMPLE")) {
		t.Errorf("the snapshot holds a Lambda environment value (or could not be read: %v)", err)
	}
	ja, _ := json.MarshalIndent(r.Findings, "", " ")
	jb, _ := json.MarshalIndent(ev.Findings, "", " ")
	if !bytes.Equal(ja, jb) {
		t.Errorf("collect + evaluate gave different findings from scan:\n%s", firstDifference(string(ja), string(jb)))
	}

	// The snapshot holds what moto was told, field by field, also where no
	// check looks yet.
	inv, err := inventory.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	checkMotoS3Inventory(t, inv, seed)
	checkMotoEC2Inventory(t, inv, seed)
	checkMotoIAMInventory(t, inv, seed)
	if !slices.ContainsFunc(inv.SSM.Documents, func(d inventory.SSMDocument) bool {
		return d.Name == "srm-partner-doc" && d.Region == "eu-west-1" && slices.Equal(d.SharedWith, []string{"444455556666"}) && d.DocumentType == "Command"
	}) {
		t.Errorf("SSM documents %+v lack srm-partner-doc, a Command shared with 444455556666", inv.SSM.Documents)
	}
	checkMotoPlatformsInventory(t, inv, seed)
	// Each parameter group in use is read once, the default one included.
	var groups []string
	for _, g := range inv.Redshift.ParameterGroups {
		groups = append(groups, g.Region+"/"+g.Name)
	}
	if want := []string{"us-east-1/default.redshift-1.0", "us-east-1/srm-tls"}; !slices.Equal(groups, want) {
		t.Errorf("Redshift parameter groups collected %v, want %v", groups, want)
	}
	for _, d := range inv.OpenSearch.Domains {
		want, ok := seed.OpenSearch[d.Name]
		if !ok {
			continue
		}
		subnet := seed.Regions["us-east-1"].Subnet
		if want.Secure && (!slices.Equal(d.VPCSubnetIDs, []string{subnet}) || !slices.Equal(d.LogTypes, []string{"AUDIT_LOGS"}) ||
			d.TLSSecurityPolicy != "Policy-Min-TLS-1-2-PFS-2023-10" || d.EngineVersion != "OpenSearch_2.11") {
			t.Errorf("OpenSearch domain %s = %+v; want subnet %s, AUDIT_LOGS, the PFS TLS policy and OpenSearch_2.11", d.Name, d, subnet)
		}
		if !want.Secure && (d.AccessPolicy == "" || d.InVPC() || d.EngineVersion != "Elasticsearch_7.10") {
			t.Errorf("OpenSearch domain %s = %+v; want its open access policy, no VPC and Elasticsearch_7.10", d.Name, d)
		}
	}
	// moto, like AWS, lists every instance's automated snapshots unless
	// asked for manual ones: only the two manual ones may be collected.
	var snaps []string
	for _, x := range inv.RDS.Snapshots {
		snaps = append(snaps, x.ARN)
	}
	if want := []string{sv.SnapshotPrivate, sv.SnapshotPublic}; !slices.Equal(snaps, want) {
		t.Errorf("RDS snapshots collected %v, want the manual ones %v", snaps, want)
	}
	// Likewise automated cluster snapshots.
	var clusterSnaps []string
	for _, x := range inv.RDS.ClusterSnapshots {
		clusterSnaps = append(clusterSnaps, x.ARN)
	}
	if want := []string{sv.ClusterSnapPriv, sv.ClusterSnapPub}; !slices.Equal(clusterSnaps, want) {
		t.Errorf("RDS cluster snapshots collected %v, want the manual ones %v", clusterSnaps, want)
	}
	if !slices.ContainsFunc(inv.RDS.Clusters, func(c inventory.DBCluster) bool {
		return c.ARN == sv.ClusterGood.ARN && slices.Equal(c.Members, []string{sv.ClusterGood.Name + "-1"})
	}) {
		t.Errorf("RDS clusters %+v lack %s with its member", inv.RDS.Clusters, sv.ClusterGood.Name)
	}
	if !slices.ContainsFunc(inv.ECS.ContainerInstances, func(c inventory.ECSContainerInstance) bool {
		return c.ARN == e.ContainerInstance && c.EC2InstanceID == e.ContainerInstanceEC2 && c.Cluster == "srm-ec2" && c.AgentVersion != ""
	}) {
		t.Errorf("ECS container instances %+v lack %s on %s with its agent version", inv.ECS.ContainerInstances, e.ContainerInstance, e.ContainerInstanceEC2)
	}
	if raw, _ := os.ReadFile(snap); strings.Contains(string(raw), "hunter2") || strings.Contains(string(raw), "AKIAIOSFODNN7EXAMPLE") {
		t.Error("a task definition's environment value was kept in the snapshot")
	}
	if !slices.ContainsFunc(inv.GuardDuty.Regions, func(g inventory.GuardDutyRegion) bool {
		return g.Region == sv.Region && len(g.Detectors) == 1 && g.Detectors[0].ID == sv.Detector && g.Detectors[0].Status == "ENABLED"
	}) {
		t.Errorf("GuardDuty regions %+v lack detector %s, enabled, in %s", inv.GuardDuty.Regions, sv.Detector, sv.Region)
	}

	// Nothing is unknown but what a documented moto gap explains. moto
	// 5.2.1's credential report has no <root_account> row, which AWS's
	// always has. Root MFA and root access keys are then read from
	// GetAccountSummary (AccountMFAEnabled, AccountAccessKeysPresent), so
	// they get real verdicts, which the evidence says came from the
	// summary: moto's root has no MFA and no keys. The other root checks
	// read only the row and must say unknown, never pass. Whether the row
	// is there is read from the snapshot, so a moto that adds it turns
	// this off by itself.
	rootRow := slices.ContainsFunc(inv.IAM.CredentialReport, func(c inventory.Credential) bool { return c.User == inventory.RootUser })
	rootARN := inventory.AccountARN("aws", motoAccount)
	fromSummary := map[string]checks.Status{"iam-root-mfa": checks.Fail, "iam-root-access-keys": checks.Pass}
	for _, f := range r.Findings {
		rootCheck := f.ResourceARN == rootARN && strings.HasPrefix(f.CheckID, "iam-root-")
		want, summarised := fromSummary[f.CheckID]
		switch {
		case rootCheck && !rootRow && summarised:
			if f.Status != want || f.Evidence["source"] != "iam:GetAccountSummary" {
				t.Errorf("%s is %s (source %v) without a root row, want %s from the account summary: %s", f.CheckID, f.Status, f.Evidence["source"], want, f.Message)
			}
		case rootCheck && !rootRow && f.Status != checks.Unknown:
			t.Errorf("%s is %s without a root row in the credential report, want unknown: %s", f.CheckID, f.Status, f.Message)
		case rootCheck && !rootRow:
			// moto 5.2.1: no root row (above).
		case f.Status == checks.Unknown && !gapCovers(f.CheckID, f.Region):
			t.Errorf("unknown finding no moto gap explains: %s %s: %s", f.CheckID, f.ResourceARN, f.Message)
		}
	}

	if t.Failed() {
		t.Logf("seeded:\n%s", mustJSON(seed))
	}
}

// checkMotoS3Inventory compares the S3 part of the snapshot with the seed.
func checkMotoS3Inventory(t *testing.T, inv *inventory.Inventory, seed motoSeed) {
	t.Helper()
	wantAcct := &inventory.PublicAccessBlock{
		BlockPublicACLs:       seed.AccountPublicAccessBlock["BlockPublicAcls"],
		IgnorePublicACLs:      seed.AccountPublicAccessBlock["IgnorePublicAcls"],
		BlockPublicPolicy:     seed.AccountPublicAccessBlock["BlockPublicPolicy"],
		RestrictPublicBuckets: seed.AccountPublicAccessBlock["RestrictPublicBuckets"],
	}
	if !reflect.DeepEqual(inv.S3.AccountPublicAccessBlock, wantAcct) {
		t.Errorf("account public access block (S3 Control) = %+v, want %+v", inv.S3.AccountPublicAccessBlock, wantAcct)
	}
	byName := map[string]inventory.Bucket{}
	for _, b := range inv.S3.Buckets {
		byName[b.Name] = b
	}
	if len(byName) != len(seed.Buckets)+len(seed.PolicyBuckets) {
		t.Errorf("%d buckets collected, %d seeded", len(byName), len(seed.Buckets)+len(seed.PolicyBuckets))
	}
	for name := range seed.PolicyBuckets {
		if b := byName[name]; b.Policy == "" || !json.Valid([]byte(b.Policy)) || b.PolicyIsPublic {
			t.Errorf("bucket %s: policy %q, policy_is_public %v; want the seeded policy, and no verdict from moto", name, b.Policy, b.PolicyIsPublic)
		}
	}
	for name, s := range seed.Buckets {
		b, ok := byName[name]
		if !ok {
			t.Errorf("bucket %s not collected", name)
			continue
		}
		if b.Region != s.Region || b.AccountID != motoAccount || b.ARN != inventory.BucketARN("aws", name) {
			t.Errorf("bucket %s: region %q, account %q, arn %q; want %s", name, b.Region, b.AccountID, b.ARN, s.Region)
		}
		switch s.PublicAccessBlock {
		case "none":
			if b.PublicAccessBlock != nil {
				t.Errorf("bucket %s: public access block %+v, none was set", name, b.PublicAccessBlock)
			}
		case "full":
			if !b.PublicAccessBlock.FullyOn() {
				t.Errorf("bucket %s: public access block %+v, all four were set", name, b.PublicAccessBlock)
			}
		case "partial":
			want := &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true}
			if !reflect.DeepEqual(b.PublicAccessBlock, want) {
				t.Errorf("bucket %s: public access block %+v, want %+v", name, b.PublicAccessBlock, want)
			}
		}
		// Only the seeded encryption is asserted. moto 5.2.1 answers
		// GetBucketEncryption of a bucket without a configuration with
		// ServerSideEncryptionConfigurationNotFoundError, where AWS has
		// applied SSE-S3 to every bucket since January 2023.
		if s.Encryption != "" {
			want := &inventory.BucketEncryption{Algorithm: s.Encryption, KMSKeyID: "alias/srm-moto", BucketKeyEnabled: true}
			if !reflect.DeepEqual(b.Encryption, want) {
				t.Errorf("bucket %s: encryption %+v, want %+v", name, b.Encryption, want)
			}
			if b.Tags.Get("team") != "data" {
				t.Errorf("bucket %s: tags %v, want team=data", name, b.Tags)
			}
		}
		if b.OwnerID == "" || len(b.Grants) == 0 {
			t.Errorf("bucket %s: no owner or ACL grants read: %+v", name, b)
		}
	}
}

// checkMotoEC2Inventory compares what the EC2 collector read with the seed.
func checkMotoEC2Inventory(t *testing.T, inv *inventory.Inventory, seed motoSeed) {
	t.Helper()
	instances := map[string]inventory.Instance{}
	for _, in := range inv.EC2.Instances {
		instances[in.ID] = in
	}
	groups := map[string]inventory.SecurityGroup{}
	for _, g := range inv.EC2.SecurityGroups {
		groups[g.ID] = g
	}
	volumes := map[string]inventory.Volume{}
	for _, v := range inv.EC2.Volumes {
		volumes[v.ID] = v
	}
	vpcs := map[string]inventory.VPC{}
	for _, v := range inv.EC2.VPCs {
		vpcs[v.ID] = v
	}
	for _, region := range motoRegions {
		s := seed.Regions[region]
		if v, ok := vpcs[s.VPC]; !ok || v.Region != region || v.CIDR != "10.20.0.0/16" {
			t.Errorf("%s: VPC %s read as %+v (found %v), want CIDR 10.20.0.0/16", region, s.VPC, v, ok)
		}
		for id, want := range map[string]struct {
			tokens string
			sg     string
			tags   inventory.Tags
		}{
			s.InstanceIMDSRequired: {"required", s.SGClosed, nil},
			s.InstanceIMDSOptional: {"optional", s.SGOpen, inventory.TagsOf("PatchGroup", "linux-prod", "LastPatched", s.LastPatched, "Name", "srm-patched")},
		} {
			in, ok := instances[id]
			switch {
			case !ok:
				t.Errorf("%s: instance %s not collected", region, id)
			case in.Region != region || in.VPCID != s.VPC || in.SubnetID != s.Subnet || in.ImageID != s.Image:
				t.Errorf("%s: instance %s placed in region %q vpc %q subnet %q image %q; want %s %s %s", region, id, in.Region, in.VPCID, in.SubnetID, in.ImageID, s.VPC, s.Subnet, s.Image)
			case in.MetadataHTTPTokens != want.tokens || in.MetadataHTTPEndpoint != "enabled":
				t.Errorf("%s: instance %s metadata options tokens %q endpoint %q, want %q enabled", region, id, in.MetadataHTTPTokens, in.MetadataHTTPEndpoint, want.tokens)
			case !reflect.DeepEqual(in.SecurityGroupIDs, []string{want.sg}):
				t.Errorf("%s: instance %s security groups %v, want [%s]", region, id, in.SecurityGroupIDs, want.sg)
			case !reflect.DeepEqual(in.Tags, want.tags):
				t.Errorf("%s: instance %s tags %v, want %v", region, id, in.Tags, want.tags)
			}
		}
		open := inventory.Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"0.0.0.0/0"}}
		if g := groups[s.SGOpen]; g.Region != region || g.VPCID != s.VPC || !reflect.DeepEqual(g.Ingress, []inventory.Rule{open}) {
			t.Errorf("%s: open group %s read as %+v, want one ingress rule %+v", region, s.SGOpen, g, open)
		}
		closed := []inventory.Rule{
			{Protocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"10.0.0.0/8"}},
			{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv4Ranges: []string{"0.0.0.0/0"}},
		}
		got := slices.Clone(groups[s.SGClosed].Ingress)
		slices.SortFunc(got, func(a, b inventory.Rule) int { return int(a.FromPort - b.FromPort) })
		if !reflect.DeepEqual(got, closed) {
			t.Errorf("%s: closed group %s ingress %+v, want %+v", region, s.SGClosed, got, closed)
		}
		for id, enc := range map[string]bool{s.VolumeUnencrypted: false, s.VolumeEncrypted: true} {
			if v, ok := volumes[id]; !ok || v.Region != region || v.Encrypted != enc || v.SizeGiB != 8 {
				t.Errorf("%s: volume %s read as %+v (found %v), want 8 GiB, encrypted=%v", region, id, v, ok, enc)
			}
		}
		images := 0
		for _, im := range inv.EC2.Images {
			if im.Region == region {
				images++
				if im.ID != s.Image || im.Public {
					t.Errorf("%s: image %+v, want only the registered, private %s", region, im, s.Image)
				}
			}
		}
		if images != 1 {
			t.Errorf("%s: %d images of the account's own, want 1 (%s)", region, images, s.Image)
		}
	}
}

// checkMotoIAMInventory compares what the IAM collector read with the seed.
func checkMotoIAMInventory(t *testing.T, inv *inventory.Inventory, seed motoSeed) {
	t.Helper()
	users := map[string]inventory.User{}
	for _, u := range inv.IAM.Users {
		users[u.ARN] = u
	}
	if u, ok := users[seed.IAM.ConsoleUser.ARN]; !ok || !reflect.DeepEqual(u.Groups, []string{seed.IAM.Group.Name}) {
		t.Errorf("console user %s read as %+v (found %v), want member of %s", seed.IAM.ConsoleUser.ARN, u, ok, seed.IAM.Group.Name)
	}
	if u, ok := users[seed.IAM.KeysUser.ARN]; !ok || u.Path != "/service/" || u.Name != seed.IAM.KeysUser.Name {
		t.Errorf("keys user %s read as %+v (found %v), want path /service/", seed.IAM.KeysUser.ARN, u, ok)
	}
	var group *inventory.Group
	for i, g := range inv.IAM.Groups {
		if g.ARN == seed.IAM.Group.ARN {
			group = &inv.IAM.Groups[i]
		}
	}
	// IAM returns policy documents URL-encoded; the inventory holds them
	// decoded, as JSON.
	if group == nil || len(group.InlinePolicies) != 1 || group.InlinePolicies[0].Name != "read-buckets" ||
		!json.Valid([]byte(group.InlinePolicies[0].Document)) || !strings.Contains(group.InlinePolicies[0].Document, `"s3:GetObject"`) {
		t.Errorf("group %s read as %+v, want inline policy read-buckets as decoded JSON", seed.IAM.Group.ARN, group)
	}
	var role *inventory.Role
	for i, r := range inv.IAM.Roles {
		if r.ARN == seed.IAM.Role.ARN {
			role = &inv.IAM.Roles[i]
		}
	}
	// moto 5.2.1 sends the trust policy in GetAccountAuthorizationDetails
	// as plain JSON, where AWS URL-encodes it like every other document.
	wantAttached := []inventory.AttachedPolicy{{Name: seed.IAM.Policy.Name, ARN: seed.IAM.Policy.ARN}}
	if role == nil || !json.Valid([]byte(role.AssumeRolePolicy)) || !strings.Contains(role.AssumeRolePolicy, "ec2.amazonaws.com") ||
		!reflect.DeepEqual(role.AttachedPolicies, wantAttached) {
		t.Errorf("role %s read as %+v, want its trust policy as decoded JSON and %+v attached", seed.IAM.Role.ARN, role, wantAttached)
	}
	var policy *inventory.ManagedPolicy
	for i, p := range inv.IAM.Policies {
		if p.ARN == seed.IAM.Policy.ARN {
			policy = &inv.IAM.Policies[i]
		}
	}
	switch {
	case policy == nil:
		t.Errorf("managed policy %s not collected: %+v", seed.IAM.Policy.ARN, inv.IAM.Policies)
	case policy.DefaultVersionID != seed.IAM.Policy.DefaultVersion || policy.AttachmentCount != 1 || policy.AWSManaged():
		t.Errorf("managed policy %s read as %+v, want default version %s, attached once", seed.IAM.Policy.ARN, policy, seed.IAM.Policy.DefaultVersion)
	case !json.Valid([]byte(policy.Document)) || !strings.Contains(policy.Document, `"s3:ListAllMyBuckets"`):
		// Only the default version (the second) grants s3:ListAllMyBuckets.
		t.Errorf("managed policy %s document %q, want the default version %s decoded", seed.IAM.Policy.ARN, policy.Document, seed.IAM.Policy.DefaultVersion)
	case policy.Name != seed.IAM.Policy.Name && policy.Name != "":
		// moto 5.2.1 leaves PolicyName and PolicyId out of
		// GetAccountAuthorizationDetails' Policies (AWS sends both), so an
		// empty name is moto's; any other name is a misreading.
		t.Errorf("managed policy %s named %q, want %q", seed.IAM.Policy.ARN, policy.Name, seed.IAM.Policy.Name)
	}
	creds := map[string]inventory.Credential{}
	for _, c := range inv.IAM.CredentialReport {
		creds[c.ARN] = c
	}
	if c, ok := creds[seed.IAM.ConsoleUser.ARN]; !ok || !c.PasswordEnabled || c.MFAActive {
		t.Errorf("credential report row for %s: %+v (found %v), want password, no MFA", seed.IAM.ConsoleUser.Name, c, ok)
	}
	if c, ok := creds[seed.IAM.KeysUser.ARN]; !ok || c.PasswordEnabled || !c.AccessKey1Active || c.AccessKey1LastRotated == nil {
		t.Errorf("credential report row for %s: %+v (found %v), want no password, an active access key", seed.IAM.KeysUser.Name, c, ok)
	}
}

func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  scan:     %s\n  evaluate: %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("scan has %d lines, evaluate %d", len(la), len(lb))
}

func mustJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// checkMotoPlatformsInventory compares the EKS and Elastic Beanstalk part
// of the snapshot with the seed.
func checkMotoPlatformsInventory(t *testing.T, inv *inventory.Inventory, seed motoSeed) {
	t.Helper()
	pl := seed.Platforms
	clusters := map[string]inventory.EKSCluster{}
	for _, c := range inv.EKS.Clusters {
		clusters[c.ARN] = c
	}
	if len(clusters) != 2 {
		t.Errorf("EKS clusters collected: %+v, want the two seeded", inv.EKS.Clusters)
	}
	good, bad := clusters[pl.ClusterGood], clusters[pl.ClusterBad]
	if good.Version != "1.40" || good.EndpointPublicAccess || !good.EndpointPrivateAccess ||
		!slices.Equal(good.LogTypes, []string{"api", "audit", "authenticator"}) || !strings.HasPrefix(good.SecretsKeyARN, "arn:aws:kms:") {
		t.Errorf("good cluster collected as %+v", good)
	}
	if bad.Version != "1.29" || !bad.EndpointPublicAccess || !slices.Equal(bad.PublicAccessCIDRs, []string{"0.0.0.0/0"}) ||
		len(bad.LogTypes) != 0 || bad.SecretsKeyARN != "" {
		t.Errorf("bad cluster collected as %+v", bad)
	}
	groups := map[string]inventory.NodeGroup{}
	for _, g := range inv.EKS.NodeGroups {
		groups[g.ARN] = g
	}
	if g := groups[pl.NodeGroupBad]; g.ClusterName != "srm-bad-eks" || g.Version != "1.28" || g.ReleaseVersion != "1.28.5-20240110" || g.AMIType != "AL2_x86_64" {
		t.Errorf("bad node group collected as %+v (all: %+v)", g, inv.EKS.NodeGroups)
	}
	if g := groups[pl.NodeGroupGood]; g.ClusterName != "srm-good-eks" || g.Version != "1.40" || g.AMIType != "AL2023_x86_64_STANDARD" {
		t.Errorf("good node group collected as %+v (all: %+v)", g, inv.EKS.NodeGroups)
	}
	envs := inv.ElasticBeanstalk.Environments
	if len(envs) != 1 || envs[0].ARN != pl.Environment || envs[0].Name != "srm-env" || envs[0].ApplicationName != "srm-app" || envs[0].Region != pl.Region {
		t.Errorf("Elastic Beanstalk environments collected: %+v, want srm-env", envs)
	}
}
