package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/checks"
)

func newChecksCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List the check catalogue and where each check sits on the responsibility line",
		Example: `  srmscan checks
  srmscan checks --format json | jq '.[] | select(.control_category == "shared")'
  srmscan checks --format markdown > docs/checks.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := cmd.OutOrStdout()
			list := checks.All()
			switch format {
			case "table":
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tCONTROL\tDOMAIN\tSERVICE\tTITLE")
				for _, c := range list {
					control := string(c.Category)
					if c.SharedControl != "" {
						control += ":" + string(c.SharedControl)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Severity, control, c.Domain, c.Service, c.Title)
				}
				return tw.Flush()
			case "json":
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(checks.Describe(list))
			case "markdown":
				return checks.WriteMarkdown(w, list)
			}
			return usage("--format: unknown format %q (want table, json or markdown)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or markdown")
	return cmd
}
