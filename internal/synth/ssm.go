package synth

import (
	"fmt"
	"strings"
	"time"

	"github.com/srmscan/srmscan/inventory"
)

// ssmBaselines are the patch baselines the account's patch groups use.
var ssmBaselines = []string{"pb-0a1b2c3d4e5f60718", "pb-0f1e2d3c4b5a69788", "pb-0123456789abcdef0"}

// ssm makes what Systems Manager knows: most instances are managed (the
// AWS AMIs ship the agent, and fleets turn on Default Host Management),
// most managed instances report a patch state and most of those are
// compliant; a few agents have lost contact, a few nodes were never
// scanned. Documents are mostly private, some shared with partner
// accounts, a handful public; most regions still allow public sharing,
// AWS's default. It runs last, so the rest of the account is the same
// with or without it.
func (g *gen) ssm() {
	s := &g.inv.SSM
	for _, region := range g.regions {
		r := inventory.SSMRegion{Resource: inventory.Resource{Region: region}, DocumentPublicSharing: "Enable"}
		if g.chance(0.3) {
			r.DocumentPublicSharing = "Disable"
		}
		s.Regions = append(s.Regions, r)
	}
	for _, in := range g.inv.EC2.Instances {
		if !g.chance(0.85) {
			continue
		}
		m := inventory.ManagedInstance{Resource: inventory.Resource{Region: in.Region}, ID: in.ID, PingStatus: "Online",
			LastPingAt: g.ago(time.Hour), AgentVersion: pick(g, []string{"3.3.987.0", "3.3.859.0", "3.2.2303.0"}),
			PlatformType: "Linux", PlatformName: "Amazon Linux", PlatformVersion: "2023", ResourceType: "EC2Instance"}
		m.AgentLatest = m.AgentVersion == "3.3.987.0"
		if strings.HasSuffix(in.Tags.Get("PatchGroup"), "-windows") {
			m.PlatformType, m.PlatformName, m.PlatformVersion = "Windows", "Microsoft Windows Server 2022 Datacenter", "10.0.20348"
		}
		if in.State != "running" || g.chance(0.04) {
			m.PingStatus = "ConnectionLost"
			m.LastPingAt = g.ago(90 * day)
		}
		if g.chance(0.4) {
			m.AssociationStatus = "Success"
			if g.chance(0.08) {
				m.AssociationStatus = "Failed"
			}
		}
		if g.chance(0.92) {
			end := g.ago(45 * day)
			p := &inventory.PatchState{BaselineID: pick(g, ssmBaselines), PatchGroup: in.Tags.Get("PatchGroup"),
				Operation: pick(g, []string{"Install", "Install", "Scan"}), OperationStartTime: end.Add(-12 * time.Minute), OperationEndTime: end,
				Installed: int32(20 + g.rng.IntN(300)), NotApplicable: int32(g.rng.IntN(900))}
			switch g.weighted(75, 15, 5, 5) {
			case 1:
				p.Missing = int32(1 + g.rng.IntN(20))
				p.SecurityNonCompliant = p.Missing / 2
			case 2:
				p.Failed = int32(1 + g.rng.IntN(3))
			case 3:
				p.InstalledPendingReboot = int32(1 + g.rng.IntN(5))
			}
			m.Patch = p
		}
		s.ManagedInstances = append(s.ManagedInstances, m)
	}
	for ri, n := range g.spread(g.sz.Documents) {
		region := g.regions[ri]
		for range n {
			d := inventory.SSMDocument{Resource: inventory.Resource{Region: region},
				Name: fmt.Sprintf("%s-%s-%d", pick(g, envs), pick(g, []string{"Bootstrap", "Hardening", "Patch", "Backup", "Rotate"}), len(s.Documents))}
			d.DocumentType, d.DocumentFormat = pick(g, []string{"Command", "Command", "Automation", "Session"}), pick(g, []string{"JSON", "YAML"})
			switch r := g.rng.Float64(); {
			case r < 0.03:
				d.SharedWith = []string{"all"}
			case r < 0.13:
				d.SharedWith = []string{"111122223333", "444455556666"}
			}
			s.Documents = append(s.Documents, d)
		}
	}
}
