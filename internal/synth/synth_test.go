package synth

import (
	"bytes"
	"slices"
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// The benchmarks compare runs, so the same seed and sizes must give the
// same account byte for byte, and another seed another one.
func TestDeterministic(t *testing.T) {
	sz := Large().Scale(0.05)
	a, b, c := snapshot(t, Account(1, sz)), snapshot(t, Account(1, sz)), snapshot(t, Account(2, sz))
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave two different accounts")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same account")
	}
}

func snapshot(t *testing.T, inv *inventory.Inventory) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := inv.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The large account has exactly the counts issue 7 names, in 17 regions,
// and its snapshot reads back as a valid inventory.
func TestLargeSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the full account")
	}
	inv := Account(1, Large())
	e := &inv.EC2
	for what, got := range map[string][2]int{
		"regions":         {len(inv.Regions), 17},
		"security groups": {len(e.SecurityGroups), 10000},
		"instances":       {len(e.Instances), 5000},
		"volumes":         {len(e.Volumes), 5000},
		"buckets":         {len(inv.S3.Buckets), 1000},
		"users and roles": {len(inv.IAM.Users) + len(inv.IAM.Roles), 2000},
		"report rows":     {len(inv.IAM.CredentialReport), 1001},
		"ECS clusters":    {len(inv.ECS.Clusters), 200},
		"ECS services":    {len(inv.ECS.Services), 1200},
		"task defs":       {len(inv.ECS.TaskDefinitions), 4000},
		"ECS hosts":       {len(inv.ECS.ContainerInstances), 600},
	} {
		if got[0] != got[1] {
			t.Errorf("%s: %d, want %d", what, got[0], got[1])
		}
	}
	if _, err := inventory.Parse(snapshot(t, inv)); err != nil {
		t.Fatalf("the account is not a valid snapshot: %v", err)
	}
}

// Whatever refers to another resource names one that exists in the same
// region (VPC), so checks that join resources find their partners.
func TestCoherent(t *testing.T) {
	inv := Account(7, Large().Scale(0.1))
	e := &inv.EC2
	ids := map[string]string{} // resource ID -> region
	for _, v := range e.VPCs {
		ids[v.ID] = v.Region
	}
	for _, g := range e.SecurityGroups {
		ids[g.ID] = g.Region
	}
	for _, i := range e.Instances {
		ids[i.ID] = i.Region
	}
	for _, v := range e.Volumes {
		ids[v.ID] = v.Region
	}
	same := func(what, ref, region string) {
		t.Helper()
		if got, ok := ids[ref]; !ok || got != region {
			t.Errorf("%s refers to %s, which is not in %s", what, ref, region)
		}
	}
	for _, g := range e.SecurityGroups {
		same(g.ID, g.VPCID, g.Region)
		for _, r := range g.Ingress {
			for _, p := range r.GroupIDs {
				same(g.ID, p, g.Region)
			}
		}
	}
	for _, i := range e.Instances {
		same(i.ID, i.VPCID, i.Region)
		for _, g := range i.SecurityGroupIDs {
			same(i.ID, g, i.Region)
		}
	}
	for _, v := range e.Volumes {
		for _, i := range v.InstanceIDs {
			same(v.ID, i, v.Region)
		}
	}
	for _, s := range e.Snapshots {
		if s.VolumeID != "vol-ffffffff" {
			same(s.ID, s.VolumeID, s.Region)
		}
	}
	users := map[string]bool{}
	for _, u := range inv.IAM.Users {
		users[u.ARN] = true
	}
	for _, c := range inv.IAM.CredentialReport[1:] {
		if !users[c.ARN] {
			t.Errorf("credential report row %s names no user", c.ARN)
		}
	}
	policies := map[string]bool{}
	for _, p := range inv.IAM.Policies {
		policies[p.ARN] = true
	}
	for _, r := range inv.IAM.Roles {
		for _, p := range r.AttachedPolicies {
			if !policies[p.ARN] {
				t.Errorf("role %s has %s attached, which is not in the account", r.Name, p.ARN)
			}
		}
	}
	// ECS: services run in their region's clusters and an existing
	// revision; container instances are EC2-capacity clusters' hosts.
	clusters, revisions := map[string]bool{}, map[string]bool{}
	for _, c := range inv.ECS.Clusters {
		clusters[c.Region+"/"+c.Name] = len(c.CapacityProviders) > 0 && c.CapacityProviders[0] != "FARGATE"
	}
	for _, td := range inv.ECS.TaskDefinitions {
		revisions[td.ARN] = true
	}
	for _, s := range inv.ECS.Services {
		if _, ok := clusters[s.Region+"/"+s.Cluster]; !ok || !revisions[s.TaskDefinition] {
			t.Errorf("ECS service %s: cluster %s or task definition %q not in %s", s.Name, s.Cluster, s.TaskDefinition, s.Region)
		}
	}
	for _, ci := range inv.ECS.ContainerInstances {
		if !clusters[ci.Region+"/"+ci.Cluster] {
			t.Errorf("container instance %s is in %s, not an EC2-capacity cluster of %s", ci.ID, ci.Cluster, ci.Region)
		}
		same(ci.ID, ci.EC2InstanceID, ci.Region)
	}
	var arns []string
	for _, b := range inv.S3.Buckets {
		arns = append(arns, b.ARN)
	}
	for _, x := range e.SecurityGroups {
		arns = append(arns, x.ARN)
	}
	for _, x := range inv.ECS.TaskDefinitions {
		arns = append(arns, x.ARN)
	}
	for _, x := range inv.ECS.ContainerInstances {
		arns = append(arns, x.ARN)
	}
	n := len(arns)
	slices.Sort(arns)
	if len(slices.Compact(arns)) != n {
		t.Error("two resources share an ARN")
	}
}

func TestScaleKeepsEveryKind(t *testing.T) {
	sz := Large().Scale(0.0001)
	if sz.Regions != 17 || sz.SecurityGroups != 1 || sz.Buckets != 1 || sz.Users != 1 {
		t.Errorf("tiny scale = %+v", sz)
	}
	if n := Count(Account(1, sz)); n == 0 {
		t.Error("empty account")
	}
}
