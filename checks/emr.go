package checks

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// emrChecks are the customer's duties on Amazon EMR, a container service:
// AWS runs the nodes' operating system and the Hadoop and Spark
// distribution it installs; who can reach the cluster, and whether its data
// is encrypted on disk and on the wire, are the customer's settings.
var emrChecks = []Check{emrBlockPublicAccess, emrEncryptionAtRest, emrEncryptionInTransit, emrPrimaryPublicIP, emrPrimaryReachable}

func emrHub(control string) string {
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/emr-controls.html#" + control
}

var emrClusterNeeds = []Operation{op("elasticmapreduce", "ListClusters"), op("elasticmapreduce", "DescribeCluster")}

func emrClusterResult(c inventory.EMRCluster, st Status, msg string, ev map[string]any) Result {
	return Result{Status: st, Region: c.Region, ResourceARN: c.ARN, Message: msg, Evidence: ev}
}

var emrBlockPublicAccess = Check{
	ID:           "emr-block-public-access",
	Title:        "EMR block public access is off in the region",
	Description:  "With EMR block public access on, EMR refuses to launch or resize a cluster whose security groups admit traffic from 0.0.0.0/0 or ::/0 on any port but the exceptions (port 22 unless changed). It is an account setting per region, on by default only where the account had created no cluster before November 2019. As in Security Hub's EMR.2, an exception other than port 22 fails too. AWS runs the cluster's nodes; which networks may reach them is the customer's to decide.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "emr",
	ServiceModel: Container,
	ResourceType: "AWS::EMR::BlockPublicAccessConfiguration",
	Remediation: Remediation{
		Text:    "Turn on block public access in every region, and keep the exceptions to port 22 at most (none, where administrators reach the primary node through Session Manager or a bastion).",
		Console: "Amazon EMR > Block public access (under EMR on EC2) > Edit: Turn on > Save, in each region.",
		CLI:     "aws emr put-block-public-access-configuration --block-public-access-configuration BlockPublicSecurityGroupRules=true,PermittedPublicSecurityGroupRuleRanges=[{MinRange=22,MaxRange=22}] --region <region>",
	},
	References: []string{"https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-block-public-access.html", emrHub("emr-2")},
	Needs:      []Operation{op("elasticmapreduce", "GetBlockPublicAccessConfiguration")},
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, r := range inv.EMR.Regions {
			var ports []string
			for _, p := range r.PermittedPorts {
				if p.From == p.To {
					ports = append(ports, fmt.Sprint(p.From))
				} else {
					ports = append(ports, fmt.Sprintf("%d-%d", p.From, p.To))
				}
			}
			ev := map[string]any{"block_public_security_group_rules": r.BlockPublicSecurityGroupRules, "permitted_ports": ports}
			res := Result{Status: Fail, Region: r.Region, ResourceARN: r.ARN, Evidence: ev,
				Message: "EMR block public access is off in " + r.Region + ": clusters may be launched with security groups open to the internet"}
			var beyondSSH []string
			for i, p := range r.PermittedPorts {
				if p.From != 22 || p.To != 22 {
					beyondSSH = append(beyondSSH, ports[i])
				}
			}
			switch {
			case !r.BlockPublicSecurityGroupRules:
			case len(beyondSSH) > 0:
				// Security Hub's EMR.2 fails these too: an exception
				// beyond SSH is a hole in the block for web UIs and
				// services that were never meant to face the internet.
				res.Message = "EMR block public access is on in " + r.Region + " but lets clusters open port(s) " + strings.Join(beyondSSH, ", ") + " to the internet"
			case len(ports) > 0:
				res.Status, res.Message = Pass, "EMR block public access is on in "+r.Region+", except port 22"
			default:
				res.Status, res.Message = Pass, "EMR block public access is on in "+r.Region+", with no exceptions"
			}
			out = append(out, res)
		}
		return out
	},
}

// emrEncryption is what a security configuration's EncryptionConfiguration
// says, as far as the checks read it.
type emrEncryption struct {
	EncryptionConfiguration struct {
		EnableAtRestEncryption        bool
		EnableInTransitEncryption     bool
		AtRestEncryptionConfiguration struct {
			S3EncryptionConfiguration struct {
				EncryptionMode string
			}
			LocalDiskEncryptionConfiguration struct {
				EncryptionKeyProviderType string
			}
		}
		InTransitEncryptionConfiguration struct {
			TLSCertificateConfiguration struct {
				CertificateProviderType string
			}
		}
	}
}

