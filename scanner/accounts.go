package scanner

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/srmscan/srmscan/inventory"
)

// CallLimit bounds the API call attempts in flight. One limit given to the
// scans of several accounts (Options.Limit) makes --concurrency a bound on
// the whole run rather than on each account.
type CallLimit struct{ f inFlight }

// NewCallLimit returns a limit of n attempts in flight.
func NewCallLimit(n int) *CallLimit { return &CallLimit{f: make(inFlight, max(n, 1))} }

// RoleSessionName names srmscan's sessions in the audited accounts'
// CloudTrail logs.
const RoleSessionName = "srmscan"

// Caller is the identity the base credentials belong to.
type Caller struct {
	AccountID, ARN, Partition string
}

// Identify asks STS whose credentials cfg holds.
func Identify(ctx context.Context, cfg aws.Config) (Caller, error) {
	out, err := sts.NewFromConfig(withHomeRegion(cfg)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Caller{}, err
	}
	arn := aws.ToString(out.Arn)
	return Caller{AccountID: aws.ToString(out.Account), ARN: arn, Partition: inventory.PartitionOf(arn)}, nil
}

// OrgAccounts lists the ACTIVE accounts of the caller's organization
// (from the management or a delegated-administrator account). Suspended
// accounts are skipped: their roles cannot be assumed, and AWS closes them.
func OrgAccounts(ctx context.Context, cfg aws.Config) ([]string, error) {
	p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(withHomeRegion(cfg)), &organizations.ListAccountsInput{})
	var ids []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			if a.Status == types.AccountStatusActive {
				ids = append(ids, aws.ToString(a.Id))
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// Shard is the I-th of N stable subsets of accounts (I counts from 1).
type Shard struct{ I, N int }

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("%q: want I/N with 1 <= I <= N, e.g. 1/4", s)
	}
	return Shard{I: i, N: n}, nil
}

// Has reports whether the account belongs to the shard. The hash of the
// account ID, not its position in a list, decides, so every CI job puts an
// account in the same shard whatever order the organization lists it in.
func (s Shard) Has(account string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(account))
	return int(h.Sum32()%uint32(s.N)) == s.I-1
}

// Targets are the accounts of a multi-account scan.
type Targets struct {
	// Caller is the base credentials' identity; its account is scanned
	// with them, every other one through RoleName.
	Caller   Caller
	Accounts []string
	RoleName string
}

// ScanAccounts scans each account, concurrently, under one call limit, and
// returns their inventories in account order. An account whose role cannot
// be assumed gets an inventory holding only that failure.
func ScanAccounts(ctx context.Context, cfg aws.Config, t Targets, opts Options) []*inventory.Inventory {
	cfg = withHomeRegion(cfg)
	if opts.Limit == nil {
		opts.Limit = NewCallLimit(cmpOr(opts.Concurrency, DefaultConcurrency))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ids := slices.Clone(t.Accounts)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]*inventory.Inventory, len(ids))
	// Each account's scan runs its own worker pool; bounding the accounts
	// in progress bounds the goroutines and the inventories in memory of
	// an organization of hundreds. The call limit, not this, sets the pace.
	accounts := make(chan struct{}, cmpOr(opts.AccountsInFlight, DefaultAccountsInFlight))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		accounts <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-accounts }()
			inv := scanOne(ctx, cfg, t, id, opts)
			if opts.OnAccount != nil {
				inv = opts.OnAccount(inv)
			}
			out[i] = inv
		}()
	}
	wg.Wait()
	return out
}

func scanOne(ctx context.Context, cfg aws.Config, t Targets, id string, opts Options) *inventory.Inventory {
	if id == t.Caller.AccountID {
		opts.Caller = &t.Caller
		return Scan(ctx, cfg, opts)
	}
	arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", cmpOrS(t.Caller.Partition, "aws"), id, t.RoleName)
	// The account's api_calls include the AssumeRole calls made to enter
	// it (once, and again if a long scan outlives the session).
	counter := newCallCounter()
	stsClient := sts.NewFromConfig(cfg, func(o *sts.Options) { o.APIOptions = append(o.APIOptions, counter.middleware) })
	provider := stscreds.NewAssumeRoleProvider(stsClient, arn, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = RoleSessionName
	})
	acfg := cfg.Copy()
	acfg.Credentials = aws.NewCredentialsCache(provider)
	// Failing here, once, names the real cause; failing later would record
	// every operation of the account as failed.
	if _, err := acfg.Credentials.Retrieve(ctx); err != nil {
		now := opts.Now().UTC().Truncate(time.Second)
		e := classify(err)
		e.Service, e.Operation, e.ResourceARN = "sts", "AssumeRole", arn
		return &inventory.Inventory{
			SchemaVersion: inventory.SchemaVersion,
			AccountID:     id,
			Partition:     cmpOrS(t.Caller.Partition, "aws"),
			Regions:       []string{},
			StartedAt:     now,
			FinishedAt:    now,
			Interrupted:   ctx.Err() != nil,
			Errors:        []inventory.CollectionError{e},
			APICalls:      counter.snapshot(),
			Services:      scope(opts.Services),
		}
	}
	inv := Scan(ctx, acfg, opts)
	if inv.APICalls == nil {
		inv.APICalls = map[string]int{}
	}
	for k, n := range counter.snapshot() {
		inv.APICalls[k] += n
	}
	return inv
}

func cmpOr(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

func cmpOrS(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
