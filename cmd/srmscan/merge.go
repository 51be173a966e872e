package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/report"
)

func newMergeCmd() *cobra.Command {
	var formats []string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "merge OUT_DIR REPORT.json...",
		Short: "Combine the reports of disjoint accounts (the shards of an organization scan) into one",
		Long: `merge combines report.json files of the same schema major version, each of
different accounts (as 'scan --org --shard I/N' writes them), into one
multi-account report in OUT_DIR: per-account sections, summaries recounted
from the findings, findings re-sorted. An account in two reports is refused.
The merged report is not gated: run the shards with --fail-on to gate.`,
		Example: `  srmscan scan --org --role-name audit --shard 1/2 --out shard1
  srmscan scan --org --role-name audit --shard 2/2 --out shard2
  srmscan merge org shard1/report.json shard2/report.json`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fs, err := report.LookupFormats(formats)
			if err != nil {
				return usage("--format: %v", err)
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
			paths, err := report.WriteDir(args[0], merged, fs)
			if err != nil {
				return err
			}
			if !quiet {
				for _, p := range paths {
					fmt.Fprintf(cmd.ErrOrStderr(), "srmscan: wrote %s\n", p)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&formats, "format", []string{"json", "html"}, "report formats, comma-separated: json, html, sarif, junit, csv")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}
