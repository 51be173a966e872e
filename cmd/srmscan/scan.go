package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/srmscan/srmscan/attest"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/gate"
	"github.com/srmscan/srmscan/internal/atomicfile"
	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
	"github.com/srmscan/srmscan/report"
	"github.com/srmscan/srmscan/scanner"
)

// collectFlags are the flags of every command that reads an account.
type collectFlags struct {
	profile     string
	regions     []string
	endpointURL string
	demo        bool
	concurrency int
	maxAttempts int
	retryMode   string
	quiet       bool

	operationTimeout time.Duration
	deadline         time.Duration

	accounts []string
	roleName string
	org      bool
	shard    string

	services         serviceFlags
	accountsInFlight int
	// onAccount, when set, takes each account of a multi-account scan as
	// soon as its collection ends, and only the inventory's shell is kept:
	// scan evaluates it into the report's builder, which spills the
	// findings to disk, and collect spools its snapshot, so neither the
	// organization's inventories nor its findings are ever all in memory.
	onAccount func(inv *inventory.Inventory) error
}

// collected is what a scan or a snapshot file holds: one account's
// inventory, or (multi) several and the caller's identity.
type collected struct {
	invs                []*inventory.Inventory
	multi               bool
	callerID, callerARN string
	// released says each account was handed to collectFlags.onAccount as
	// its collection ended: invs then hold shells.
	released bool
}

func (f *collectFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "AWS shared config profile (default: the SDK's usual chain: env, AWS_PROFILE, default profile, SSO, instance role)")
	fl.StringSliceVar(&f.regions, "regions", nil, "regions to scan, comma-separated (default: every region enabled for the account)")
	fl.StringVar(&f.endpointURL, "endpoint-url", "", "send every service's requests to this base URL (AWS-compatible emulators; S3 uses path-style)")
	fl.BoolVar(&f.demo, "demo", false, "scan the built-in demo account instead of AWS (no credentials needed)")
	fl.IntVar(&f.concurrency, "concurrency", scanner.DefaultConcurrency, "API calls in flight at once")
	fl.IntVar(&f.accountsInFlight, "accounts-in-flight", scanner.DefaultAccountsInFlight, "with --accounts or --org, accounts collected at once; each is evaluated (scan) or spooled (collect) to disk as it ends and released, so memory depends on this, not on the number of accounts")
	fl.IntVar(&f.maxAttempts, "max-attempts", 10, "attempts per API call before it is recorded as failed (throttling and 5xx are retried)")
	fl.StringVar(&f.retryMode, "retry-mode", scanner.RetryStandard, "the SDK's retry mode: standard (exponential back-off per call) or adaptive (adds a client-side rate limit; slower for scans, see BENCHMARKS.md)")
	fl.DurationVar(&f.operationTimeout, "operation-timeout", scanner.DefaultOperationTimeout, "longest wait for one attempt at an API call; a timed-out attempt is retried")
	fl.DurationVar(&f.deadline, "deadline", 0, "stop collecting after this long (e.g. 10m) and report what was read, marked incomplete (default: no deadline)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors")
	fl.StringSliceVar(&f.accounts, "accounts", nil, "scan these accounts, comma-separated, by assuming --role-name in each (the caller's own account with its own credentials)")
	fl.StringVar(&f.roleName, "role-name", "", "role to assume in each account of --accounts or --org")
	fl.BoolVar(&f.org, "org", false, "scan every ACTIVE account of the organization (AWS Organizations ListAccounts, from the management or a delegated-admin account) through --role-name")
	f.services.register(fl, "scan")
	fl.StringVar(&f.shard, "shard", "", "with --accounts or --org, scan only shard I of N (I/N, e.g. 1/4): a stable subset by hash of the account ID; combine the reports with 'srmscan merge'")
}

var accountIDRE = regexp.MustCompile(`^\d{12}$`)

