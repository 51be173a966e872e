package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/inventory"
)

// AccountScan is one account's part of a multi-account scan.
type AccountScan struct {
	AccountID        string                      `json:"account_id"`
	CallerARN        string                      `json:"caller_arn"`
	Regions          []string                    `json:"regions"`
	Complete         bool                        `json:"complete"`
	CollectionErrors []inventory.CollectionError `json:"collection_errors"`
	APICalls         map[string]int              `json:"api_calls,omitempty"`
	Summary          Summary                     `json:"summary"`
}

// NewAccounts assembles the report of a multi-account scan: findings[i]
// are the findings of invs[i]. The top-level identity is the caller's
// (the management account's), which a shard may not itself scan.
func NewAccounts(tool Tool, accountID, callerARN string, invs []*inventory.Inventory, findings [][]checks.Finding) *Report {
	var all []checks.Finding
	for _, fs := range findings {
		all = append(all, fs...)
	}
	return combine(tool, accountsScan(accountID, callerARN, invs, func(i int) Summary { return summarise(findings[i]) }), all)
}

// accountsScan is the top-level scan of a multi-account scan of invs,
// summary(i) being the summary of invs[i]'s findings.
func accountsScan(accountID, callerARN string, invs []*inventory.Inventory, summary func(i int) Summary) Scan {
	accounts := make([]AccountScan, len(invs))
	for i, inv := range invs {
		accounts[i] = accountOf(scanOf(inv), summary(i))
	}
	first := scanOf(invs[0])
	first.AccountID, first.CallerARN = accountID, callerARN
	for _, inv := range invs {
		if inv.StartedAt.Before(first.StartedAt) {
			first.StartedAt = inv.StartedAt
		}
		if inv.FinishedAt.After(first.FinishedAt) {
			first.FinishedAt = inv.FinishedAt
		}
		first.Interrupted = first.Interrupted || inv.Interrupted
	}
	return combineScan(first, accounts)
}

// scopeOf is the services a report scanned; one that predates
// scan.services scanned every one.
func scopeOf(s Scan) []string {
	if s.Services == nil {
		return slices.Clone(inventory.Services)
	}
	return s.Services
}

// accountOf is a single-account scan as an account section.
func accountOf(sc Scan, summary Summary) AccountScan {
	errs := slices.Clone(sc.CollectionErrors)
	for i := range errs {
		errs[i].AccountID = sc.AccountID
	}
	regions := sc.Regions
	if regions == nil {
		regions = []string{}
	}
	return AccountScan{
		AccountID:        sc.AccountID,
		CallerARN:        sc.CallerARN,
		Regions:          regions,
		Complete:         sc.Complete,
		CollectionErrors: errs,
		APICalls:         sc.APICalls,
		Summary:          summary,
	}
}

// combine is the multi-account report of scan sc and its findings,
// sorted and counted.
func combine(tool Tool, sc Scan, findings []checks.Finding) *Report {
	if findings == nil {
		findings = []checks.Finding{}
	}
	checks.Sort(findings)
	return &Report{SchemaVersion: SchemaVersion, Tool: tool, Scan: sc, Summary: summarise(findings), Compliance: frameworks(sc, compliance.CountChecks(findings), nil), Findings: findings}
}

// combineScan is the top-level scan of a multi-account report: first's
// identity, partition and times, the rest gathered from the accounts.
func combineScan(first Scan, accounts []AccountScan) Scan {
	slices.SortFunc(accounts, func(a, b AccountScan) int { return cmp.Compare(a.AccountID, b.AccountID) })
	sc := Scan{
		AccountID:        first.AccountID,
		CallerARN:        first.CallerARN,
		Partition:        first.Partition,
		Regions:          []string{},
		Services:         first.Services,
		StartedAt:        first.StartedAt,
		FinishedAt:       first.FinishedAt,
		Complete:         true,
		Interrupted:      first.Interrupted,
		CollectionErrors: []inventory.CollectionError{},
		Accounts:         accounts,
	}
	for _, a := range accounts {
		sc.Regions = append(sc.Regions, a.Regions...)
		sc.Complete = sc.Complete && a.Complete
		sc.CollectionErrors = append(sc.CollectionErrors, a.CollectionErrors...)
		for k, v := range a.APICalls {
			if sc.APICalls == nil {
				sc.APICalls = map[string]int{}
			}
			sc.APICalls[k] += v
		}
	}
	slices.Sort(sc.Regions)
	sc.Regions = slices.Compact(sc.Regions)
	sc.Complete = sc.Complete && !sc.Interrupted
	return sc
}

// Merge combines reports of disjoint sets of accounts (the shards of one
// organization, say) into one, as if one scan had read them all. A
// single-account report counts as one account. An account in two reports
// is refused: its findings would count twice.
func Merge(tool Tool, reports []*Report) (*Report, error) {
	if len(reports) == 0 {
		return nil, fmt.Errorf("nothing to merge")
	}
	seen := map[string]int{}
	var accounts []AccountScan
	var findings []checks.Finding
	first := reports[0].Scan
	first.Services = scopeOf(first)
	for i, r := range reports {
		if !slices.Equal(scopeOf(r.Scan), first.Services) {
			return nil, fmt.Errorf("reports 1 and %d scanned different services (%s; %s): merge takes reports of one scope, or some accounts would lack checks the others have",
				i+1, strings.Join(first.Services, ","), strings.Join(scopeOf(r.Scan), ","))
		}
		parts := r.Scan.Accounts
		if len(parts) == 0 {
			parts = []AccountScan{accountOf(r.Scan, r.Summary)}
		}
		for _, a := range parts {
			if j, dup := seen[a.AccountID]; dup {
				return nil, fmt.Errorf("account %s is in reports %d and %d: merge takes reports of disjoint accounts", a.AccountID, j+1, i+1)
			}
			seen[a.AccountID] = i
			accounts = append(accounts, a)
		}
		findings = append(findings, r.Findings...)
		if r.Scan.StartedAt.Before(first.StartedAt) {
			first.StartedAt = r.Scan.StartedAt
		}
		if r.Scan.FinishedAt.After(first.FinishedAt) {
			first.FinishedAt = r.Scan.FinishedAt
		}
		first.Interrupted = first.Interrupted || r.Scan.Interrupted
	}
	// Summaries are recounted from the findings rather than added up, so a
	// merged report is the same whichever way its parts were cut.
	byAccount := map[string][]checks.Finding{}
	for _, f := range findings {
		byAccount[f.AccountID] = append(byAccount[f.AccountID], f)
	}
	for i := range accounts {
		accounts[i].Summary = summarise(byAccount[accounts[i].AccountID])
	}
	for _, id := range slices.Sorted(maps.Keys(byAccount)) {
		if _, ok := seen[id]; !ok {
			return nil, fmt.Errorf("findings of account %s, which no report's scan names", id)
		}
	}
	out := combine(tool, combineScan(first, accounts), findings)
	// Shards gated with one attestations file each carry its entries: the
	// merged report keeps one copy of each.
	for _, r := range reports {
		for _, a := range r.Attestations {
			if !slices.Contains(out.Attestations, a) {
				out.Attestations = append(out.Attestations, a)
			}
		}
	}
	if out.Attestations != nil {
		out.Recount()
	}
	return out, nil
}
