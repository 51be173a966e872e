package scanner

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/srmscan/srmscan/inventory"
)

// The largest MaxResults each EC2 listing accepts, per the EC2 API
// Reference. The fewer the pages, the fewer calls count against EC2's
// per-account request rate. DescribeVolumes returns at most 500 whatever
// is asked; the flow log and image listings document no bound, and take
// EC2's usual 1000.
const (
	ec2MaxInstances      = 1000
	ec2MaxSecurityGroups = 1000
	ec2MaxNetworkACLs    = 1000
	ec2MaxVPCs           = 1000
	ec2MaxFlowLogs       = 1000
	ec2MaxVolumes        = 500
	ec2MaxSnapshots      = 1000
	ec2MaxImages         = 1000
)

// collectEC2 inventories one region's EC2, VPC and EBS resources. Each
// listing is a job of its own, and so is each snapshot's and image's
// sharing, so a region's calls run side by side under the scan's one
// concurrency bound. A listing that fails is recorded against the region
// and leaves the others untouched.
func (s *scan) collectEC2(ctx context.Context, region string) {
	c := s.clients.EC2(region)
	for _, collect := range []func(context.Context, *ec2.Client, string){
		s.collectInstances,
		s.collectSecurityGroups,
		s.collectNetworkACLs,
		s.collectVPCs,
		s.collectFlowLogs,
		s.collectVolumes,
		s.collectSnapshots,
		s.collectImages,
		s.collectRegionSettings,
	} {
		s.spawn(ctx, func(ctx context.Context) { collect(ctx, c, region) })
	}
}

// pager is what every SDK paginator offers.
type pager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*ec2.Options)) (O, error)
}

// eachPage hands every page of a listing to read. On a failed page it
// records the failure against the region and stops; what the earlier pages
// gave is kept, and the error marks the whole listing as incomplete.
func eachPage[O any](ctx context.Context, s *scan, region, op string, p pager[O], read func(O)) {
	seen := pageTokens{}
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			s.fail("ec2", region, op, "", err)
			return
		}
		read(out)
		if err := seen.check(out); err != nil {
			s.fail("ec2", region, op, "", err)
			return
		}
	}
}

func (s *scan) ec2Resource(region, arn string) inventory.Resource {
	return inventory.Resource{ARN: arn, AccountID: s.account(), Region: region}
}

func (s *scan) collectInstances(ctx context.Context, c *ec2.Client, region string) {
	var out []inventory.Instance
	p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(ec2MaxInstances)})
	eachPage(ctx, s, region, "DescribeInstances", p, func(page *ec2.DescribeInstancesOutput) {
		for _, r := range page.Reservations {
			for _, in := range r.Instances {
				// Terminated instances linger in the listing for about an
				// hour; they run nothing and hold no data.
				if in.State != nil && in.State.Name == types.InstanceStateNameTerminated {
					continue
				}
				out = append(out, s.instance(region, in))
			}
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EC2.Instances = append(inv.EC2.Instances, out...) })
}

func (s *scan) instance(region string, in types.Instance) inventory.Instance {
	id := aws.ToString(in.InstanceId)
	x := inventory.Instance{
		Resource:   s.ec2Resource(region, inventory.EC2ARN(s.partition(), region, s.account(), "instance", id)),
		ID:         id,
		ImageID:    aws.ToString(in.ImageId),
		LaunchTime: utc(in.LaunchTime),
		PublicIP:   aws.ToString(in.PublicIpAddress),
		VPCID:      aws.ToString(in.VpcId),
		SubnetID:   aws.ToString(in.SubnetId),
		Tags:       tagsOf(in.Tags, ec2Tag),
	}
	if in.State != nil {
		x.State = string(in.State.Name)
	}
	for _, g := range in.SecurityGroups {
		x.SecurityGroupIDs = append(x.SecurityGroupIDs, aws.ToString(g.GroupId))
	}
	slices.Sort(x.SecurityGroupIDs)
	if in.IamInstanceProfile != nil {
		x.InstanceProfileARN = aws.ToString(in.IamInstanceProfile.Arn)
	}
	if m := in.MetadataOptions; m != nil {
		x.MetadataHTTPTokens = string(m.HttpTokens)
		x.MetadataHTTPEndpoint = string(m.HttpEndpoint)
	}
	return x
}

