package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/checks"
	"github.com/srmscan/srmscan/gate"
	"github.com/srmscan/srmscan/report"
)

func newDiffCmd() *cobra.Command {
	var format, failOn string
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Show new, resolved and changed findings between two reports",
		Long: `diff compares two report.json files by finding fingerprint. It exits 1 when
NEW has failed findings at or above --fail-on that were not failing in OLD.`,
		Example: `  srmscan diff yesterday/report.json today/report.json
  srmscan diff old.json new.json --format json --fail-on critical`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			sev := checks.Severity(strings.ToLower(failOn))
			if sev != "none" && sev.Rank() == 0 {
				return usage("--fail-on: unknown severity %q (want critical, high, medium, low, info or none)", failOn)
			}
			if format != "table" && format != "json" {
				return usage("--format: unknown format %q (want table or json)", format)
			}
			var reports [2]*report.Report
			for i, path := range args {
				r, err := report.ReadFile(path)
				if err != nil {
					return usage("%v", err)
				}
				reports[i] = r
			}
			d := gate.Compare(reports[0], reports[1])
			w := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(d); err != nil {
					return err
				}
			} else {
				printDiff(w, d)
			}
			if n := len(d.Blocking(sev)); n > 0 {
				return &exitError{code: report.ExitFindings, err: fmt.Errorf("%d new failed findings at or above %s", n, sev)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&failOn, "fail-on", "high", "exit 1 when a new failed finding is at or above this severity: critical, high, medium, low, info or none")
	return cmd
}

func printDiff(w io.Writer, d gate.Diff) {
	fmt.Fprintf(w, "%d new, %d resolved, %d changed\n", len(d.New), len(d.Resolved), len(d.Changed))
	for _, sec := range []struct {
		name string
		list []gate.Change
	}{{"NEW", d.New}, {"RESOLVED", d.Resolved}, {"CHANGED", d.Changed}} {
		if len(sec.list) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", sec.name)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SEVERITY\tCHECK\tREGION\tRESOURCE\tSTATUS")
		for _, c := range sec.list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s -> %s\n", c.Severity, c.CheckID, orDash(c.Region), c.ResourceARN, orDash(string(c.Before)), orDash(string(c.After)))
		}
		tw.Flush()
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
