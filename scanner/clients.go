package scanner

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
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
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

// homeRegion is the region of the calls made before the account's regions
// are known (identity, the region list, the organization's accounts,
// AssumeRole). A profile need not name a region, and without one the SDK
// cannot resolve or sign for an endpoint: ListAccounts went out unsigned.
const homeRegion = "us-east-1"

func withHomeRegion(cfg aws.Config) aws.Config {
	if cfg.Region == "" {
		cfg.Region = homeRegion
	}
	return cfg
}

// RetryOptions set the one retry policy every client shares.
type RetryOptions struct {
	// MaxAttempts per operation, first try included. Zero means 10.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts. Zero means 20s.
	MaxBackoff time.Duration
	// Mode is RetryStandard (the default) or RetryAdaptive.
	Mode string
}

// Retry modes: the SDK's own names for them, as in AWS_RETRY_MODE.
const (
	RetryStandard = "standard"
	RetryAdaptive = "adaptive"
)

// ConfigureRetries installs the SDK's standard retry mode by default: a
// throttled or failed attempt is retried after an exponential, jittered
// back-off of its own, so a throttled service slows down without stalling
// the others, and the wait holds no call slot (see inFlight).
//
// The SDK's adaptive mode is available (Mode RetryAdaptive, --retry-mode
// adaptive) but is not the default: its client-side rate limit is per
// client, and a scan has hundreds of short-lived ones (a service in a
// region each). One throttle early in a client's life, before it has
// measured its own rate, drops the client to half a request a second: a
// scan of the large benchmark account with 2% of requests throttled took
// 245 s with it, 22 s with the standard mode (BENCHMARKS.md). The retry
// quota is off in both: a scan is a burst of reads whose throttling is
// expected, and giving up early would turn it into gaps.
func ConfigureRetries(cfg *aws.Config, o RetryOptions) {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 20 * time.Second
	}
	standard := func(s *retry.StandardOptions) {
		s.MaxAttempts = o.MaxAttempts
		s.MaxBackoff = o.MaxBackoff
		s.RateLimiter = ratelimit.None
	}
	if o.Mode == RetryAdaptive {
		cfg.Retryer = func() aws.Retryer {
			return retry.NewAdaptiveMode(func(a *retry.AdaptiveModeOptions) {
				a.StandardOptions = append(a.StandardOptions, standard)
			})
		}
		return
	}
	cfg.Retryer = func() aws.Retryer { return retry.NewStandard(standard) }
}

// clients builds SDK clients once per service and region.
type clients struct {
	cfg aws.Config

	mu  sync.Mutex
	ec2 map[string]*ec2.Client
	s3  map[string]*s3.Client
	iam *iam.Client
	s3c *s3control.Client

	rds map[string]*rds.Client
	efs map[string]*efs.Client
	gd  map[string]*guardduty.Client
	hub map[string]*securityhub.Client
	aa  map[string]*accessanalyzer.Client

	trail  map[string]*cloudtrail.Client
	config map[string]*configservice.Client
	kms    map[string]*kms.Client
	dynamo map[string]*dynamodb.Client
	org    *organizations.Client
	sqs    map[string]*sqs.Client
	sns    map[string]*sns.Client
	emr    map[string]*emr.Client
	ssm    map[string]*ssm.Client
	lambda map[string]*lambda.Client
	ecr    map[string]*ecr.Client

	eksClients map[string]*eks.Client
	ebClients  map[string]*elasticbeanstalk.Client
	ecs        map[string]*ecs.Client
	elbv2      map[string]*elasticloadbalancingv2.Client
	elb        map[string]*elasticloadbalancing.Client
	acm        map[string]*acm.Client
	sm         map[string]*secretsmanager.Client
	ecache     map[string]*elasticache.Client
	redshift   map[string]*redshift.Client
	cf         *cloudfront.Client
	backup     map[string]*backup.Client
	os         map[string]*opensearch.Client
	apigw      map[string]*apigateway.Client
	apigwv2    map[string]*apigatewayv2.Client
}

func newClients(cfg aws.Config) *clients {
	return &clients{cfg: cfg, ec2: map[string]*ec2.Client{}, s3: map[string]*s3.Client{}}
}

// custom reports whether the user pointed every service at one endpoint
// (--endpoint-url or AWS_ENDPOINT_URL), as AWS-compatible emulators need.
func (c *clients) custom() bool { return c.cfg.BaseEndpoint != nil && *c.cfg.BaseEndpoint != "" }

func (c *clients) EC2(region string) *ec2.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.ec2[region]; ok {
		return cl
	}
	cl := ec2.NewFromConfig(c.cfg, func(o *ec2.Options) { o.Region = region })
	c.ec2[region] = cl
	return cl
}

