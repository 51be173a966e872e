package checks

import (
	"github.com/srmscan/srmscan/inventory"
)

var volumeEncrypted = Check{
	ID:           "ebs-volume-unencrypted",
	Title:        "EBS volume is not encrypted",
	Description:  "AWS offers encryption of EBS volumes at rest; choosing it is the customer's. An unencrypted volume, and every snapshot taken of it, holds data in the clear.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Volume",
	Remediation: Remediation{
		Text:    "Volumes cannot be encrypted in place: snapshot the volume, copy the snapshot with encryption, create a volume from it and swap it in. Turn on EBS encryption by default so new volumes are encrypted.",
		Console: "EC2 > Snapshots > Create snapshot; Actions > Copy snapshot with Encrypt this snapshot; Create volume from it.",
		CLI:     "aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted --kms-key-id <key>",
	},
	References: []string{"CIS 2.2.1", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"},
	Needs:      []Operation{op("ec2", "DescribeVolumes")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, v := range inv.EC2.Volumes {
			r := Result{Status: Pass, Region: v.Region, ResourceARN: v.ARN,
				Message: v.ID + " is encrypted", Evidence: map[string]any{"encrypted": v.Encrypted}}
			if v.KMSKeyID != "" {
				r.Evidence["kms_key_id"] = v.KMSKeyID
			}
			if !v.Encrypted {
				r.Status = Fail
				r.Message = v.ID + " is not encrypted"
			}
			out = append(out, r)
		}
		return out
	},
}