// multiAccount validates the multi-account flags and reports whether they
// ask for a multi-account scan.
func (f *collectFlags) multiAccount() (bool, scanner.Shard, error) {
	shard := scanner.Shard{I: 1, N: 1}
	multi := f.org || len(f.accounts) > 0
	switch {
	case f.org && len(f.accounts) > 0:
		return false, shard, usage("--org and --accounts cannot be combined: --org lists the accounts itself")
	case multi && f.roleName == "":
		return false, shard, usage("--role-name is required with --accounts or --org: the role srmscan assumes in each account")
	case !multi && f.roleName != "":
		return false, shard, usage("--role-name needs --accounts or --org")
	case !multi && f.shard != "":
		return false, shard, usage("--shard needs --accounts or --org")
	case multi && f.demo:
		return false, shard, usage("--demo serves one account; it cannot be combined with --accounts or --org")
	}
	for _, id := range f.accounts {
		if !accountIDRE.MatchString(id) {
			return false, shard, usage("%s", accountIDProblem(id))
		}
	}
	if f.shard != "" {
		s, err := resolveShard(f.shard)
		if err != nil {
			return false, shard, err
		}
		if shard, err = parseShard(s); err != nil {
			return false, shard, err
		}
	}
	return multi, shard, nil
}

// collect runs a scan as the flags say and returns the inventories.
func (f *collectFlags) collect(ctx context.Context, stderr io.Writer) (*collected, error) {
	multi, shard, err := f.multiAccount()
	if err != nil {
		return nil, err
	}
	if f.concurrency < 1 {
		return nil, usage("--concurrency must be at least 1, got %d", f.concurrency)
	}
	if f.accountsInFlight < 1 {
		return nil, usage("--accounts-in-flight must be at least 1, got %d", f.accountsInFlight)
	}
	if f.retryMode != scanner.RetryStandard && f.retryMode != scanner.RetryAdaptive {
		return nil, usage("--retry-mode: %q is not standard or adaptive", f.retryMode)
	}
	if f.maxAttempts < 1 {
		return nil, usage("--max-attempts must be at least 1, got %d", f.maxAttempts)
	}
	if f.operationTimeout <= 0 {
		return nil, usage("--operation-timeout must be positive, got %s", f.operationTimeout)
	}
	if f.deadline < 0 {
		return nil, usage("--deadline must not be negative, got %s", f.deadline)
	}
	if f.demo && (f.profile != "" || f.endpointURL != "") {
		return nil, usage("--demo cannot be combined with --profile or --endpoint-url")
	}
	services, err := f.services.chosen()
	if err != nil {
		return nil, err
	}
	opts := scanner.Options{Regions: f.regions, Concurrency: f.concurrency, OperationTimeout: f.operationTimeout, Services: services}
	var cfg aws.Config
	if f.demo {
		ep, err := demo.Start(emulator.Options{})
		if err != nil {
			return nil, err
		}
		defer ep.Close()
		cfg = ep.Config()
		opts.Now = ep.Clock()
	} else {
		var loadOpts []func(*config.LoadOptions) error
		if f.profile != "" {
			loadOpts = append(loadOpts, config.WithSharedConfigProfile(f.profile))
		}
		var err error
		cfg, err = config.LoadDefaultConfig(ctx, loadOpts...)
		var noProfile config.SharedConfigProfileNotExistError
		if errors.As(err, &noProfile) {
			return nil, f.profileNotFound(&noProfile)
		}
		if err != nil {
			return nil, usage("loading AWS configuration: %v", err)
		}
		if f.endpointURL != "" {
			cfg.BaseEndpoint = aws.String(f.endpointURL)
		}
	}
	scanner.ConfigureRetries(&cfg, scanner.RetryOptions{MaxAttempts: f.maxAttempts, Mode: f.retryMode})
	caller, err := f.preflight(ctx, cfg, multi, stderr)
	if err != nil {
		return nil, err
	}
	var prog *progress
	if !f.quiet {
		what := "AWS account"
		switch {
		case f.org:
			what = "AWS accounts of the organization (--org)"
		case len(f.accounts) > 0:
			what = fmt.Sprintf("AWS accounts %s", strings.Join(f.accounts, ", "))
		}
		if f.demo {
			what = "demo account (built-in, served on " + aws.ToString(cfg.BaseEndpoint) + ")"
		}
		fmt.Fprintf(stderr, "srmscan: scanning the %s\n", what)
		if services != nil {
			fmt.Fprintf(stderr, "srmscan: only %s: the other services' checks are out of scope\n", strings.Join(services, ", "))
		}
		prog = newProgress(stderr)
		cfg.APIOptions = append(cfg.APIOptions, prog.countCalls)
		opts.Progress = prog.event
		prog.run()
	}
	scanCtx := ctx
	if f.deadline > 0 {
		var cancel context.CancelFunc
		scanCtx, cancel = context.WithTimeout(ctx, f.deadline)
		defer cancel()
	}
	if multi {
		c, err := f.collectAccounts(scanCtx, cfg, opts, caller, shard)
		if prog != nil {
			prog.stop()
		}
		if err != nil {
			return nil, err
		}
		if !f.quiet {
			for _, inv := range c.invs {
				fmt.Fprintf(stderr, "srmscan: collected account %s, %d regions, %d API calls, %d collection errors\n",
					orUnknown(inv.AccountID), len(inv.Regions), totalCalls(inv.APICalls), len(inv.Errors))
			}
		}
		if scanCtx.Err() != nil {
			fmt.Fprintf(stderr, "srmscan: %s: the results are partial and marked incomplete\n", f.stopReason(ctx))
		}
		return c, nil
	}
	opts.Caller = &caller
	inv := scanner.Scan(scanCtx, cfg, opts)
	if prog != nil {
		prog.stop()
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "srmscan: collected account %s, %d regions, %d API calls, %d collection errors in %s\n",
			orUnknown(inv.AccountID), len(inv.Regions), totalCalls(inv.APICalls), len(inv.Errors), inv.FinishedAt.Sub(inv.StartedAt).Round(time.Second))
	}
	if inv.Interrupted {
		fmt.Fprintf(stderr, "srmscan: %s: the results are partial and marked incomplete\n", f.stopReason(ctx))
	}
	return &collected{invs: []*inventory.Inventory{inv}}, nil
}