// emrClusterEncryption judges one cluster by the security configuration it
// names; judge reads the parsed configuration and gives the verdict.
func emrClusterEncryption(inv *inventory.Inventory, what string, judge func(c inventory.EMRCluster, e emrEncryption, ev map[string]any) Result) []Result {
	configs := map[string]inventory.EMRSecurityConfiguration{}
	for _, sc := range inv.EMR.SecurityConfigurations {
		configs[sc.Region+"/"+sc.Name] = sc
	}
	var out []Result
	for _, c := range inv.EMR.Clusters {
		name := c.SecurityConfiguration
		ev := map[string]any{"security_configuration": name}
		if name == "" {
			// Run makes this unknown when the cluster was not described.
			out = append(out, emrClusterResult(c, Fail, fmt.Sprintf("cluster %s (%s) has no security configuration: EMR turns on no %s encryption for it", c.Name, c.ID, what), ev))
			continue
		}
		sc, ok := configs[c.Region+"/"+name]
		if !ok {
			out = append(out, emrClusterResult(c, Unknown, fmt.Sprintf("cluster %s (%s) uses security configuration %s, which was not read", c.Name, c.ID, name), ev))
			continue
		}
		var e emrEncryption
		if err := json.Unmarshal([]byte(sc.Document), &e); err != nil {
			ev["parse_error"] = err.Error()
			out = append(out, emrClusterResult(c, Unknown, fmt.Sprintf("security configuration %s of cluster %s could not be read: %v", name, c.Name, err), ev))
			continue
		}
		out = append(out, judge(c, e, ev))
	}
	return out
}

var emrEncryptionAtRest = Check{
	ID:           "emr-cluster-encryption-at-rest",
	Title:        "EMR cluster does not encrypt data at rest",
	Description:  "EMR encrypts a cluster's data at rest only when the cluster's security configuration turns it on: EMRFS data in S3 (SSE-S3, SSE-KMS or client-side) and the nodes' local disks and EBS volumes (with a KMS key or a custom provider). A cluster with no security configuration, or one with at-rest encryption off, leaves HDFS, shuffle and spill data on its disks in the clear. AWS runs the nodes; choosing encryption, which can only be set at launch, is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       ServerSideEncryption,
	Service:      "emr",
	ServiceModel: Container,
	ResourceType: "AWS::EMR::Cluster",
	Remediation: Remediation{
		Text:    "Create a security configuration with at-rest encryption on (S3 encryption SSE-KMS or SSE-S3, local disk encryption with a KMS key, EBS volumes included), and launch the cluster's replacement with it: a running cluster cannot change its security configuration.",
		Console: "Amazon EMR > Security configurations > Create: Encryption > Enable at-rest encryption > choose S3 and local disk encryption > Create; then clone the cluster with that security configuration.",
		CLI:     "aws emr create-security-configuration --name at-rest-kms --security-configuration file://security-configuration.json  # then: aws emr create-cluster ... --security-configuration at-rest-kms",
	},
	References: []string{"https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html", emrHub("emr-3")},
	Needs:      append([]Operation{op("elasticmapreduce", "DescribeSecurityConfiguration")}, emrClusterNeeds...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return emrClusterEncryption(inv, "at-rest", func(c inventory.EMRCluster, e emrEncryption, ev map[string]any) Result {
			enc := e.EncryptionConfiguration
			ev["enable_at_rest_encryption"] = enc.EnableAtRestEncryption
			if !enc.EnableAtRestEncryption {
				return emrClusterResult(c, Fail, fmt.Sprintf("cluster %s (%s): security configuration %s leaves at-rest encryption off", c.Name, c.ID, c.SecurityConfiguration), ev)
			}
			at := enc.AtRestEncryptionConfiguration
			if m := at.S3EncryptionConfiguration.EncryptionMode; m != "" {
				ev["s3_encryption_mode"] = m
			}
			if p := at.LocalDiskEncryptionConfiguration.EncryptionKeyProviderType; p != "" {
				ev["local_disk_key_provider"] = p
			}
			return emrClusterResult(c, Pass, fmt.Sprintf("cluster %s (%s) encrypts data at rest (security configuration %s)", c.Name, c.ID, c.SecurityConfiguration), ev)
		})
	},
}

