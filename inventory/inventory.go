// Package inventory is srmscan's own model of an AWS account: what the
// collectors saw, in plain Go types that serialise to JSON.
//
// Checks read only this package, never SDK types, so they stay pure functions
// that tests can feed with literals, and a snapshot written by `srmscan
// collect` can be evaluated later without touching AWS. The same types
// describe the accounts served by the project's test endpoint, so a collector
// test can assert that what went in is what came out.
//
// Zero values mean "not configured" (no policy, no logging, no tags). Whether
// a value could be read at all is recorded separately in Errors: a resource
// whose attribute could not be read is never mistaken for one without it,
// because the check framework turns findings that depended on a failed
// operation into `unknown`.
package inventory

import (
	"strings"
	"time"
)

// SchemaVersion is bumped whenever a change to these types would make an older
// snapshot read differently. Loaders refuse other versions.
const SchemaVersion = 2

// Inventory is one account's collected state.
type Inventory struct {
	SchemaVersion int       `json:"schema_version"`
	Partition     string    `json:"partition"`
	AccountID     string    `json:"account_id"`
	CallerARN     string    `json:"caller_arn"`
	Regions       []string  `json:"regions"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
	// Interrupted is set when the scan was stopped (signal, deadline) before
	// every collector finished.
	Interrupted bool `json:"interrupted,omitempty"`
	// Services are the services collected (a subset of Services when the
	// scan was limited with --services); absent in snapshots that predate
	// the flag, which hold every service.
	Services []string `json:"services,omitempty"`

	EC2 EC2 `json:"ec2"`
	S3  S3  `json:"s3"`
	IAM IAM `json:"iam"`

	RDS            RDS            `json:"rds"`
	EFS            EFS            `json:"efs"`
	GuardDuty      GuardDuty      `json:"guardduty"`
	SecurityHub    SecurityHub    `json:"securityhub"`
	AccessAnalyzer AccessAnalyzer `json:"access_analyzer"`

	CloudTrail CloudTrail    `json:"cloudtrail"`
	Config     ConfigService `json:"config"`
	KMS        KMS           `json:"kms"`
	DynamoDB   DynamoDB      `json:"dynamodb"`
	SQS        SQS           `json:"sqs"`
	SNS        SNS           `json:"sns"`
	EMR        EMR           `json:"emr"`
	SSM        SSM           `json:"ssm"`
	Lambda     Lambda        `json:"lambda"`
	ECR        ECR           `json:"ecr"`

	EKS              EKS              `json:"eks"`
	ElasticBeanstalk ElasticBeanstalk `json:"elasticbeanstalk"`
	ECS              ECS              `json:"ecs"`
	ELB              ELB              `json:"elb"`
	ACM              ACM              `json:"acm"`

	SecretsManager SecretsManager `json:"secretsmanager"`
	ElastiCache    ElastiCache    `json:"elasticache"`
	Redshift       Redshift       `json:"redshift"`
	CloudFront     CloudFront     `json:"cloudfront"`
	Backup         Backup         `json:"backup"`
	OpenSearch     OpenSearch     `json:"opensearch"`
	APIGateway     APIGateway     `json:"apigateway"`

	// Organization is nil when the scan did not read AWS Organizations
	// (snapshots older than the reading of SCPs).
	Organization *Organization `json:"organization,omitempty"`

	Errors []CollectionError `json:"collection_errors"`
	// APICalls counts requests sent per "service:Operation", retries included.
	APICalls map[string]int `json:"api_calls,omitempty"`
}

// Complete reports whether every collector finished without an error.
func (inv *Inventory) Complete() bool {
	return !inv.Interrupted && len(inv.Errors) == 0
}

// Resource is embedded in every collected resource: where it lives.
type Resource struct {
	ARN       string `json:"arn"`
	AccountID string `json:"account_id"`
	// Region is empty for global resources (IAM).
	Region string `json:"region,omitempty"`
}

// EC2 holds the EC2, VPC and EBS resources of every scanned region.
type EC2 struct {
	Instances      []Instance      `json:"instances"`
	SecurityGroups []SecurityGroup `json:"security_groups"`
	NetworkACLs    []NetworkACL    `json:"network_acls"`
	VPCs           []VPC           `json:"vpcs"`
	FlowLogs       []FlowLog       `json:"flow_logs"`
	Volumes        []Volume        `json:"volumes"`
	Snapshots      []Snapshot      `json:"snapshots"`
	Images         []Image         `json:"images"`
	// RegionSettings holds one entry per scanned region whose account-level
	// EC2 settings were read.
	RegionSettings []RegionSettings `json:"region_settings"`
}

// Instance is an EC2 instance.
type Instance struct {
	Resource
	ID                 string    `json:"id"`
	State              string    `json:"state"`
	ImageID            string    `json:"image_id"`
	LaunchTime         time.Time `json:"launch_time"`
	PublicIP           string    `json:"public_ip,omitempty"`
	VPCID              string    `json:"vpc_id,omitempty"`
	SubnetID           string    `json:"subnet_id,omitempty"`
	SecurityGroupIDs   []string  `json:"security_group_ids,omitempty"`
	InstanceProfileARN string    `json:"instance_profile_arn,omitempty"`
	// MetadataHTTPTokens is "required" when IMDSv2 is enforced, "optional"
	// otherwise.
	MetadataHTTPTokens string `json:"metadata_http_tokens"`
	// MetadataHTTPEndpoint is "enabled" or "disabled".
	MetadataHTTPEndpoint string `json:"metadata_http_endpoint"`
	Tags                 Tags   `json:"tags,omitempty"`
}

// SecurityGroup is a VPC security group with its rules.
type SecurityGroup struct {
	Resource
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	VPCID       string `json:"vpc_id,omitempty"`
	Ingress     []Rule `json:"ingress,omitempty"`
	Egress      []Rule `json:"egress,omitempty"`
	Tags        Tags   `json:"tags,omitempty"`
}

// IsDefault reports whether this is a VPC's default security group, which
// AWS names "default" and which cannot be renamed.
func (g SecurityGroup) IsDefault() bool { return g.Name == "default" }

// Rule is one security group permission, as EC2 returns it: a protocol, a
// port range and the sources (or destinations, for egress) it applies to.
type Rule struct {
	// Protocol is "-1" for all traffic, "tcp", "udp", "icmp", "icmpv6" or an
	// IP protocol number.
	Protocol string `json:"protocol"`
	// FromPort and ToPort are -1 (or absent) when the protocol has no ports.
	FromPort      int32    `json:"from_port"`
	ToPort        int32    `json:"to_port"`
	IPv4Ranges    []string `json:"ipv4_ranges,omitempty"`
	IPv6Ranges    []string `json:"ipv6_ranges,omitempty"`
	GroupIDs      []string `json:"group_ids,omitempty"`
	PrefixListIDs []string `json:"prefix_list_ids,omitempty"`
}

// NetworkACL is a VPC network ACL.
type NetworkACL struct {
	Resource
	ID        string     `json:"id"`
	VPCID     string     `json:"vpc_id"`
	IsDefault bool       `json:"is_default"`
	Entries   []ACLEntry `json:"entries,omitempty"`
	SubnetIDs []string   `json:"subnet_ids,omitempty"`
	Tags      Tags       `json:"tags,omitempty"`
}

// ACLEntry is one numbered NACL rule. Rules are evaluated in ascending
// RuleNumber order and the first match decides.
type ACLEntry struct {
	RuleNumber int32  `json:"rule_number"`
	Egress     bool   `json:"egress"`
	Protocol   string `json:"protocol"`
	// Action is "allow" or "deny".
	Action   string `json:"action"`
	CIDR     string `json:"cidr,omitempty"`
	IPv6CIDR string `json:"ipv6_cidr,omitempty"`
	// FromPort and ToPort bound the port range for TCP and UDP entries;
	// both are 0 for entries without one (all ports).
	FromPort int32 `json:"from_port,omitempty"`
	ToPort   int32 `json:"to_port,omitempty"`
}

// VPC is a virtual private cloud.
type VPC struct {
	Resource
	ID        string `json:"id"`
	CIDR      string `json:"cidr"`
	IsDefault bool   `json:"is_default"`
	State     string `json:"state,omitempty"`
	Tags      Tags   `json:"tags,omitempty"`
}

// FlowLog is a VPC, subnet or interface flow log.
type FlowLog struct {
	Resource
	ID string `json:"id"`
	// ResourceID is the VPC, subnet or network interface it watches.
	ResourceID  string `json:"resource_id"`
	TrafficType string `json:"traffic_type"`
	// Status is the flow log's FlowLogStatus ("ACTIVE" when healthy).
	Status          string `json:"status"`
	DestinationType string `json:"destination_type,omitempty"`
}

// Volume is an EBS volume.
type Volume struct {
	Resource
	ID          string    `json:"id"`
	State       string    `json:"state"`
	SizeGiB     int32     `json:"size_gib"`
	Encrypted   bool      `json:"encrypted"`
	KMSKeyID    string    `json:"kms_key_id,omitempty"`
	InstanceIDs []string  `json:"instance_ids,omitempty"`
	CreateTime  time.Time `json:"create_time"`
	Tags        Tags      `json:"tags,omitempty"`
}

// Snapshot is an EBS snapshot owned by the scanned account.
type Snapshot struct {
	Resource
	ID        string    `json:"id"`
	VolumeID  string    `json:"volume_id,omitempty"`
	Encrypted bool      `json:"encrypted"`
	KMSKeyID  string    `json:"kms_key_id,omitempty"`
	StartTime time.Time `json:"start_time"`
	// Public is true when createVolumePermission grants the group "all".
	Public bool `json:"public"`
	// SharedWith lists account IDs granted createVolumePermission.
	SharedWith []string `json:"shared_with,omitempty"`
	Tags       Tags     `json:"tags,omitempty"`
}

// Image is an AMI owned by the scanned account.
type Image struct {
	Resource
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	CreationDate time.Time `json:"creation_date"`
	State        string    `json:"state,omitempty"`
	// Public is true when launchPermission grants the group "all".
	Public bool `json:"public"`
	// SharedWith lists account IDs granted launchPermission.
	SharedWith []string `json:"shared_with,omitempty"`
	Tags       Tags     `json:"tags,omitempty"`
}

// RegionSettings are account-level EC2 settings of one region.
type RegionSettings struct {
	Resource
	EBSEncryptionByDefault bool `json:"ebs_encryption_by_default"`
}

// S3 holds the account's buckets and its account-level S3 settings.
type S3 struct {
	Buckets []Bucket `json:"buckets"`
	// AccountPublicAccessBlock is nil when the account has none configured.
	AccountPublicAccessBlock *PublicAccessBlock `json:"account_public_access_block"`
}

// Bucket is an S3 bucket and the settings read from its own region.
type Bucket struct {
	Resource
	Name         string    `json:"name"`
	CreationDate time.Time `json:"creation_date"`
	Tags         Tags      `json:"tags,omitempty"`
	// Encryption is the default encryption rule; nil when none is
	// configured.
	Encryption *BucketEncryption `json:"encryption"`
	// PublicAccessBlock is nil when the bucket has none configured.
	PublicAccessBlock *PublicAccessBlock `json:"public_access_block"`
	// Policy is the bucket policy document as JSON, empty when there is none.
	Policy string `json:"policy,omitempty"`
	// PolicyIsPublic is AWS's own verdict (GetBucketPolicyStatus); false when
	// there is no policy.
	PolicyIsPublic bool    `json:"policy_is_public"`
	OwnerID        string  `json:"owner_id,omitempty"`
	Grants         []Grant `json:"grants,omitempty"`
	// Versioning is "Enabled", "Suspended", or empty if never enabled.
	Versioning string `json:"versioning,omitempty"`
	// MFADelete is "Enabled", "Disabled", or empty if never configured.
	MFADelete string `json:"mfa_delete,omitempty"`
	// Logging is nil when server access logging is off.
	Logging *BucketLogging `json:"logging"`
	// ObjectOwnership is "BucketOwnerEnforced", "BucketOwnerPreferred",
	// "ObjectWriter", or empty when no ownership controls are set.
	ObjectOwnership string `json:"object_ownership,omitempty"`
}

// BucketEncryption is a bucket's default server-side encryption.
type BucketEncryption struct {
	// Algorithm is "AES256", "aws:kms" or "aws:kms:dsse".
	Algorithm        string `json:"algorithm"`
	KMSKeyID         string `json:"kms_key_id,omitempty"`
	BucketKeyEnabled bool   `json:"bucket_key_enabled,omitempty"`
}

// PublicAccessBlock is an S3 Block Public Access configuration.
type PublicAccessBlock struct {
	BlockPublicACLs       bool `json:"block_public_acls"`
	IgnorePublicACLs      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

// FullyOn reports whether all four settings are enabled.
func (p *PublicAccessBlock) FullyOn() bool {
	return p != nil && p.BlockPublicACLs && p.IgnorePublicACLs && p.BlockPublicPolicy && p.RestrictPublicBuckets
}

// Grant is one entry of a bucket ACL.
type Grant struct {
	// GranteeType is "CanonicalUser", "Group" or "AmazonCustomerByEmail".
	GranteeType string `json:"grantee_type"`
	GranteeID   string `json:"grantee_id,omitempty"`
	GranteeURI  string `json:"grantee_uri,omitempty"`
	Permission  string `json:"permission"`
}

// BucketLogging is where a bucket's server access logs go.
type BucketLogging struct {
	TargetBucket string `json:"target_bucket"`
	TargetPrefix string `json:"target_prefix,omitempty"`
}

// IAM holds the account's identities and their policies. IAM is global:
// its resources have no region.
type IAM struct {
	Users    []User          `json:"users"`
	Groups   []Group         `json:"groups"`
	Roles    []Role          `json:"roles"`
	Policies []ManagedPolicy `json:"policies"`
	// PasswordPolicy is nil when the account has none (AWS defaults apply).
	PasswordPolicy *PasswordPolicy `json:"password_policy"`
	// Summary is GetAccountSummary's map (AccountMFAEnabled,
	// AccountAccessKeysPresent, Users, ...).
	Summary            map[string]int32    `json:"summary,omitempty"`
	CredentialReport   []Credential        `json:"credential_report"`
	VirtualMFADevices  []MFADevice         `json:"virtual_mfa_devices"`
	ServerCertificates []ServerCertificate `json:"server_certificates"`
}

// User is an IAM user.
type User struct {
	Resource
	Name             string           `json:"name"`
	ID               string           `json:"id"`
	Path             string           `json:"path,omitempty"`
	CreateDate       time.Time        `json:"create_date"`
	Groups           []string         `json:"groups,omitempty"`
	AttachedPolicies []AttachedPolicy `json:"attached_policies,omitempty"`
	InlinePolicies   []InlinePolicy   `json:"inline_policies,omitempty"`
	// PermissionsBoundary is the ARN of the managed policy that bounds the
	// user's permissions, empty when none does.
	PermissionsBoundary string `json:"permissions_boundary,omitempty"`
	Tags                Tags   `json:"tags,omitempty"`
}

// Group is an IAM group.
type Group struct {
	Resource
	Name             string           `json:"name"`
	ID               string           `json:"id"`
	Path             string           `json:"path,omitempty"`
	CreateDate       time.Time        `json:"create_date"`
	AttachedPolicies []AttachedPolicy `json:"attached_policies,omitempty"`
	InlinePolicies   []InlinePolicy   `json:"inline_policies,omitempty"`
}

// Role is an IAM role.
type Role struct {
	Resource
	Name       string    `json:"name"`
	ID         string    `json:"id"`
	Path       string    `json:"path,omitempty"`
	CreateDate time.Time `json:"create_date"`
	// AssumeRolePolicy is the trust policy, decoded JSON.
	AssumeRolePolicy string           `json:"assume_role_policy"`
	AttachedPolicies []AttachedPolicy `json:"attached_policies,omitempty"`
	InlinePolicies   []InlinePolicy   `json:"inline_policies,omitempty"`
	// PermissionsBoundary is the ARN of the managed policy that bounds the
	// role's permissions, empty when none does.
	PermissionsBoundary string `json:"permissions_boundary,omitempty"`
	// LastUsed is zero when AWS has no record of the role being used.
	LastUsed time.Time `json:"last_used,omitempty"`
	Tags     Tags      `json:"tags,omitempty"`
}

// AttachedPolicy names a managed policy attached to a user, group or role.
type AttachedPolicy struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
}

// InlinePolicy is a policy embedded in a user, group or role.
type InlinePolicy struct {
	Name string `json:"name"`
	// Document is the policy JSON, already URL-decoded.
	Document string `json:"document"`
}

// ManagedPolicy is a customer-managed or AWS-managed policy.
type ManagedPolicy struct {
	Resource
	Name             string `json:"name"`
	ID               string `json:"id"`
	Path             string `json:"path,omitempty"`
	DefaultVersionID string `json:"default_version_id"`
	// Document is the default version's JSON, already URL-decoded.
	Document        string `json:"document"`
	AttachmentCount int32  `json:"attachment_count"`
}

// AWSManaged reports whether AWS owns the policy.
func (p ManagedPolicy) AWSManaged() bool {
	return strings.Contains(p.ARN, ":iam::aws:policy/")
}

// PasswordPolicy is the account's IAM password policy.
type PasswordPolicy struct {
	MinimumLength              int32 `json:"minimum_length"`
	RequireSymbols             bool  `json:"require_symbols"`
	RequireNumbers             bool  `json:"require_numbers"`
	RequireUppercase           bool  `json:"require_uppercase"`
	RequireLowercase           bool  `json:"require_lowercase"`
	AllowUsersToChangePassword bool  `json:"allow_users_to_change_password"`
	// MaxPasswordAge is 0 when passwords never expire.
	MaxPasswordAge int32 `json:"max_password_age,omitempty"`
	// PasswordReusePrevention is 0 when reuse is not prevented.
	PasswordReusePrevention int32 `json:"password_reuse_prevention,omitempty"`
	HardExpiry              bool  `json:"hard_expiry,omitempty"`
}

// RootUser is the user name the credential report gives the root account.
const RootUser = "<root_account>"

// Credential is one row of the IAM credential report. Times are nil where
// the report says N/A, not_supported or no_information.
type Credential struct {
	User                  string     `json:"user"`
	ARN                   string     `json:"arn"`
	UserCreationTime      *time.Time `json:"user_creation_time"`
	PasswordEnabled       bool       `json:"password_enabled"`
	PasswordLastUsed      *time.Time `json:"password_last_used"`
	PasswordLastChanged   *time.Time `json:"password_last_changed"`
	MFAActive             bool       `json:"mfa_active"`
	AccessKey1Active      bool       `json:"access_key_1_active"`
	AccessKey1LastRotated *time.Time `json:"access_key_1_last_rotated"`
	AccessKey1LastUsed    *time.Time `json:"access_key_1_last_used"`
	AccessKey2Active      bool       `json:"access_key_2_active"`
	AccessKey2LastRotated *time.Time `json:"access_key_2_last_rotated"`
	AccessKey2LastUsed    *time.Time `json:"access_key_2_last_used"`
	Cert1Active           bool       `json:"cert_1_active"`
	Cert2Active           bool       `json:"cert_2_active"`
}

// MFADevice is a virtual MFA device.
type MFADevice struct {
	SerialNumber string `json:"serial_number"`
	// UserARN is the user it is assigned to; empty when unassigned. For the
	// root user it is the account's root ARN.
	UserARN    string    `json:"user_arn,omitempty"`
	EnableDate time.Time `json:"enable_date,omitempty"`
}

// ServerCertificate is an IAM server certificate.
type ServerCertificate struct {
	Resource
	Name       string    `json:"name"`
	ID         string    `json:"id"`
	UploadDate time.Time `json:"upload_date"`
	Expiration time.Time `json:"expiration"`
}

// Organization is what AWS Organizations says about the account: whether it
// is in an organization and which service control policies (SCPs) apply to
// it.
type Organization struct {
	// InOrganization is false when Organizations answered that the account
	// is in none: no SCP applies.
	InOrganization bool   `json:"in_organization"`
	ID             string `json:"id,omitempty"`
	// ManagementAccountID is the organization's management account, which
	// SCPs never restrict.
	ManagementAccountID string `json:"management_account_id,omitempty"`
	// FeatureSet is "ALL" or "CONSOLIDATED_BILLING"; SCPs apply only with
	// all features.
	FeatureSet string `json:"feature_set,omitempty"`
	// Parents are the account's ancestors, nearest first and the root
	// last: "ou-...", "r-...".
	Parents []string `json:"parents,omitempty"`
	// SCPs are the service control policies attached to the account, its
	// organizational units and the root.
	SCPs []SCP `json:"service_control_policies,omitempty"`
	// NotRead says why the SCPs were not read ("organizations:ListParents
	// denied"); empty when they were, or none apply.
	NotRead string `json:"scps_not_read,omitempty"`
}

// SCP is a service control policy and where on the account's path it is
// attached.
type SCP struct {
	ID         string `json:"id"`
	ARN        string `json:"arn"`
	Name       string `json:"name"`
	AWSManaged bool   `json:"aws_managed,omitempty"`
	// Targets are the IDs it is attached to among the account, its parents
	// and the root.
	Targets []string `json:"targets"`
	// Document is the policy JSON.
	Document string `json:"document"`
}

// Shell is the inventory without its resources: who was scanned, where,
// when, with which errors and calls. A multi-account scan keeps the shell
// of an account it has evaluated, so reports can still describe the scan
// while the resources are released.
func (inv *Inventory) Shell() *Inventory {
	return &Inventory{
		SchemaVersion: inv.SchemaVersion,
		AccountID:     inv.AccountID,
		CallerARN:     inv.CallerARN,
		Partition:     inv.Partition,
		Regions:       inv.Regions,
		Services:      inv.Services,
		StartedAt:     inv.StartedAt,
		FinishedAt:    inv.FinishedAt,
		Interrupted:   inv.Interrupted,
		Errors:        inv.Errors,
		APICalls:      inv.APICalls,
	}
}
