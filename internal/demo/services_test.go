package demo

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// TestServicesAreCoherent holds the RDS, EFS and security-service part of
// the story together: databases sit in the account's VPCs behind their
// groups, snapshots come from the account's databases, keys are in the
// resource's region, and every region says whether each security service
// is on there, as a scan would.
func TestServicesAreCoherent(t *testing.T) {
	acct := account(t)
	key := func(region, id string) string { return region + "/" + id }
	vpcs, groups := map[string]bool{}, map[string]string{}
	for _, v := range acct.EC2.VPCs {
		vpcs[key(v.Region, v.ID)] = true
	}
	for _, g := range acct.EC2.SecurityGroups {
		groups[key(g.Region, g.ID)] = g.VPCID
	}
	inRegion := func(what, keyARN, region string) {
		if keyARN != "" && !strings.HasPrefix(keyARN, "arn:aws:kms:"+region+":"+acct.AccountID+":key/") {
			t.Errorf("%s: KMS key %s is not one of the account's keys in %s", what, keyARN, region)
		}
	}
	instances := map[string]bool{}
	for _, d := range acct.RDS.Instances {
		instances[key(d.Region, d.ID)] = true
		if !slices.Contains(acct.Regions, d.Region) || !vpcs[key(d.Region, d.VPCID)] {
			t.Errorf("DB instance %s: VPC %s does not exist in %s", d.ID, d.VPCID, d.Region)
		}
		if len(d.SecurityGroupIDs) == 0 {
			t.Errorf("DB instance %s has no security group", d.ID)
		}
		for _, g := range d.SecurityGroupIDs {
			if groups[key(d.Region, g)] != d.VPCID {
				t.Errorf("DB instance %s: %s is not a group of %s", d.ID, g, d.VPCID)
			}
		}
		if d.StorageEncrypted != (d.KMSKeyID != "") {
			t.Errorf("DB instance %s: encrypted=%v with KMS key %q", d.ID, d.StorageEncrypted, d.KMSKeyID)
		}
		inRegion("DB instance "+d.ID, d.KMSKeyID, d.Region)
	}
	for _, d := range acct.RDS.Instances {
		// A cross-region replica names its source by ARN.
		src := d.ReplicaOf
		if src != "" && !slices.ContainsFunc(acct.RDS.Instances, func(o inventory.DBInstance) bool {
			return o.ARN == src || (o.Region == d.Region && o.ID == src)
		}) {
			t.Errorf("DB instance %s replicates %s, which is not one of the account's instances", d.ID, src)
		}
	}
	for _, s := range acct.RDS.Snapshots {
		if !instances[key(s.Region, s.InstanceID)] {
			t.Errorf("DB snapshot %s comes from %s, which does not exist in %s", s.ID, s.InstanceID, s.Region)
		}
		if s.Encrypted != (s.KMSKeyID != "") || (s.Encrypted && s.Public) {
			t.Errorf("DB snapshot %s: encrypted=%v, KMS key %q, public=%v (RDS cannot make an encrypted snapshot public)", s.ID, s.Encrypted, s.KMSKeyID, s.Public)
		}
		inRegion("DB snapshot "+s.ID, s.KMSKeyID, s.Region)
	}
	// A cluster lists exactly the instances that name it; its snapshots
	// come from it and, like DB snapshots, are public only unencrypted.
	clusters := map[string]bool{}
	for _, c := range acct.RDS.Clusters {
		clusters[key(c.Region, c.ID)] = true
		var members []string
		for _, d := range acct.RDS.Instances {
			if d.Region == c.Region && d.ClusterID == c.ID {
				members = append(members, d.ID)
				if d.StorageEncrypted != c.StorageEncrypted || d.KMSKeyID != c.KMSKeyID || d.Engine != c.Engine {
					t.Errorf("DB instance %s: encryption or engine differs from its cluster %s's", d.ID, c.ID)
				}
			}
		}
		if slices.Sort(members); !slices.Equal(members, c.Members) {
			t.Errorf("DB cluster %s lists members %v, but %v name it", c.ID, c.Members, members)
		}
		if c.StorageEncrypted != (c.KMSKeyID != "") {
			t.Errorf("DB cluster %s: encrypted=%v with KMS key %q", c.ID, c.StorageEncrypted, c.KMSKeyID)
		}
		inRegion("DB cluster "+c.ID, c.KMSKeyID, c.Region)
	}
	for _, d := range acct.RDS.Instances {
		if d.ClusterID != "" && !clusters[key(d.Region, d.ClusterID)] {
			t.Errorf("DB instance %s belongs to cluster %s, which does not exist in %s", d.ID, d.ClusterID, d.Region)
		}
	}
	for _, s := range acct.RDS.ClusterSnapshots {
		if !clusters[key(s.Region, s.ClusterID)] {
			t.Errorf("DB cluster snapshot %s comes from %s, which does not exist in %s", s.ID, s.ClusterID, s.Region)
		}
		if s.Encrypted != (s.KMSKeyID != "") || (s.Encrypted && s.Public) {
			t.Errorf("DB cluster snapshot %s: encrypted=%v, KMS key %q, public=%v", s.ID, s.Encrypted, s.KMSKeyID, s.Public)
		}
		inRegion("DB cluster snapshot "+s.ID, s.KMSKeyID, s.Region)
	}
	for _, f := range acct.EFS.FileSystems {
		if !slices.Contains(acct.Regions, f.Region) || f.Name != f.Tags.Get("Name") {
			t.Errorf("file system %s: region %s, name %q, Name tag %q", f.ID, f.Region, f.Name, f.Tags.Get("Name"))
		}
		inRegion("file system "+f.ID, f.KMSKeyID, f.Region)
	}
	entries := map[string][]string{}
	for _, g := range acct.GuardDuty.Regions {
		entries["guardduty"] = append(entries["guardduty"], g.Region)
	}
	for _, h := range acct.SecurityHub.Hubs {
		entries["securityhub"] = append(entries["securityhub"], h.Region)
	}
	for _, a := range acct.AccessAnalyzer.Regions {
		entries["access-analyzer"] = append(entries["access-analyzer"], a.Region)
	}
	for _, service := range []string{"guardduty", "securityhub", "access-analyzer"} {
		got := slices.Sorted(slices.Values(entries[service]))
		if want := slices.Sorted(slices.Values(acct.Regions)); !slices.Equal(got, want) {
			t.Errorf("%s has entries for %v, want one for each region %v", service, got, want)
		}
	}
}

