package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/gate"
	"github.com/srmscan/srmscan/report"
)

func newMergeCmd() *cobra.Command {
	var formats []string
	var quiet, allowIncomplete bool
	var failOn string
	var failOnControl []string
	cmd := &cobra.Command{
		Use:   "merge OUT_DIR REPORT.json...",
		Short: "Combine the reports of disjoint accounts (the shards of an organization scan) into one",
		Long: `merge combines report.json files of the same schema major version, each of
different accounts (as 'scan --org --shard I/N' writes them), into one
multi-account report in OUT_DIR: per-account sections, summaries recounted
from the findings, findings re-sorted. An account in two reports is refused.
With --fail-on, merge is the gate for the whole organization: it exits as
scan would on the merged report (1 for failed findings at or above the
threshold or a --fail-on-control control failing, 3 when any shard was
incomplete, unless --allow-incomplete).`,
		Example: `  srmscan scan --org --role-name audit --shard 1/2 --out shard1
  srmscan scan --org --role-name audit --shard 2/2 --out shard2
  srmscan merge org shard1/report.json shard2/report.json --fail-on high`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fs, err := report.LookupFormats(formats)
			if err != nil {
				return usage("--format: %v", err)
			}
			sev := checks.Severity(strings.ToLower(failOn))
			if sev != "none" && sev.Rank() == 0 {
				return usage("--fail-on: unknown severity %q (want critical, high, medium, low, info or none)", failOn)
			}
			controls, err := gate.ParseControls(failOnControl)
			if err != nil {
				return usage("--fail-on-control: %v", err)
			}
			var reports []*report.Report
			for _, path := range args[1:] {
				r, err := report.ReadFile(path)
				if err != nil {
					return usage("%v", err)
				}
				reports = append(reports, r)
			}
			merged, err := report.Merge(report.Tool{Name: "srmscan", Version: toolVersion()}, reports)
			if err != nil {
				return usage("%v", err)
			}
			if len(controls.Spec) > 0 {
				gate.Controls(merged, controls)
			}
			paths, err := report.WriteDir(args[0], merged, fs)
			if err != nil {
				return err
			}
			if !quiet {
				for _, p := range paths {
					fmt.Fprintf(cmd.ErrOrStderr(), "srmscan: wrote %s\n", p)
				}
			}
			switch code := merged.ExitCode(sev, allowIncomplete); code {
			case report.ExitIncomplete:
				return &exitError{code: code, err: fmt.Errorf("merged report incomplete: %d collection errors across the shards (--allow-incomplete to gate on findings alone)", len(merged.Scan.CollectionErrors))}
			case report.ExitFindings:
				var parts []string
				if n := merged.GatingCount(sev); n > 0 {
					parts = append(parts, fmt.Sprintf("%d failed findings at or above %s", n, sev))
				}
				if cg := merged.Gate; cg != nil && cg.Controls != nil && len(cg.Controls.Failing) > 0 {
					parts = append(parts, failingControls(cg.Controls.Failing))
				}
				return &exitError{code: code, err: errors.New(strings.Join(parts, "; "))}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&formats, "format", []string{"json", "html"}, "report formats, comma-separated: json, html, sarif, junit, csv, asff, ocsf")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().StringVar(&failOn, "fail-on", "none", "gate the merged report: exit 1 when a failed finding is at or above this severity (critical, high, medium, low, info); none only combines")
	cmd.Flags().StringSliceVar(&failOnControl, "fail-on-control", nil, "gate the merged report on framework controls: cis-5.0:1.5, cis-5.0:level1 or a whole framework, comma-separated")
	cmd.Flags().BoolVar(&allowIncomplete, "allow-incomplete", false, "with --fail-on, do not exit 3 when a shard was incomplete")
	return cmd
}
