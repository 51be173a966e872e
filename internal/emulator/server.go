// Package emulator is srmscan's AWS-compatible test endpoint: an HTTP server
// that speaks, for the read-only operations the collectors call, each
// service's own wire format: Query (EC2, IAM, STS, RDS, SNS, Elastic
// Beanstalk, Elastic Load Balancing v2 and Classic, ElastiCache, Redshift),
// REST-XML (S3, S3 Control, CloudFront), AWS JSON 1.0 and 1.1 (DynamoDB,
// SQS; CloudTrail, Config, KMS, ECS, ECR, EMR, SSM, ACM, Secrets Manager) and
// REST-JSON (EFS, GuardDuty, Security Hub, Access Analyzer, Lambda, EKS,
// OpenSearch, AWS Backup, API Gateway). It serves an account described by
// an inventory (see LoadAccount).
//
// It exists so collectors are tested through the real SDK clients over real
// HTTP, with the SDK's own serialisation, retries and pagination, and so the
// demo account is a real scan. Faults (latency, throttling, denied
// operations, server errors) and small page sizes are switched on per server.
//
// It is not a general AWS emulator: it implements only what srmscan reads,
// and never changes the account it serves.
package emulator

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// Options switch on faults and paging. The zero value is a well-behaved
// endpoint with AWS's default page sizes.
type Options struct {
	// PageSize caps every list response. Small values make tests prove that
	// collectors follow NextToken, Marker and IsTruncated.
	PageSize int
	// Latency is added to every request, to model AWS round trips.
	Latency time.Duration
	// ThrottleRate is the fraction of requests answered with the service's
	// throttling error (RequestLimitExceeded, Throttling, SlowDown).
	ThrottleRate float64
	// ServerErrorRate is the fraction answered with a 500.
	ServerErrorRate float64
	// Deny answers matching requests with the service's access-denied error.
	Deny []Rule
	// Fail answers matching requests with a 500 every time, so the client's
	// retries run out.
	Fail []Rule
	// Reject answers matching requests with an error code of the caller's
	// choosing, as AWS answers credentials it does not accept
	// (ExpiredToken, InvalidClientTokenId, SignatureDoesNotMatch): the
	// emulator takes any credentials, so it cannot tell by itself.
	Reject []Rejection
	// Garble corrupts the responses to matching requests (see Garble).
	Garble []Garble
	// Unimplemented answers matching requests the way an endpoint without
	// the service does (moto without IAM Access Analyzer, a proxy in front
	// of a blocked service): a 500 with an HTML page, not the service's
	// error format, every time.
	Unimplemented []Rule
	// Throttle answers matching requests with the service's throttling
	// error every time, so the client's retries run out.
	Throttle []Rule
	// Drop closes the connection of matching requests without an answer,
	// every time.
	Drop []Rule
	// Seed makes the random faults repeatable for a given request order.
	Seed uint64
	// LegacyListBuckets makes ListBuckets omit BucketRegion, as S3 did
	// before 2024 and some S3-compatible stores still do, so collectors
	// must fall back to GetBucketLocation.
	LegacyListBuckets bool
}

// Rule matches requests. Empty fields match anything.
type Rule struct {
	Service   string // "ec2", "s3", "s3control", "iam", "sts"
	Operation string // e.g. "DescribeFlowLogs"
	Region    string
	// Resource is the bucket name for S3 bucket operations, and the key
	// ID, trail name or table name for KMS, CloudTrail and DynamoDB ones
	// (however the request names them).
	Resource string
}

// ParseRule reads "service:Operation[@region][/resource]", e.g.
// "ec2:DescribeFlowLogs@eu-west-1" or "s3:GetBucketPolicy/logs-bucket".
func ParseRule(s string) (Rule, error) {
	m := ruleRE.FindStringSubmatch(s)
	if m == nil {
		return Rule{}, fmt.Errorf("rule %q: want service:Operation[@region][/resource]", s)
	}
	return Rule{Service: m[1], Operation: m[2], Region: m[3], Resource: m[4]}, nil
}

var ruleRE = regexp.MustCompile(`^([a-z0-9-]+):([A-Za-z0-9*]+)(?:@([a-z0-9-]+))?(?:/(.+))?$`)

// Rejection is a Rule answered with Code (HTTP 403).
type Rejection struct {
	Rule
	Code string
}

