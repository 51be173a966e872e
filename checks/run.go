package checks

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/srmscan/srmscan/inventory"
)

// Finding is a check's verdict on one resource, with everything needed to
// read it on its own: where it sits on the responsibility line, what decided
// it and how to fix it. Its JSON form is the report contract.
type Finding struct {
	// Fingerprint is stable: the same check on the same resource gives the
	// same value in every scan, so baselines and suppressions can use it.
	Fingerprint     string          `json:"fingerprint"`
	CheckID         string          `json:"check_id"`
	Title           string          `json:"title"`
	Status          Status          `json:"status"`
	Severity        Severity        `json:"severity"`
	ControlCategory ControlCategory `json:"control_category"`
	SharedControl   SharedControl   `json:"shared_control,omitempty"`
	Domain          Domain          `json:"domain"`
	Service         string          `json:"service"`
	ServiceModel    ServiceModel    `json:"service_model"`
	AccountID       string          `json:"account_id"`
	Region          string          `json:"region,omitempty"`
	ResourceARN     string          `json:"resource_arn"`
	ResourceType    string          `json:"resource_type"`
	Message         string          `json:"message"`
	Evidence        map[string]any  `json:"evidence,omitempty"`
	Remediation     Remediation     `json:"remediation"`
	References      []string        `json:"references,omitempty"`
	// Baseline is "new" or "existing" for a failed finding when the scan
	// was compared with a baseline report; empty otherwise.
	Baseline string `json:"baseline,omitempty"`
	// Suppression is set when a suppressions-file entry accepts this
	// finding. Suppressed findings stay in every report; the gate ignores
	// them.
	Suppression *Suppression `json:"suppression,omitempty"`
	// Attestation is set on a manual check's finding that an attestations
	// file records: attested and unexpired makes it pass, expired makes it
	// fail (the duty is no longer shown to be met).
	Attestation *Attestation `json:"attestation,omitempty"`
}

// Attestation is a person's record that a duty no API can observe is met.
type Attestation struct {
	By       string `json:"attested_by"`
	Date     string `json:"date"`
	Expires  string `json:"expires"`
	Evidence string `json:"evidence"`
	// Source is the attestations file and line of the entry.
	Source string `json:"source"`
	// State is "attested" or "expired", as of the scan.
	State string `json:"state"`
}

// Attestation states.
const (
	Attested = "attested"
	Expired  = "expired"
)

// Suppression says why a finding is accepted and until when.
type Suppression struct {
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
	// Source is the suppressions file and line of the entry.
	Source string `json:"source"`
}

// Baseline states.
const (
	BaselineNew      = "new"
	BaselineExisting = "existing"
)

// Run evaluates every check over the inventory and returns the findings in
// a deterministic order.
//
// Collection failures take precedence over evaluation: a result about data
// that an operation in the check's Needs failed to collect becomes unknown,
// and a listing that failed outright (so the check saw no resources there)
// yields one unknown finding for that whole scope. A check therefore cannot
// pass a resource it could not read.
//
// Only the checks of services the inventory holds run (inv.Services, set
// by --services): the others are out of the scan's scope, not unknown. A
// check that also reads a service left out treats it as a listing that
// failed, so what depended on it is unknown (kind not-scanned).
func Run(inv *inventory.Inventory, list []Check, cfg Config) []Finding {
	var out []Finding
	_ = Each(inv, list, cfg, func(fs []Finding) error {
		out = append(out, fs...)
		return nil
	})
	if out == nil {
		out = []Finding{}
	}
	return out
}