// TestEMRIsCoherent holds the EMR part of the story together: each
// cluster's subnet and primary-node groups belong to one VPC of its
// region, the security configuration it names exists there, and every
// region says whether block public access is on, as a scan would.
func TestEMRIsCoherent(t *testing.T) {
	acct := account(t)
	key := func(region, id string) string { return region + "/" + id }
	groups, subnets, configs := map[string]string{}, map[string]string{}, map[string]bool{}
	for _, g := range acct.EC2.SecurityGroups {
		groups[key(g.Region, g.ID)] = g.VPCID
	}
	for _, a := range acct.EC2.NetworkACLs {
		for _, s := range a.SubnetIDs {
			subnets[key(a.Region, s)] = a.VPCID
		}
	}
	for _, sc := range acct.EMR.SecurityConfigurations {
		configs[key(sc.Region, sc.Name)] = true
		if !json.Valid([]byte(sc.Document)) {
			t.Errorf("security configuration %s is not JSON", sc.Name)
		}
	}
	for _, c := range acct.EMR.Clusters {
		vpc, ok := subnets[key(c.Region, c.SubnetID)]
		if !ok {
			t.Errorf("EMR cluster %s: subnet %s is not one of %s's", c.ID, c.SubnetID, c.Region)
		}
		if len(c.MasterSecurityGroupIDs) == 0 {
			t.Errorf("EMR cluster %s has no primary-node security group", c.ID)
		}
		for _, g := range c.MasterSecurityGroupIDs {
			if groups[key(c.Region, g)] != vpc {
				t.Errorf("EMR cluster %s: %s is not a group of its subnet's VPC %s", c.ID, g, vpc)
			}
		}
		if c.SecurityConfiguration != "" && !configs[key(c.Region, c.SecurityConfiguration)] {
			t.Errorf("EMR cluster %s: security configuration %s does not exist in %s", c.ID, c.SecurityConfiguration, c.Region)
		}
	}
	for _, r := range acct.Regions {
		if !slices.ContainsFunc(acct.EMR.Regions, func(x inventory.EMRRegion) bool { return x.Region == r }) {
			t.Errorf("EMR block public access is not given for %s", r)
		}
	}
}
