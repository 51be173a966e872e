package checks

import (
	"testing"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

func sg(id string, rules ...inventory.Rule) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.EC2.SecurityGroups = append(inv.EC2.SecurityGroups, inventory.SecurityGroup{
			Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Name: id, Ingress: rules})
	}
}

func TestSGAdminPortsPublic(t *testing.T) {
	runCases(t, sgAdminPortsPublic, []statusCase{
		{"ssh open to the world", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"0.0.0.0/0"}}),
			map[string]Status{"sg-a": Fail}},
		{"rdp inside a range over ipv6", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 3000, ToPort: 4000, IPv6Ranges: []string{"::/0"}}),
			map[string]Status{"sg-a": Fail}},
		{"all traffic", sg("sg-a", inventory.Rule{Protocol: "-1", FromPort: -1, ToPort: -1, IPv4Ranges: []string{"0.0.0.0/0"}}),
			map[string]Status{"sg-a": Fail}},
		{"ssh from a known range", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"10.0.0.0/8"}}),
			map[string]Status{"sg-a": Pass}},
		{"https open, ssh from a group", sg("sg-a",
			inventory.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv4Ranges: []string{"0.0.0.0/0"}},
			inventory.Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, GroupIDs: []string{"sg-b"}}),
			map[string]Status{"sg-a": Pass}},
		{"udp 22 is not ssh", sg("sg-a", inventory.Rule{Protocol: "udp", FromPort: 22, ToPort: 22, IPv4Ranges: []string{"0.0.0.0/0"}}),
			map[string]Status{"sg-a": Pass}},
		{"listing denied", both(sg("sg-a"), denied("ec2", "us-east-1", "DescribeSecurityGroups", "")),
			map[string]Status{"sg-a": Unknown, ":*": Unknown}},
	})
}

func instance(id string, fill func(*inventory.Instance)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		in := inventory.Instance{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, State: "running",
			MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled", Tags: inventory.Tags{}}
		if fill != nil {
			fill(&in)
		}
		inv.EC2.Instances = append(inv.EC2.Instances, in)
	}
}

func TestInstanceIMDSv2(t *testing.T) {
	runCases(t, instanceIMDSv2, []statusCase{
		{"required", instance("i-1", nil), map[string]Status{"i-1": Pass}},
		{"optional", instance("i-1", func(i *inventory.Instance) { i.MetadataHTTPTokens = "optional" }), map[string]Status{"i-1": Fail}},
		{"endpoint disabled", instance("i-1", func(i *inventory.Instance) {
			i.MetadataHTTPTokens, i.MetadataHTTPEndpoint = "optional", "disabled"
		}), map[string]Status{"i-1": Pass}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeInstances", ""), map[string]Status{":*": Unknown}},
	})
}

func TestVolumeEncrypted(t *testing.T) {
	vol := func(id string, enc bool) func(inv *inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.Volumes = append(inv.EC2.Volumes, inventory.Volume{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Encrypted: enc})
		}
	}
	runCases(t, volumeEncrypted, []statusCase{
		{"encrypted", vol("vol-1", true), map[string]Status{"vol-1": Pass}},
		{"plain", vol("vol-1", false), map[string]Status{"vol-1": Fail}},
		{"listing denied", both(vol("vol-1", true), denied("ec2", "us-east-1", "DescribeVolumes", "")),
			map[string]Status{"vol-1": Unknown, ":*": Unknown}},
	})
}

func tags(kv ...string) func(*inventory.Instance) {
	return func(i *inventory.Instance) {
		for j := 0; j < len(kv); j += 2 {
			i.Tags.Set(kv[j], kv[j+1])
		}
	}
}

