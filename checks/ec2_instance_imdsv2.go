package checks

import (
	"fmt"

	"github.com/srmscan/srmscan/inventory"
)

var instanceIMDSv2 = Check{
	ID:            "ec2-instance-imdsv2-required",
	Title:         "Instance does not require IMDSv2",
	Description:   "With IMDSv1 allowed, a server-side request forgery in any application on the instance can read its role credentials from the metadata service. AWS provides IMDSv2; requiring it is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Require session tokens for the instance metadata service (after checking your software uses an SDK version that supports IMDSv2).",
		Console: "EC2 > Instances > the instance > Actions > Instance settings > Modify instance metadata options: IMDSv2 Required.",
		CLI:     "aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required --http-endpoint enabled",
	},
	References: []string{"CIS 5.6", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html"},
	Needs:      []Operation{op("ec2", "DescribeInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, in := range inv.EC2.Instances {
			r := Result{Status: Pass, Region: in.Region, ResourceARN: in.ARN,
				Evidence: map[string]any{"http_tokens": in.MetadataHTTPTokens, "http_endpoint": in.MetadataHTTPEndpoint}}
			switch {
			case in.MetadataHTTPEndpoint == "disabled":
				r.Message = in.ID + " has the metadata service disabled"
			case in.MetadataHTTPTokens == "required":
				r.Message = in.ID + " requires IMDSv2"
			default:
				r.Status = Fail
				r.Message = fmt.Sprintf("%s allows IMDSv1 (http_tokens=%s)", in.ID, orNone(in.MetadataHTTPTokens))
			}
			out = append(out, r)
		}
		return out
	},
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
