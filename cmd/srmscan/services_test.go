package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
)

func TestServiceFlagsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--demo", "--services", "ec2,ec3"}, `unknown service "ec3" (valid: access-analyzer, acm, apigateway, backup, cloudfront, cloudtrail, config, dynamodb, ec2, ecr, ecs, efs, eks, elasticache, elasticbeanstalk, elb, emr, guardduty, iam, kms, lambda, opensearch, rds, redshift, s3, secretsmanager, securityhub, sns, sqs, ssm)`},
		{[]string{"collect", "--demo", "--skip-services", "xray"}, `--skip-services: unknown service "xray"`},
		{[]string{"scan", "--demo", "--services", "ec2", "--skip-services", "s3"}, "--services and --skip-services cannot be combined"},
		{[]string{"collect", "--demo", "--skip-services", strings.Join(inventory.Services, ",")}, "--skip-services leaves no service to scan"},
		{[]string{"scan", "--demo", "--services", ""}, "--services leaves no service to scan"},
		{[]string{"policy", "--services", "ec3"}, `unknown service "ec3"`},
		{[]string{"policy", "--orchestrator"}, "--orchestrator needs --role-name"},
		{[]string{"policy", "--orchestrator", "--role-name", "a/b"}, `"a/b" is not an IAM role name`},
		{[]string{"policy", "--role-name", "r"}, "--role-name and --partition go with --orchestrator"},
		{[]string{"policy", "--orchestrator", "--role-name", "r", "--services", "s3"}, "--services and --skip-services choose the audit policy's actions"},
		{[]string{"policy", "--orchestrator", "--role-name", "r", "--trust"}, "cannot be combined"},
		{[]string{"policy", "--trust"}, "--trust needs --orchestrator-arn"},
		{[]string{"policy", "--trust", "--orchestrator-arn", "arn:aws:iam::*:role/x"}, "is not an IAM principal ARN"},
		{[]string{"policy", "--orchestrator-arn", "arn:aws:iam::111122223333:role/x"}, "--orchestrator-arn goes with --trust"},
	} {
		res := srmscan(t, tc.args...)
		if res.code != report.ExitUsage || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, res.code, res.stderr, tc.want)
		}
		if res.stdout != "" {
			t.Errorf("%v printed %q", tc.args, res.stdout)
		}
	}
}

// scan --services reads and reports the chosen services only, and says so;
// the other services' checks are absent, not unknown.
func TestScanServices(t *testing.T) {
	dir := t.TempDir()
	res := srmscan(t, "scan", "--demo", "--services", "S3, ec2", "--out", dir)
	if res.code != report.ExitFindings {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "only ec2, s3") {
		t.Errorf("stderr does not say the scan is partial:\n%s", res.stderr)
	}
	r, _ := readReport(t, dir)
	if !reflect.DeepEqual(r.Scan.Services, []string{"ec2", "s3"}) || !r.Scan.Complete {
		t.Errorf("scan.services = %v, complete %v", r.Scan.Services, r.Scan.Complete)
	}
	seen := map[string]bool{}
	for _, f := range r.Findings {
		seen[f.Service] = true
		if f.Service != "ec2" && f.Service != "s3" {
			t.Errorf("finding of %s: %s", f.Service, f.CheckID)
		}
	}
	if !seen["ec2"] || !seen["s3"] {
		t.Errorf("findings of %v", seen)
	}
	for k := range r.Scan.APICalls {
		svc, _, _ := strings.Cut(k, ":")
		if !slices.Contains([]string{"EC2", "S3", "S3 Control", "STS"}, svc) {
			t.Errorf("api_calls has %s", k)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || !bytes.Contains(page, []byte("Partial scan, by choice")) {
		t.Errorf("report.html does not say the scan was partial (%v)", err)
	}
}

// A snapshot records its services, so evaluate runs what scan would have;
// one without the field (older srmscan) holds every service.
func TestCollectEvaluateServices(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, "inv.json")
	if res := srmscan(t, "collect", "--demo", "--quiet", "--skip-services", "ec2,s3,rds,efs,kms,dynamodb,cloudtrail,config,sqs,sns,emr,ssm,lambda,ecr,eks,elasticbeanstalk,ecs,elb,acm,secretsmanager,elasticache,redshift,cloudfront,backup,opensearch,apigateway", "--out", snap); res.code != 0 {
		t.Fatalf("collect exit %d: %s", res.code, res.stderr)
	}
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	var head struct{ Services []string }
	if err := json.Unmarshal(data, &head); err != nil || !reflect.DeepEqual(head.Services, []string{"access-analyzer", "guardduty", "iam", "securityhub"}) {
		t.Fatalf("snapshot services = %v (%v)", head.Services, err)
	}
	srmscan(t, "evaluate", "--inventory", snap, "--quiet", "--out", filepath.Join(dir, "eval"))
	r, _ := readReport(t, filepath.Join(dir, "eval"))
	if !reflect.DeepEqual(r.Scan.Services, head.Services) {
		t.Errorf("evaluate's scan.services = %v", r.Scan.Services)
	}
	for _, f := range r.Findings {
		if !slices.Contains(head.Services, f.Service) {
			t.Errorf("evaluate ran %s (%s)", f.CheckID, f.Service)
		}
	}

	// Without the field, every service's checks run.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	delete(raw, "services")
	old, _ := json.Marshal(raw)
	oldSnap := filepath.Join(dir, "old.json")
	if err := os.WriteFile(oldSnap, old, 0o600); err != nil {
		t.Fatal(err)
	}
	srmscan(t, "evaluate", "--inventory", oldSnap, "--quiet", "--out", filepath.Join(dir, "old"))
	o, _ := readReport(t, filepath.Join(dir, "old"))
	services := map[string]bool{}
	for _, f := range o.Findings {
		services[f.Service] = true
	}
	// AWS Config's check reports on every region, data or not.
	if !reflect.DeepEqual(o.Scan.Services, inventory.Services) || !services["config"] || !services["iam"] {
		t.Errorf("old snapshot: scan.services %v, findings of %v", o.Scan.Services, services)
	}
}