var emrEncryptionInTransit = Check{
	ID:           "emr-cluster-encryption-in-transit",
	Title:        "EMR cluster does not encrypt data in transit",
	Description:  "EMR encrypts traffic between a cluster's nodes (HDFS block transfer, Spark and Tez shuffle, RPC, web UIs) with TLS only when the cluster's security configuration turns in-transit encryption on, with certificates from a PEM archive in S3 or a custom provider. Without it, data moving inside the VPC can be read by anything that sees the traffic. AWS runs the nodes; choosing encryption, which can only be set at launch, is the customer's.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       NetworkTrafficProtection,
	Service:      "emr",
	ServiceModel: Container,
	ResourceType: "AWS::EMR::Cluster",
	Remediation: Remediation{
		Text:    "Create a security configuration with in-transit encryption on and its TLS certificates (a PEM zip in S3, or a custom certificate provider), and launch the cluster's replacement with it: a running cluster cannot change its security configuration.",
		Console: "Amazon EMR > Security configurations > Create: Encryption > Enable in-transit encryption > TLS certificate provider PEM, S3 location of the certificates > Create; then clone the cluster with that security configuration.",
		CLI:     "aws emr create-security-configuration --name in-transit-tls --security-configuration file://security-configuration.json  # then: aws emr create-cluster ... --security-configuration in-transit-tls",
	},
	References: []string{"https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html", emrHub("emr-4")},
	Needs:      append([]Operation{op("elasticmapreduce", "DescribeSecurityConfiguration")}, emrClusterNeeds...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		return emrClusterEncryption(inv, "in-transit", func(c inventory.EMRCluster, e emrEncryption, ev map[string]any) Result {
			enc := e.EncryptionConfiguration
			ev["enable_in_transit_encryption"] = enc.EnableInTransitEncryption
			if !enc.EnableInTransitEncryption {
				return emrClusterResult(c, Fail, fmt.Sprintf("cluster %s (%s): security configuration %s leaves in-transit encryption off", c.Name, c.ID, c.SecurityConfiguration), ev)
			}
			if p := enc.InTransitEncryptionConfiguration.TLSCertificateConfiguration.CertificateProviderType; p != "" {
				ev["certificate_provider"] = p
			}
			return emrClusterResult(c, Pass, fmt.Sprintf("cluster %s (%s) encrypts data in transit with TLS (security configuration %s)", c.Name, c.ID, c.SecurityConfiguration), ev)
		})
	},
}

// emrPublicDNS reports whether a primary node's DNS name is a public one.
// EMR gives the public name ("ec2-203-0-113-10.compute-1.amazonaws.com")
// when the node has a public IP in a public subnet, and the private one
// ("ip-10-0-1-23.ec2.internal", or a name in the VPC's own domain)
// otherwise.
func emrPublicDNS(name string) bool {
	return strings.HasPrefix(name, "ec2-") && strings.Contains(name, ".amazonaws.com")
}

// emrPrimaryAddress judges what can be told from the primary node's DNS
// name alone: nothing while the node has none yet (unknown), and a
// private name (pass). public is false in both cases.
func emrPrimaryAddress(c inventory.EMRCluster) (r Result, public bool) {
	ev := map[string]any{"master_public_dns_name": c.MasterPublicDNSName}
	if c.SubnetID != "" {
		ev["subnet_id"] = c.SubnetID
	}
	switch {
	case c.MasterPublicDNSName == "":
		return emrClusterResult(c, Unknown, fmt.Sprintf("cluster %s (%s) is %s and its primary node has no address yet", c.Name, c.ID, orNone(c.State)), ev), false
	case !emrPublicDNS(c.MasterPublicDNSName):
		return emrClusterResult(c, Pass, fmt.Sprintf("cluster %s (%s)'s primary node has only a private address (%s)", c.Name, c.ID, c.MasterPublicDNSName), ev), false
	}
	return emrClusterResult(c, Fail, fmt.Sprintf("cluster %s (%s)'s primary node has a public address (%s)", c.Name, c.ID, c.MasterPublicDNSName), ev), true
}

var emrPrimaryPublicIP = Check{
	ID:           "emr-primary-node-public-ip",
	Title:        "EMR cluster's primary node has a public IP address",
	Description:  "A cluster launched in a public subnet gives its primary node a public IP address, and EMR reports the node's public DNS name. Whether the internet can reach it then rests on the security groups alone, and one rule added for a quick test exposes the node's web UIs and SSH. AWS runs the nodes; the subnet and addressing are the customer's network configuration.",
	Severity:     Medium,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "emr",
	ServiceModel: Container,
	ResourceType: "AWS::EMR::Cluster",
	Remediation: Remediation{
		Text:    "Launch clusters in private subnets, with a NAT gateway or VPC endpoints for the AWS services they call, and reach the primary node through Session Manager, a bastion or a VPN.",
		Console: "Amazon EMR > Create cluster > Networking: choose a private subnet; a running cluster cannot move, so clone it into a private subnet and terminate the original.",
		CLI:     "aws emr create-cluster ... --ec2-attributes SubnetId=<private-subnet-id>  # then: aws emr terminate-clusters --cluster-ids <cluster-id>",
	},
	References: []string{"https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html", emrHub("emr-1")},
	Needs:      emrClusterNeeds,
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		var out []Result
		for _, c := range inv.EMR.Clusters {
			r, _ := emrPrimaryAddress(c)
			out = append(out, r)
		}
		return out
	},
}

