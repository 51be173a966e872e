package emulator

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/srmscan/srmscan/inventory"
)

const (
	elastiCacheXMLNS   = "http://elasticache.amazonaws.com/doc/2015-02-02/"
	elastiCacheVersion = "2015-02-02"
	// ElastiCache's MaxRecords bounds, which it enforces rather than
	// clamps.
	elastiCacheMinRecords = 20
	elastiCacheMaxRecords = 100
)

// elastiCacheService speaks ElastiCache's Query protocol: form parameters
// in, XML out, lists as elements named after their member type
// (<ReplicationGroup>, <ClusterId>) except where the model leaves the
// default <member> (UserGroupIds), pages by Marker.
type elastiCacheService struct{ s *Server }

// elastiCacheOps are the actions served and the parameters each accepts
// besides Action and Version.
var elastiCacheOps = map[string][]string{
	"DescribeReplicationGroups": {"MaxRecords", "Marker"},
	"DescribeCacheClusters":     {"MaxRecords", "Marker"},
}

var elastiCacheAPI = queryAPI{xmlns: elastiCacheXMLNS, version: elastiCacheVersion, ops: elastiCacheOps, badParameter: "InvalidParameterValue"}

func (elastiCacheService) operation(r *request) (string, string) {
	op := r.Form.Get("Action")
	if _, ok := elastiCacheOps[op]; !ok {
		return "", ""
	}
	return op, ""
}

func (elastiCacheService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalFailure"
}

func (elastiCacheService) writeError(w http.ResponseWriter, r *request, status int, code, message string) {
	elastiCacheAPI.writeError(w, r, status, code, message)
}

func (x elastiCacheService) serve(w http.ResponseWriter, r *request) {
	if !elastiCacheAPI.admit(x.s, w, r) {
		return
	}
	n := elastiCacheMaxRecords
	if v := r.Form.Get("MaxRecords"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < elastiCacheMinRecords || n > elastiCacheMaxRecords {
			x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("Invalid value %s for MaxRecords. Must be between %d and %d", v, elastiCacheMinRecords, elastiCacheMaxRecords))
			return
		}
	}
	var result any
	switch r.Op {
	case "DescribeReplicationGroups":
		result = x.describeReplicationGroups(w, r, n)
	case "DescribeCacheClusters":
		result = x.describeCacheClusters(w, r, n)
	}
	elastiCacheAPI.write(w, r.Op, result)
}

func pageOrError[T any](x elastiCacheService, w http.ResponseWriter, r *request, items []T, n int) ([]T, string, bool) {
	out, next, err := page(x.s, items, r.Form.Get("Marker"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "Invalid marker: "+err.Error())
		return nil, "", false
	}
	return out, next, true
}

type replicationGroupXML struct {
	ID                       string   `xml:"ReplicationGroupId"`
	Description              string   `xml:"Description"`
	Status                   string   `xml:"Status"`
	MemberClusters           []string `xml:"MemberClusters>ClusterId"`
	AutomaticFailover        string   `xml:"AutomaticFailover"`
	MultiAZ                  string   `xml:"MultiAZ"`
	SnapshotRetentionLimit   int32    `xml:"SnapshotRetentionLimit"`
	ClusterEnabled           bool     `xml:"ClusterEnabled"`
	CacheNodeType            string   `xml:"CacheNodeType,omitempty"`
	AuthTokenEnabled         bool     `xml:"AuthTokenEnabled"`
	TransitEncryptionEnabled bool     `xml:"TransitEncryptionEnabled"`
	TransitEncryptionMode    string   `xml:"TransitEncryptionMode,omitempty"`
	AtRestEncryptionEnabled  bool     `xml:"AtRestEncryptionEnabled"`
	KMSKeyID                 string   `xml:"KmsKeyId,omitempty"`
	ARN                      string   `xml:"ARN"`
	UserGroupIDs             []string `xml:"UserGroupIds>member"`
	CreateTime               string   `xml:"ReplicationGroupCreateTime,omitempty"`
	AutoMinorVersionUpgrade  bool     `xml:"AutoMinorVersionUpgrade"`
	Engine                   string   `xml:"Engine"`
}

func (x elastiCacheService) groups(region string) []*inventory.ReplicationGroup {
	gs := inRegion(x.s.acct.ElastiCache.ReplicationGroups, region, func(g *inventory.ReplicationGroup) string { return g.Region })
	slices.SortFunc(gs, func(a, b *inventory.ReplicationGroup) int { return cmp.Compare(a.ID, b.ID) })
	return gs
}