func (s *scan) collectSecurityGroups(ctx context.Context, c *ec2.Client, region string) {
	var out []inventory.SecurityGroup
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(ec2MaxSecurityGroups)})
	eachPage(ctx, s, region, "DescribeSecurityGroups", p, func(page *ec2.DescribeSecurityGroupsOutput) {
		for _, g := range page.SecurityGroups {
			id := aws.ToString(g.GroupId)
			out = append(out, inventory.SecurityGroup{
				Resource:    s.ec2Resource(region, inventory.EC2ARN(s.partition(), region, s.account(), "security-group", id)),
				ID:          id,
				Name:        aws.ToString(g.GroupName),
				Description: aws.ToString(g.Description),
				VPCID:       aws.ToString(g.VpcId),
				Ingress:     sgRules(g.IpPermissions),
				Egress:      sgRules(g.IpPermissionsEgress),
				Tags:        tagsOf(g.Tags, ec2Tag),
			})
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EC2.SecurityGroups = append(inv.EC2.SecurityGroups, out...) })
}

// sgRules converts EC2's permissions, in an order of their own: EC2 gives
// them in none, and a snapshot should not change when only the order does.
// EC2 merges rules of one protocol and port range into one permission, so
// protocol and ports identify a rule.
func sgRules(perms []types.IpPermission) []inventory.Rule {
	if len(perms) == 0 {
		return nil
	}
	// Sized exactly: an account's rules are a large part of its inventory,
	// and append's doubling would leave up to half of each list unused.
	out := make([]inventory.Rule, 0, len(perms))
	for _, p := range perms {
		r := inventory.Rule{
			Protocol: aws.ToString(p.IpProtocol),
			FromPort: portOrNone(p.FromPort),
			ToPort:   portOrNone(p.ToPort),
		}
		r.IPv4Ranges = listOf(p.IpRanges, func(x types.IpRange) *string { return x.CidrIp })
		r.IPv6Ranges = listOf(p.Ipv6Ranges, func(x types.Ipv6Range) *string { return x.CidrIpv6 })
		r.GroupIDs = listOf(p.UserIdGroupPairs, func(x types.UserIdGroupPair) *string { return x.GroupId })
		r.PrefixListIDs = listOf(p.PrefixListIds, func(x types.PrefixListId) *string { return x.PrefixListId })
		slices.Sort(r.IPv4Ranges)
		slices.Sort(r.IPv6Ranges)
		slices.Sort(r.GroupIDs)
		slices.Sort(r.PrefixListIDs)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b inventory.Rule) int {
		return cmp.Or(cmp.Compare(a.Protocol, b.Protocol), cmp.Compare(a.FromPort, b.FromPort), cmp.Compare(a.ToPort, b.ToPort))
	})
	return out
}

// listOf is one string field of each SDK item, nil for none.
func listOf[T any](items []T, field func(T) *string) []string {
	if len(items) == 0 {
		return nil
	}
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = aws.ToString(field(x))
	}
	return out
}

func (s *scan) collectNetworkACLs(ctx context.Context, c *ec2.Client, region string) {
	var out []inventory.NetworkACL
	p := ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(ec2MaxNetworkACLs)})
	eachPage(ctx, s, region, "DescribeNetworkAcls", p, func(page *ec2.DescribeNetworkAclsOutput) {
		for _, a := range page.NetworkAcls {
			id := aws.ToString(a.NetworkAclId)
			acl := inventory.NetworkACL{
				Resource:  s.ec2Resource(region, inventory.EC2ARN(s.partition(), region, s.account(), "network-acl", id)),
				ID:        id,
				VPCID:     aws.ToString(a.VpcId),
				IsDefault: aws.ToBool(a.IsDefault),
				Tags:      tagsOf(a.Tags, ec2Tag),
			}
			for _, e := range a.Entries {
				entry := inventory.ACLEntry{
					RuleNumber: aws.ToInt32(e.RuleNumber),
					Egress:     aws.ToBool(e.Egress),
					Protocol:   aws.ToString(e.Protocol),
					Action:     string(e.RuleAction),
					CIDR:       aws.ToString(e.CidrBlock),
					IPv6CIDR:   aws.ToString(e.Ipv6CidrBlock),
				}
				if pr := e.PortRange; pr != nil {
					entry.FromPort, entry.ToPort = aws.ToInt32(pr.From), aws.ToInt32(pr.To)
				}
				acl.Entries = append(acl.Entries, entry)
			}
			// Inbound first, each direction in evaluation order.
			slices.SortFunc(acl.Entries, func(a, b inventory.ACLEntry) int {
				return cmp.Or(boolCompare(a.Egress, b.Egress), cmp.Compare(a.RuleNumber, b.RuleNumber))
			})
			for _, as := range a.Associations {
				acl.SubnetIDs = append(acl.SubnetIDs, aws.ToString(as.SubnetId))
			}
			slices.Sort(acl.SubnetIDs)
			out = append(out, acl)
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EC2.NetworkACLs = append(inv.EC2.NetworkACLs, out...) })
}

