package emulator

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// eksMaxResults is ListClusters' and ListNodegroups' default and largest
// page.
const eksMaxResults = 100

// eksService speaks EKS's REST-JSON protocol: camelCase members, epoch
// second timestamps, cluster and node group names in the path.
type eksService struct{ s *Server }

func (eksService) operation(r *request) (string, string) {
	if r.Method != http.MethodGet {
		return "", ""
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if parts[0] != "clusters" {
		return "", ""
	}
	switch {
	case len(parts) == 1:
		return "ListClusters", ""
	case len(parts) == 2 && parts[1] != "":
		return "DescribeCluster", parts[1]
	case len(parts) == 3 && parts[2] == "node-groups":
		return "ListNodegroups", parts[1]
	case len(parts) == 4 && parts[2] == "node-groups" && parts[3] != "":
		// Fault rules name a node group by its name.
		return "DescribeNodegroup", parts[3]
	}
	return "", ""
}

func (eksService) faultCodes() (string, string, string) {
	return "ThrottlingException", "AccessDeniedException", "ServerException"
}

type eksError struct {
	Message string `json:"message"`
}

func (eksService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeRESTJSONError(w, status, code, eksError{Message: message})
}

func (x eksService) serve(w http.ResponseWriter, r *request) {
	if restJSONRegionDisabled(w, r, x.writeError) {
		return
	}
	allowed := []string{}
	if r.Op == "ListClusters" || r.Op == "ListNodegroups" {
		allowed = []string{"maxResults", "nextToken"}
	}
	if name := restUnknownQuery(r, allowed...); name != "" {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterException", fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
		return
	}
	clusters := inRegion(x.s.acct.EKS.Clusters, r.Region, func(c *inventory.EKSCluster) string { return c.Region })
	slices.SortFunc(clusters, func(a, b *inventory.EKSCluster) int { return cmp.Compare(a.Name, b.Name) })
	if r.Op == "ListClusters" {
		names := make([]string, 0, len(clusters))
		for _, c := range clusters {
			names = append(names, c.Name)
		}
		x.list(w, r, "clusters", names)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	i := slices.IndexFunc(clusters, func(c *inventory.EKSCluster) bool { return c.Name == parts[1] })
	if i < 0 {
		x.writeError(w, r, http.StatusNotFound, "ResourceNotFoundException", "No cluster found for name: "+parts[1]+".")
		return
	}
	c := clusters[i]
	var groups []*inventory.NodeGroup
	for j := range x.s.acct.EKS.NodeGroups {
		if g := &x.s.acct.EKS.NodeGroups[j]; g.Region == r.Region && g.ClusterName == c.Name {
			groups = append(groups, g)
		}
	}
	slices.SortFunc(groups, func(a, b *inventory.NodeGroup) int { return cmp.Compare(a.Name, b.Name) })
	switch r.Op {
	case "DescribeCluster":
		writeRESTJSON(w, http.StatusOK, map[string]any{"cluster": x.cluster(c)})
	case "ListNodegroups":
		names := make([]string, 0, len(groups))
		for _, g := range groups {
			names = append(names, g.Name)
		}
		x.list(w, r, "nodegroups", names)
	case "DescribeNodegroup":
		j := slices.IndexFunc(groups, func(g *inventory.NodeGroup) bool { return g.Name == parts[3] })
		if j < 0 {
			x.writeError(w, r, http.StatusNotFound, "ResourceNotFoundException", "No node group found for name: "+parts[3]+".")
			return
		}
		writeRESTJSON(w, http.StatusOK, map[string]any{"nodegroup": x.nodeGroup(groups[j])})
	}
}

// list answers ListClusters and ListNodegroups, whose answers differ only
// in the list's member name.
func (x eksService) list(w http.ResponseWriter, r *request, member string, names []string) {
	n, err := restQueryInt(r, "maxResults", 1, eksMaxResults, eksMaxResults)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterException", err.Error())
		return
	}
	items, next, err := page(x.s, names, r.URL.Query().Get("nextToken"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterException", "The nextToken is invalid.")
		return
	}
	out := map[string]any{member: items}
	if next != "" {
		out["nextToken"] = next
	}
	writeRESTJSON(w, http.StatusOK, out)
}

// eksLogTypes are every control-plane log type, in the order EKS lists
// them.
var eksLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

func (x eksService) cluster(c *inventory.EKSCluster) map[string]any {
	type logSetup struct {
		Types   []string `json:"types"`
		Enabled bool     `json:"enabled"`
	}
	var on, off []string
	for _, t := range eksLogTypes {
		if slices.Contains(c.LogTypes, t) {
			on = append(on, t)
		} else {
			off = append(off, t)
		}
	}
	// EKS answers with one setup per state, as UpdateClusterConfig leaves
	// it.
	var logging []logSetup
	if len(on) > 0 {
		logging = append(logging, logSetup{on, true})
	}
	if len(off) > 0 {
		logging = append(logging, logSetup{off, false})
	}
	cidrs := c.PublicAccessCIDRs
	if c.EndpointPublicAccess && len(cidrs) == 0 {
		cidrs = []string{"0.0.0.0/0"}
	}
	out := map[string]any{
		"name":            c.Name,
		"arn":             c.ARN,
		"createdAt":       restEpochSeconds(c.CreatedAt),
		"version":         c.Version,
		"platformVersion": cmp.Or(c.PlatformVersion, "eks.1"),
		"status":          cmp.Or(c.Status, "ACTIVE"),
		"endpoint":        "https://" + strings.ToUpper(c.Name) + ".gr7." + c.Region + ".eks.amazonaws.com",
		"roleArn":         fmt.Sprintf("arn:%s:iam::%s:role/eks-cluster-role", x.s.acct.Partition, x.s.acct.AccountID),
		"resourcesVpcConfig": map[string]any{
			"subnetIds":             []string{"subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"},
			"securityGroupIds":      []string{},
			"vpcId":                 "vpc-0a1b2c3d4e5f60000",
			"endpointPublicAccess":  c.EndpointPublicAccess,
			"endpointPrivateAccess": c.EndpointPrivateAccess,
			"publicAccessCidrs":     cidrs,
		},
		"logging":              map[string]any{"clusterLogging": logging},
		"certificateAuthority": map[string]any{"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"},
		"tags":                 eksTags(c.Tags),
	}
	if c.SecretsKeyARN != "" {
		out["encryptionConfig"] = []map[string]any{{"resources": []string{"secrets"}, "provider": map[string]string{"keyArn": c.SecretsKeyARN}}}
	}
	return out
}

func (x eksService) nodeGroup(g *inventory.NodeGroup) map[string]any {
	issues := []map[string]any{}
	for _, code := range g.HealthIssues {
		issues = append(issues, map[string]any{"code": code, "message": "reported by the emulator", "resourceIds": []string{}})
	}
	return map[string]any{
		"nodegroupName":  g.Name,
		"nodegroupArn":   g.ARN,
		"clusterName":    g.ClusterName,
		"version":        g.Version,
		"releaseVersion": g.ReleaseVersion,
		"createdAt":      restEpochSeconds(g.CreatedAt),
		"modifiedAt":     restEpochSeconds(g.CreatedAt),
		"status":         cmp.Or(g.Status, "ACTIVE"),
		"capacityType":   "ON_DEMAND",
		"scalingConfig":  map[string]int{"minSize": 1, "maxSize": 3, "desiredSize": 2},
		"instanceTypes":  []string{"m6i.large"},
		"subnets":        []string{"subnet-0a1b2c3d4e5f60001"},
		"amiType":        g.AMIType,
		"nodeRole":       fmt.Sprintf("arn:%s:iam::%s:role/eks-node-role", x.s.acct.Partition, x.s.acct.AccountID),
		"health":         map[string]any{"issues": issues},
		"tags":           eksTags(g.Tags),
	}
}

// eksTags is a tag map as EKS writes it: an empty object when there are
// none.
func eksTags(t inventory.Tags) map[string]string {
	m := make(map[string]string, len(t))
	for _, tag := range t {
		m[tag.Key] = tag.Value
	}
	return m
}