func (x elastiCacheService) describeReplicationGroups(w http.ResponseWriter, r *request, n int) any {
	items, next, ok := pageOrError(x, w, r, x.groups(r.Region), n)
	if !ok {
		return nil
	}
	type result struct {
		XMLName xml.Name              `xml:"DescribeReplicationGroupsResult"`
		Marker  string                `xml:"Marker,omitempty"`
		Groups  []replicationGroupXML `xml:"ReplicationGroups>ReplicationGroup"`
	}
	out := result{Marker: next, Groups: []replicationGroupXML{}}
	for _, g := range items {
		e := replicationGroupXML{
			ID: g.ID, Description: g.ID, Status: cmp.Or(g.Status, "available"), MemberClusters: g.MemberClusters,
			AutomaticFailover: cmp.Or(g.AutomaticFailover, "disabled"), MultiAZ: cmp.Or(g.MultiAZ, "disabled"),
			SnapshotRetentionLimit: g.SnapshotRetentionLimit, CacheNodeType: g.NodeType,
			AuthTokenEnabled: g.AuthTokenEnabled, TransitEncryptionEnabled: g.TransitEncryptionEnabled,
			TransitEncryptionMode: g.TransitEncryptionMode, AtRestEncryptionEnabled: g.AtRestEncryptionEnabled,
			KMSKeyID: g.KMSKeyID, ARN: g.ARN, UserGroupIDs: g.UserGroupIDs, AutoMinorVersionUpgrade: g.AutoMinorVersionUpgrade,
			Engine: g.Engine,
		}
		if !g.CreatedAt.IsZero() {
			e.CreateTime = isoTime(g.CreatedAt)
		}
		out.Groups = append(out.Groups, e)
	}
	return out
}

type cacheClusterXML struct {
	ID                       string `xml:"CacheClusterId"`
	ClientDownloadLandingURL string `xml:"ClientDownloadLandingPage"`
	CacheNodeType            string `xml:"CacheNodeType,omitempty"`
	Engine                   string `xml:"Engine"`
	EngineVersion            string `xml:"EngineVersion,omitempty"`
	Status                   string `xml:"CacheClusterStatus"`
	NumCacheNodes            int32  `xml:"NumCacheNodes"`
	CreateTime               string `xml:"CacheClusterCreateTime,omitempty"`
	AutoMinorVersionUpgrade  bool   `xml:"AutoMinorVersionUpgrade"`
	ReplicationGroupID       string `xml:"ReplicationGroupId,omitempty"`
	SnapshotRetentionLimit   int32  `xml:"SnapshotRetentionLimit"`
	AuthTokenEnabled         bool   `xml:"AuthTokenEnabled"`
	TransitEncryptionEnabled bool   `xml:"TransitEncryptionEnabled"`
	TransitEncryptionMode    string `xml:"TransitEncryptionMode,omitempty"`
	AtRestEncryptionEnabled  bool   `xml:"AtRestEncryptionEnabled"`
	ARN                      string `xml:"ARN"`
}

// clusters are the region's cache clusters as DescribeCacheClusters lists
// them: the account's clusters outside groups, and a cluster for each
// member of each replication group, carrying its group's settings and the
// engine version the group itself does not report.
func (x elastiCacheService) clusters(region string) []cacheClusterXML {
	var out []cacheClusterXML
	for _, g := range x.groups(region) {
		for _, id := range g.MemberClusters {
			c := cacheClusterXML{
				ID: id, CacheNodeType: g.NodeType, Engine: g.Engine, EngineVersion: g.EngineVersion,
				Status: "available", NumCacheNodes: 1, AutoMinorVersionUpgrade: g.AutoMinorVersionUpgrade,
				ReplicationGroupID: g.ID, SnapshotRetentionLimit: g.SnapshotRetentionLimit,
				AuthTokenEnabled: g.AuthTokenEnabled, TransitEncryptionEnabled: g.TransitEncryptionEnabled,
				TransitEncryptionMode: g.TransitEncryptionMode, AtRestEncryptionEnabled: g.AtRestEncryptionEnabled,
				ARN: inventory.ElastiCacheARN(x.s.acct.Partition, region, x.s.acct.AccountID, "cluster", id),
			}
			if !g.CreatedAt.IsZero() {
				c.CreateTime = isoTime(g.CreatedAt)
			}
			out = append(out, c)
		}
	}
	for _, cl := range inRegion(x.s.acct.ElastiCache.Clusters, region, func(c *inventory.CacheCluster) string { return c.Region }) {
		c := cacheClusterXML{
			ID: cl.ID, CacheNodeType: cl.NodeType, Engine: cl.Engine, EngineVersion: cl.EngineVersion,
			Status: cmp.Or(cl.Status, "available"), NumCacheNodes: max(cl.NumNodes, 1), AutoMinorVersionUpgrade: cl.AutoMinorVersionUpgrade,
			SnapshotRetentionLimit: cl.SnapshotRetentionLimit, AuthTokenEnabled: cl.AuthTokenEnabled,
			TransitEncryptionEnabled: cl.TransitEncryptionEnabled, TransitEncryptionMode: cl.TransitEncryptionMode,
			AtRestEncryptionEnabled: cl.AtRestEncryptionEnabled, ARN: cl.ARN,
		}
		if !cl.CreatedAt.IsZero() {
			c.CreateTime = isoTime(cl.CreatedAt)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b cacheClusterXML) int { return cmp.Compare(a.ID, b.ID) })
	for i := range out {
		out[i].ClientDownloadLandingURL = "https://console.aws.amazon.com/elasticache/home#client-download:"
	}
	return out
}

func (x elastiCacheService) describeCacheClusters(w http.ResponseWriter, r *request, n int) any {
	items, next, ok := pageOrError(x, w, r, x.clusters(r.Region), n)
	if !ok {
		return nil
	}
	type result struct {
		XMLName  xml.Name          `xml:"DescribeCacheClustersResult"`
		Marker   string            `xml:"Marker,omitempty"`
		Clusters []cacheClusterXML `xml:"CacheClusters>CacheCluster"`
	}
	return result{Marker: next, Clusters: append([]cacheClusterXML{}, items...)}
}