// portOrNone reads a rule's port. EC2 leaves the ports out of rules whose
// protocol has none (-1); the inventory says -1 for those.
func portOrNone(p *int32) int32 {
	if p == nil {
		return -1
	}
	return *p
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func (s *scan) collectVPCs(ctx context.Context, c *ec2.Client, region string) {
	var out []inventory.VPC
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(ec2MaxVPCs)})
	eachPage(ctx, s, region, "DescribeVpcs", p, func(page *ec2.DescribeVpcsOutput) {
		for _, v := range page.Vpcs {
			id := aws.ToString(v.VpcId)
			out = append(out, inventory.VPC{
				Resource:  s.ec2Resource(region, inventory.EC2ARN(s.partition(), region, s.account(), "vpc", id)),
				ID:        id,
				CIDR:      aws.ToString(v.CidrBlock),
				IsDefault: aws.ToBool(v.IsDefault),
				State:     string(v.State),
				Tags:      tagsOf(v.Tags, ec2Tag),
			})
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EC2.VPCs = append(inv.EC2.VPCs, out...) })
}

func (s *scan) collectFlowLogs(ctx context.Context, c *ec2.Client, region string) {
	var out []inventory.FlowLog
	p := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(ec2MaxFlowLogs)})
	eachPage(ctx, s, region, "DescribeFlowLogs", p, func(page *ec2.DescribeFlowLogsOutput) {
		for _, f := range page.FlowLogs {
			id := aws.ToString(f.FlowLogId)
			out = append(out, inventory.FlowLog{
				Resource:        s.ec2Resource(region, inventory.EC2ARN(s.partition(), region, s.account(), "vpc-flow-log", id)),
				ID:              id,
				ResourceID:      aws.ToString(f.ResourceId),
				TrafficType:     string(f.TrafficType),
				Status:          aws.ToString(f.FlowLogStatus),
				DestinationType: string(f.LogDestinationType),
			})
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EC2.FlowLogs = append(inv.EC2.FlowLogs, out...) })
}

func (s *scan) collectVolumes(ctx context.Context, c *ec2.Client, region string) {
	var out []inventory.Volume
	p := ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{MaxResults: aws.Int32(ec2MaxVolumes)})
	eachPage(ctx, s, region, "DescribeVolumes", p, func(page *ec2.DescribeVolumesOutput) {
		for _, v := range page.Volumes {
			id := aws.ToString(v.VolumeId)
			vol := inventory.Volume{
				Resource:   s.ec2Resource(region, inventory.EC2ARN(s.partition(), region, s.account(), "volume", id)),
				ID:         id,
				State:      string(v.State),
				SizeGiB:    aws.ToInt32(v.Size),
				Encrypted:  aws.ToBool(v.Encrypted),
				KMSKeyID:   aws.ToString(v.KmsKeyId),
				CreateTime: utc(v.CreateTime),
				Tags:       tagsOf(v.Tags, ec2Tag),
			}
			for _, a := range v.Attachments {
				vol.InstanceIDs = append(vol.InstanceIDs, aws.ToString(a.InstanceId))
			}
			slices.Sort(vol.InstanceIDs)
			out = append(out, vol)
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EC2.Volumes = append(inv.EC2.Volumes, out...) })
}

// collectSnapshots lists the account's own snapshots (without the owner
// filter EC2 adds every public snapshot in the region) and reads each
// one's sharing in a job of its own.
func (s *scan) collectSnapshots(ctx context.Context, c *ec2.Client, region string) {
	p := ec2.NewDescribeSnapshotsPaginator(c, &ec2.DescribeSnapshotsInput{
		OwnerIds:   []string{"self"},
		MaxResults: aws.Int32(ec2MaxSnapshots),
	})
	eachPage(ctx, s, region, "DescribeSnapshots", p, func(page *ec2.DescribeSnapshotsOutput) {
		for _, sn := range page.Snapshots {
			id := aws.ToString(sn.SnapshotId)
			snap := inventory.Snapshot{
				Resource:  s.ec2Resource(region, inventory.SnapshotARN(s.partition(), region, id)),
				ID:        id,
				VolumeID:  aws.ToString(sn.VolumeId),
				Encrypted: aws.ToBool(sn.Encrypted),
				KMSKeyID:  aws.ToString(sn.KmsKeyId),
				StartTime: utc(sn.StartTime),
				Tags:      tagsOf(sn.Tags, ec2Tag),
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectSnapshotSharing(ctx, c, snap) })
		}
	})
}

