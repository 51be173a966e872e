package checks

import "strings"

// The identifiers below are the Shared Responsibility Model vocabulary the
// JSON report uses (see docs/report-schema.md). They are part of the report
// contract: never rename one.

// Status is a finding's outcome.
type Status string

// Finding statuses.
const (
	Fail    Status = "fail"
	Pass    Status = "pass"
	Unknown Status = "unknown"
	Manual  Status = "manual"
)

// Statuses lists every status in report order.
var Statuses = []Status{Fail, Unknown, Manual, Pass}

// Severity ranks how much a failed duty matters.
type Severity string

// Severities, from most to least severe.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
	Info     Severity = "info"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{Critical, High, Medium, Low, Info}

// Rank orders severities: critical is 5, info 1, anything else 0.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return len(Severities) - i
		}
	}
	return 0
}

// ControlCategory says whose control a duty is.
type ControlCategory string

// Control categories.
const (
	// Inherited controls are AWS's alone (physical and environmental).
	Inherited ControlCategory = "inherited"
	// Shared controls apply to both layers; srmscan checks the customer's half.
	Shared ControlCategory = "shared"
	// CustomerSpecific controls are the customer's alone.
	CustomerSpecific ControlCategory = "customer-specific"
)

// ControlCategories lists every category, AWS's side first.
var ControlCategories = []ControlCategory{Inherited, Shared, CustomerSpecific}

// SharedControl names which shared control a shared duty belongs to.
type SharedControl string

// Shared controls.
const (
	PatchManagement         SharedControl = "patch-management"
	ConfigurationManagement SharedControl = "configuration-management"
	AwarenessTraining       SharedControl = "awareness-training"
)

// SharedControls lists every shared control.
var SharedControls = []SharedControl{PatchManagement, ConfigurationManagement, AwarenessTraining}

// Domain is the customer's responsibility layer a duty sits in.
type Domain string

// Customer responsibility domains, from the data down.
const (
	CustomerData             Domain = "customer-data"
	IdentityAccess           Domain = "identity-access"
	OSNetworkFirewall        Domain = "os-network-firewall"
	ClientSideEncryption     Domain = "client-side-encryption"
	ServerSideEncryption     Domain = "server-side-encryption"
	NetworkTrafficProtection Domain = "network-traffic-protection"
)

// Domains lists every domain.
var Domains = []Domain{CustomerData, IdentityAccess, OSNetworkFirewall, ClientSideEncryption, ServerSideEncryption, NetworkTrafficProtection}

// ServiceModel says how much of a service is the customer's.
type ServiceModel string

// Service models: the responsibility line moves with them.
const (
	Infrastructure ServiceModel = "infrastructure"
	Container      ServiceModel = "container"
	Abstracted     ServiceModel = "abstracted"
)

// ServiceModels lists every model, most customer-owned first.
var ServiceModels = []ServiceModel{Infrastructure, Container, Abstracted}

// serviceNames are the display names of the services checks cover, keyed
// by the `service` value findings carry.
var serviceNames = map[string]string{
	"access-analyzer":  "IAM Access Analyzer",
	"acm":              "ACM",
	"apigateway":       "API Gateway",
	"backup":           "AWS Backup",
	"cloudfront":       "CloudFront",
	"cloudtrail":       "CloudTrail",
	"config":           "AWS Config",
	"dynamodb":         "DynamoDB",
	"ec2":              "EC2",
	"ecr":              "ECR",
	"ecs":              "ECS",
	"efs":              "EFS",
	"eks":              "EKS",
	"elasticache":      "ElastiCache",
	"elasticbeanstalk": "Elastic Beanstalk",
	"elb":              "Elastic Load Balancing",
	"emr":              "EMR",
	"guardduty":        "GuardDuty",
	"iam":              "IAM",
	"kms":              "KMS",
	"lambda":           "Lambda",
	"opensearch":       "OpenSearch Service",
	"rds":              "RDS",
	"redshift":         "Redshift",
	"s3":               "S3",
	"secretsmanager":   "Secrets Manager",
	"securityhub":      "Security Hub",
	"sns":              "SNS",
	"sqs":              "SQS",
	"ssm":              "Systems Manager",
}

// ServiceName is how people write a service's name: "Security Hub" for
// "securityhub". A service without one is shown upper-cased.
func ServiceName(id string) string {
	if n, ok := serviceNames[id]; ok {
		return n
	}
	return strings.ToUpper(id)
}