// Each is Run one check at a time: it calls fn with each check's findings
// in Run's order, so a caller that writes them out (report.Builder) never
// holds more than one check's. The slice is fn's to keep. Each stops at
// fn's first error and returns it.
func Each(inv *inventory.Inventory, list []Check, cfg Config, fn func([]Finding) error) error {
	cfg.Now = inv.StartedAt
	cfg.docs = &documents{}
	list = slices.DeleteFunc(slices.Clone(list), func(c Check) bool { return !inv.Holds(c.Service) })
	// Checks in ID order, each one's results in region and resource
	// order, is the order Sort gives (one inventory, one account), reached
	// without moving findings.
	slices.SortStableFunc(list, func(a, b Check) int { return cmp.Compare(a.ID, b.ID) })
	for _, c := range list {
		results := evaluate(c, inv, cfg)
		if len(results) == 0 {
			continue
		}
		out := make([]Finding, len(results))
		for i, r := range results {
			out[i] = c.finding(inv.AccountID, r)
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return nil
}

// evaluate runs one check and returns its results in region and resource
// order.
func evaluate(c Check, inv *inventory.Inventory, cfg Config) []Result {
	failed := append(failuresFor(c, inv.Errors), notScanned(c, inv)...)
	// Evaluate is pure, so the slice it returns is new and ours to change.
	out := c.Evaluate(inv, cfg)
	for i, r := range out {
		if r.Status != Manual {
			for _, e := range failed {
				if e.Covers(r.Region, r.ResourceARN) {
					out[i] = unknownFrom(r, e)
					break
				}
			}
		}
	}
	// A failed listing leaves nothing to report on; say so for its scope.
	seen := map[string]bool{}
	for _, e := range failed {
		if e.ResourceARN != "" {
			continue
		}
		scope := ScopeARN(inv.Partition, e.Service, e.Region, inv.AccountID)
		if seen[scope] {
			continue
		}
		seen[scope] = true
		r := unknownFrom(Result{Region: e.Region, ResourceARN: scope, ResourceType: "AWS::Scope"}, e)
		r.Message = fmt.Sprintf("%s could not be evaluated here: %s", c.Title, r.Message)
		out = append(out, r)
	}
	byResource := func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.ResourceARN, b.ResourceARN))
	}
	// A collected inventory is sorted by ARN, so most checks' results
	// already are in order.
	if !slices.IsSortedFunc(out, byResource) {
		slices.SortFunc(out, byResource)
	}
	return out
}

func failuresFor(c Check, errs []inventory.CollectionError) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range errs {
		if slices.Contains(c.Needs, Operation{Service: e.Service, Name: e.Operation}) {
			out = append(out, e)
		}
	}
	return out
}

// notScanned stands for the data of services in c.Needs that the scan
// left out: one listing failure each, covering every region.
func notScanned(c Check, inv *inventory.Inventory) []inventory.CollectionError {
	var out []inventory.CollectionError
	seen := map[string]bool{}
	for _, n := range c.Needs {
		s := inventory.ServiceOf(n.Service)
		if s == "" || inv.Holds(s) || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, inventory.CollectionError{Service: n.Service, Operation: n.Name, Kind: inventory.ErrNotScanned,
			Message: fmt.Sprintf("%s was not scanned (--services); scan it too to evaluate this", s)})
	}
	return out
}

func unknownFrom(r Result, e inventory.CollectionError) Result {
	r.Status = Unknown
	r.Message = fmt.Sprintf("%s:%s failed (%s): %s", e.Service, e.Operation, e.Kind, e.Message)
	if e.Kind == inventory.ErrNotScanned {
		r.Message = fmt.Sprintf("needs %s:%s: %s", e.Service, e.Operation, e.Message)
	}
	r.Evidence = map[string]any{
		"failed_operation": e.Service + ":" + e.Operation,
		"error_kind":       string(e.Kind),
	}
	if e.Code != "" {
		r.Evidence["error_code"] = e.Code
	}
	return r
}

// ScopeARN names everything of a service in one region (or, with an empty
// region, the whole service) for findings about a listing that failed.
func ScopeARN(partition, service, region, account string) string {
	if partition == "" {
		partition = "aws"
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:*", partition, service, region, account)
}

func (c Check) finding(account string, r Result) Finding {
	rt := r.ResourceType
	if rt == "" {
		rt = c.ResourceType
	}
	model := r.ServiceModel
	if model == "" {
		model = c.ServiceModel
	}
	return Finding{
		Fingerprint:     Fingerprint(c.ID, account, r.Region, r.ResourceARN),
		CheckID:         c.ID,
		Title:           c.Title,
		Status:          r.Status,
		Severity:        c.Severity,
		ControlCategory: c.Category,
		SharedControl:   c.SharedControl,
		Domain:          c.Domain,
		Service:         c.Service,
		ServiceModel:    model,
		AccountID:       account,
		Region:          r.Region,
		ResourceARN:     r.ResourceARN,
		ResourceType:    rt,
		Message:         r.Message,
		Evidence:        r.Evidence,
		Remediation:     c.Remediation,
		References:      c.References,
	}
}

// Fingerprint identifies a check's finding on a resource. It depends only on
// what the finding is about, never on its status or message, so a resource
// keeps its fingerprint as it goes from fail to pass.
func Fingerprint(checkID, account, region, resourceARN string) string {
	// Built in a buffer that stays on the stack for usual ARN lengths: a
	// large scan computes hundreds of thousands of these.
	b := make([]byte, 0, 256)
	b = append(append(append(append(b, checkID...), 0), account...), 0)
	b = append(append(append(b, region...), 0), resourceARN...)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// Sort orders findings by check, account, region and resource, which is
// unique per finding, so equal inputs give byte-identical reports.
func Sort(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.CheckID, b.CheckID),
			cmp.Compare(a.AccountID, b.AccountID),
			cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.ResourceARN, b.ResourceARN),
		)
	})
}
