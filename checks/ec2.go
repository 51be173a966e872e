package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ec2Checks are the customer's duties on EC2, VPC and EBS: the
// infrastructure service model, where everything from the guest OS up is the
// customer's.
var ec2Checks = []Check{
	sgAdminPortsPublic,
	sgAllTrafficPublic,
	sgDatabasePortsPublic,
	sgWidePortRangePublic,
	sgDefaultRestrictsAll,
	naclAdminPortsPublic,
	vpcFlowLogs,
	instanceIMDSv2,
	instancePatchGroup,
	instancePatchedRecently,
	instanceAMIAge,
	instanceProfile,
	instancePublicExposure,
	ebsEncryptionByDefault,
	volumeEncrypted,
	snapshotEncrypted,
	snapshotPublic,
	imagePublic,
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

var sgRemediationConsole = "EC2 > Security Groups > the group > Inbound rules > Edit inbound rules: delete or narrow the rule whose source is 0.0.0.0/0 or ::/0."

func sgCheck(id, title, desc string, sev Severity, refs []string, cli string, verdict func(g inventory.SecurityGroup, cfg Config) (msg string, evidence map[string]any)) Check {
	return Check{
		ID: id, Title: title, Description: desc, Severity: sev,
		Category: CustomerSpecific, Domain: OSNetworkFirewall,
		Service: "ec2", ServiceModel: Infrastructure, ResourceType: "AWS::EC2::SecurityGroup",
		Remediation: Remediation{
			Text:    "Remove the world-open rule, or narrow its source to the addresses or security groups that need it.",
			Console: sgRemediationConsole,
			CLI:     cli,
		},
		References: refs,
		Needs:      []Operation{op("ec2", "DescribeSecurityGroups")},
		Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
			var out []Result
			for _, g := range inv.EC2.SecurityGroups {
				r := Result{Status: Pass, Region: g.Region, ResourceARN: g.ARN}
				msg, ev := verdict(g, cfg)
				if ev != nil {
					r.Status, r.Message, r.Evidence = Fail, fmt.Sprintf("%s (%s) %s", g.ID, g.Name, msg), ev
				} else {
					r.Message = fmt.Sprintf("%s (%s) %s", g.ID, g.Name, msg)
				}
				out = append(out, r)
			}
			return out
		},
	}
}

func ruleEvidence(r inventory.Rule, source string) map[string]any {
	return map[string]any{"source": source, "protocol": r.Protocol, "from_port": r.FromPort, "to_port": r.ToPort}
}

// publicIngress returns each ingress rule open to the internet, with its
// world-wide source.
func publicIngress(g inventory.SecurityGroup, yield func(r inventory.Rule, source string) bool) {
	for _, r := range g.Ingress {
		if src := worldSource(r); src != "" && !yield(r, src) {
			return
		}
	}
}

var sgAllTrafficPublic = sgCheck("ec2-sg-all-traffic-public",
	"Security group allows all traffic from the internet",
	"A rule for all protocols, or for every TCP or UDP port, from 0.0.0.0/0 or ::/0 leaves the firewall open: every service on the instances behind it faces the internet.",
	Critical, []string{"CIS 5.2", "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18"},
	"aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]",
	func(g inventory.SecurityGroup, _ Config) (string, map[string]any) {
		var ev map[string]any
		publicIngress(g, func(r inventory.Rule, src string) bool {
			allPorts := (r.Protocol == "tcp" || r.Protocol == "udp" || r.Protocol == "6" || r.Protocol == "17") && r.FromPort <= 0 && r.ToPort >= 65535
			if r.Protocol == "-1" || allPorts {
				ev = ruleEvidence(r, src)
				return false
			}
			return true
		})
		if ev != nil {
			return fmt.Sprintf("allows all traffic (protocol %s) from %s", ev["protocol"], ev["source"]), ev
		}
		return "does not allow all traffic from the internet", nil
	})

