package synth

import (
	"fmt"
	"slices"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// network makes each region's VPCs (the default one and its share of the
// rest), their subnets, NACLs, flow logs and security groups.
func (g *gen) network() {
	e := &g.inv.EC2
	vpcs := g.spread(g.sz.VPCs)
	sgs := g.spread(g.sz.SecurityGroups)
	cidr := 0
	for ri, region := range g.regions {
		for k := range 1 + vpcs[ri] {
			v := &vpcInfo{id: g.id("vpc"), def: k == 0}
			for range 3 + g.rng.IntN(4) {
				v.subnets = append(v.subnets, g.id("subnet"))
			}
			g.vpcs[region] = append(g.vpcs[region], v)
			x := inventory.VPC{Resource: inventory.Resource{Region: region}, ID: v.id, IsDefault: v.def, State: "available"}
			if v.def {
				x.CIDR = "172.31.0.0/16"
			} else {
				x.CIDR = fmt.Sprintf("10.%d.0.0/16", cidr%256)
				cidr++
				x.Tags = g.tags(fmt.Sprintf("%s-%s-vpc", pick(g, envs), pick(g, apps)))
			}
			e.VPCs = append(e.VPCs, x)
			g.nacls(region, v)
			// Flow logs are common on built VPCs and rare on default ones.
			if (!v.def && g.chance(0.7)) || (v.def && g.chance(0.1)) {
				e.FlowLogs = append(e.FlowLogs, inventory.FlowLog{
					Resource: inventory.Resource{Region: region}, ID: g.id("fl"), ResourceID: v.id,
					TrafficType: pick(g, []string{"ALL", "ALL", "ALL", "REJECT"}), Status: "ACTIVE",
					DestinationType: pick(g, []string{"s3", "cloud-watch-logs"}),
				})
			}
		}
		g.securityGroups(region, max(sgs[ri], len(g.vpcs[region])))
	}
}

func (g *gen) nacls(region string, v *vpcInfo) {
	e := &g.inv.EC2
	allowAll := []inventory.ACLEntry{
		{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"},
		{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"},
		{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"},
		{RuleNumber: 32767, Egress: true, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"},
	}
	split := len(v.subnets)
	if !v.def {
		split = len(v.subnets) / 2
	}
	e.NetworkACLs = append(e.NetworkACLs, inventory.NetworkACL{
		Resource: inventory.Resource{Region: region}, ID: g.id("acl"), VPCID: v.id, IsDefault: true,
		Entries: slices.Clone(allowAll), SubnetIDs: slices.Clone(v.subnets[:split]),
	})
	if v.def {
		return
	}
	// A public-subnet NACL: most deny SSH and RDP from the internet before
	// their allows; the rest admit them, directly or through the ephemeral
	// range.
	var entries []inventory.ACLEntry
	if g.chance(0.6) {
		entries = []inventory.ACLEntry{
			{RuleNumber: 90, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 22, ToPort: 22},
			{RuleNumber: 91, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 3389, ToPort: 3389},
		}
	} else if g.chance(0.5) {
		entries = []inventory.ACLEntry{{RuleNumber: 90, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 22, ToPort: 22}}
	}
	entries = append(entries,
		inventory.ACLEntry{RuleNumber: 100, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 443, ToPort: 443},
		inventory.ACLEntry{RuleNumber: 110, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 80, ToPort: 80},
		inventory.ACLEntry{RuleNumber: 120, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 1024, ToPort: 65535},
		inventory.ACLEntry{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"},
		inventory.ACLEntry{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"},
		inventory.ACLEntry{RuleNumber: 32767, Egress: true, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"},
	)
	slices.SortFunc(entries, func(a, b inventory.ACLEntry) int {
		if a.Egress != b.Egress {
			if a.Egress {
				return 1
			}
			return -1
		}
		return int(a.RuleNumber - b.RuleNumber)
	})
	e.NetworkACLs = append(e.NetworkACLs, inventory.NetworkACL{
		Resource: inventory.Resource{Region: region}, ID: g.id("acl"), VPCID: v.id,
		Entries: entries, SubnetIDs: slices.Clone(v.subnets[split:]), Tags: g.tags("public-subnets"),
	})
}

var (
	appPorts = []int32{80, 443, 8080, 8443, 3000, 5000, 9000, 9090}
	dbPorts  = []int32{5432, 3306, 1433, 27017, 6379, 9200}
)

// securityGroups makes n groups in a region: first each VPC's default
// group, then the rest, mostly in built VPCs, with a mix of rules in which
// internal and web traffic dominate and a few groups are open to the world
// on admin or database ports.
func (g *gen) securityGroups(region string, n int) {
	e := &g.inv.EC2
	vs := g.vpcs[region]
	var built []*vpcInfo
	for _, v := range vs {
		if !v.def {
			built = append(built, v)
		}
	}
	world4, world6 := []string{"0.0.0.0/0"}, []string{"::/0"}
	allOut := []inventory.Rule{{Protocol: "-1", FromPort: -1, ToPort: -1, IPv4Ranges: world4}}
	tcp := func(from, to int32) inventory.Rule {
		return inventory.Rule{Protocol: "tcp", FromPort: from, ToPort: to}
	}
	for i := range n {
		var v *vpcInfo
		if i < len(vs) {
			v = vs[i]
		} else if len(built) > 0 && g.chance(0.9) {
			v = pick(g, built)
		} else {
			v = vs[0]
		}
		sg := inventory.SecurityGroup{Resource: inventory.Resource{Region: region}, ID: g.id("sg"), VPCID: v.id}
		if i < len(vs) {
			// The default group: AWS's rules (all traffic from itself) on
			// most, stripped where someone followed CIS 5.4.
			sg.Name, sg.Description = "default", "default VPC security group"
			if g.chance(0.6) {
				sg.Ingress = []inventory.Rule{{Protocol: "-1", FromPort: -1, ToPort: -1, GroupIDs: []string{sg.ID}}}
				sg.Egress = allOut
			}
			v.sgs = append(v.sgs, sg.ID)
			e.SecurityGroups = append(e.SecurityGroups, sg)
			continue
		}
		app, env := pick(g, apps), pick(g, envs)
		sg.Name = fmt.Sprintf("%s-%s-%d", env, app, i)
		sg.Description = fmt.Sprintf("%s %s servers", env, app)
		peers := func() []string {
			if len(v.sgs) == 0 {
				return []string{sg.ID}
			}
			out := []string{pick(g, v.sgs)}
			if g.chance(0.3) {
				out = append(out, pick(g, v.sgs))
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		switch g.weighted(40, 15, 8, 4, 2, 3, 10, 1.5, 1.5, 5, 10) {
		case 0: // internal app traffic from peer groups and the VPC
			p := pick(g, appPorts)
			r := tcp(p, p)
			r.GroupIDs = peers()
			if g.chance(0.4) {
				r.IPv4Ranges = []string{"10.0.0.0/8"}
			}
			sg.Ingress = []inventory.Rule{r}
			if g.chance(0.5) {
				ssh := tcp(22, 22)
				ssh.GroupIDs = peers()
				sg.Ingress = append(sg.Ingress, ssh)
			}
		case 1: // a public load balancer
			h, s := tcp(80, 80), tcp(443, 443)
			h.IPv4Ranges, h.IPv6Ranges, s.IPv4Ranges, s.IPv6Ranges = world4, world6, world4, world6
			sg.Ingress = []inventory.Rule{h, s}
			sg.Name = fmt.Sprintf("%s-%s-alb-%d", env, app, i)
		case 2: // a bastion reachable from the office
			r := tcp(22, 22)
			r.IPv4Ranges = []string{fmt.Sprintf("203.0.113.%d/28", 16*g.rng.IntN(16))}
			sg.Ingress = []inventory.Rule{r}
			sg.Name = fmt.Sprintf("%s-bastion-%d", env, i)
		case 3: // the console wizard's SSH to the world
			r := tcp(22, 22)
			r.IPv4Ranges = world4
			sg.Ingress = []inventory.Rule{r}
			sg.Name, sg.Description = fmt.Sprintf("launch-wizard-%d", i), "launch-wizard created "+g.ago(900*day).Format(time.RFC3339)
		case 4: // RDP to the world
			r := tcp(3389, 3389)
			r.IPv4Ranges = world4
			sg.Ingress = []inventory.Rule{r}
		case 5: // a database opened to a vendor, i.e. everyone
			p := pick(g, dbPorts)
			r := tcp(p, p)
			r.IPv4Ranges = world4
			sg.Ingress = []inventory.Rule{r}
		case 6: // a database reachable from its app tier
			p := pick(g, dbPorts)
			r := tcp(p, p)
			r.GroupIDs = peers()
			sg.Ingress = []inventory.Rule{r}
		case 7: // "temporary" all traffic
			sg.Ingress = []inventory.Rule{{Protocol: "-1", FromPort: -1, ToPort: -1, IPv4Ranges: world4}}
		case 8: // a wide range to the world
			r := tcp(8000, 9000)
			if g.chance(0.5) {
				r = tcp(1024, 65535)
			}
			r.IPv4Ranges = world4
			sg.Ingress = []inventory.Rule{r}
		case 9: // HTTPS from a managed prefix list
			r := tcp(443, 443)
			r.PrefixListIDs = []string{g.id("pl")[:11]}
			sg.Ingress = []inventory.Rule{r}
		default: // egress only
		}
		if g.chance(0.85) {
			sg.Egress = allOut
		} else {
			r := tcp(443, 443)
			r.IPv4Ranges = world4
			sg.Egress = []inventory.Rule{r}
		}
		sg.Tags = g.tags(sg.Name)
		v.sgs = append(v.sgs, sg.ID)
		e.SecurityGroups = append(e.SecurityGroups, sg)
	}
}

// images makes the account's AMIs: golden images built by a pipeline,
// a few shared with other accounts and the odd public one.
func (g *gen) images() {
	e := &g.inv.EC2
	for ri, n := range g.spread(g.sz.Images) {
		region := g.regions[ri]
		for range n {
			created := g.ago(3 * 365 * day)
			im := inventory.Image{
				Resource: inventory.Resource{Region: region}, ID: g.id("ami"),
				Name:         fmt.Sprintf("%s-%s-%s", pick(g, apps), pick(g, []string{"al2023", "ubuntu22", "ubuntu24", "win2022"}), created.Format("2006-01-02T15-04")),
				CreationDate: created, State: "available",
				Tags: inventory.TagsOf("BuiltBy", "image-builder"),
			}
			switch g.weighted(94, 5, 1) {
			case 1:
				im.SharedWith = []string{otherAccount(g)}
			case 2:
				im.Public = true
			}
			g.imgs[region] = append(g.imgs[region], im.ID)
			e.Images = append(e.Images, im)
		}
	}
}

// otherAccount is one of the organisation's other accounts.
func otherAccount(g *gen) string {
	return pick(g, []string{"111122223333", "444455556666", "777788889999", "123412341234"})
}

// instances makes the account's EC2 instances, each in a subnet of one of
// its region's VPCs with one to three of that VPC's groups.
func (g *gen) instances() {
	e := &g.inv.EC2
	for ri, n := range g.spread(g.sz.Instances) {
		region := g.regions[ri]
		vs := g.vpcs[region]
		for range n {
			v := vs[0]
			if len(vs) > 1 && g.chance(0.9) {
				v = vs[1+g.rng.IntN(len(vs)-1)]
			}
			app, env := pick(g, apps), pick(g, envs)
			in := inventory.Instance{
				Resource: inventory.Resource{Region: region}, ID: g.id("i"),
				State:      []string{"running", "stopped", "terminated"}[g.weighted(85, 12, 3)],
				LaunchTime: g.ago(3 * 365 * day), VPCID: v.id, SubnetID: pick(g, v.subnets),
				MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled",
			}
			if imgs := g.imgs[region]; len(imgs) > 0 && g.chance(0.6) {
				in.ImageID = pick(g, imgs)
			} else {
				in.ImageID = g.id("ami") // a public or since-deregistered image
			}
			for range 1 + g.weighted(60, 30, 10) {
				in.SecurityGroupIDs = append(in.SecurityGroupIDs, pick(g, v.sgs))
			}
			slices.Sort(in.SecurityGroupIDs)
			in.SecurityGroupIDs = slices.Compact(in.SecurityGroupIDs)
			if in.State == "running" && g.chance(0.15) {
				in.PublicIP = fmt.Sprintf("%d.%d.%d.%d", pick(g, []int{3, 18, 34, 52, 54}), g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))
			}
			if len(g.ec2Roles) > 0 && g.chance(0.6) {
				in.InstanceProfileARN = "arn:aws:iam::" + AccountID + ":instance-profile/" + pick(g, g.ec2Roles)
			}
			if g.chance(0.35) {
				in.MetadataHTTPTokens = "optional"
			}
			if g.chance(0.03) {
				in.MetadataHTTPEndpoint = "disabled"
			}
			in.Tags = g.tags(fmt.Sprintf("%s-%s-%d", env, app, len(e.Instances)))
			in.Tags.Set("Environment", env)
			if g.chance(0.75) {
				in.Tags.Set("PatchGroup", env+"-"+pick(g, []string{"linux", "linux", "windows"}))
			}
			switch g.weighted(55, 25, 15, 5) {
			case 0:
				in.Tags.Set("LastPatched", g.ago(29*day).Format("2006-01-02"))
			case 1:
				in.Tags.Set("LastPatched", Now.Add(-31*day-time.Duration(g.rng.IntN(90))*day).Format(time.RFC3339))
			case 3:
				in.Tags.Set("LastPatched", g.ago(60*day).Format("02/01/2006"))
			}
			g.insts[region] = append(g.insts[region], in.ID)
			e.Instances = append(e.Instances, in)
		}
	}
}

// volumes makes the account's EBS volumes: as many root volumes as there
// are instances to hold them, then data volumes and detached leftovers.
func (g *gen) volumes() {
	e := &g.inv.EC2
	sizes := []int32{8, 8, 20, 30, 30, 50, 100, 200, 500, 1000}
	for ri, n := range g.spread(g.sz.Volumes) {
		region := g.regions[ri]
		insts := g.insts[region]
		for k := range n {
			v := inventory.Volume{
				Resource: inventory.Resource{Region: region}, ID: g.id("vol"),
				State: "available", SizeGiB: pick(g, sizes), CreateTime: g.ago(3 * 365 * day),
			}
			switch {
			case k < len(insts):
				v.InstanceIDs = []string{insts[k]}
			case len(insts) > 0 && g.chance(0.6):
				v.InstanceIDs = []string{pick(g, insts)}
			}
			if len(v.InstanceIDs) > 0 {
				v.State = "in-use"
			}
			if g.chance(0.75) {
				v.Encrypted = true
				if g.chance(0.4) {
					v.KMSKeyID = g.kmsKey(region)
				} else {
					v.KMSKeyID = "arn:aws:kms:" + region + ":" + AccountID + ":alias/aws/ebs"
				}
			}
			if g.chance(0.6) {
				v.Tags = g.tags(fmt.Sprintf("%s-data", pick(g, apps)))
			}
			g.vols[region] = append(g.vols[region], len(e.Volumes))
			e.Volumes = append(e.Volumes, v)
		}
	}
}

func (g *gen) kmsKey(region string) string {
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/%08x-%04x-4%03x-8%03x-%012x", region, AccountID,
		g.rng.Uint32(), g.rng.IntN(1<<16), g.rng.IntN(1<<12), g.rng.IntN(1<<12), g.rng.Uint64()>>16)
}

// snapshots makes EBS snapshots of the region's volumes: backups, mostly
// private, a few shared with other accounts and a handful public.
func (g *gen) snapshots() {
	e := &g.inv.EC2
	for ri, n := range g.spread(g.sz.Snapshots) {
		region := g.regions[ri]
		vols := g.vols[region]
		for range n {
			s := inventory.Snapshot{Resource: inventory.Resource{Region: region}, ID: g.id("snap"), StartTime: g.ago(2 * 365 * day)}
			if len(vols) > 0 {
				v := e.Volumes[pick(g, vols)]
				s.VolumeID, s.Encrypted, s.KMSKeyID = v.ID, v.Encrypted, v.KMSKeyID
			} else {
				s.VolumeID = "vol-ffffffff" // copied from elsewhere
			}
			switch g.weighted(96.5, 3, 0.5) {
			case 1:
				s.SharedWith = []string{otherAccount(g)}
			case 2:
				s.Public = true
			}
			s.Tags = inventory.TagsOf("CreatedBy", pick(g, []string{"dlm", "aws-backup", "manual"}))
			e.Snapshots = append(e.Snapshots, s)
		}
	}
}

func (g *gen) regionSettings() {
	for i, region := range g.regions {
		g.inv.EC2.RegionSettings = append(g.inv.EC2.RegionSettings, inventory.RegionSettings{
			Resource: inventory.Resource{Region: region}, EBSEncryptionByDefault: i < 3 || g.chance(0.4),
		})
	}
}
