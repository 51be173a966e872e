package emulator

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

const (
	redshiftXMLNS   = "http://redshift.amazonaws.com/doc/2012-12-01/"
	redshiftVersion = "2012-12-01"
	// Redshift's MaxRecords bounds, which it enforces rather than clamps.
	redshiftMinRecords = 20
	redshiftMaxRecords = 100
)

// redshiftService speaks Redshift's Query protocol: form parameters in,
// XML out, lists as elements named after their member type (<Cluster>,
// <ClusterParameterGroup>, <Parameter>), pages by Marker.
type redshiftService struct{ s *Server }

// redshiftOps are the actions served and the parameters each accepts
// besides Action and Version.
var redshiftOps = map[string][]string{
	"DescribeClusters":          {"MaxRecords", "Marker"},
	"DescribeLoggingStatus":     {"ClusterIdentifier"},
	"DescribeClusterParameters": {"ParameterGroupName", "MaxRecords", "Marker"},
}

var redshiftAPI = queryAPI{xmlns: redshiftXMLNS, version: redshiftVersion, ops: redshiftOps, badParameter: "InvalidParameterValue"}

// operation names the resource a per-resource call is about, so a fault
// rule can deny one cluster's logging status or one group's parameters.
func (redshiftService) operation(r *request) (string, string) {
	op := r.Form.Get("Action")
	if _, ok := redshiftOps[op]; !ok {
		return "", ""
	}
	return op, r.Form.Get("ClusterIdentifier") + r.Form.Get("ParameterGroupName")
}

func (redshiftService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalFailure"
}

func (redshiftService) writeError(w http.ResponseWriter, r *request, status int, code, message string) {
	redshiftAPI.writeError(w, r, status, code, message)
}

func (x redshiftService) serve(w http.ResponseWriter, r *request) {
	if !redshiftAPI.admit(x.s, w, r) {
		return
	}
	n := redshiftMaxRecords
	if v := r.Form.Get("MaxRecords"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < redshiftMinRecords || n > redshiftMaxRecords {
			x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("MaxRecords must be between %d and %d", redshiftMinRecords, redshiftMaxRecords))
			return
		}
	}
	var result any
	switch r.Op {
	case "DescribeClusters":
		result = x.describeClusters(w, r, n)
	case "DescribeLoggingStatus":
		result = x.describeLoggingStatus(w, r)
	case "DescribeClusterParameters":
		result = x.describeClusterParameters(w, r, n)
	}
	redshiftAPI.write(w, r.Op, result)
}

func (x redshiftService) pageOrError(w http.ResponseWriter, r *request, n int, count int) (start, end int, next string, ok bool) {
	idx := make([]int, count)
	for i := range idx {
		idx[i] = i
	}
	out, next, err := page(x.s, idx, r.Form.Get("Marker"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "Invalid marker: "+err.Error())
		return 0, 0, "", false
	}
	if len(out) == 0 {
		return 0, 0, next, true
	}
	return out[0], out[len(out)-1] + 1, next, true
}

func (x redshiftService) clusters(region string) []*inventory.RedshiftCluster {
	cs := inRegion(x.s.acct.Redshift.Clusters, region, func(c *inventory.RedshiftCluster) string { return c.Region })
	slices.SortFunc(cs, func(a, b *inventory.RedshiftCluster) int { return cmp.Compare(a.ID, b.ID) })
	return cs
}

type redshiftParameterGroupStatusXML struct {
	Name        string `xml:"ParameterGroupName"`
	ApplyStatus string `xml:"ParameterApplyStatus"`
}

type redshiftClusterXML struct {
	ID                               string                            `xml:"ClusterIdentifier"`
	NodeType                         string                            `xml:"NodeType,omitempty"`
	Status                           string                            `xml:"ClusterStatus"`
	MasterUsername                   string                            `xml:"MasterUsername"`
	DBName                           string                            `xml:"DBName"`
	CreateTime                       string                            `xml:"ClusterCreateTime,omitempty"`
	AutomatedSnapshotRetentionPeriod int32                             `xml:"AutomatedSnapshotRetentionPeriod"`
	ParameterGroups                  []redshiftParameterGroupStatusXML `xml:"ClusterParameterGroups>ClusterParameterGroup"`
	Version                          string                            `xml:"ClusterVersion,omitempty"`
	AllowVersionUpgrade              bool                              `xml:"AllowVersionUpgrade"`
	NumberOfNodes                    int32                             `xml:"NumberOfNodes"`
	PubliclyAccessible               bool                              `xml:"PubliclyAccessible"`
	Encrypted                        bool                              `xml:"Encrypted"`
	KMSKeyID                         string                            `xml:"KmsKeyId,omitempty"`
	EnhancedVPCRouting               bool                              `xml:"EnhancedVpcRouting"`
	Tags                             []tagXML                          `xml:"Tags>Tag"`
}

