package inventory

import "slices"

// Services are the names a scan can be limited to (--services): the
// services the checks are about, as `srmscan checks` prints them. Each has
// its own collector, so a scan of some of them calls no other.
var Services = []string{
	"access-analyzer",
	"acm",
	"apigateway",
	"backup",
	"cloudfront",
	"cloudtrail",
	"config",
	"dynamodb",
	"ec2",
	"ecr",
	"ecs",
	"efs",
	"eks",
	"elasticache",
	"elasticbeanstalk",
	"elb",
	"emr",
	"guardduty",
	"iam",
	"kms",
	"lambda",
	"opensearch",
	"rds",
	"redshift",
	"s3",
	"secretsmanager",
	"securityhub",
	"sns",
	"sqs",
	"ssm",
}

// apiServices maps the API service names that differ (as in
// CollectionError.Service and IAM actions) to the Services entry whose
// collector calls them.
var apiServices = map[string]string{
	"elasticfilesystem": "efs",
	"elasticmapreduce":  "emr",
	// HTTP APIs (v2) sign as apigateway too; errors and calls name them apart.
	"apigatewayv2": "apigateway",
	"s3control":    "s3",
	// Both load balancer APIs sign as elasticloadbalancing and share its
	// IAM actions; errors and calls name them apart.
	"elbv2": "elb",
	// OpenSearch Service keeps the IAM prefix of its Elasticsearch days.
	"es": "opensearch",
}

// ServiceOf names the Services entry whose collector calls an API service:
// "efs" for "elasticfilesystem". STS and Organizations belong to no entry:
// identity and the account list are needed whatever is scanned.
func ServiceOf(api string) string {
	if s, ok := apiServices[api]; ok {
		return s
	}
	if slices.Contains(Services, api) {
		return api
	}
	return ""
}

// Holds reports whether the inventory's collection included service (a
// Services entry). A snapshot that does not say holds every service: it
// predates --services, when every scan read everything.
func (inv *Inventory) Holds(service string) bool {
	return inv.Services == nil || slices.Contains(inv.Services, service)
}

// ScannedServices is the scope the inventory was collected with.
func (inv *Inventory) ScannedServices() []string {
	if inv.Services == nil {
		return slices.Clone(Services)
	}
	return slices.Clone(inv.Services)
}
