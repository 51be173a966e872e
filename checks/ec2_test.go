package checks

import (
	"testing"

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

func TestInstancePatchTags(t *testing.T) {
	tags := func(kv ...string) func(*inventory.Instance) {
		return func(i *inventory.Instance) {
			for j := 0; j < len(kv); j += 2 {
				i.Tags[kv[j]] = kv[j+1]
			}
		}
	}
	runCases(t, instancePatchTags, []statusCase{
		{"recent", instance("i-1", tags("PatchGroup", "prod", "LastPatched", "2026-10-20")), map[string]Status{"i-1": Pass}},
		{"recent with time", instance("i-1", tags("PatchGroup", "prod", "LastPatched", "2026-10-20T03:00:00Z")), map[string]Status{"i-1": Pass}},
		{"stale", instance("i-1", tags("PatchGroup", "prod", "LastPatched", "2026-08-01")), map[string]Status{"i-1": Fail}},
		{"unparseable", instance("i-1", tags("PatchGroup", "prod", "LastPatched", "last tuesday")), map[string]Status{"i-1": Fail}},
		{"no baseline", instance("i-1", tags("LastPatched", "2026-10-30")), map[string]Status{"i-1": Fail}},
		{"no date", instance("i-1", tags("PatchGroup", "prod")), map[string]Status{"i-1": Fail}},
		{"listing denied", both(instance("i-1", tags("PatchGroup", "prod", "LastPatched", "2026-10-30")), denied("ec2", "", "DescribeInstances", "")),
			map[string]Status{"i-1": Unknown, ":*": Unknown}},
	})
}

func TestInstancePatchTagsConfigurable(t *testing.T) {
	cfg := DefaultConfig()
	cfg.PatchGroupTag, cfg.LastPatchedTag, cfg.MaxPatchAgeDays = "patch:baseline", "patch:date", 100
	inv := account(instance("i-1", func(i *inventory.Instance) {
		i.Tags["patch:baseline"], i.Tags["patch:date"] = "b", "2026-08-01"
	}))
	fs := Run(inv, []Check{instancePatchTags}, cfg)
	if len(fs) != 1 || fs[0].Status != Pass || fs[0].Evidence["age_days"] != 92 {
		t.Fatalf("findings = %+v", fs)
	}
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
