// Package scanner inventories a live AWS account through aws-sdk-go-v2,
// read-only, across every enabled region.
//
// A scan is a set of jobs (one per service and region, and per bucket for S3)
// run by a bounded worker pool. Every failed operation is recorded in the
// inventory as a CollectionError naming service, region and operation; no
// error is dropped and none stops the other jobs.
package scanner

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/srmscan/srmscan/inventory"
)

// Options control a scan.
type Options struct {
	// Regions to scan. Empty means every region enabled for the account.
	Regions []string
	// Concurrency bounds the API calls in flight. Zero means
	// DefaultConcurrency.
	Concurrency int
	// Progress, when set, is told as jobs start and finish.
	Progress func(Event)
	// Now returns the current time; tests fix it. Defaults to time.Now.
	Now func() time.Time
	// OperationTimeout bounds each attempt at an API call; a timed-out
	// attempt is retried like a dropped connection. Zero means
	// DefaultOperationTimeout. The whole scan is bounded by Scan's ctx.
	OperationTimeout time.Duration
	// Limit, when set, is the bound on calls in flight instead of one of
	// Concurrency's own, so several scans can share it.
	Limit *CallLimit
	// Services limits the scan to these inventory.Services entries; nil
	// means all. The others' collectors do not run, so they make no call.
	// Identity (STS) and region discovery (EC2 DescribeRegions, without
	// Regions) happen whatever is chosen: every collector needs them.
	Services []string
	// Caller, when set, is who the credentials were already confirmed to
	// be (Preflight): the scan takes the account from it instead of asking
	// STS a second time, and counts that one request in its api_calls.
	Caller *Caller
	// AccountsInFlight bounds the accounts of a multi-account scan
	// collected at once; zero means DefaultAccountsInFlight. With
	// OnAccount releasing each inventory, it bounds the scan's memory.
	AccountsInFlight int
	// OnAccount, when set, is called with each account's inventory of a
	// multi-account scan as soon as its collection ends, from that
	// account's goroutine (calls may run concurrently). ScanAccounts keeps
	// what it returns in place of the inventory: a caller that has
	// evaluated the account returns inv.Shell(), so the organization's
	// resources are never all in memory at once.
	OnAccount func(inv *inventory.Inventory) *inventory.Inventory
}

// DefaultAccountsInFlight keeps a 2-core runner's call slots busy (each
// account runs a job per service and region) while holding the
// inventories of only a few accounts.
const DefaultAccountsInFlight = 4

// DefaultConcurrency is high enough to hide AWS round-trip times and low
// enough to stay under the per-account API rate limits of EC2 and IAM.
const DefaultConcurrency = 16

// Event reports progress of one job.
type Event struct {
	Service string
	Region  string
	Done    bool
	Err     *inventory.CollectionError
}

// scan is the state of one run. Collectors add to inv under mu.
type scan struct {
	cfg     aws.Config
	opts    Options
	pool    *pool
	clients *clients
	secrets *secrets

	mu      sync.Mutex
	inv     *inventory.Inventory
	compact *compactor // guarded by mu
}

