package report

import (
	"errors"
	"sync"

	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/inventory"
)

// A Stage marks findings as they arrive, before they are counted
// (attestations, the baseline, suppressions, the control gate), and
// records what it saw in the report once all have arrived.
type Stage interface {
	Mark(f *checks.Finding)
	Finish(r *Report)
}

// Apply runs stages over a report held in memory, in order, and takes its
// counts again.
func (r *Report) Apply(stages ...Stage) {
	for _, s := range stages {
		for i := range r.Findings {
			s.Mark(&r.Findings[i])
		}
		s.Finish(r)
	}
	r.Recount()
}

// A Builder makes a report whose findings never are all in memory: each
// account's findings are marked by the stages, counted and spilled to disk
// as they are evaluated, and the report's writers read them back merged
// in order. Its reports are byte-identical to those New and NewAccounts
// make of the same findings.
type Builder struct {
	tool   Tool
	stages []Stage
	mu     sync.Mutex
	spill  *spill
	tally  tally
	err    error
}

// NewBuilder spills findings under dir (the system's temporary directory
// when empty). The report it makes must be closed to remove them.
func NewBuilder(tool Tool, dir string, stages ...Stage) (*Builder, error) {
	s, err := newSpill(dir)
	if err != nil {
		return nil, err
	}
	return &Builder{tool: tool, stages: stages, spill: s}, nil
}

// Add takes findings of one account, in the order checks.Run gives them,
// following those already added for that account. Accounts may be added
// from several goroutines at once.
func (b *Builder) Add(fs []checks.Finding) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	for i := range fs {
		for _, s := range b.stages {
			s.Mark(&fs[i])
		}
		b.tally.add(&fs[i])
	}
	b.err = b.spill.add(fs)
	return b.err
}

// Discard removes what was spilled, for a scan that ends without a report.
func (b *Builder) Discard() error { return b.spill.remove() }

// Single finishes the report of one account's scan.
func (b *Builder) Single(inv *inventory.Inventory) (*Report, error) {
	if err := b.close(); err != nil {
		return nil, err
	}
	return b.finish(&Report{SchemaVersion: SchemaVersion, Tool: b.tool, Scan: scanOf(inv)}), nil
}

// Accounts finishes the report of a multi-account scan, as NewAccounts
// would make it: invs may be shells (inventory.Shell), since their
// findings were added already.
func (b *Builder) Accounts(callerID, callerARN string, invs []*inventory.Inventory) (*Report, error) {
	if err := b.close(); err != nil {
		return nil, err
	}
	sc := accountsScan(callerID, callerARN, invs, func(i int) Summary { return b.tally.account(invs[i].AccountID).summary() })
	return b.finish(&Report{SchemaVersion: SchemaVersion, Tool: b.tool, Scan: sc}), nil
}

func (b *Builder) close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return errors.Join(b.err, b.Discard())
	}
	return nil
}

func (b *Builder) finish(r *Report) *Report {
	r.spilled = b.spill
	r.counts = b.tally.checks
	r.blocking = b.tally.blocking
	r.severity = b.tally.severity
	r.Summary = b.tally.total.summary()
	for _, s := range b.stages {
		s.Finish(r)
	}
	r.Compliance = frameworks(r.Scan, r.counts, r.Attestations)
	return r
}