// stopReason says why a scan whose context ended stopped: ctx is the
// command's, which only a signal ends; the deadline ends the scan's own.
func (f *collectFlags) stopReason(ctx context.Context) string {
	if ctx.Err() == nil {
		return fmt.Sprintf("--deadline %s reached", f.deadline)
	}
	return "interrupted"
}

// collectAccounts scans the accounts of --accounts or --org (those of the
// shard) under one concurrency bound.
func (f *collectFlags) collectAccounts(ctx context.Context, cfg aws.Config, opts scanner.Options, caller scanner.Caller, shard scanner.Shard) (*collected, error) {
	ids := f.accounts
	if f.org {
		var err error
		if ids, err = scanner.OrgAccounts(ctx, cfg); err != nil {
			return nil, &exitError{code: report.ExitIncomplete, err: fmt.Errorf("organizations:ListAccounts: %w (--org needs the management account or a delegated administrator)", err)}
		}
	}
	var mine []string
	for _, id := range ids {
		if shard.Has(id) {
			mine = append(mine, id)
		}
	}
	if len(mine) == 0 {
		return nil, &exitError{code: report.ExitUsage, err: fmt.Errorf("no account to scan: %d accounts listed, none in shard %d/%d", len(ids), shard.I, shard.N)}
	}
	opts.Limit = scanner.NewCallLimit(opts.Concurrency)
	opts.AccountsInFlight = f.accountsInFlight
	var mu sync.Mutex
	var evalErr error
	if f.onAccount != nil {
		opts.OnAccount = func(inv *inventory.Inventory) *inventory.Inventory {
			if err := f.onAccount(inv); err != nil {
				mu.Lock()
				evalErr = cmp.Or(evalErr, err)
				mu.Unlock()
			}
			return inv.Shell()
		}
	}
	invs := scanner.ScanAccounts(ctx, cfg, scanner.Targets{Caller: caller, Accounts: mine, RoleName: f.roleName}, opts)
	if evalErr != nil {
		return nil, evalErr
	}
	// The caller's account first: a snapshot array names its caller so.
	slices.SortStableFunc(invs, func(a, b *inventory.Inventory) int {
		return cmp.Compare(boolInt(a.AccountID != caller.AccountID), boolInt(b.AccountID != caller.AccountID))
	})
	return &collected{invs: invs, multi: true, callerID: caller.AccountID, callerARN: caller.ARN, released: f.onAccount != nil}, nil
}

// reportFlags are the flags of every command that writes a report.
type reportFlags struct {
	out             string
	formats         []string
	failOn          string
	allowIncomplete bool
	baseline        string
	suppressions    string
	attestations    string
	failOnControl   []string
	config          string
	flags           *pflag.FlagSet
}

