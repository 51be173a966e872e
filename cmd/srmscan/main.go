// Command srmscan audits the customer's side of the AWS Shared
// Responsibility Model in a live account and reports, for every finding,
// which part of the model it belongs to.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/srmscan/srmscan/internal/scratch"
	"github.com/srmscan/srmscan/internal/strictyaml"
	"github.com/srmscan/srmscan/report"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func main() {
	tuneGC(os.Getenv)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// defaultGCPercent is the garbage collector's target when GOGC is not set.
// Go's own default, 100, lets the heap grow to twice what is live before
// it collects. A scan's live heap is mostly one account's inventory, held
// whole until its checks have run, so for a large account that doubling
// was most of the peak: at 50, the scale-3.6 synthetic account (170,000
// resources) peaks at 282 MiB instead of 356 MiB for about a tenth more
// CPU, which a scan against AWS, waiting on the network, barely sees
// (BENCHMARKS.md). GOGC and GOMEMLIMIT, when set, are the user's choice.
const defaultGCPercent = 50

func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// usage marks an error as the user's to fix: exit code 2.
func usage(format string, args ...any) error {
	return &exitError{code: report.ExitUsage, err: fmt.Errorf(format, args...)}
}

// run is main without os.Exit, so tests can call it.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	returned := make(chan struct{})
	defer close(returned)
	go stopAtOnceOnSecondSignal(ctx, stop, returned)

	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return report.ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintf(stderr, "srmscan: %v\n", ee.err)
		}
		return ee.code
	}
	// Anything cobra itself rejects (unknown flag, bad value, missing
	// argument) is a usage error.
	fmt.Fprintf(stderr, "srmscan: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
	return report.ExitUsage
}

// stopAtOnceOnSecondSignal lets a second signal end the process at once,
// as the user means it to, while the first one's partial report may still
// be being written. The temporary directories of spilled findings go
// first (internal/scratch): deferred cleanup will not run. The signal is
// then raised again with its default action, so the process ends killed
// by it and the shell sees 130 or 143, as from any program.
func stopAtOnceOnSecondSignal(ctx context.Context, stop func(), returned <-chan struct{}) {
	select {
	case <-ctx.Done():
	case <-returned:
		return
	}
	second := make(chan os.Signal, 1)
	signal.Notify(second, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(second)
	stop()
	select {
	case sig := <-second:
		scratch.RemoveAll()
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		if s, ok := sig.(syscall.Signal); ok {
			syscall.Kill(os.Getpid(), s)
		}
		// The default action ends the process; should it not have yet,
		// exit as a shell reports an interrupt.
		time.Sleep(time.Second)
		os.Exit(130)
	case <-returned:
	}
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "srmscan",
		Short: "Audit the customer's side of the AWS Shared Responsibility Model",
		Long: `srmscan inventories an AWS account (read-only), checks the duties that fall
to the customer under the Shared Responsibility Model, and reports every
finding with the control category, shared control, domain and service model
it belongs to.

Try it without an AWS account:  srmscan scan --demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(plainFlagError)
	root.AddCommand(newScanCmd(), newCollectCmd(), newEvaluateCmd(), newEmulateCmd(), newMergeCmd(), newChecksCmd(), newDiffCmd(), newComplianceCmd(), newPolicyCmd(), newVersionCmd())
	return root
}

// plainFlagError words pflag's refusals without Go's parser names
// ("strconv.ParseInt: parsing ...", "time: missing unit") and suggests the
// nearest flag for a misspelt one. Subcommands inherit it from the root.
func plainFlagError(cmd *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	var unknown *pflag.NotExistError
	var missing *pflag.ValueRequiredError
	switch {
	case errors.As(err, &bad):
		f := bad.GetFlag()
		return fmt.Errorf("--%s: %q is not %s", f.Name, bad.GetValue(), flagValueWords(f.Value.Type()))
	case errors.As(err, &missing) && missing.GetSpecifiedShortnames() == "":
		f := missing.GetFlag()
		return fmt.Errorf("--%s needs a value: %s", f.Name, f.Usage)
	case errors.As(err, &unknown) && unknown.GetSpecifiedShortnames() == "":
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if s := strictyaml.Suggest(unknown.GetSpecifiedName(), names); s != "" {
			return fmt.Errorf("unknown flag --%s; did you mean --%s?", unknown.GetSpecifiedName(), s)
		}
	}
	return err
}

func flagValueWords(typ string) string {
	switch typ {
	case "int", "int8", "int16", "int32", "int64":
		return "a whole number"
	case "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number, not negative"
	case "float32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "duration":
		return "a duration with a unit, such as 90s, 10m or 1h30m"
	}
	return "a valid value"
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print srmscan's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "srmscan %s (report schema %s)\n", toolVersion(), report.SchemaVersion)
			return nil
		},
	}
}
