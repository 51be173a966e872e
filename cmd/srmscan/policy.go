package main

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/scanner"
)

func newPolicyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "policy",
		Short: "Print the minimal IAM policy a scan needs (read-only)",
		Long: `policy prints an IAM policy document granting exactly the read-only actions
srmscan calls, generated from the same allow-list the read-only test holds
every scan to. Attach it to the role or user srmscan runs as; see
docs/permissions.md for the AWS managed policies that also suffice.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writePolicy(cmd.OutOrStdout())
		},
	}
}

func writePolicy(w io.Writer) error {
	var actions []string
	for _, p := range scanner.Permissions {
		if p.Action != "" {
			actions = append(actions, p.Action)
		}
	}
	slices.Sort(actions)
	type statement struct {
		Sid      string
		Effect   string
		Action   []string
		Resource string
	}
	doc := struct {
		Version   string
		Statement []statement
	}{"2012-10-17", []statement{{"SrmscanReadOnly", "Allow", slices.Compact(actions), "*"}}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
