package checks

import (
	"fmt"
	"slices"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ec2Checks are the customer's duties on EC2, VPC and EBS: the
// infrastructure service model, where everything from the guest OS up is the
// customer's.
var ec2Checks = []Check{
	sgAdminPortsPublic,
	instanceIMDSv2,
	instancePatchTags,
	volumeEncrypted,
}

// adminPorts are remote-administration ports that must never face the
// internet (CIS 5.2 for SSH and RDP on IPv4, 5.3 on IPv6).
var adminPorts = []int32{22, 3389}

var sgAdminPortsPublic = Check{
	ID:           "ec2-sg-admin-ports-public",
	Title:        "Security group allows SSH or RDP from the internet",
	Description:  "Ingress from 0.0.0.0/0 or ::/0 to port 22 or 3389 exposes remote administration to the whole internet. Filtering traffic to resources is the customer's alone.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::SecurityGroup",
	Remediation: Remediation{
		Text:    "Remove the world-open rule; reach instances through Systems Manager Session Manager, a VPN or a bastion limited to known addresses.",
		Console: "EC2 > Security Groups > the group > Inbound rules > Edit inbound rules: delete the rule for 0.0.0.0/0 or ::/0 on port 22/3389.",
		CLI:     "aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]",
	},
	References: []string{"CIS 5.2", "CIS 5.3", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html"},
	Needs:      []Operation{op("ec2", "DescribeSecurityGroups")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, g := range inv.EC2.SecurityGroups {
			r := Result{Status: Pass, Region: g.Region, ResourceARN: g.ARN,
				Message: fmt.Sprintf("%s (%s) does not open SSH or RDP to the internet", g.ID, g.Name)}
			for _, rule := range g.Ingress {
				cidr := worldSource(rule)
				if cidr == "" {
					continue
				}
				if p, ok := firstPortIn(rule, adminPorts); ok {
					r.Status = Fail
					r.Message = fmt.Sprintf("%s (%s) allows port %d from %s", g.ID, g.Name, p, cidr)
					r.Evidence = map[string]any{"port": p, "source": cidr, "protocol": rule.Protocol,
						"from_port": rule.FromPort, "to_port": rule.ToPort}
					break
				}
			}
			out = append(out, r)
		}
		return out
	},
}

// worldSource returns the rule's internet-wide source range, if it has one.
func worldSource(r inventory.Rule) string {
	if slices.Contains(r.IPv4Ranges, "0.0.0.0/0") {
		return "0.0.0.0/0"
	}
	if slices.Contains(r.IPv6Ranges, "::/0") {
		return "::/0"
	}
	return ""
}

// firstPortIn returns the first of ports that a TCP-carrying rule admits.
// Protocol "-1" admits every port; so does a TCP rule with no port range.
func firstPortIn(r inventory.Rule, ports []int32) (int32, bool) {
	switch r.Protocol {
	case "-1":
		return ports[0], true
	case "tcp", "6":
	default:
		return 0, false
	}
	for _, p := range ports {
		if r.FromPort == -1 || (r.FromPort <= p && p <= r.ToPort) {
			return p, true
		}
	}
	return 0, false
}

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

var instancePatchTags = Check{
	ID:            "ec2-instance-patch-tags",
	Title:         "Instance has no patch baseline or was not patched recently",
	Description:   "AWS patches the hosts; the guest OS is the customer's to patch. srmscan reads the patch-baseline tag and the last-patched date tag your patching process writes (keys configurable) and fails instances that have no baseline, no date, an unreadable date, or a date older than the allowed age.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Put the instance in a Systems Manager patch group and have your patch run write the last-patched date (ISO-8601) to the instance's tag.",
		Console: "EC2 > Instances > the instance > Tags > Manage tags: add PatchGroup=<baseline> and LastPatched=<YYYY-MM-DD>; Systems Manager > Patch Manager to patch it.",
		CLI:     "aws ec2 create-tags --resources <id> --tags Key=PatchGroup,Value=<baseline> Key=LastPatched,Value=$(date -u +%F)",
	},
	References: []string{"https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-patch-groups.html"},
	Needs:      []Operation{op("ec2", "DescribeInstances")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		var out []Result
		for _, in := range inv.EC2.Instances {
			group, last := in.Tags[cfg.PatchGroupTag], in.Tags[cfg.LastPatchedTag]
			r := Result{Status: Fail, Region: in.Region, ResourceARN: in.ARN, Evidence: map[string]any{
				"patch_group_tag": cfg.PatchGroupTag, "patch_group": group,
				"last_patched_tag": cfg.LastPatchedTag, "last_patched": last,
				"max_age_days": cfg.MaxPatchAgeDays,
			}}
			when, err := parseDate(last)
			switch {
			case group == "":
				r.Message = fmt.Sprintf("%s has no %s tag: no patch baseline applies", in.ID, cfg.PatchGroupTag)
			case last == "":
				r.Message = fmt.Sprintf("%s has no %s tag: nothing says it was ever patched", in.ID, cfg.LastPatchedTag)
			case err != nil:
				r.Message = fmt.Sprintf("%s has %s=%q, which is not an ISO-8601 date", in.ID, cfg.LastPatchedTag, last)
			default:
				age := int(cfg.Now.Sub(when).Hours() / 24)
				r.Evidence["age_days"] = age
				if age > cfg.MaxPatchAgeDays {
					r.Message = fmt.Sprintf("%s was last patched %d days ago (more than %d)", in.ID, age, cfg.MaxPatchAgeDays)
				} else {
					r.Status = Pass
					r.Message = fmt.Sprintf("%s is in patch group %q, patched %d days ago", in.ID, group, age)
				}
			}
			out = append(out, r)
		}
		return out
	},
}

// parseDate reads the ISO-8601 forms patch tooling writes: a date, or a
// date and time with a zone.
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO-8601 date: %q", s)
}

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