var emrPrimaryReachable = Check{
	ID:           "emr-primary-node-internet-reachable",
	Title:        "EMR cluster's primary node is reachable from the internet",
	Description:  "A primary node with a public address behind a security group that admits traffic from 0.0.0.0/0 or ::/0 can be reached by anyone on those ports: SSH, and the web interfaces (YARN, Spark history, Hue, Jupyter) that run unauthenticated by default and have been used to run code on exposed clusters. AWS runs the nodes; the security groups and subnet are the customer's firewall and network configuration.",
	Severity:     High,
	Category:     CustomerSpecific,
	Domain:       OSNetworkFirewall,
	Service:      "emr",
	ServiceModel: Container,
	ResourceType: "AWS::EMR::Cluster",
	Remediation: Remediation{
		Text:    "Remove the rules open to 0.0.0.0/0 or ::/0 from the primary node's security groups (allow the administrators' ranges, or use Session Manager or SSH tunnels), turn on EMR block public access, and move the cluster to a private subnet.",
		Console: "Amazon EMR > Clusters > the cluster > Properties > Network and security: open the primary node's security groups > Edit inbound rules: delete the 0.0.0.0/0 and ::/0 sources > Save rules.",
		CLI:     "aws ec2 revoke-security-group-ingress --group-id <primary-sg-id> --ip-permissions IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=0.0.0.0/0}]",
	},
	References: []string{"https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html",
		"https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-block-public-access.html", emrHub("emr-1")},
	Needs: append([]Operation{op("ec2", "DescribeSecurityGroups")}, emrClusterNeeds...),
	Evaluate: func(inv *inventory.Inventory, _ Config) []Result {
		groups := map[string]inventory.SecurityGroup{}
		for _, g := range inv.EC2.SecurityGroups {
			groups[g.Region+"/"+g.ID] = g
		}
		var out []Result
		for _, c := range inv.EMR.Clusters {
			r, public := emrPrimaryAddress(c)
			if !public {
				out = append(out, r)
				continue
			}
			r.Status = Pass
			r.Message = fmt.Sprintf("cluster %s (%s)'s primary node has a public address (%s) but its security groups admit no traffic from the internet", c.Name, c.ID, c.MasterPublicDNSName)
			r.Evidence["master_security_group_ids"] = c.MasterSecurityGroupIDs
			var missing []string
			for _, id := range c.MasterSecurityGroupIDs {
				g, ok := groups[c.Region+"/"+id]
				if !ok {
					missing = append(missing, id)
					continue
				}
				publicIngress(g, func(rule inventory.Rule, src string) bool {
					r.Status = Fail
					for k, v := range ruleEvidence(rule, src) {
						r.Evidence[k] = v
					}
					r.Evidence["security_group_id"] = id
					r.Message = fmt.Sprintf("cluster %s (%s)'s primary node (%s) admits %s on %s via %s", c.Name, c.ID, c.MasterPublicDNSName, src, portsOf(rule), id)
					return false
				})
				if r.Status == Fail {
					break
				}
			}
			switch {
			case r.Status == Fail:
			case len(c.MasterSecurityGroupIDs) == 0:
				r.Status, r.Message = Unknown, fmt.Sprintf("cluster %s (%s)'s primary node has a public address (%s) and its security groups are not known", c.Name, c.ID, c.MasterPublicDNSName)
			case len(missing) > 0:
				r.Evidence["security_groups_not_read"] = missing
				r.Status, r.Message = Unknown, fmt.Sprintf("cluster %s (%s)'s primary node has a public address (%s) and security group(s) %s were not read", c.Name, c.ID, c.MasterPublicDNSName, strings.Join(missing, ", "))
			}
			out = append(out, r)
		}
		return out
	},
}

// portsOf describes the ports a rule admits, for messages.
func portsOf(r inventory.Rule) string {
	switch {
	case r.Protocol == "-1":
		return "all traffic"
	case r.FromPort <= 0 && r.ToPort <= 0 || r.FromPort <= 0 && r.ToPort >= 65535:
		return "every " + r.Protocol + " port"
	case r.FromPort == r.ToPort:
		return fmt.Sprintf("%s port %d", r.Protocol, r.FromPort)
	}
	return fmt.Sprintf("%s ports %d-%d", r.Protocol, r.FromPort, r.ToPort)
}
