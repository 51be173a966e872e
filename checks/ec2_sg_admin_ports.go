package checks

import (
	"fmt"
	"slices"

	"github.com/srmscan/srmscan/inventory"
)

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
