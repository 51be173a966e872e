package main

import (
	"encoding/json"
	"io"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/scanner"
)

func newPolicyCmd() *cobra.Command {
	var (
		services        serviceFlags
		orchestrator    bool
		trust           bool
		roleName        string
		orchestratorARN string
		partition       string
	)
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Print the IAM policies a scan needs: the audit policy, the orchestrator's, the member role's trust",
		Long: `policy prints an IAM policy document generated from the same allow-list the
read-only test holds every scan to. See docs/permissions.md.

  srmscan policy                      the audit policy: read-only actions, for the
                                      identity that reads an account (the member role)
  srmscan policy --orchestrator --role-name R
                                      for the identity that runs --accounts/--org scans:
                                      sts:AssumeRole on role R only, and
                                      organizations:ListAccounts
  srmscan policy --trust --orchestrator-arn ARN
                                      the member role's trust policy: only ARN may
                                      assume it`,
		Example: `  srmscan policy --services ec2,s3
  srmscan policy --orchestrator --role-name srmscan-audit
  srmscan policy --trust --orchestrator-arn arn:aws:iam::111122223333:role/srmscan-orchestrator`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fl := cmd.Flags()
			scoped := fl.Changed("services") || fl.Changed("skip-services")
			var doc scanner.PolicyDocument
			var err error
			switch {
			case orchestrator && trust:
				return usage("--orchestrator and --trust cannot be combined: they are policies of two different identities")
			case (orchestrator || trust) && scoped:
				return usage("--services and --skip-services choose the audit policy's actions; the orchestrator and trust policies do not depend on them")
			case !orchestrator && (roleName != "" || fl.Changed("partition")):
				return usage("--role-name and --partition go with --orchestrator")
			case !trust && orchestratorARN != "":
				return usage("--orchestrator-arn goes with --trust")
			case orchestrator:
				if roleName == "" {
					return usage("--orchestrator needs --role-name: the role srmscan assumes in each account (as in 'scan --role-name')")
				}
				if doc, err = scanner.OrchestratorPolicy(partition, roleName); err != nil {
					return usage("%v", err)
				}
			case trust:
				if orchestratorARN == "" {
					return usage("--trust needs --orchestrator-arn: the ARN of the role or user that runs multi-account scans")
				}
				if doc, err = scanner.TrustPolicy(orchestratorARN); err != nil {
					return usage("--orchestrator-arn: %v", err)
				}
			default:
				chosen, err := services.chosen()
				if err != nil {
					return err
				}
				doc = scanner.AuditPolicy(chosen)
			}
			return writePolicy(cmd.OutOrStdout(), doc)
		},
	}
	fl := cmd.Flags()
	services.register(fl, "allow reading")
	fl.BoolVar(&orchestrator, "orchestrator", false, "print the policy of the identity that runs multi-account scans (--accounts, --org) instead")
	fl.StringVar(&roleName, "role-name", "", "with --orchestrator: the member role it may assume, as given to 'scan --role-name'")
	fl.StringVar(&partition, "partition", "aws", "with --orchestrator: the partition of the member roles' ARNs: aws, aws-cn or aws-us-gov")
	fl.BoolVar(&trust, "trust", false, "print the member role's trust policy instead")
	fl.StringVar(&orchestratorARN, "orchestrator-arn", "", "with --trust: the ARN of the role (or user) that runs multi-account scans, the only principal trusted")
	return cmd
}

func writePolicy(w io.Writer, doc scanner.PolicyDocument) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