// Scan collects the account cfg's credentials belong to. It always returns
// an inventory; failures are in its Errors, and a cancelled ctx leaves it
// marked Interrupted.
func Scan(ctx context.Context, cfg aws.Config, opts Options) *inventory.Inventory {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OperationTimeout <= 0 {
		opts.OperationTimeout = DefaultOperationTimeout
	}
	counter := newCallCounter()
	secrets := &secrets{}
	cfg = cfg.Copy()
	cfg.APIOptions = append(cfg.APIOptions, counter.middleware, attemptTimeout(opts.OperationTimeout), secrets.middleware, rejectEmptyBodies)
	// The bound is on attempts in flight, not on workers (see inFlight).
	limit := opts.Limit
	if limit == nil {
		limit = NewCallLimit(opts.Concurrency)
	}
	cfg.APIOptions = append(cfg.APIOptions, limit.f.middleware, newBreakers().middleware)
	cfg = withHomeRegion(cfg)
	s := &scan{
		cfg:     cfg,
		opts:    opts,
		clients: newClients(cfg),
		secrets: secrets,
		compact: newCompactor(),
		inv: &inventory.Inventory{
			SchemaVersion: inventory.SchemaVersion,
			Partition:     "aws",
			StartedAt:     opts.Now().UTC().Truncate(time.Second),
			Errors:        []inventory.CollectionError{},
			Services:      scope(opts.Services),
		},
	}

	if c := opts.Caller; c != nil && c.AccountID != "" {
		counter.add("STS:GetCallerIdentity")
		s.inv.AccountID, s.inv.CallerARN, s.inv.Partition = c.AccountID, c.ARN, inventory.PartitionOf(c.ARN)
	} else {
		s.identify(ctx)
	}
	s.inv.Regions = s.regions(ctx)

	s.pool = newPool(ctx, opts.Concurrency*workersPerCall)
	s.job("iam", "", s.collectIAM)
	s.job("s3", "", s.collectS3)
	s.job("cloudfront", "", s.collectCloudFront)
	for _, region := range s.inv.Regions {
		s.job("ec2", region, func(ctx context.Context) { s.collectEC2(ctx, region) })
		s.job("rds", region, func(ctx context.Context) { s.collectRDS(ctx, region) })
		s.job("efs", region, func(ctx context.Context) { s.collectEFS(ctx, region) })
		s.job("guardduty", region, func(ctx context.Context) { s.collectGuardDuty(ctx, region) })
		s.job("securityhub", region, func(ctx context.Context) { s.collectSecurityHub(ctx, region) })
		s.job("access-analyzer", region, func(ctx context.Context) { s.collectAccessAnalyzer(ctx, region) })
	}
	trails := newTrailSet(s.inv.Regions)
	for _, region := range s.inv.Regions {
		s.job("cloudtrail", region, func(ctx context.Context) { s.collectCloudTrail(ctx, region, trails) })
		s.job("config", region, func(ctx context.Context) { s.collectConfig(ctx, region) })
		s.job("kms", region, func(ctx context.Context) { s.collectKMS(ctx, region) })
		s.job("dynamodb", region, func(ctx context.Context) { s.collectDynamoDB(ctx, region) })
		s.job("sqs", region, func(ctx context.Context) { s.collectSQS(ctx, region) })
		s.job("sns", region, func(ctx context.Context) { s.collectSNS(ctx, region) })
		s.job("emr", region, func(ctx context.Context) { s.collectEMR(ctx, region) })
		s.job("ssm", region, func(ctx context.Context) { s.collectSSM(ctx, region) })
		s.job("lambda", region, func(ctx context.Context) { s.collectLambda(ctx, region) })
		s.job("ecr", region, func(ctx context.Context) { s.collectECR(ctx, region) })
		s.job("eks", region, func(ctx context.Context) { s.collectEKS(ctx, region) })
		s.job("elasticbeanstalk", region, func(ctx context.Context) { s.collectBeanstalk(ctx, region) })
		s.job("ecs", region, func(ctx context.Context) { s.collectECS(ctx, region) })
		// One job for both load balancer APIs, so progress reports the
		// region done once, after both.
		s.job("elb", region, func(ctx context.Context) {
			s.spawn(ctx, func(ctx context.Context) { s.collectClassicELB(ctx, region) })
			s.collectELBv2(ctx, region)
		})
		s.job("acm", region, func(ctx context.Context) { s.collectACM(ctx, region) })
		s.job("secretsmanager", region, func(ctx context.Context) { s.collectSecrets(ctx, region) })
		s.job("elasticache", region, func(ctx context.Context) { s.collectElastiCache(ctx, region) })
		s.job("redshift", region, func(ctx context.Context) { s.collectRedshift(ctx, region) })
		s.job("backup", region, func(ctx context.Context) { s.collectBackup(ctx, region) })
		s.job("opensearch", region, func(ctx context.Context) { s.collectOpenSearch(ctx, region) })
		s.job("apigateway", region, func(ctx context.Context) { s.collectAPIGateway(ctx, region) })
	}
	s.pool.wait()

	s.inv.FinishedAt = opts.Now().UTC().Truncate(time.Second)
	s.inv.Interrupted = ctx.Err() != nil
	s.inv.APICalls = counter.snapshot()
	s.compact.finish(s.inv)
	sortInventory(s.inv)
	return s.inv
}

// job schedules a collector, reporting progress around it. The job is done
// when the collector and everything it spawned have finished, so progress
// never says a region is done while its buckets or snapshots are still
// being read.
//
// A service outside the scan's Services gets no job: its collector makes
// no call at all.
func (s *scan) job(service, region string, f func(ctx context.Context)) {
	if !s.inv.Holds(service) {
		return
	}
	g := &group{service: service, region: region, pending: 1}
	s.progress(Event{Service: service, Region: region})
	s.pool.submit(func(ctx context.Context) {
		f(context.WithValue(ctx, groupKey{}, g))
		s.release(g)
	})
}

// group tracks one job and the work it spawned.
type group struct {
	service, region string
	pending         int // guarded by scan.mu
}

type groupKey struct{}

// spawn schedules follow-up work (one bucket's settings, say) under the same
// concurrency bound as everything else, as part of the job whose ctx it is
// given. It does not wait for it.
func (s *scan) spawn(ctx context.Context, f func(ctx context.Context)) {
	g, _ := ctx.Value(groupKey{}).(*group)
	if g != nil {
		s.mu.Lock()
		g.pending++
		s.mu.Unlock()
	}
	s.pool.submit(func(context.Context) {
		f(ctx)
		if g != nil {
			s.release(g)
		}
	})
}