var sgDatabasePortsPublic = sgCheck("ec2-sg-database-ports-public",
	"Security group allows database, cache or search ports from the internet",
	"Data stores (MySQL, PostgreSQL, SQL Server, Oracle, Redis, Memcached, MongoDB, Elasticsearch, Cassandra, CouchDB) should be reachable only from the applications that use them, never from 0.0.0.0/0 or ::/0. The port list is configurable.",
	High, []string{"https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19"},
	"aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=0.0.0.0/0}]",
	func(g inventory.SecurityGroup, cfg Config) (string, map[string]any) {
		var ev map[string]any
		publicIngress(g, func(r inventory.Rule, src string) bool {
			if p, ok := firstPortIn(r, cfg.DatabasePorts); ok {
				ev = ruleEvidence(r, src)
				ev["port"] = p
				return false
			}
			return true
		})
		if ev != nil {
			return fmt.Sprintf("allows database port %d from %s", ev["port"], ev["source"]), ev
		}
		return "does not open database ports to the internet", nil
	})

var sgWidePortRangePublic = sgCheck("ec2-sg-wide-port-range-public",
	"Security group opens a wide port range to the internet",
	"A range of many ports open to 0.0.0.0/0 or ::/0 usually exposes more than the one service it was meant for. The widest allowed range is configurable (default 10 ports).",
	Medium, []string{"https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html"},
	"aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions IpProtocol=tcp,FromPort=<from>,ToPort=<to>,IpRanges=[{CidrIp=0.0.0.0/0}]",
	func(g inventory.SecurityGroup, cfg Config) (string, map[string]any) {
		var ev map[string]any
		publicIngress(g, func(r inventory.Rule, src string) bool {
			if r.Protocol != "-1" && r.FromPort >= 0 && r.ToPort-r.FromPort+1 > cfg.MaxPublicPortRange {
				ev = ruleEvidence(r, src)
				ev["ports"] = r.ToPort - r.FromPort + 1
				return false
			}
			return true
		})
		if ev != nil {
			return fmt.Sprintf("opens %d ports (%d-%d) to %s", ev["ports"], ev["from_port"], ev["to_port"], ev["source"]), ev
		}
		return "opens no port range wider than allowed to the internet", nil
	})

var sgDefaultRestrictsAll = Check{
	ID:            "ec2-sg-default-restricts-all",
	Title:         "Default security group does not restrict all traffic",
	Description:   "Every VPC's default security group is attached to anything launched without a group. With no rules it fails closed; with rules, resources silently get access nobody chose. AWS creates it; configuring it is the customer's half of configuration management.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::SecurityGroup",
	Remediation: Remediation{
		Text:    "Move resources to purpose-made security groups, then remove every inbound and outbound rule from the default group.",
		Console: "VPC > Security groups > the group named default > Inbound rules and Outbound rules: delete every rule.",
		CLI:     "aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions '<the rules from describe-security-groups>'",
	},
	References: []string{"CIS 5.4", "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"},
	Needs:      []Operation{op("ec2", "DescribeSecurityGroups")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, g := range inv.EC2.SecurityGroups {
			if !g.IsDefault() {
				continue
			}
			r := Result{Status: Pass, Region: g.Region, ResourceARN: g.ARN,
				Message:  fmt.Sprintf("default group %s of %s has no rules", g.ID, g.VPCID),
				Evidence: map[string]any{"ingress_rules": len(g.Ingress), "egress_rules": len(g.Egress), "vpc_id": g.VPCID}}
			if len(g.Ingress)+len(g.Egress) > 0 {
				r.Status = Fail
				r.Message = fmt.Sprintf("default group %s of %s has %d inbound and %d outbound rules", g.ID, g.VPCID, len(g.Ingress), len(g.Egress))
			}
			out = append(out, r)
		}
		return out
	},
}