func (f *reportFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	f.flags = fl
	fl.StringVarP(&f.out, "out", "o", "srmscan-report", "directory to write reports to, or - to write one format to standard output (json unless --format says otherwise)")
	fl.StringSliceVar(&f.formats, "format", []string{"json", "html"}, "report formats, comma-separated: json, html, sarif, junit, csv, asff, ocsf")
	fl.StringVar(&f.failOn, "fail-on", "high", "exit 1 when a failed finding is at or above this severity: critical, high, medium, low, info or none")
	fl.BoolVar(&f.allowIncomplete, "allow-incomplete", false, "do not exit 3 when some of the account could not be read")
	fl.StringVar(&f.baseline, "baseline", "", "an earlier report.json: gate only on failed findings that are not in it")
	fl.StringVar(&f.suppressions, "suppressions", "", "YAML file of accepted findings (check, resource, reason, expires); see docs/ci.md")
	fl.StringVar(&f.attestations, "attestations", "", "YAML file of attested manual checks, framework controls and inherited controls (who, when, until, evidence); see docs/compliance.md")
	fl.StringSliceVar(&f.failOnControl, "fail-on-control", nil, "exit 1 when one of these framework controls fails: cis-5.0:1.5, cis-5.0:level1 or a whole framework (aws-fsbp), comma-separated")
	fl.StringVar(&f.config, "config", "", "YAML file of check settings: thresholds, tag keys, severity overrides, which checks run; see docs/config.md")
}

// gates loads the baseline, suppressions and config files before any AWS
// call, so a typo in any of them fails fast with exit code 2.
type gates struct {
	baseline     *report.Report
	suppressions []gate.Suppression
	attestations []attest.Entry
	controls     gate.ControlSet
	settings     *checks.Settings
}

// checks are the checks to run and their settings (--config).
func (g gates) checks() ([]checks.Check, checks.Config) {
	if g.settings != nil {
		return g.settings.Apply(checks.All()), g.settings.Config
	}
	return checks.All(), checks.DefaultConfig()
}

func (f *reportFlags) loadGates() (gates, error) {
	var g gates
	var err error
	if f.baseline != "" {
		if g.baseline, err = report.ReadFile(f.baseline); err != nil {
			return g, usage("--baseline: %v", err)
		}
	}
	if f.suppressions != "" {
		if g.suppressions, err = gate.LoadSuppressions(f.suppressions); err != nil {
			return g, usage("--suppressions: %v", err)
		}
	}
	if f.attestations != "" {
		if g.attestations, err = attest.Load(f.attestations); err != nil {
			return g, usage("--attestations: %v", err)
		}
	}
	if g.controls, err = gate.ParseControls(f.failOnControl); err != nil {
		return g, usage("--fail-on-control: %v", err)
	}
	if f.config != "" {
		s, err := checks.LoadSettings(f.config)
		if err != nil {
			return g, usage("--config: %v", err)
		}
		g.settings = &s
	}
	return g, nil
}

// builder makes the report's builder. Its stages mark findings as the
// attestations, baseline and suppressions say, and gate the controls
// named. Attestations go first: an expired one turns a manual finding into
// a failure the others judge.
func (f *reportFlags) builder(g gates) (*report.Builder, error) {
	var stages []report.Stage
	if f.attestations != "" {
		stages = append(stages, attest.NewStage(g.attestations, time.Now().UTC()))
	}
	if g.baseline != nil {
		stages = append(stages, gate.NewBaseline(f.baseline, g.baseline))
	}
	if f.suppressions != "" {
		stages = append(stages, gate.NewSuppressor(f.suppressions, g.suppressions, time.Now().UTC()))
	}
	if len(g.controls.Spec) > 0 {
		stages = append(stages, gate.NewControlGate(g.controls))
	}
	// Findings spill to the system's temporary directory (TMPDIR), as
	// they are evaluated, so no scan holds them all in memory.
	return report.NewBuilder(report.Tool{Name: "srmscan", Version: toolVersion()}, "", stages...)
}

