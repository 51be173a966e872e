package inventory

import "fmt"

// CloudTrail holds the trails that log the scanned regions, each once.
type CloudTrail struct {
	// Trails are read from every scanned region (with shadow trails, so a
	// multi-region or organization trail is seen from any of them) and
	// kept once each. A trail's own settings are then read in its home
	// region.
	Trails []Trail `json:"trails"`
}

// Trail is a CloudTrail trail. Its Region is its home region.
type Trail struct {
	Resource
	Name string `json:"name"`
	// MultiRegion trails log every region of the partition, present and
	// future; the others log their home region only.
	MultiRegion bool `json:"multi_region"`
	// Organization trails are created in the organization's management
	// account and log every member account; their ARN names that account.
	Organization               bool   `json:"organization,omitempty"`
	IncludeGlobalServiceEvents bool   `json:"include_global_service_events"`
	LogFileValidation          bool   `json:"log_file_validation"`
	S3BucketName               string `json:"s3_bucket_name,omitempty"`
	S3KeyPrefix                string `json:"s3_key_prefix,omitempty"`
	// KMSKeyID is the key ARN log files are encrypted with (SSE-KMS);
	// empty when CloudTrail leaves them to the bucket's default.
	KMSKeyID                  string `json:"kms_key_id,omitempty"`
	CloudWatchLogsLogGroupARN string `json:"cloudwatch_logs_log_group_arn,omitempty"`
	// IsLogging is GetTrailStatus's verdict: a trail can exist, fully
	// configured, and record nothing because logging was stopped.
	IsLogging bool `json:"is_logging"`
	// LatestDeliveryError is the last error delivering to the bucket,
	// empty when deliveries succeed.
	LatestDeliveryError string `json:"latest_delivery_error,omitempty"`
	// A trail uses either basic or advanced event selectors, never both.
	// With neither, it logs no events at all.
	EventSelectors         []EventSelector         `json:"event_selectors,omitempty"`
	AdvancedEventSelectors []AdvancedEventSelector `json:"advanced_event_selectors,omitempty"`
}

// EventSelector is a basic event selector.
type EventSelector struct {
	// ReadWriteType is "All", "ReadOnly" or "WriteOnly".
	ReadWriteType           string `json:"read_write_type"`
	IncludeManagementEvents bool   `json:"include_management_events"`
	// ExcludeManagementEventSources are event sources (kms.amazonaws.com,
	// rdsdata.amazonaws.com) whose management events are not logged.
	ExcludeManagementEventSources []string       `json:"exclude_management_event_sources,omitempty"`
	DataResources                 []DataResource `json:"data_resources,omitempty"`
}

// DataResource names the data events a basic selector logs: Type
// "AWS::S3::Object" with Values "arn:aws:s3" (every bucket) or
// "arn:aws:s3:::bucket/prefix".
type DataResource struct {
	Type   string   `json:"type"`
	Values []string `json:"values,omitempty"`
}

// AdvancedEventSelector logs the events every one of its field selectors
// matches.
type AdvancedEventSelector struct {
	Name           string          `json:"name,omitempty"`
	FieldSelectors []FieldSelector `json:"field_selectors"`
}

// FieldSelector is one condition of an advanced event selector, on a field
// such as "eventCategory", "resources.type", "readOnly" or "resources.ARN".
type FieldSelector struct {
	Field         string   `json:"field"`
	Equals        []string `json:"equals,omitempty"`
	StartsWith    []string `json:"starts_with,omitempty"`
	EndsWith      []string `json:"ends_with,omitempty"`
	NotEquals     []string `json:"not_equals,omitempty"`
	NotStartsWith []string `json:"not_starts_with,omitempty"`
	NotEndsWith   []string `json:"not_ends_with,omitempty"`
}

// ConfigService holds the AWS Config configuration recorders of every
// scanned region.
type ConfigService struct {
	Recorders []ConfigRecorder `json:"recorders"`
}

// ConfigRecorder is an AWS Config configuration recorder and its status.
type ConfigRecorder struct {
	Resource
	Name    string `json:"name"`
	RoleARN string `json:"role_arn,omitempty"`
	// ServicePrincipal is set for service-linked recorders, which another
	// AWS service creates to record only what it needs; empty for the
	// region's one customer-managed recorder.
	ServicePrincipal string `json:"service_principal,omitempty"`
	// AllSupported records every resource type Config supports, including
	// types added later.
	AllSupported bool `json:"all_supported"`
	// IncludeGlobalResourceTypes adds IAM users, groups, roles and
	// policies, which are global. AWS advises recording them in one region
	// only.
	IncludeGlobalResourceTypes bool `json:"include_global_resource_types"`
	// RecordingStrategy is "ALL_SUPPORTED_RESOURCE_TYPES",
	// "INCLUSION_BY_RESOURCE_TYPES" or "EXCLUSION_BY_RESOURCE_TYPES";
	// empty from recorders older than strategies.
	RecordingStrategy string `json:"recording_strategy,omitempty"`
	// ResourceTypes are the types recorded when not AllSupported.
	ResourceTypes []string `json:"resource_types,omitempty"`
	// ExcludedResourceTypes are the types an exclusion strategy leaves out.
	ExcludedResourceTypes []string `json:"excluded_resource_types,omitempty"`
	// Recording and LastStatus ("SUCCESS", "FAILURE", "PENDING") come from
	// DescribeConfigurationRecorderStatus: a recorder can be configured
	// and stopped.
	Recording     bool   `json:"recording"`
	LastStatus    string `json:"last_status,omitempty"`
	LastErrorCode string `json:"last_error_code,omitempty"`
}

// TrailARN builds a trail's ARN from its home region and name.
func TrailARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", orAWS(partition), region, account, name)
}

// ConfigRecorderARN builds a configuration recorder's ARN. AWS's own ARNs
// (returned since 2024) add a unique suffix; recorders that predate them
// are addressed by name.
func ConfigRecorderARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:config:%s:%s:configuration-recorder/%s", orAWS(partition), region, account, name)
}

// ConfigRegionARN names a region's AWS Config setup. AWS has no ARN for it;
// this pseudo-ARN keeps a finding about a region with no recorder at all
// addressable.
func ConfigRegionARN(partition, region, account string) string {
	return fmt.Sprintf("arn:%s:config:%s:%s:recorders", orAWS(partition), region, account)
}

// normalizeLogging fills the ARNs and accounts of CloudTrail, Config, KMS
// and DynamoDB resources, as Normalize does for the others.
func (inv *Inventory) normalizeLogging(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.CloudTrail.Trails {
		x := &inv.CloudTrail.Trails[i]
		fill(&x.Resource, TrailARN(p, x.Region, acct, x.Name))
	}
	for i := range inv.Config.Recorders {
		x := &inv.Config.Recorders[i]
		fill(&x.Resource, ConfigRecorderARN(p, x.Region, acct, x.Name))
	}
	for i := range inv.KMS.Keys {
		x := &inv.KMS.Keys[i]
		fill(&x.Resource, KeyARN(p, x.Region, acct, x.ID))
	}
	for i := range inv.DynamoDB.Tables {
		x := &inv.DynamoDB.Tables[i]
		fill(&x.Resource, TableARN(p, x.Region, acct, x.Name))
	}
}
