// Package checks holds srmscan's catalogue of customer-side duties. A check
// is data: metadata that places it on the Shared Responsibility Model, plus a
// pure function over the inventory. All lists every check that runs.
package checks

import (
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// Check is one customer-side duty.
type Check struct {
	// ID is stable across releases: baselines and suppressions refer to it.
	ID          string
	Title       string
	Description string
	Severity    Severity
	Category    ControlCategory
	// SharedControl is set exactly when Category is Shared.
	SharedControl SharedControl
	Domain        Domain
	// Service is the AWS service the duty concerns ("ec2", "s3", "iam").
	Service      string
	ServiceModel ServiceModel
	// ResourceType is the CloudFormation-style type of the resources the
	// check reports on, e.g. "AWS::EC2::SecurityGroup".
	ResourceType string
	Remediation  Remediation
	// References are CIS AWS Foundations Benchmark IDs ("CIS 5.2") and
	// documentation URLs.
	References []string
	// Needs lists the operations whose results Evaluate reads. When one of
	// them failed, Run reports the affected scope as unknown instead of
	// trusting what evaluation made of the missing data.
	Needs []Operation
	// Evaluate returns one result per resource examined. It must be pure:
	// the same inventory and config give the same results.
	Evaluate func(inv *inventory.Inventory, cfg Config) []Result
}

// Remediation tells the user how to meet the duty.
type Remediation struct {
	Text    string `json:"text"`
	Console string `json:"console,omitempty"`
	CLI     string `json:"cli,omitempty"`
}

// Operation names one AWS API operation, e.g. {"ec2", "DescribeInstances"}.
type Operation struct {
	Service string
	Name    string
}

// Result is a check's verdict on one resource.
type Result struct {
	Status Status
	// Region is empty for global resources.
	Region       string
	ResourceARN  string
	ResourceType string // defaults to the check's ResourceType
	// ServiceModel places this resource on the line when it sits elsewhere
	// than its service does: an ECS service on Fargate is abstracted, one on
	// EC2 container instances is container. Empty means the check's model.
	ServiceModel ServiceModel
	Message      string
	// Evidence is what decided the verdict: the rule, port, principal or tag
	// value. Keys are snake_case; values must marshal to JSON.
	Evidence map[string]any
}

// Config tunes checks. The zero value is not useful: start from
// DefaultConfig.
type Config struct {
	// Now is the instant ages are measured from. Run sets it to the
	// inventory's start time, so evaluating a snapshot later gives the same
	// findings as the scan that took it.
	Now time.Time
	// docs holds the policy documents parsed during one Run (see
	// Config.parse).
	docs *documents
	// PatchGroupTag is the tag key naming an instance's patch baseline.
	PatchGroupTag string
	// LastPatchedTag is the tag key holding an ISO-8601 last-patched date.
	LastPatchedTag string
	// MaxPatchAgeDays is how old LastPatchedTag may be.
	MaxPatchAgeDays int
	// MaxAMIAgeDays is how old an instance's image may be.
	MaxAMIAgeDays int
	// DatabasePorts are data-store ports that must not face the internet.
	DatabasePorts []int32
	// MaxPublicPortRange is the widest port range that may be open to the
	// internet before it counts as "opening everything by accident".
	MaxPublicPortRange int32
	// RootRecentUseDays is the window in which any use of the root user
	// (password or access key) fails: root should be needed so rarely that
	// recent use means it is used for everyday work.
	RootRecentUseDays int
	// MaxCredentialUnusedDays is how long a user's password or active
	// access key may go unused before it should have been disabled.
	MaxCredentialUnusedDays int
	// MaxAccessKeyAgeDays is how old an active access key may be.
	MaxAccessKeyAgeDays int
	// MinPasswordLength is the shortest minimum length the account
	// password policy may require.
	MinPasswordLength int
	// MinPasswordReusePrevention is how many previous passwords the policy
	// must remember at least.
	MinPasswordReusePrevention int
	// DataClassificationTag is the tag key holding a bucket's data
	// classification. Keys are case-sensitive, as in AWS.
	DataClassificationTag string
	// SensitiveClassifications are the DataClassificationTag values,
	// compared case-insensitively, whose buckets must be encrypted with a
	// KMS key: only then can key policies and CloudTrail decide and record
	// who decrypts the data. Empty means no value requires it.
	SensitiveClassifications []string
	// MinBackupRetentionDays is the shortest automated-backup retention
	// an RDS instance may keep.
	MinBackupRetentionDays int
	// CertificateRenewalDays is how close to its expiry an ACM certificate
	// may come before it fails: ACM starts renewing its own 60 days out,
	// so one still this close is not being renewed.
	CertificateRenewalDays int
	// MaxSecretRotationDays is how long a secret may go without being
	// rotated, and the longest rotation schedule it may have.
	MaxSecretRotationDays int
	// MaxSecretUnusedDays is how long a secret may go without being
	// retrieved before it should have been deleted.
	MaxSecretUnusedDays int
}

// DefaultConfig returns the settings used when the user sets none.
func DefaultConfig() Config {
	return Config{
		PatchGroupTag:   "PatchGroup",
		LastPatchedTag:  "LastPatched",
		MaxPatchAgeDays: 30,
		MaxAMIAgeDays:   180,
		// MySQL, PostgreSQL, SQL Server, Oracle, Redis, Memcached, MongoDB,
		// Elasticsearch/OpenSearch (HTTP and transport), Cassandra, CouchDB.
		DatabasePorts:      []int32{3306, 5432, 1433, 1521, 6379, 11211, 27017, 9200, 9300, 9042, 5984},
		MaxPublicPortRange: 10,
		// The CIS AWS Foundations Benchmark v3.0.0 values (1.8, 1.9, 1.12,
		// 1.14). It sets no window for root use (1.7): a month shows a
		// habit, while a rare task only root can do soon ages out.
		RootRecentUseDays:          30,
		MaxCredentialUnusedDays:    45,
		MaxAccessKeyAgeDays:        90,
		MinPasswordLength:          14,
		MinPasswordReusePrevention: 24,

		DataClassificationTag:    "DataClassification",
		SensitiveClassifications: []string{"confidential", "restricted", "sensitive"},

		// A week lets a corruption found after a weekend still be undone;
		// it is the common floor (AWS Security Hub RDS.11, AWS Config's
		// db-instance-backup-enabled).
		MinBackupRetentionDays: 7,

		// AWS Security Hub ACM.1's default (daysToExpiration 30).
		CertificateRenewalDays: 30,
		// AWS Security Hub's defaults for SecretsManager.4 (rotated within
		// 90 days) and SecretsManager.3 (accessed within 90 days).
		MaxSecretRotationDays: 90,
		MaxSecretUnusedDays:   90,
	}
}

// op is shorthand for the Needs lists.
func op(service, name string) Operation { return Operation{Service: service, Name: name} }