func (f *reportFlags) validate() ([]report.Format, checks.Severity, error) {
	if f.out == "-" && !f.flags.Changed("format") {
		// A directory gets the contract and the page for people; a pipe
		// gets the contract alone.
		f.formats = []string{"json"}
	}
	formats, err := report.LookupFormats(f.formats)
	if err != nil {
		return nil, "", usage("--format: %v", err)
	}
	if f.out == "-" && len(formats) != 1 {
		return nil, "", usage("--out - writes to standard output, which takes exactly one --format, not %d", len(formats))
	}
	sev := checks.Severity(strings.ToLower(f.failOn))
	if sev != "none" && sev.Rank() == 0 {
		return nil, "", usage("--fail-on: unknown severity %q (want critical, high, medium, low, info or none)", f.failOn)
	}
	return formats, sev, nil
}

// evaluate runs the checks into b (those not run as accounts were
// collected) and writes the report; its exit code is the gate's verdict.
func (f *reportFlags) evaluate(c *collected, g gates, b *report.Builder, formats []report.Format, failOn checks.Severity, stdout, stderr io.Writer, quiet bool) error {
	list, cfg := g.checks()
	var rep *report.Report
	var err error
	if !c.multi {
		if err := checks.Each(c.invs[0], list, cfg, b.Add); err != nil {
			return errors.Join(err, b.Discard())
		}
		rep, err = b.Single(c.invs[0])
	} else {
		for _, inv := range c.invs {
			// An account never entered has no resources to evaluate;
			// checks run on its empty inventory would pass it.
			if !c.released && !unreachable(inv) {
				if err := checks.Each(inv, list, cfg, b.Add); err != nil {
					return errors.Join(err, b.Discard())
				}
			}
		}
		rep, err = b.Accounts(c.callerID, c.callerARN, c.invs)
	}
	if err != nil {
		return err
	}
	defer rep.Close()
	if sr := rep.Gate; sr != nil && sr.Suppressions != nil {
		for _, e := range sr.Suppressions.Expired {
			fmt.Fprintf(stderr, "srmscan: warning: %s: suppression of %s expired on %s; its findings gate again\n", e.Source, e.Check, e.Expires)
		}
	}
	for _, a := range attest.Expired(rep) {
		fmt.Fprintf(stderr, "srmscan: warning: %s: attestation of %s %s expired on %s; it counts as not met\n", a.Source, a.Kind, a.Item, a.Expires)
	}
	if f.out == "-" {
		if err := formats[0].Write(stdout, rep); err != nil {
			return err
		}
	} else {
		paths, err := report.WriteDir(f.out, rep, formats)
		if err != nil {
			return err
		}
		if !quiet {
			printSummary(stderr, rep, paths)
		}
	}
	code := rep.ExitCode(failOn, f.allowIncomplete)
	var reason string
	switch code {
	case report.ExitOK:
		return nil
	case report.ExitIncomplete:
		reason = fmt.Sprintf("scan incomplete: %d collection errors (see scan.collection_errors; --allow-incomplete to gate on findings alone)", len(rep.Scan.CollectionErrors))
		if rep.Scan.Interrupted {
			reason = "scan interrupted: the report is partial"
		}
	case report.ExitFindings:
		var parts []string
		if n := rep.GatingCount(failOn); n > 0 {
			parts = append(parts, fmt.Sprintf("%d failed findings at or above %s", n, failOn))
		}
		if rep.Gate != nil && rep.Gate.Controls != nil && len(rep.Gate.Controls.Failing) > 0 {
			cg := rep.Gate.Controls
			parts = append(parts, failingControls(cg.Failing))
		}
		reason = strings.Join(parts, "; ")
		if rep.Gate != nil && (rep.Gate.Baseline != nil || rep.Gate.Suppressions != nil) {
			reason += " (not suppressed, not in the baseline)"
		}
	}
	return &exitError{code: code, err: fmt.Errorf("%s", reason)}
}

// failingControls names the blocking controls, a few of them in full.
func failingControls(fs []report.FailingControl) string {
	const shown = 5
	var names []string
	for i, c := range fs {
		if i == shown {
			names = append(names, fmt.Sprintf("and %d more", len(fs)-shown))
			break
		}
		why := fmt.Sprintf("%d findings", c.Findings)
		if c.AttestationExpired {
			why = "attestation expired"
		}
		names = append(names, fmt.Sprintf("%s:%s (%s)", c.Framework, c.ID, why))
	}
	noun := "controls fail"
	if len(fs) == 1 {
		noun = "control fails"
	}
	return fmt.Sprintf("%d %s: %s", len(fs), noun, strings.Join(names, ", "))
}