var naclAdminPortsPublic = Check{
	ID:           "vpc-nacl-admin-ports-public",
	Title:        "Network ACL allows SSH or RDP from the internet",
	Description:  "Network ACLs are the subnet-level firewall. Entries are evaluated in rule-number order and the first match decides, so an allow for 0.0.0.0/0 or ::/0 to port 22 or 3389 counts only if no earlier entry for the whole internet denies it.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::NetworkAcl",
	Remediation: Remediation{
		Text:    "Add a deny entry for ports 22 and 3389 from 0.0.0.0/0 and ::/0 numbered below the allow, or narrow the allow's source.",
		Console: "VPC > Network ACLs > the ACL > Inbound rules > Edit inbound rules.",
		CLI:     "aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny",
	},
	References: []string{"CIS 5.1", "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html"},
	Needs:      []Operation{op("ec2", "DescribeNetworkAcls")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, acl := range inv.EC2.NetworkACLs {
			r := Result{Status: Pass, Region: acl.Region, ResourceARN: acl.ARN,
				Message: acl.ID + " does not allow SSH or RDP from the internet"}
			if e, port, ok := naclFirstPublicAllow(acl, adminPorts); ok {
				r.Status = Fail
				src := e.CIDR + e.IPv6CIDR
				r.Message = fmt.Sprintf("%s rule %d allows port %d from %s", acl.ID, e.RuleNumber, port, src)
				r.Evidence = map[string]any{"rule_number": e.RuleNumber, "port": port, "source": src, "protocol": e.Protocol}
			}
			out = append(out, r)
		}
		return out
	},
}

// naclFirstPublicAllow finds a port that traffic from an arbitrary internet
// address reaches. Only entries for the whole internet decide that: an entry
// for a narrower range leaves other addresses to fall through to the next.
func naclFirstPublicAllow(acl inventory.NetworkACL, ports []int32) (inventory.ACLEntry, int32, bool) {
	entries := slices.Clone(acl.Entries)
	slices.SortFunc(entries, func(a, b inventory.ACLEntry) int { return int(a.RuleNumber) - int(b.RuleNumber) })
	for _, world := range []func(e inventory.ACLEntry) bool{
		func(e inventory.ACLEntry) bool { return e.CIDR == "0.0.0.0/0" },
		func(e inventory.ACLEntry) bool { return e.IPv6CIDR == "::/0" },
	} {
		for _, p := range ports {
			for _, e := range entries {
				if e.Egress || !world(e) || !naclCovers(e, p) {
					continue
				}
				if e.Action == "allow" {
					return e, p, true
				}
				break // denied for everyone
			}
		}
	}
	return inventory.ACLEntry{}, 0, false
}

func naclCovers(e inventory.ACLEntry, port int32) bool {
	switch e.Protocol {
	case "-1", "all":
		return true
	case "6", "tcp":
		return e.FromPort <= port && port <= e.ToPort
	}
	return false
}

var vpcFlowLogs = Check{
	ID:            "vpc-flow-logs-enabled",
	Title:         "VPC has no active flow log",
	Description:   "Without flow logs there is no record of the traffic that reached or was refused by the VPC, which incident response depends on. AWS offers the logging; turning it on is the customer's configuration.",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: ConfigurationManagement,
	Domain:        NetworkTrafficProtection,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::VPC",
	Remediation: Remediation{
		Text:    "Create a flow log for the VPC capturing at least rejected traffic, to CloudWatch Logs or S3.",
		Console: "VPC > Your VPCs > the VPC > Flow logs > Create flow log: Filter Reject (or All).",
		CLI:     "aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type REJECT --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>",
	},
	References: []string{"CIS 3.7", "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"},
	Needs:      []Operation{op("ec2", "DescribeVpcs"), op("ec2", "DescribeFlowLogs")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		active := map[string]inventory.FlowLog{}
		for _, f := range inv.EC2.FlowLogs {
			if strings.EqualFold(f.Status, "ACTIVE") {
				active[f.Region+"/"+f.ResourceID] = f
			}
		}
		var out []Result
		for _, v := range inv.EC2.VPCs {
			r := Result{Status: Fail, Region: v.Region, ResourceARN: v.ARN, Message: v.ID + " has no active flow log"}
			if f, ok := active[v.Region+"/"+v.ID]; ok {
				r.Status = Pass
				r.Message = fmt.Sprintf("%s logs %s traffic (%s)", v.ID, f.TrafficType, f.ID)
				r.Evidence = map[string]any{"flow_log_id": f.ID, "traffic_type": f.TrafficType}
			}
			out = append(out, r)
		}
		return out
	},
}