func TestInstancePatchGroup(t *testing.T) {
	runCases(t, instancePatchGroup, []statusCase{
		{"tagged", instance("i-1", tags("PatchGroup", "prod")), map[string]Status{"i-1": Pass}},
		{"untagged", instance("i-1", nil), map[string]Status{"i-1": Fail}},
		{"listing denied", both(instance("i-1", tags("PatchGroup", "prod")), denied("ec2", "us-east-1", "DescribeInstances", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
}

func TestInstancePatchedRecently(t *testing.T) {
	runCases(t, instancePatchedRecently, []statusCase{
		{"recent", instance("i-1", tags("LastPatched", "2026-10-20")), map[string]Status{"i-1": Pass}},
		{"recent with time", instance("i-1", tags("LastPatched", "2026-10-20T03:00:00Z")), map[string]Status{"i-1": Pass}},
		{"stale", instance("i-1", tags("LastPatched", "2026-08-01")), map[string]Status{"i-1": Fail}},
		{"unparseable", instance("i-1", tags("LastPatched", "last tuesday")), map[string]Status{"i-1": Fail}},
		{"no date", instance("i-1", nil), map[string]Status{"i-1": Fail}},
		{"listing denied everywhere", both(instance("i-1", tags("LastPatched", "2026-10-30")), denied("ec2", "", "DescribeInstances", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
}

func TestInstancePatchedRecentlyConfigurable(t *testing.T) {
	cfg := DefaultConfig()
	cfg.LastPatchedTag, cfg.MaxPatchAgeDays = "patch:date", 100
	inv := account(instance("i-1", tags("patch:date", "2026-08-01")))
	fs := Run(inv, []Check{instancePatchedRecently}, cfg)
	if len(fs) != 1 || fs[0].Status != Pass || fs[0].Evidence["age_days"] != 92 {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestSGAllTrafficPublic(t *testing.T) {
	runCases(t, sgAllTrafficPublic, []statusCase{
		{"protocol -1", sg("sg-a", inventory.Rule{Protocol: "-1", FromPort: -1, ToPort: -1, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Fail}},
		{"every tcp port over ipv6", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 0, ToPort: 65535, IPv6Ranges: []string{"::/0"}}), map[string]Status{"sg-a": Fail}},
		{"all traffic from a vpc range", sg("sg-a", inventory.Rule{Protocol: "-1", IPv4Ranges: []string{"10.0.0.0/16"}}), map[string]Status{"sg-a": Pass}},
		{"one port", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Pass}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeSecurityGroups", ""), map[string]Status{":*": Unknown}},
	})
}

func TestSGDatabasePortsPublic(t *testing.T) {
	runCases(t, sgDatabasePortsPublic, []statusCase{
		{"postgres", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Fail}},
		{"redis in a range", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 6000, ToPort: 6500, IPv6Ranges: []string{"::/0"}}), map[string]Status{"sg-a": Fail}},
		{"postgres from a group", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, GroupIDs: []string{"sg-app"}}), map[string]Status{"sg-a": Pass}},
		{"https", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Pass}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeSecurityGroups", ""), map[string]Status{":*": Unknown}},
	})
}

func TestSGWidePortRangePublic(t *testing.T) {
	runCases(t, sgWidePortRangePublic, []statusCase{
		{"1000 ports", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 8000, ToPort: 8999, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Fail}},
		{"ten ports", sg("sg-a", inventory.Rule{Protocol: "udp", FromPort: 10000, ToPort: 10009, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Pass}},
		{"wide but private", sg("sg-a", inventory.Rule{Protocol: "tcp", FromPort: 0, ToPort: 65535, IPv4Ranges: []string{"172.16.0.0/12"}}), map[string]Status{"sg-a": Pass}},
		{"icmp has no ports", sg("sg-a", inventory.Rule{Protocol: "icmp", FromPort: -1, ToPort: -1, IPv4Ranges: []string{"0.0.0.0/0"}}), map[string]Status{"sg-a": Pass}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeSecurityGroups", ""), map[string]Status{":*": Unknown}},
	})
}

func TestSGDefaultRestrictsAll(t *testing.T) {
	def := func(id string, in, eg []inventory.Rule) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.SecurityGroups = append(inv.EC2.SecurityGroups, inventory.SecurityGroup{
				Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Name: "default", VPCID: "vpc-1", Ingress: in, Egress: eg})
		}
	}
	self := []inventory.Rule{{Protocol: "-1", GroupIDs: []string{"sg-d"}}}
	runCases(t, sgDefaultRestrictsAll, []statusCase{
		{"no rules", def("sg-d", nil, nil), map[string]Status{"sg-d": Pass}},
		{"aws's initial rules", def("sg-d", self, []inventory.Rule{{Protocol: "-1", IPv4Ranges: []string{"0.0.0.0/0"}}}), map[string]Status{"sg-d": Fail}},
		{"egress only", def("sg-d", nil, self), map[string]Status{"sg-d": Fail}},
		{"non-default groups are not judged", sg("sg-x", self...), map[string]Status{}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeSecurityGroups", ""), map[string]Status{":*": Unknown}},
	})
}

func nacl(id string, entries ...inventory.ACLEntry) func(*inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		inv.EC2.NetworkACLs = append(inv.EC2.NetworkACLs, inventory.NetworkACL{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, VPCID: "vpc-1", Entries: entries})
	}
}

func TestNACLAdminPortsPublic(t *testing.T) {
	allowAll := inventory.ACLEntry{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"}
	implicitDeny := inventory.ACLEntry{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"}
	denySSH := inventory.ACLEntry{RuleNumber: 90, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 22, ToPort: 22}
	denyRDP := inventory.ACLEntry{RuleNumber: 91, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 3389, ToPort: 3389}
	denyOffice := inventory.ACLEntry{RuleNumber: 50, Protocol: "-1", Action: "deny", CIDR: "203.0.113.0/24"}
	allowRDPv6 := inventory.ACLEntry{RuleNumber: 120, Protocol: "6", Action: "allow", IPv6CIDR: "::/0", FromPort: 3389, ToPort: 3389}
	egressAll := inventory.ACLEntry{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"}
	runCases(t, naclAdminPortsPublic, []statusCase{
		{"default acl allows all", nacl("acl-1", implicitDeny, allowAll), map[string]Status{"acl-1": Fail}},
		{"deny before allow", nacl("acl-1", allowAll, denySSH, denyRDP, implicitDeny), map[string]Status{"acl-1": Pass}},
		{"deny only ssh", nacl("acl-1", allowAll, denySSH, implicitDeny), map[string]Status{"acl-1": Fail}},
		{"a narrower deny does not stop the internet", nacl("acl-1", denyOffice, allowAll), map[string]Status{"acl-1": Fail}},
		{"allow after the deny rule number", nacl("acl-1", inventory.ACLEntry{RuleNumber: 200, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 22, ToPort: 22}, denySSH), map[string]Status{"acl-1": Pass}},
		{"ipv6 rdp", nacl("acl-1", allowRDPv6), map[string]Status{"acl-1": Fail}},
		{"egress is not ingress", nacl("acl-1", egressAll, implicitDeny), map[string]Status{"acl-1": Pass}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeNetworkAcls", ""), map[string]Status{":*": Unknown}},
	})
}

func TestVPCFlowLogs(t *testing.T) {
	vpc := func(id string) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.VPCs = append(inv.EC2.VPCs, inventory.VPC{Resource: inventory.Resource{Region: "us-east-1"}, ID: id})
		}
	}
	flow := func(vpcID, status string) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.FlowLogs = append(inv.EC2.FlowLogs, inventory.FlowLog{Resource: inventory.Resource{Region: "us-east-1"}, ID: "fl-" + vpcID, ResourceID: vpcID, TrafficType: "ALL", Status: status})
		}
	}
	runCases(t, vpcFlowLogs, []statusCase{
		{"active", both(vpc("vpc-1"), flow("vpc-1", "ACTIVE")), map[string]Status{"vpc-1": Pass}},
		{"none", both(vpc("vpc-1"), flow("vpc-2", "ACTIVE")), map[string]Status{"vpc-1": Fail}},
		{"failed delivery", both(vpc("vpc-1"), flow("vpc-1", "FAILED")), map[string]Status{"vpc-1": Fail}},
		{"flow logs unreadable: not a fail", both(vpc("vpc-1"), denied("ec2", "us-east-1", "DescribeFlowLogs", "")),
			map[string]Status{"vpc-1": Unknown, ":*": Unknown}},
	})
}

func TestInstanceAMIAge(t *testing.T) {
	image := func(id string, created time.Time) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.Images = append(inv.EC2.Images, inventory.Image{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, CreationDate: created})
		}
	}
	uses := func(ami string) func(*inventory.Instance) { return func(i *inventory.Instance) { i.ImageID = ami } }
	runCases(t, instanceAMIAge, []statusCase{
		{"recent", both(image("ami-1", testNow.AddDate(0, -1, 0)), instance("i-1", uses("ami-1"))), map[string]Status{"i-1": Pass}},
		{"old", both(image("ami-1", testNow.AddDate(-1, 0, 0)), instance("i-1", uses("ami-1"))), map[string]Status{"i-1": Fail}},
		{"not the account's image", instance("i-1", uses("ami-amazon")), map[string]Status{"i-1": Unknown}},
		{"images unreadable", both(image("ami-1", testNow), instance("i-1", uses("ami-1")), denied("ec2", "us-east-1", "DescribeImages", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
}

func TestInstanceProfile(t *testing.T) {
	runCases(t, instanceProfile, []statusCase{
		{"with profile", instance("i-1", func(i *inventory.Instance) { i.InstanceProfileARN = "arn:aws:iam::111122223333:instance-profile/web" }), map[string]Status{"i-1": Pass}},
		{"without", instance("i-1", nil), map[string]Status{"i-1": Fail}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeInstances", ""), map[string]Status{":*": Unknown}},
	})
}

func TestInstancePublicExposure(t *testing.T) {
	public := func(sgID string) func(*inventory.Instance) {
		return func(i *inventory.Instance) { i.PublicIP, i.SecurityGroupIDs = "198.51.100.7", []string{sgID} }
	}
	open := inventory.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv4Ranges: []string{"0.0.0.0/0"}}
	closed := inventory.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv4Ranges: []string{"10.0.0.0/8"}}
	runCases(t, instancePublicExposure, []statusCase{
		{"public and open", both(sg("sg-a", open), instance("i-1", public("sg-a"))), map[string]Status{"i-1": Fail}},
		{"public but closed", both(sg("sg-a", closed), instance("i-1", public("sg-a"))), map[string]Status{"i-1": Pass}},
		{"private instances are not judged", both(sg("sg-a", open), instance("i-1", func(i *inventory.Instance) { i.SecurityGroupIDs = []string{"sg-a"} })), map[string]Status{}},
		{"groups unreadable", both(instance("i-1", public("sg-a")), denied("ec2", "us-east-1", "DescribeSecurityGroups", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
}

func TestEBSEncryptionByDefault(t *testing.T) {
	setting := func(region string, on bool) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.RegionSettings = append(inv.EC2.RegionSettings, inventory.RegionSettings{Resource: inventory.Resource{Region: region}, EBSEncryptionByDefault: on})
		}
	}
	runCases(t, ebsEncryptionByDefault, []statusCase{
		{"on", setting("us-east-1", true), map[string]Status{"us-east-1:111122223333:account-settings": Pass}},
		{"off", setting("eu-west-1", false), map[string]Status{"eu-west-1:111122223333:account-settings": Fail}},
		{"unreadable", denied("ec2", "eu-west-1", "GetEbsEncryptionByDefault", ""), map[string]Status{"eu-west-1:111122223333:*": Unknown}},
	})
}

func TestSnapshots(t *testing.T) {
	snap := func(id string, enc, public bool) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.Snapshots = append(inv.EC2.Snapshots, inventory.Snapshot{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Encrypted: enc, Public: public})
		}
	}
	runCases(t, snapshotEncrypted, []statusCase{
		{"encrypted", snap("snap-1", true, false), map[string]Status{"snap-1": Pass}},
		{"plain", snap("snap-1", false, false), map[string]Status{"snap-1": Fail}},
		{"listing denied", denied("ec2", "us-east-1", "DescribeSnapshots", ""), map[string]Status{":*": Unknown}},
	})
	runCases(t, snapshotPublic, []statusCase{
		{"private", snap("snap-1", true, false), map[string]Status{"snap-1": Pass}},
		{"public", snap("snap-1", true, true), map[string]Status{"snap-1": Fail}},
		{"permissions unreadable", both(snap("snap-1", true, false), denied("ec2", "us-east-1", "DescribeSnapshotAttribute", "arn:aws:ec2:us-east-1::snapshot/snap-1")),
			map[string]Status{"snap-1": Unknown}},
	})
}

func TestImagePublic(t *testing.T) {
	img := func(id string, public bool, shared ...string) func(*inventory.Inventory) {
		return func(inv *inventory.Inventory) {
			inv.EC2.Images = append(inv.EC2.Images, inventory.Image{Resource: inventory.Resource{Region: "us-east-1"}, ID: id, Public: public, SharedWith: shared})
		}
	}
	runCases(t, imagePublic, []statusCase{
		{"private", img("ami-1", false), map[string]Status{"ami-1": Pass}},
		{"shared with one account", img("ami-1", false, "999988887777"), map[string]Status{"ami-1": Pass}},
		{"public", img("ami-1", true), map[string]Status{"ami-1": Fail}},
		{"permissions unreadable", both(img("ami-1", false), denied("ec2", "us-east-1", "DescribeImageAttribute", "arn:aws:ec2:us-east-1::image/ami-1")),
			map[string]Status{"ami-1": Unknown}},
	})
}