func newScanCmd() *cobra.Command {
	var cf collectFlags
	var rf reportFlags
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Inventory the account, evaluate every check and write reports",
		Example: `  srmscan scan --demo --out /tmp/r
  srmscan scan --profile audit --regions eu-west-1,us-east-1
  srmscan scan --endpoint-url http://127.0.0.1:4566 --regions us-east-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			formats, failOn, err := rf.validate()
			if err != nil {
				return err
			}
			g, err := rf.loadGates()
			if err != nil {
				return err
			}
			list, cfg := g.checks()
			b, err := rf.builder(g)
			if err != nil {
				return err
			}
			cf.onAccount = func(inv *inventory.Inventory) error {
				// An account never entered has no resources to evaluate;
				// checks run on its empty inventory would pass it.
				if unreachable(inv) {
					return nil
				}
				return checks.Each(inv, list, cfg, b.Add)
			}
			c, err := cf.collect(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return errors.Join(err, b.Discard())
			}
			return rf.evaluate(c, g, b, formats, failOn, cmd.OutOrStdout(), cmd.ErrOrStderr(), cf.quiet)
		},
	}
	cf.register(cmd)
	rf.register(cmd)
	return cmd
}

func newCollectCmd() *cobra.Command {
	var cf collectFlags
	var out string
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Inventory the account and write the snapshot only (evaluate it later, offline)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Several accounts' snapshots are spooled to disk as each
			// account ends, and the array written from there.
			spool, err := inventory.NewSpool("")
			if err != nil {
				return err
			}
			defer spool.Remove()
			cf.onAccount = spool.Add
			c, err := cf.collect(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			write := func(w io.Writer) error { return c.invs[0].WriteJSON(w) }
			if c.multi {
				write = func(w io.Writer) error { return spool.WriteArray(w, c.invs) }
			}
			if out == "-" {
				err = write(cmd.OutOrStdout())
			} else {
				err = atomicfile.Write(out, write)
			}
			if err != nil {
				return err
			}
			if out != "-" && !cf.quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "srmscan: wrote %s\n", out)
			}
			n := 0
			for _, inv := range c.invs {
				if !inv.Complete() {
					n += max(len(inv.Errors), 1)
				}
			}
			if n > 0 {
				return &exitError{code: report.ExitIncomplete, err: fmt.Errorf("collection incomplete: %d errors recorded in the snapshot", n)}
			}
			return nil
		},
	}
	cf.register(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "srmscan-inventory.json", "file to write the snapshot to, or - for standard output")
	return cmd
}

func newEvaluateCmd() *cobra.Command {
	var rf reportFlags
	var path string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "evaluate",
		Short: "Evaluate the checks on a snapshot written by 'collect' (no AWS calls)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			formats, failOn, err := rf.validate()
			if err != nil {
				return err
			}
			if path == "" {
				return usage("--inventory is required: the snapshot file written by 'srmscan collect'")
			}
			g, err := rf.loadGates()
			if err != nil {
				return err
			}
			invs, multi, err := inventory.ReadSnapshots(path)
			if err != nil {
				return usage("--inventory: %v", err)
			}
			seen := map[string]bool{}
			for _, inv := range invs {
				if multi && seen[inv.AccountID] {
					return usage("--inventory: account %s is in the snapshot twice: its findings would count twice", inv.AccountID)
				}
				seen[inv.AccountID] = true
			}
			// A snapshot array lists the caller's account first.
			c := &collected{invs: invs, multi: multi, callerID: invs[0].AccountID, callerARN: invs[0].CallerARN}
			b, err := rf.builder(g)
			if err != nil {
				return err
			}
			return rf.evaluate(c, g, b, formats, failOn, cmd.OutOrStdout(), cmd.ErrOrStderr(), quiet)
		},
	}
	rf.register(cmd)
	cmd.Flags().StringVarP(&path, "inventory", "i", "", "snapshot file written by 'srmscan collect'")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// unreachable reports whether the account's role could not be assumed.
func unreachable(inv *inventory.Inventory) bool {
	for _, e := range inv.Errors {
		if e.Service == "sts" && e.Operation == "AssumeRole" {
			return true
		}
	}
	return false
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

func totalCalls(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
