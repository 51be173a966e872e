package inventory

import (
	"fmt"
	"regexp"
	"time"
)

// Lambda holds the Lambda functions of every scanned region.
type Lambda struct {
	Functions []Function `json:"functions"`
}

// Function is a Lambda function ($LATEST), as ListFunctions describes it,
// with its resource policy and function URLs.
type Function struct {
	Resource
	Name string `json:"name"`
	// Runtime is the managed runtime's identifier ("python3.12"), empty
	// for a container image function, whose image carries its own.
	Runtime     string `json:"runtime,omitempty"`
	PackageType string `json:"package_type,omitempty"` // "Zip" or "Image"
	// Role is the execution role's ARN.
	Role string `json:"role"`
	// Environment names the function's environment variables. Their values
	// are never kept: a snapshot is written to disk and shared, and the
	// values are often the secrets a check looks for.
	Environment []EnvironmentVariable `json:"environment,omitempty"`
	// KMSKeyARN is the customer managed key that encrypts the environment
	// at rest, empty when Lambda's own key does.
	KMSKeyARN    string    `json:"kms_key_arn,omitempty"`
	LastModified time.Time `json:"last_modified,omitzero"`
	// Policy is the function's resource-based policy as JSON, empty when
	// it has none (only its own account's principals may then invoke it).
	Policy string `json:"policy,omitempty"`
	// URLs are the function URLs of the function and its aliases.
	URLs []FunctionURL `json:"urls,omitempty"`
}

// EnvironmentVariable is one environment variable of a function: its name,
// and what its value looks like, decided when it was read.
type EnvironmentVariable struct {
	Name string `json:"name"`
	// ValueShape is ValueShapeAccessKeyID when the value holds an AWS
	// access key ID, empty otherwise.
	ValueShape string `json:"value_shape,omitempty"`
}

// ValueShapeAccessKeyID marks a value that holds an AWS access key ID.
const ValueShapeAccessKeyID = "aws-access-key-id"

// accessKeyIDRE matches AWS access key IDs: AKIA for an IAM user's
// long-term keys, ASIA for temporary credentials from STS.
var accessKeyIDRE = regexp.MustCompile(`(?:^|[^A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?:$|[^A-Z0-9])`)

// ValueShape classifies an environment variable's value without keeping
// it: the collector calls it on what Lambda returns and stores only the
// answer.
func ValueShape(v string) string {
	if accessKeyIDRE.MatchString(v) {
		return ValueShapeAccessKeyID
	}
	return ""
}

// FunctionURL is a function URL: an HTTPS endpoint that invokes the
// function (or one of its aliases) directly.
type FunctionURL struct {
	URL string `json:"url"`
	// FunctionARN is the function's ARN, qualified by the alias the URL
	// invokes when it is an alias's.
	FunctionARN string `json:"function_arn,omitempty"`
	// AuthType is "AWS_IAM" (callers must sign with IAM credentials the
	// policy allows) or "NONE" (anyone who knows the URL).
	AuthType string `json:"auth_type"`
}

// FunctionARN builds a Lambda function's ARN.
func FunctionARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", orAWS(partition), region, account, name)
}

// normalizeLambda fills the ARNs and accounts of Lambda functions, as
// Normalize does for the others.
func (inv *Inventory) normalizeLambda(fill func(r *Resource, arn string)) {
	for i := range inv.Lambda.Functions {
		x := &inv.Lambda.Functions[i]
		fill(&x.Resource, FunctionARN(inv.Partition, x.Region, inv.AccountID, x.Name))
		for j := range x.URLs {
			if x.URLs[j].FunctionARN == "" {
				x.URLs[j].FunctionARN = x.ARN
			}
		}
	}
}
