package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/compliance"
	"github.com/srmscan/srmscan/report"
)

func newComplianceCmd() *cobra.Command {
	var framework, format string
	cmd := &cobra.Command{
		Use:   "compliance REPORT",
		Short: "Show a report as a compliance framework's controls: CIS v5.0.0, v3.0.0 or AWS FSBP",
		Long: `compliance reads a report.json and gives each control of a framework a status
from the findings of the checks that decide it: pass, fail, unknown, manual,
not-checked (no check decides it, or its service was not scanned) or
not-applicable (the checks found nothing to judge). See docs/compliance.md.`,
		Example: `  srmscan compliance out/report.json
  srmscan compliance out/report.json --framework aws-fsbp --format csv > fsbp.csv
  srmscan compliance --format markdown > docs/compliance.md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if format == "markdown" {
				// The catalogue of every framework, not a view of a report.
				if len(args) > 0 {
					return usage("--format markdown prints the framework catalogue and takes no report")
				}
				return compliance.WriteMarkdown(w)
			}
			if format != "table" && format != "csv" && format != "json" {
				return usage("--format: unknown format %q (want table, csv, json or markdown)", format)
			}
			fw, ok := compliance.Lookup(framework)
			if !ok {
				return usage("--framework: unknown framework %q (want %s)", framework, strings.Join(compliance.IDs(), ", "))
			}
			if len(args) == 0 {
				return usage("compliance needs the report.json of a scan")
			}
			r, err := report.ReadFile(args[0])
			if err != nil {
				return usage("%v", err)
			}
			v := r.ComplianceView(fw)
			switch format {
			case "json":
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(v)
			case "csv":
				return writeComplianceCSV(w, v)
			}
			return writeComplianceTable(w, v, r.Scan.Complete)
		},
	}
	cmd.Flags().StringVar(&framework, "framework", "cis-5.0", "framework: "+strings.Join(compliance.IDs(), ", "))
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, csv, json or markdown")
	return cmd
}

func percent(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', 1, 64) + "%"
}

func writeComplianceTable(w io.Writer, v compliance.View, complete bool) error {
	s := v.Summary
	fmt.Fprintf(w, "%s v%s: %s of %d judged controls pass\n", v.Name, v.Version, percent(s.Percent), s.Pass+s.Fail+s.Unknown)
	fmt.Fprintf(w, "%d controls: %d pass, %d fail, %d unknown, %d manual, %d not-checked, %d not-applicable\n",
		s.Total, s.Pass, s.Fail, s.Unknown, s.Manual, s.NotChecked, s.NotApplicable)
	if !complete {
		fmt.Fprintln(w, "The scan was incomplete: some controls may be unknown or missing findings.")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tPASS\tFAIL\tUNKNOWN\tMANUAL\tNOT-CHECKED\tN/A\tSCORE")
	for _, sec := range v.Sections {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", sec.Section, sec.Pass, sec.Fail, sec.Unknown, sec.Manual, sec.NotChecked, sec.NotApplicable, percent(sec.Percent))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CONTROL\tSTATUS\tLEVEL\tTITLE\tCHECKS OR REASON")
	for _, c := range v.Controls {
		level := "-"
		if c.Level > 0 {
			level = strconv.Itoa(c.Level)
		}
		why := strings.Join(c.Checks, ", ")
		if c.Reason != "" {
			why = c.Reason
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Status, level, c.Title, why)
	}
	return tw.Flush()
}

func writeComplianceCSV(w io.Writer, v compliance.View) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"framework", "section", "control", "title", "level", "automated", "status",
		"findings_pass", "findings_fail", "findings_unknown", "findings_manual", "checks", "reason", "note", "related"})
	for _, c := range v.Controls {
		level := ""
		if c.Level > 0 {
			level = strconv.Itoa(c.Level)
		}
		n := c.Findings
		cw.Write([]string{v.Framework, c.Section, c.ID, c.Title, level, strconv.FormatBool(c.Automated), string(c.Status),
			strconv.Itoa(n.Pass), strconv.Itoa(n.Fail), strconv.Itoa(n.Unknown), strconv.Itoa(n.Manual),
			strings.Join(c.Checks, " "), c.Reason, c.Note, strings.Join(c.Related, ";")})
	}
	cw.Flush()
	return cw.Error()
}