func (x redshiftService) describeClusters(w http.ResponseWriter, r *request, n int) any {
	all := x.clusters(r.Region)
	start, end, next, ok := x.pageOrError(w, r, n, len(all))
	if !ok {
		return nil
	}
	type result struct {
		XMLName  xml.Name             `xml:"DescribeClustersResult"`
		Marker   string               `xml:"Marker,omitempty"`
		Clusters []redshiftClusterXML `xml:"Clusters>Cluster"`
	}
	out := result{Marker: next, Clusters: []redshiftClusterXML{}}
	for _, c := range all[start:end] {
		e := redshiftClusterXML{
			ID: c.ID, NodeType: c.NodeType, Status: cmp.Or(c.Status, "available"), MasterUsername: "awsuser", DBName: "dev",
			AutomatedSnapshotRetentionPeriod: c.AutomatedSnapshotRetentionPeriod, Version: c.Version,
			AllowVersionUpgrade: c.AllowVersionUpgrade, NumberOfNodes: 2, PubliclyAccessible: c.PubliclyAccessible,
			Encrypted: c.Encrypted, KMSKeyID: c.KMSKeyID, EnhancedVPCRouting: c.EnhancedVPCRouting, Tags: rdsTags(c.Tags),
		}
		for _, g := range c.ParameterGroups {
			e.ParameterGroups = append(e.ParameterGroups, redshiftParameterGroupStatusXML{Name: g, ApplyStatus: "in-sync"})
		}
		if !c.CreatedAt.IsZero() {
			e.CreateTime = isoTime(c.CreatedAt)
		}
		out.Clusters = append(out.Clusters, e)
	}
	return out
}

func (x redshiftService) describeLoggingStatus(w http.ResponseWriter, r *request) any {
	id := r.Form.Get("ClusterIdentifier")
	i := slices.IndexFunc(x.clusters(r.Region), func(c *inventory.RedshiftCluster) bool { return c.ID == id })
	if i < 0 {
		x.writeError(w, r, http.StatusNotFound, "ClusterNotFound", fmt.Sprintf("Cluster %s not found.", id))
		return nil
	}
	c := x.clusters(r.Region)[i]
	type result struct {
		XMLName        xml.Name `xml:"DescribeLoggingStatusResult"`
		LoggingEnabled bool     `xml:"LoggingEnabled"`
		BucketName     string   `xml:"BucketName,omitempty"`
		S3KeyPrefix    string   `xml:"S3KeyPrefix,omitempty"`
	}
	out := result{LoggingEnabled: c.LoggingEnabled}
	if c.LoggingEnabled {
		out.BucketName, out.S3KeyPrefix = "audit-logs-"+x.s.acct.AccountID, "redshift/"+c.ID+"/"
	}
	return out
}

// redshiftParameters are the names DescribeClusterParameters lists, in
// its order; require_ssl is the one the checks read.
var redshiftParameters = []string{
	"auto_analyze", "auto_mv", "datestyle", "enable_case_sensitive_identifier", "enable_user_activity_logging",
	"extra_float_digits", "max_concurrency_scaling_clusters", "max_cursor_result_set_size", "query_group",
	"require_ssl", "search_path", "statement_timeout", "use_fips_ssl", "wlm_json_configuration",
}

type redshiftParameterXML struct {
	Name          string `xml:"ParameterName"`
	Value         string `xml:"ParameterValue"`
	Source        string `xml:"Source"`
	DataType      string `xml:"DataType"`
	IsModifiable  bool   `xml:"IsModifiable"`
	ApplyType     string `xml:"ApplyType"`
	AllowedValues string `xml:"AllowedValues,omitempty"`
}

// describeClusterParameters serves a group the account lists, or one a
// cluster of the region names: a group the account does not list is a
// default group, whose require_ssl is false.
func (x redshiftService) describeClusterParameters(w http.ResponseWriter, r *request, n int) any {
	name := r.Form.Get("ParameterGroupName")
	var group *inventory.RedshiftParameterGroup
	for _, g := range inRegion(x.s.acct.Redshift.ParameterGroups, r.Region, func(g *inventory.RedshiftParameterGroup) string { return g.Region }) {
		if g.Name == name {
			group = g
		}
	}
	if group == nil {
		named := slices.ContainsFunc(x.clusters(r.Region), func(c *inventory.RedshiftCluster) bool { return slices.Contains(c.ParameterGroups, name) })
		if !named && !strings.HasPrefix(name, "default.") {
			x.writeError(w, r, http.StatusNotFound, "ClusterParameterGroupNotFound", fmt.Sprintf("Parameter group %s not found.", name))
			return nil
		}
		group = &inventory.RedshiftParameterGroup{Name: name}
	}
	start, end, next, ok := x.pageOrError(w, r, n, len(redshiftParameters))
	if !ok {
		return nil
	}
	type result struct {
		XMLName    xml.Name               `xml:"DescribeClusterParametersResult"`
		Marker     string                 `xml:"Marker,omitempty"`
		Parameters []redshiftParameterXML `xml:"Parameters>Parameter"`
	}
	out := result{Marker: next, Parameters: []redshiftParameterXML{}}
	for _, p := range redshiftParameters[start:end] {
		e := redshiftParameterXML{Name: p, Value: "default", Source: "engine-default", DataType: "string", IsModifiable: true, ApplyType: "static"}
		switch p {
		case "require_ssl", "use_fips_ssl", "enable_user_activity_logging", "auto_analyze", "auto_mv", "enable_case_sensitive_identifier":
			e.DataType, e.AllowedValues, e.Value = "boolean", "true,false", "false"
			if p == "auto_analyze" || p == "auto_mv" {
				e.Value = "true"
			}
			if p == "require_ssl" && group.RequireSSL {
				e.Value, e.Source = "true", "user"
			}
		}
		out.Parameters = append(out.Parameters, e)
	}
	return out
}