// collectSnapshotSharing reads who may create volumes from a snapshot. A
// snapshot whose sharing cannot be read is kept, with the failure naming
// it: its encryption is still known.
func (s *scan) collectSnapshotSharing(ctx context.Context, c *ec2.Client, snap inventory.Snapshot) {
	out, err := c.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{
		SnapshotId: aws.String(snap.ID),
		Attribute:  types.SnapshotAttributeNameCreateVolumePermission,
	})
	if err != nil {
		s.fail("ec2", snap.Region, "DescribeSnapshotAttribute", snap.ARN, err)
	} else {
		snap.Public, snap.SharedWith = sharing(out.CreateVolumePermissions, func(p types.CreateVolumePermission) (types.PermissionGroup, *string) {
			return p.Group, p.UserId
		})
	}
	s.add(func(inv *inventory.Inventory) { inv.EC2.Snapshots = append(inv.EC2.Snapshots, snap) })
}

// collectImages lists the account's own AMIs (without the owner filter
// EC2 lists every public image) and reads each one's sharing in a job of
// its own.
func (s *scan) collectImages(ctx context.Context, c *ec2.Client, region string) {
	p := ec2.NewDescribeImagesPaginator(c, &ec2.DescribeImagesInput{
		Owners:     []string{"self"},
		MaxResults: aws.Int32(ec2MaxImages),
	})
	eachPage(ctx, s, region, "DescribeImages", p, func(page *ec2.DescribeImagesOutput) {
		for _, im := range page.Images {
			id := aws.ToString(im.ImageId)
			img := inventory.Image{
				Resource: s.ec2Resource(region, inventory.ImageARN(s.partition(), region, id)),
				ID:       id,
				Name:     aws.ToString(im.Name),
				State:    string(im.State),
				Tags:     tagsOf(im.Tags, ec2Tag),
			}
			// EC2 gives an AMI's creation date as a string, always
			// ISO-8601; an unreadable one is left zero rather than guessed.
			if t, err := time.Parse(time.RFC3339, aws.ToString(im.CreationDate)); err == nil {
				img.CreationDate = t.UTC()
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectImageSharing(ctx, c, img) })
		}
	})
}

// collectImageSharing reads who may launch an AMI. An image whose sharing
// cannot be read is kept, with the failure naming it.
func (s *scan) collectImageSharing(ctx context.Context, c *ec2.Client, img inventory.Image) {
	out, err := c.DescribeImageAttribute(ctx, &ec2.DescribeImageAttributeInput{
		ImageId:   aws.String(img.ID),
		Attribute: types.ImageAttributeNameLaunchPermission,
	})
	if err != nil {
		s.fail("ec2", img.Region, "DescribeImageAttribute", img.ARN, err)
	} else {
		img.Public, img.SharedWith = sharing(out.LaunchPermissions, func(p types.LaunchPermission) (types.PermissionGroup, *string) {
			return p.Group, p.UserId
		})
	}
	s.add(func(inv *inventory.Inventory) { inv.EC2.Images = append(inv.EC2.Images, img) })
}

// sharing reads a snapshot's or image's permission list: public when the
// group "all" is granted, and the account IDs granted, sorted.
func sharing[P any](perms []P, get func(P) (types.PermissionGroup, *string)) (public bool, with []string) {
	for _, p := range perms {
		group, user := get(p)
		if group == types.PermissionGroupAll {
			public = true
		}
		if id := aws.ToString(user); id != "" {
			with = append(with, id)
		}
	}
	slices.Sort(with)
	return public, with
}

func (s *scan) collectRegionSettings(ctx context.Context, c *ec2.Client, region string) {
	out, err := c.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil {
		s.fail("ec2", region, "GetEbsEncryptionByDefault", "", err)
		return
	}
	rs := inventory.RegionSettings{
		Resource:               s.ec2Resource(region, inventory.RegionSettingsARN(s.partition(), region, s.account())),
		EBSEncryptionByDefault: aws.ToBool(out.EbsEncryptionByDefault),
	}
	s.add(func(inv *inventory.Inventory) { inv.EC2.RegionSettings = append(inv.EC2.RegionSettings, rs) })
}

// utc drops the location the SDK parsed a timestamp with, so equal instants
// compare equal.
func utc(t *time.Time) time.Time { return aws.ToTime(t).UTC() }

// ec2Tag is an EC2 tag's key and value, for tagsOf.
func ec2Tag(t types.Tag) (key, value *string) { return t.Key, t.Value }