// ParseRejection reads "service:Operation[@region][/resource]=Code", e.g.
// "sts:GetCallerIdentity=ExpiredToken".
func ParseRejection(s string) (Rejection, error) {
	i := strings.LastIndex(s, "=")
	if i < 0 || !errorCodeRE.MatchString(s[i+1:]) {
		return Rejection{}, fmt.Errorf("rejection %q: want service:Operation[@region][/resource]=ErrorCode", s)
	}
	r, err := ParseRule(s[:i])
	if err != nil {
		return Rejection{}, err
	}
	return Rejection{Rule: r, Code: s[i+1:]}, nil
}

var errorCodeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9.]*$`)

// rejectMessages are AWS's own words for the credential errors.
var rejectMessages = map[string]string{
	"ExpiredToken":          "The security token included in the request is expired",
	"InvalidClientTokenId":  "The security token included in the request is invalid.",
	"SignatureDoesNotMatch": "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
}

func (r Rule) matches(c Call) bool {
	return (r.Service == "" || r.Service == c.Service) &&
		(r.Operation == "" || r.Operation == "*" || r.Operation == c.Operation) &&
		(r.Region == "" || r.Region == c.Region) &&
		(r.Resource == "" || r.Resource == c.Resource)
}

// Call is one request the server received.
type Call struct {
	Service   string
	Operation string
	Region    string
	Resource  string
}

// Server serves one account.
type Server struct {
	acct     *inventory.Inventory
	opts     Options
	services map[string]service
	index    index

	mu    sync.Mutex
	rng   *rand.Rand
	calls []Call
}

// service is one AWS API's wire format.
type service interface {
	// operation names the API operation a request calls, and the resource
	// it is about when the protocol puts that in the URL (S3 buckets). An
	// empty operation means the request is not one this server knows.
	operation(r *request) (op, resource string)
	// serve answers a request whose operation is known.
	serve(w http.ResponseWriter, r *request)
	// writeError answers with the service's error format.
	writeError(w http.ResponseWriter, r *request, status int, code, message string)
	// throttleCode, deniedCode and internalCode are the service's own
	// error codes for those faults.
	faultCodes() (throttle, denied, internal string)
}

// request is an incoming call, parsed once.
type request struct {
	*http.Request
	Service  string
	Region   string
	Op       string
	Resource string
	Body     []byte
	// Form is the Query-protocol parameters (body and URL), empty for REST.
	Form url.Values
	srv  *Server
}

// New returns a server for the account. The account is read, never changed.
func New(acct *inventory.Inventory, opts Options) *Server {
	s := &Server{
		acct: acct,
		opts: opts,
		rng:  rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5eed)),
	}
	s.services = map[string]service{
		"sts":       stsService{s},
		"ec2":       ec2Service{s},
		"s3":        s3Service{s},
		"s3control": s3controlService{s},
		"iam":       iamService{s},

		"rds":               rdsService{s},
		"elasticfilesystem": efsService{s},
		"guardduty":         guardDutyService{s},
		"securityhub":       securityHubService{s},
		"access-analyzer":   accessAnalyzerService{s},

		"cloudtrail": newCloudTrail(s),
		"config":     newConfigService(s),
		"kms":        newKMS(s),
		"dynamodb":   newDynamoDB(s),

		"organizations":    newOrganizations(s),
		"sqs":              newSQS(s),
		"sns":              snsService{s},
		"elasticmapreduce": newEMR(s),
		"ssm":              newSSM(s),
		"lambda":           lambdaService{s},
		"ecr":              newECR(s),

		"eks":              eksService{s},
		"elasticbeanstalk": beanstalkService{s},
		"ecs":              newECS(s),
		"elbv2":            newELBv2(s),
		"elb":              newELB(s),
		"acm":              newACM(s),

		"secretsmanager": newSecretsManager(s),
		"elasticache":    elastiCacheService{s},
		"redshift":       redshiftService{s},
		"cloudfront":     cloudFrontService{s},
		"backup":         backupService{s},
		"es":             openSearchService{s},
		"apigateway":     apiGatewayService{s},
		"apigatewayv2":   apiGatewayV2Service{s},
	}
	return s
}

// Calls returns every request received so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// ResetCalls forgets the recorded calls.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	s.calls = nil
	s.mu.Unlock()
}

// Account is the account served.
func (s *Server) Account() *inventory.Inventory { return s.acct }

// credentialRE reads the scope of a SigV4 Authorization header:
// Credential=AKID/20240101/us-east-1/ec2/aws4_request.
var credentialRE = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		http.Error(w, "reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	m := credentialRE.FindStringSubmatch(hr.Header.Get("Authorization"))
	if m == nil {
		http.Error(w, "request is not signed with AWS Signature Version 4", http.StatusForbidden)
		return
	}
	r := &request{Request: hr, Region: m[1], Service: m[2], Body: body, srv: s}
	// S3 Control signs as "s3"; its requests carry the account in a header
	// and use a versioned path.
	if r.Service == "s3" && strings.HasPrefix(hr.URL.Path, "/v20180820/") {
		r.Service = "s3control"
	}
	// HTTP APIs sign as apigateway too, under /v2.
	if r.Service == "apigateway" && strings.HasPrefix(hr.URL.Path, "/v2/") {
		r.Service = "apigatewayv2"
	}
	if hr.Header.Get("Content-Type") == "application/x-www-form-urlencoded" || r.Service == "ec2" || r.Service == "iam" || r.Service == "sts" {
		r.Form, _ = url.ParseQuery(string(body))
		for k, v := range hr.URL.Query() {
			r.Form[k] = append(r.Form[k], v...)
		}
	}
	if r.Service == "elasticloadbalancing" {
		r.Service = elbServiceOf(r.Form)
	}
	svc, ok := s.services[r.Service]
	if !ok {
		http.Error(w, "service "+r.Service+" is not emulated", http.StatusNotImplemented)
		return
	}
	r.Op, r.Resource = svc.operation(r)
	call := Call{Service: r.Service, Operation: r.Op, Region: r.Region, Resource: r.Resource}
	s.mu.Lock()
	s.calls = append(s.calls, call)
	roll := s.rng.Float64()
	s.mu.Unlock()
	w, sendGarbled := s.garble(w, call)
	defer sendGarbled()

	if s.opts.Latency > 0 {
		select {
		case <-time.After(s.opts.Latency):
		case <-hr.Context().Done():
			return
		}
	}
	throttle, denied, internal := svc.faultCodes()
	switch {
	case r.Op == "":
		svc.writeError(w, r, http.StatusBadRequest, "InvalidAction", "the emulator does not implement this request")
	case rejected(s.opts.Reject, call) != "":
		code := rejected(s.opts.Reject, call)
		svc.writeError(w, r, http.StatusForbidden, code, cmp.Or(rejectMessages[code], "The request was rejected"))
	case matchesAny(s.opts.Deny, call):
		svc.writeError(w, r, http.StatusForbidden, denied, fmt.Sprintf("User is not authorized to perform: %s:%s", r.Service, r.Op))
	case matchesAny(s.opts.Unimplemented, call):
		writeHTML500(w)
	case matchesAny(s.opts.Drop, call):
		drop(w)
	case matchesAny(s.opts.Fail, call):
		svc.writeError(w, r, http.StatusInternalServerError, internal, "injected permanent failure")
	case roll < s.opts.ThrottleRate || matchesAny(s.opts.Throttle, call):
		status := http.StatusBadRequest
		if r.Service == "s3" || r.Service == "s3control" {
			status = http.StatusServiceUnavailable
		}
		svc.writeError(w, r, status, throttle, "Rate exceeded")
	case roll < s.opts.ThrottleRate+s.opts.ServerErrorRate:
		svc.writeError(w, r, http.StatusInternalServerError, internal, "We encountered an internal error. Please try again.")
	default:
		svc.serve(w, r)
	}
}

func matchesAny(rules []Rule, c Call) bool {
	for _, r := range rules {
		if r.matches(c) {
			return true
		}
	}
	return false
}

func rejected(rules []Rejection, c Call) string {
	for _, r := range rules {
		if r.matches(c) {
			return r.Code
		}
	}
	return ""
}

// regionEnabled reports whether the account has the region enabled.
func (s *Server) regionEnabled(region string) bool {
	return slices.Contains(s.acct.Regions, region)
}

// page returns the slice of items a paginated request asks for and the
// token for the next page ("" on the last page). Tokens are offsets; a
// token that is not one of ours is an error, as it is in AWS.
func page[T any](s *Server, items []T, token string, requested int) ([]T, string, error) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(token, "tok-"))
		if err != nil || n < 0 || n > len(items) || !strings.HasPrefix(token, "tok-") {
			return nil, "", fmt.Errorf("invalid pagination token %q", token)
		}
		start = n
	}
	size := len(items) - start
	if requested > 0 && requested < size {
		size = requested
	}
	if s.opts.PageSize > 0 && s.opts.PageSize < size {
		size = s.opts.PageSize
	}
	end := start + size
	next := ""
	if end < len(items) {
		next = "tok-" + strconv.Itoa(end)
	}
	return items[start:end], next, nil
}

// writeXML writes v as an XML document with the given status.
func writeXML(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encoding response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// requestID is a fixed-format request ID; AWS's are opaque to clients.
func requestID() string { return "00000000-0000-4000-8000-000000000000" }

// isoTime formats a time as AWS's XML protocols do.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