func (c *clients) S3(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.s3[region]; ok {
		return cl
	}
	cl := s3.NewFromConfig(c.cfg, func(o *s3.Options) {
		o.Region = region
		// Emulators serve every bucket on one host.
		o.UsePathStyle = c.custom()
	})
	c.s3[region] = cl
	return cl
}

// IAM is global; its endpoint lives in the partition's home region, which
// the SDK picks from any region of the partition.
func (c *clients) IAM() *iam.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.iam == nil {
		c.iam = iam.NewFromConfig(c.cfg)
	}
	return c.iam
}

// CloudFront is global: the SDK sends every region's requests to its one
// endpoint and signs them for us-east-1.
func (c *clients) CloudFront() *cloudfront.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cf == nil {
		c.cf = cloudfront.NewFromConfig(c.cfg)
	}
	return c.cf
}

func (c *clients) S3Control() *s3control.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s3c == nil {
		c.s3c = s3control.NewFromConfig(c.cfg, func(o *s3control.Options) {
			if c.custom() {
				// S3 Control's endpoint rules put the account ID in the host
				// name, which an emulator on 127.0.0.1 cannot answer.
				o.EndpointResolverV2 = fixedEndpoint(*c.cfg.BaseEndpoint)
			}
		})
	}
	return c.s3c
}

func (c *clients) STS() *sts.Client { return sts.NewFromConfig(c.cfg) }

// regional returns the client of one region, built once. Callers hold no
// lock; the cache map is made on first use.
func regional[C any](c *clients, cache *map[string]*C, region string, build func() *C) *C {
	c.mu.Lock()
	defer c.mu.Unlock()
	if *cache == nil {
		*cache = map[string]*C{}
	}
	if cl, ok := (*cache)[region]; ok {
		return cl
	}
	cl := build()
	(*cache)[region] = cl
	return cl
}

func (c *clients) RDS(region string) *rds.Client {
	return regional(c, &c.rds, region, func() *rds.Client { return rds.NewFromConfig(c.cfg, func(o *rds.Options) { o.Region = region }) })
}

func (c *clients) EFS(region string) *efs.Client {
	return regional(c, &c.efs, region, func() *efs.Client { return efs.NewFromConfig(c.cfg, func(o *efs.Options) { o.Region = region }) })
}

func (c *clients) GuardDuty(region string) *guardduty.Client {
	return regional(c, &c.gd, region, func() *guardduty.Client {
		return guardduty.NewFromConfig(c.cfg, func(o *guardduty.Options) { o.Region = region })
	})
}

func (c *clients) SecurityHub(region string) *securityhub.Client {
	return regional(c, &c.hub, region, func() *securityhub.Client {
		return securityhub.NewFromConfig(c.cfg, func(o *securityhub.Options) { o.Region = region })
	})
}

func (c *clients) AccessAnalyzer(region string) *accessanalyzer.Client {
	return regional(c, &c.aa, region, func() *accessanalyzer.Client {
		return accessanalyzer.NewFromConfig(c.cfg, func(o *accessanalyzer.Options) { o.Region = region })
	})
}

func (c *clients) CloudTrail(region string) *cloudtrail.Client {
	return regional(c, &c.trail, region, func() *cloudtrail.Client {
		return cloudtrail.NewFromConfig(c.cfg, func(o *cloudtrail.Options) { o.Region = region })
	})
}

func (c *clients) Config(region string) *configservice.Client {
	return regional(c, &c.config, region, func() *configservice.Client {
		return configservice.NewFromConfig(c.cfg, func(o *configservice.Options) { o.Region = region })
	})
}

func (c *clients) KMS(region string) *kms.Client {
	return regional(c, &c.kms, region, func() *kms.Client { return kms.NewFromConfig(c.cfg, func(o *kms.Options) { o.Region = region }) })
}

func (c *clients) DynamoDB(region string) *dynamodb.Client {
	return regional(c, &c.dynamo, region, func() *dynamodb.Client {
		return dynamodb.NewFromConfig(c.cfg, func(o *dynamodb.Options) { o.Region = region })
	})
}

func (c *clients) SQS(region string) *sqs.Client {
	return regional(c, &c.sqs, region, func() *sqs.Client { return sqs.NewFromConfig(c.cfg, func(o *sqs.Options) { o.Region = region }) })
}

func (c *clients) SNS(region string) *sns.Client {
	return regional(c, &c.sns, region, func() *sns.Client { return sns.NewFromConfig(c.cfg, func(o *sns.Options) { o.Region = region }) })
}