func (s *scan) release(g *group) {
	s.mu.Lock()
	g.pending--
	done := g.pending == 0
	s.mu.Unlock()
	if done {
		s.progress(Event{Service: g.service, Region: g.region, Done: true})
	}
}

// add changes the inventory under the scan's lock.
func (s *scan) add(f func(inv *inventory.Inventory)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.inv)
	s.compact.added(s.inv)
}

// fail records a failed operation. resourceARN is empty when a whole listing
// failed.
func (s *scan) fail(service, region, operation, resourceARN string, err error) {
	e := classify(err)
	e.Service, e.Region, e.Operation, e.ResourceARN = service, region, operation, resourceARN
	e.Message = s.secrets.redact(e.Message)
	s.add(func(inv *inventory.Inventory) { inv.Errors = append(inv.Errors, e) })
	s.progress(Event{Service: service, Region: region, Err: &e})
}

func (s *scan) progress(e Event) {
	if s.opts.Progress != nil {
		s.opts.Progress(e)
	}
}

// account and partition are safe to read from collectors once identify has
// run, before any collector starts.
func (s *scan) account() string   { return s.inv.AccountID }
func (s *scan) partition() string { return s.inv.Partition }

// sortInventory orders every list so that two scans of the same account give
// byte-identical snapshots, whatever order the concurrent jobs finished in.
func sortInventory(inv *inventory.Inventory) {
	byARN := func(a, b inventory.Resource) int { return cmp.Compare(a.ARN, b.ARN) }
	e := &inv.EC2
	slices.SortFunc(e.Instances, func(a, b inventory.Instance) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.SecurityGroups, func(a, b inventory.SecurityGroup) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.NetworkACLs, func(a, b inventory.NetworkACL) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.VPCs, func(a, b inventory.VPC) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.FlowLogs, func(a, b inventory.FlowLog) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.Volumes, func(a, b inventory.Volume) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.Snapshots, func(a, b inventory.Snapshot) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.Images, func(a, b inventory.Image) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(e.RegionSettings, func(a, b inventory.RegionSettings) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.S3.Buckets, func(a, b inventory.Bucket) int { return byARN(a.Resource, b.Resource) })
	m := &inv.IAM
	slices.SortFunc(m.Users, func(a, b inventory.User) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(m.Groups, func(a, b inventory.Group) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(m.Roles, func(a, b inventory.Role) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(m.Policies, func(a, b inventory.ManagedPolicy) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(m.ServerCertificates, func(a, b inventory.ServerCertificate) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(m.CredentialReport, func(a, b inventory.Credential) int { return cmp.Compare(a.ARN, b.ARN) })
	slices.SortFunc(m.VirtualMFADevices, func(a, b inventory.MFADevice) int { return cmp.Compare(a.SerialNumber, b.SerialNumber) })
	sortDatabases(inv, byARN)
	sortSecurity(inv, byARN)
	sortLogging(inv, byARN)
	sortMessaging(inv, byARN)
	sortEMR(inv, byARN)
	sortSSM(inv, byARN)
	sortLambda(inv, byARN)
	sortECR(inv, byARN)
	sortEKS(inv, byARN)
	sortAPIGateway(inv, byARN)
	sortBeanstalk(inv, byARN)
	sortECS(inv, byARN)
	sortELB(inv, byARN)
	sortSecretsCache(inv, byARN)
	sortRedshift(inv, byARN)
	slices.SortFunc(inv.CloudFront.Distributions, func(a, b inventory.Distribution) int { return byARN(a.Resource, b.Resource) })
	sortBackup(inv, byARN)
	sortOpenSearch(inv, byARN)
	slices.SortFunc(inv.Errors, func(a, b inventory.CollectionError) int {
		return cmp.Or(cmp.Compare(a.Service, b.Service), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Operation, b.Operation), cmp.Compare(a.ResourceARN, b.ResourceARN))
	})
}

// scope returns the services a scan with Options.Services collects, sorted:
// every one when none is chosen, so a snapshot always says what it holds.
func scope(chosen []string) []string {
	if chosen == nil {
		return slices.Clone(inventory.Services)
	}
	out := slices.Clone(chosen)
	slices.Sort(out)
	return slices.Compact(out)
}

// tagsOf converts an SDK tag list, whatever the service's tag type; no
// tags is nil, as in an account description.
func tagsOf[T any](tags []T, kv func(T) (key, value *string)) inventory.Tags {
	if len(tags) == 0 {
		return nil
	}
	out := make(inventory.Tags, 0, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		out.Set(aws.ToString(k), aws.ToString(v))
	}
	return out
}
