package scanner

import (
	"context"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticbeanstalk"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/emr"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// callCounter counts every request sent, retries included, per
// "service:Operation", for the report's scan metadata and the API-call
// benchmarks.
type callCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func newCallCounter() *callCounter { return &callCounter{counts: map[string]int{}} }

// middleware is added to every client; it sits after the retry middleware
// so each attempt is counted.
func (c *callCounter) middleware(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("srmscanCountCalls",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			key := awsmiddleware.GetServiceID(ctx) + ":" + awsmiddleware.GetOperationName(ctx)
			c.mu.Lock()
			c.counts[key]++
			c.mu.Unlock()
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// add counts a request made for the scan before its clients existed.
func (c *callCounter) add(key string) {
	c.mu.Lock()
	c.counts[key]++
	c.mu.Unlock()
}

func (c *callCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// sdkServiceIDs map the service names used in collection errors, the
// emulator's call log and the permissions list (the SigV4 signing names) to
// the SDK's service IDs, which key api_calls.
var sdkServiceIDs = map[string]string{
	"ec2": ec2.ServiceID, "s3": s3.ServiceID, "s3control": s3control.ServiceID, "iam": iam.ServiceID,
	"sts": sts.ServiceID, "rds": rds.ServiceID, "elasticfilesystem": efs.ServiceID,
	"guardduty": guardduty.ServiceID, "securityhub": securityhub.ServiceID,
	"access-analyzer": accessanalyzer.ServiceID, "cloudtrail": cloudtrail.ServiceID,
	"config": configservice.ServiceID, "kms": kms.ServiceID, "dynamodb": dynamodb.ServiceID,
	"organizations": organizations.ServiceID,
	"sqs":           sqs.ServiceID, "sns": sns.ServiceID,
	"elasticmapreduce": emr.ServiceID,
	"ssm":              ssm.ServiceID,
	"lambda":           lambda.ServiceID, "ecr": ecr.ServiceID,
	"eks": eks.ServiceID, "elasticbeanstalk": elasticbeanstalk.ServiceID,
	"ecs":   ecs.ServiceID,
	"elbv2": elasticloadbalancingv2.ServiceID, "elb": elasticloadbalancing.ServiceID, "acm": acm.ServiceID,
	"secretsmanager": secretsmanager.ServiceID, "elasticache": elasticache.ServiceID,
	"redshift":     redshift.ServiceID,
	"cloudfront":   cloudfront.ServiceID,
	"backup":       backup.ServiceID,
	"es":           opensearch.ServiceID,
	"apigateway":   apigateway.ServiceID,
	"apigatewayv2": apigatewayv2.ServiceID,
}

// SDKServiceID names a service as api_calls does ("EC2" for "ec2",
// "EFS" for "elasticfilesystem"); ok is false for a service srmscan does
// not call.
func SDKServiceID(service string) (id string, ok bool) {
	id, ok = sdkServiceIDs[service]
	return id, ok
}