var instancePatchGroup = Check{
	ID:            "ec2-instance-patch-group",
	Title:         "Instance has no patch baseline behind it",
	Description:   "AWS patches the hosts; the guest OS is the customer's to patch. For an instance Systems Manager manages and has a patch state for, the patch baseline (and patch group) its last patch operation used decides. Otherwise the instance's patch-group tag does (key configurable, default PatchGroup): without one it is in no patch baseline, so nothing says who patches it or how. The finding's evidence names the source (ssm or tags).",
	Severity:      Medium,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Put the instance in a Systems Manager patch group by tagging it with the baseline's name, and let Patch Manager scan it.",
		Console: "EC2 > Instances > the instance > Tags > Manage tags: add PatchGroup=<baseline>.",
		CLI:     "aws ec2 create-tags --resources <id> --tags Key=PatchGroup,Value=<baseline>",
	},
	References: []string{"https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-patch-groups.html"},
	// Not the Systems Manager operations: an instance they could not
	// read is judged from its tags (see ssmPatchEvidence.fromTags).
	Needs: []Operation{op("ec2", "DescribeInstances")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		ssm := readSSMPatchEvidence(inv)
		var out []Result
		for _, in := range inv.EC2.Instances {
			if p := ssm.patchState(in); p != nil {
				r := Result{Status: Pass, Region: in.Region, ResourceARN: in.ARN, Evidence: map[string]any{
					"source": "ssm", "baseline_id": p.BaselineID, "patch_group": p.PatchGroup}}
				if p.PatchGroup != "" {
					r.Message = fmt.Sprintf("%s is patched against baseline %s (patch group %q), as Systems Manager reports", in.ID, p.BaselineID, p.PatchGroup)
				} else {
					r.Message = fmt.Sprintf("%s is patched against baseline %s, the region's default (no patch group), as Systems Manager reports", in.ID, p.BaselineID)
				}
				if p.BaselineID == "" {
					r.Status = Fail
					r.Message = fmt.Sprintf("%s has a patch state in Systems Manager that names no patch baseline", in.ID)
				}
				out = append(out, r)
				continue
			}
			group := in.Tags.Get(cfg.PatchGroupTag)
			r := Result{Status: Pass, Region: in.Region, ResourceARN: in.ARN,
				Message:  fmt.Sprintf("%s is in patch group %q", in.ID, group),
				Evidence: map[string]any{"tag": cfg.PatchGroupTag, "value": group}}
			if group == "" {
				r.Status = Fail
				r.Message = fmt.Sprintf("%s has no %s tag: no patch baseline applies", in.ID, cfg.PatchGroupTag)
			}
			ssm.fromTags(&r, in)
			out = append(out, r)
		}
		return out
	},
}