func (c *clients) EMR(region string) *emr.Client {
	return regional(c, &c.emr, region, func() *emr.Client { return emr.NewFromConfig(c.cfg, func(o *emr.Options) { o.Region = region }) })
}

func (c *clients) SSM(region string) *ssm.Client {
	return regional(c, &c.ssm, region, func() *ssm.Client { return ssm.NewFromConfig(c.cfg, func(o *ssm.Options) { o.Region = region }) })
}

func (c *clients) Lambda(region string) *lambda.Client {
	return regional(c, &c.lambda, region, func() *lambda.Client {
		return lambda.NewFromConfig(c.cfg, func(o *lambda.Options) { o.Region = region })
	})
}

func (c *clients) ECR(region string) *ecr.Client {
	return regional(c, &c.ecr, region, func() *ecr.Client { return ecr.NewFromConfig(c.cfg, func(o *ecr.Options) { o.Region = region }) })
}

func (c *clients) EKS(region string) *eks.Client {
	return regional(c, &c.eksClients, region, func() *eks.Client { return eks.NewFromConfig(c.cfg, func(o *eks.Options) { o.Region = region }) })
}

func (c *clients) ElasticBeanstalk(region string) *elasticbeanstalk.Client {
	return regional(c, &c.ebClients, region, func() *elasticbeanstalk.Client {
		return elasticbeanstalk.NewFromConfig(c.cfg, func(o *elasticbeanstalk.Options) { o.Region = region })
	})
}

func (c *clients) ECS(region string) *ecs.Client {
	return regional(c, &c.ecs, region, func() *ecs.Client { return ecs.NewFromConfig(c.cfg, func(o *ecs.Options) { o.Region = region }) })
}

func (c *clients) ELBv2(region string) *elasticloadbalancingv2.Client {
	return regional(c, &c.elbv2, region, func() *elasticloadbalancingv2.Client {
		return elasticloadbalancingv2.NewFromConfig(c.cfg, func(o *elasticloadbalancingv2.Options) { o.Region = region })
	})
}

func (c *clients) ELB(region string) *elasticloadbalancing.Client {
	return regional(c, &c.elb, region, func() *elasticloadbalancing.Client {
		return elasticloadbalancing.NewFromConfig(c.cfg, func(o *elasticloadbalancing.Options) { o.Region = region })
	})
}

func (c *clients) ACM(region string) *acm.Client {
	return regional(c, &c.acm, region, func() *acm.Client { return acm.NewFromConfig(c.cfg, func(o *acm.Options) { o.Region = region }) })
}

func (c *clients) SecretsManager(region string) *secretsmanager.Client {
	return regional(c, &c.sm, region, func() *secretsmanager.Client {
		return secretsmanager.NewFromConfig(c.cfg, func(o *secretsmanager.Options) { o.Region = region })
	})
}

func (c *clients) ElastiCache(region string) *elasticache.Client {
	return regional(c, &c.ecache, region, func() *elasticache.Client {
		return elasticache.NewFromConfig(c.cfg, func(o *elasticache.Options) { o.Region = region })
	})
}

func (c *clients) Redshift(region string) *redshift.Client {
	return regional(c, &c.redshift, region, func() *redshift.Client {
		return redshift.NewFromConfig(c.cfg, func(o *redshift.Options) { o.Region = region })
	})
}

func (c *clients) Backup(region string) *backup.Client {
	return regional(c, &c.backup, region, func() *backup.Client {
		return backup.NewFromConfig(c.cfg, func(o *backup.Options) { o.Region = region })
	})
}

func (c *clients) OpenSearch(region string) *opensearch.Client {
	return regional(c, &c.os, region, func() *opensearch.Client {
		return opensearch.NewFromConfig(c.cfg, func(o *opensearch.Options) { o.Region = region })
	})
}

func (c *clients) APIGateway(region string) *apigateway.Client {
	return regional(c, &c.apigw, region, func() *apigateway.Client {
		return apigateway.NewFromConfig(c.cfg, func(o *apigateway.Options) { o.Region = region })
	})
}

func (c *clients) APIGatewayV2(region string) *apigatewayv2.Client {
	return regional(c, &c.apigwv2, region, func() *apigatewayv2.Client {
		return apigatewayv2.NewFromConfig(c.cfg, func(o *apigatewayv2.Options) { o.Region = region })
	})
}

// fixedEndpoint sends every S3 Control request to one URL.
type fixedEndpoint string

func (f fixedEndpoint) ResolveEndpoint(_ context.Context, _ s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(string(f))
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}

func (c *clients) Organizations() *organizations.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.org == nil {
		c.org = organizations.NewFromConfig(c.cfg)
	}
	return c.org
}
