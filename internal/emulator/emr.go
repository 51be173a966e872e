package emulator

import (
	"cmp"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// emrClusterPage is ListClusters' fixed page: the request names no size.
const emrClusterPage = 50

// emrService serves Amazon EMR (JSON 1.1, target ElasticMapReduce, signing
// name elasticmapreduce) from the account's clusters, security
// configurations and block public access settings: a region answers with
// its own.
type emrService struct{ s *Server }

func newEMR(s *Server) jsonService {
	x := emrService{s}
	return jsonService{
		s: s, target: "ElasticMapReduce", version: "1.1", internal: "InternalServerException",
		ops: map[string]jsonOp{
			"GetBlockPublicAccessConfiguration": {serve: x.getBlockPublicAccessConfiguration},
			"ListClusters":                      {serve: x.listClusters},
			"DescribeCluster":                   {serve: x.describeCluster, resource: "ClusterId"},
			"DescribeSecurityConfiguration":     {serve: x.describeSecurityConfiguration, resource: "Name"},
		},
	}
}

// getBlockPublicAccessConfiguration answers with the region's setting. A
// region the account description leaves out answers as AWS does for an
// account that never ran a cluster there before November 2019: blocked,
// with port 22 excepted.
func (x emrService) getBlockPublicAccessConfiguration(c *jsonCall) (any, *jsonError) {
	var in struct{}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	reg := inventory.EMRRegion{BlockPublicSecurityGroupRules: true, PermittedPorts: []inventory.PortRange{{From: 22, To: 22}}}
	if rs := inRegion(x.s.acct.EMR.Regions, c.Region, func(r *inventory.EMRRegion) string { return r.Region }); len(rs) > 0 {
		reg = *rs[0]
	}
	ranges := []map[string]int32{}
	for _, p := range reg.PermittedPorts {
		ranges = append(ranges, map[string]int32{"MinRange": p.From, "MaxRange": p.To})
	}
	return map[string]any{
		"BlockPublicAccessConfiguration": map[string]any{
			"BlockPublicSecurityGroupRules":          reg.BlockPublicSecurityGroupRules,
			"PermittedPublicSecurityGroupRuleRanges": ranges,
		},
		"BlockPublicAccessConfigurationMetadata": map[string]any{
			"CreationDateTime": jsonTime(x.s.acct.StartedAt.AddDate(-1, 0, 0)),
			"CreatedByArn":     "arn:aws:iam::" + x.s.acct.AccountID + ":root",
		},
	}, nil
}

// clusters returns the region's clusters newest first, ListClusters'
// order.
func (x emrService) clusters(region string) []*inventory.EMRCluster {
	cs := inRegion(x.s.acct.EMR.Clusters, region, func(c *inventory.EMRCluster) string { return c.Region })
	slices.SortFunc(cs, func(a, b *inventory.EMRCluster) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return cs
}

var emrClusterStates = []string{"STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING", "TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"}

func emrStatus(cl *inventory.EMRCluster) map[string]any {
	return map[string]any{
		"State":    cl.State,
		"Timeline": map[string]any{"CreationDateTime": jsonTime(cl.CreatedAt)},
	}
}

// listClusters filters by ClusterStates; without it EMR lists clusters of
// every state, terminated ones for two months.
func (x emrService) listClusters(c *jsonCall) (any, *jsonError) {
	var in struct {
		ClusterStates []string `json:"ClusterStates"`
		Marker        *string  `json:"Marker"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	for _, st := range in.ClusterStates {
		if !slices.Contains(emrClusterStates, st) {
			return nil, badRequest("ValidationException", "1 validation error detected: Value '%s' at 'clusterStates' failed to satisfy constraint: Member must satisfy enum value set: [%s]", st, strings.Join(emrClusterStates, ", "))
		}
	}
	var sel []*inventory.EMRCluster
	for _, cl := range x.clusters(c.Region) {
		if len(in.ClusterStates) == 0 || slices.Contains(in.ClusterStates, cl.State) {
			sel = append(sel, cl)
		}
	}
	page, next, err := jsonPage(c, sel, in.Marker, new(emrClusterPage), "InvalidRequestException")
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, cl := range page {
		out = append(out, map[string]any{
			"Id": cl.ID, "Name": cl.Name, "Status": emrStatus(cl), "ClusterArn": cl.ARN,
			"NormalizedInstanceHours": 0,
		})
	}
	return map[string]any{"Clusters": out, "Marker": optString(next)}, nil
}

func (x emrService) describeCluster(c *jsonCall) (any, *jsonError) {
	var in struct {
		ClusterID string `json:"ClusterId"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var cl *inventory.EMRCluster
	for _, cand := range x.clusters(c.Region) {
		if cand.ID == in.ClusterID {
			cl = cand
		}
	}
	if cl == nil {
		return nil, badRequest("InvalidRequestException", "Cluster id '%s' is not valid.", in.ClusterID)
	}
	ec2 := map[string]any{}
	if cl.SubnetID != "" {
		ec2["Ec2SubnetId"] = cl.SubnetID
		ec2["RequestedEc2SubnetIds"] = []string{cl.SubnetID}
	}
	if len(cl.MasterSecurityGroupIDs) > 0 {
		ec2["EmrManagedMasterSecurityGroup"] = cl.MasterSecurityGroupIDs[0]
		ec2["AdditionalMasterSecurityGroups"] = cl.MasterSecurityGroupIDs[1:]
	}
	ec2["IamInstanceProfile"] = "EMR_EC2_DefaultRole"
	tags := []map[string]string{}
	for _, tag := range cl.Tags {
		tags = append(tags, map[string]string{"Key": tag.Key, "Value": tag.Value})
	}
	out := map[string]any{
		"Id": cl.ID, "Name": cl.Name, "ClusterArn": cl.ARN, "Status": emrStatus(cl),
		"Ec2InstanceAttributes": ec2,
		"ReleaseLabel":          optString(cl.ReleaseLabel),
		"MasterPublicDnsName":   optString(cl.MasterPublicDNSName),
		"SecurityConfiguration": optString(cl.SecurityConfiguration),
		"ServiceRole":           "EMR_DefaultRole",
		"VisibleToAllUsers":     true,
		"TerminationProtected":  false,
		"AutoTerminate":         false,
		"Tags":                  tags,
	}
	return map[string]any{"Cluster": out}, nil
}

func (x emrService) describeSecurityConfiguration(c *jsonCall) (any, *jsonError) {
	var in struct {
		Name string `json:"Name"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	for _, sc := range inRegion(x.s.acct.EMR.SecurityConfigurations, c.Region, func(s *inventory.EMRSecurityConfiguration) string { return s.Region }) {
		if sc.Name == in.Name {
			return map[string]any{"Name": sc.Name, "SecurityConfiguration": sc.Document, "CreationDateTime": jsonTime(sc.CreatedAt)}, nil
		}
	}
	return nil, badRequest("InvalidRequestException", "Security configuration with name '%s' does not exist.", in.Name)
}