var instancePatchedRecently = Check{
	ID:            "ec2-instance-patched-recently",
	Title:         "Instance was not patched recently",
	Description:   "The guest OS is the customer's to patch. For an instance Systems Manager manages and has a patch state for, the end of its last patch operation decides; otherwise srmscan reads the last-patched date your patch process writes to a tag (key configurable, default LastPatched, ISO-8601). Instances with no date, an unreadable date, or one older than the allowed age (default 30 days) fail. The finding's evidence names the source (ssm or tags).",
	Severity:      High,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Patch the instance (Systems Manager Patch Manager, or your own tooling); without Patch Manager, have the run write the date to the tag.",
		Console: "Systems Manager > Patch Manager > Patch now; or EC2 > the instance > Tags: LastPatched=<YYYY-MM-DD>.",
		CLI:     "aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=<id> --parameters Operation=Install && aws ec2 create-tags --resources <id> --tags Key=LastPatched,Value=$(date -u +%F)",
	},
	References: []string{"https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager.html"},
	// Not the Systems Manager operations: an instance they could not
	// read is judged from its tags (see ssmPatchEvidence.fromTags).
	Needs: []Operation{op("ec2", "DescribeInstances")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		ssm := readSSMPatchEvidence(inv)
		var out []Result
		for _, in := range inv.EC2.Instances {
			// A patch state without an end time (an operation still
			// running when first reported) dates nothing: the tags decide.
			if p := ssm.patchState(in); p != nil && !p.OperationEndTime.IsZero() {
				age := daysBetween(p.OperationEndTime, cfg.Now)
				r := Result{Status: Pass, Region: in.Region, ResourceARN: in.ARN, Evidence: patchEvidence(p)}
				r.Evidence["age_days"], r.Evidence["max_age_days"] = age, cfg.MaxPatchAgeDays
				op := strings.ToLower(p.Operation)
				if age > cfg.MaxPatchAgeDays {
					r.Status = Fail
					r.Message = fmt.Sprintf("%s's last patch operation (%s) ended %d days ago (more than %d), as Systems Manager reports", in.ID, op, age, cfg.MaxPatchAgeDays)
				} else {
					r.Message = fmt.Sprintf("%s's last patch operation (%s) ended %d days ago, as Systems Manager reports", in.ID, op, age)
				}
				out = append(out, r)
				continue
			}
			last := in.Tags.Get(cfg.LastPatchedTag)
			r := Result{Status: Fail, Region: in.Region, ResourceARN: in.ARN, Evidence: map[string]any{
				"tag": cfg.LastPatchedTag, "value": last, "max_age_days": cfg.MaxPatchAgeDays}}
			when, err := parseDate(last)
			switch {
			case last == "":
				r.Message = fmt.Sprintf("%s has no %s tag: nothing says it was ever patched", in.ID, cfg.LastPatchedTag)
			case err != nil:
				r.Message = fmt.Sprintf("%s has %s=%q, which is not an ISO-8601 date", in.ID, cfg.LastPatchedTag, last)
			default:
				age := daysBetween(when, cfg.Now)
				r.Evidence["age_days"] = age
				if age > cfg.MaxPatchAgeDays {
					r.Message = fmt.Sprintf("%s was last patched %d days ago (more than %d)", in.ID, age, cfg.MaxPatchAgeDays)
				} else {
					r.Status = Pass
					r.Message = fmt.Sprintf("%s was patched %d days ago", in.ID, age)
				}
			}
			ssm.fromTags(&r, in)
			out = append(out, r)
		}
		return out
	},
}

// daysBetween counts whole days from then to now.
func daysBetween(then, now time.Time) int { return int(now.Sub(then).Hours() / 24) }

var instanceAMIAge = Check{
	ID:            "ec2-instance-ami-age",
	Title:         "Instance runs from an old image",
	Description:   "An instance launched from an image older than the allowed age (default 180 days) started life with that image's unpatched OS and packages. Rebuilding from a current image is part of the customer's patch management.",
	Severity:      Low,
	Category:      Shared,
	SharedControl: PatchManagement,
	Domain:        OSNetworkFirewall,
	Service:       "ec2",
	ServiceModel:  Infrastructure,
	ResourceType:  "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Build images regularly (EC2 Image Builder) and replace instances from the current image.",
		Console: "EC2 Image Builder > Image pipelines: schedule a pipeline; then replace the instance from the new AMI.",
		CLI:     "aws imagebuilder start-image-pipeline-execution --image-pipeline-arn <arn>",
	},
	References: []string{"https://docs.aws.amazon.com/imagebuilder/latest/userguide/what-is-image-builder.html"},
	Needs:      []Operation{op("ec2", "DescribeInstances"), op("ec2", "DescribeImages")},
	Evaluate: func(inv *inventory.Inventory, cfg Config) []Result {
		images := map[string]inventory.Image{}
		for _, im := range inv.EC2.Images {
			images[im.Region+"/"+im.ID] = im
		}
		var out []Result
		for _, in := range inv.EC2.Instances {
			r := Result{Region: in.Region, ResourceARN: in.ARN, Evidence: map[string]any{"image_id": in.ImageID, "max_age_days": cfg.MaxAMIAgeDays}}
			im, ok := images[in.Region+"/"+in.ImageID]
			if !ok {
				// Images of other owners (AWS, marketplace) are not collected,
				// and a deregistered image has no date: the age is not known.
				r.Status = Unknown
				r.Message = fmt.Sprintf("%s runs image %s, which is not one of the account's images, so its age is unknown", in.ID, in.ImageID)
				out = append(out, r)
				continue
			}
			age := daysBetween(im.CreationDate, cfg.Now)
			r.Evidence["age_days"] = age
			r.Status, r.Message = Pass, fmt.Sprintf("%s runs %s, created %d days ago", in.ID, in.ImageID, age)
			if age > cfg.MaxAMIAgeDays {
				r.Status, r.Message = Fail, fmt.Sprintf("%s runs %s, created %d days ago (more than %d)", in.ID, in.ImageID, age, cfg.MaxAMIAgeDays)
			}
			out = append(out, r)
		}
		return out
	},
}

var instanceProfile = Check{
	ID:           "ec2-instance-no-profile",
	Title:        "Instance has no IAM instance profile",
	Description:  "Instances that call AWS should get short-lived credentials from an instance role, not long-lived access keys copied onto the disk. An instance without a profile either needs no AWS access or is using keys.",
	Severity:     Low,
	Category:     CustomerSpecific,
	Domain:       IdentityAccess,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Attach an instance profile whose role grants what the instance's software needs, and remove any access keys from the instance.",
		Console: "EC2 > Instances > the instance > Actions > Security > Modify IAM role.",
		CLI:     "aws ec2 associate-iam-instance-profile --instance-id <id> --iam-instance-profile Name=<profile>",
	},
	References: []string{"CIS 1.18", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html"},
	Needs:      []Operation{op("ec2", "DescribeInstances")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, in := range inv.EC2.Instances {
			r := Result{Status: Pass, Region: in.Region, ResourceARN: in.ARN,
				Message: in.ID + " has instance profile " + in.InstanceProfileARN, Evidence: map[string]any{"instance_profile_arn": in.InstanceProfileARN}}
			if in.InstanceProfileARN == "" {
				r.Status, r.Message = Fail, in.ID+" has no instance profile"
			}
			out = append(out, r)
		}
		return out
	},
}

var instancePublicExposure = Check{
	ID:           "ec2-instance-public-exposed",
	Title:        "Instance with a public IP is reachable from the internet",
	Description:  "An instance with a public IP address behind a security group that admits traffic from 0.0.0.0/0 or ::/0 is directly reachable from the internet on those ports.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Instance",
	Remediation: Remediation{
		Text:    "Put the instance in a private subnet behind a load balancer or NAT, or narrow its security groups' sources.",
		Console: "EC2 > Instances > the instance > Security: review the groups' inbound rules; Networking: remove the public IP or Elastic IP.",
		CLI:     "aws ec2 modify-instance-attribute --instance-id <id> --groups <private-sg-id>",
	},
	References: []string{"https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9"},
	Needs:      []Operation{op("ec2", "DescribeInstances"), op("ec2", "DescribeSecurityGroups")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		groups := map[string]inventory.SecurityGroup{}
		for _, g := range inv.EC2.SecurityGroups {
			groups[g.Region+"/"+g.ID] = g
		}
		var out []Result
		for _, in := range inv.EC2.Instances {
			if in.PublicIP == "" {
				continue // not reachable from the internet directly
			}
			r := Result{Status: Pass, Region: in.Region, ResourceARN: in.ARN,
				Message: fmt.Sprintf("%s has public IP %s but admits no traffic from the internet", in.ID, in.PublicIP)}
			for _, id := range in.SecurityGroupIDs {
				publicIngress(groups[in.Region+"/"+id], func(rule inventory.Rule, src string) bool {
					r.Status = Fail
					r.Evidence = ruleEvidence(rule, src)
					r.Evidence["security_group_id"], r.Evidence["public_ip"] = id, in.PublicIP
					r.Message = fmt.Sprintf("%s (public IP %s) admits %s via %s", in.ID, in.PublicIP, src, id)
					return false
				})
				if r.Status == Fail {
					break
				}
			}
			out = append(out, r)
		}
		return out
	},
}

var ebsEncryptionByDefault = Check{
	ID:           "ebs-encryption-by-default",
	Title:        "EBS encryption by default is off in the region",
	Description:  "With encryption by default on, every new EBS volume and snapshot copy in the region is encrypted whatever the launcher asks for. Off, encryption depends on every person and template getting it right.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Region",
	Remediation: Remediation{
		Text:    "Turn on EBS encryption by default in every region you use (it applies to new volumes only).",
		Console: "EC2 > Settings (EBS encryption) > Manage > Enable, in each region.",
		CLI:     "aws ec2 enable-ebs-encryption-by-default --region <region>",
	},
	References: []string{"CIS 2.2.1", "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"},
	Needs:      []Operation{op("ec2", "GetEbsEncryptionByDefault")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, s := range inv.EC2.RegionSettings {
			r := Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Message: "EBS encryption by default is on in " + s.Region,
				Evidence: map[string]any{"ebs_encryption_by_default": s.EBSEncryptionByDefault}}
			if !s.EBSEncryptionByDefault {
				r.Status, r.Message = Fail, "EBS encryption by default is off in "+s.Region
			}
			out = append(out, r)
		}
		return out
	},
}

var snapshotEncrypted = Check{
	ID:           "ebs-snapshot-unencrypted",
	Title:        "EBS snapshot is not encrypted",
	Description:  "A snapshot holds a full copy of its volume's data; unencrypted, anyone it is shared with, or who can copy it, reads that data in the clear.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Snapshot",
	Remediation: Remediation{
		Text:    "Copy the snapshot with encryption on, then delete the unencrypted one.",
		Console: "EC2 > Snapshots > the snapshot > Actions > Copy snapshot: Encrypt this snapshot.",
		CLI:     "aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted",
	},
	References: []string{"https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"},
	Needs:      []Operation{op("ec2", "DescribeSnapshots")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, s := range inv.EC2.Snapshots {
			r := Result{Status: Pass, Region: s.Region, ResourceARN: s.ARN, Message: s.ID + " is encrypted",
				Evidence: map[string]any{"encrypted": s.Encrypted, "volume_id": s.VolumeID}}
			if !s.Encrypted {
				r.Status, r.Message = Fail, s.ID+" is not encrypted"
			}
			out = append(out, r)
		}
		return out
	},
}

var snapshotPublic = Check{
	ID:           "ebs-snapshot-public",
	Title:        "EBS snapshot is shared publicly",
	Description:  "A snapshot whose create-volume permission includes the group 'all' can be copied by any AWS account, with all the data of its volume.",
	Severity:     Critical,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Snapshot",
	Remediation: Remediation{
		Text:    "Remove the public create-volume permission; share with named accounts only if needed.",
		Console: "EC2 > Snapshots > the snapshot > Actions > Snapshot settings > Modify permissions: Private.",
		CLI:     "aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission --operation-type remove --group-names all",
	},
	References: []string{"https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html"},
	Needs:      []Operation{op("ec2", "DescribeSnapshots"), op("ec2", "DescribeSnapshotAttribute")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, s := range inv.EC2.Snapshots {
			out = append(out, sharingResult(s.Region, s.ARN, s.ID, s.Public, s.SharedWith))
		}
		return out
	},
}

var imagePublic = Check{
	ID:           "ec2-ami-public",
	Title:        "AMI is shared publicly",
	Description:  "A public image can be launched by any AWS account, with whatever the image holds: software, configuration, and often credentials baked in.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       CustomerData,
	Service:      "ec2",
	ServiceModel: Infrastructure,
	ResourceType: "AWS::EC2::Image",
	Remediation: Remediation{
		Text:    "Make the image private; share it with named accounts only if needed.",
		Console: "EC2 > AMIs > the image > Actions > Edit AMI permissions: Private.",
		CLI:     "aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission \"Remove=[{Group=all}]\"",
	},
	References: []string{"https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html"},
	Needs:      []Operation{op("ec2", "DescribeImages"), op("ec2", "DescribeImageAttribute")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, im := range inv.EC2.Images {
			out = append(out, sharingResult(im.Region, im.ARN, im.ID, im.Public, im.SharedWith))
		}
		return out
	},
}

func sharingResult(region, arn, id string, public bool, sharedWith []string) Result {
	r := Result{Status: Pass, Region: region, ResourceARN: arn, Message: id + " is not public",
		Evidence: map[string]any{"public": public}}
	if len(sharedWith) > 0 {
		r.Evidence["shared_with"] = sharedWith
		r.Message = fmt.Sprintf("%s is not public (shared with %d accounts)", id, len(sharedWith))
	}
	if public {
		r.Status, r.Message = Fail, id+" is public: any AWS account can use it"
	}
	return r
}
