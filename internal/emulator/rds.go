package emulator

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

const (
	rdsXMLNS   = "http://rds.amazonaws.com/doc/2014-10-31/"
	rdsVersion = "2014-10-31"
	// RDS's MaxRecords bounds, which it enforces rather than clamps.
	rdsMinRecords = 20
	rdsMaxRecords = 100
)

// rdsService speaks RDS's Query protocol: form parameters in, an XML
// document named after the action out, errors in the awsQuery
// ErrorResponse shape, lists as elements named after their member type
// (<DBInstance>, not <member>), pages by Marker.
type rdsService struct{ s *Server }

// rdsOps are the actions served and the parameters each accepts besides
// Action and Version.
var rdsOps = map[string][]string{
	"DescribeDBInstances":                 {"MaxRecords", "Marker"},
	"DescribeDBSnapshots":                 {"MaxRecords", "Marker", "SnapshotType"},
	"DescribeDBSnapshotAttributes":        {"DBSnapshotIdentifier"},
	"DescribeDBClusters":                  {"MaxRecords", "Marker"},
	"DescribeDBClusterSnapshots":          {"MaxRecords", "Marker", "SnapshotType"},
	"DescribeDBClusterSnapshotAttributes": {"DBClusterSnapshotIdentifier"},
}

func (rdsService) operation(r *request) (string, string) {
	op := r.Form.Get("Action")
	if _, ok := rdsOps[op]; !ok {
		return "", ""
	}
	return op, r.Form.Get("DBSnapshotIdentifier") + r.Form.Get("DBClusterSnapshotIdentifier")
}

func (rdsService) faultCodes() (string, string, string) {
	return "Throttling", "AccessDenied", "InternalFailure"
}

func (rdsService) writeError(w http.ResponseWriter, _ *request, status int, code, message string) {
	writeQueryError(w, rdsXMLNS, status, code, message)
}

// rdsResponse is the envelope of every RDS answer. Result is a struct
// whose XMLName names it <ActionResult>.
type rdsResponse struct {
	XMLName  xml.Name
	Xmlns    string `xml:"xmlns,attr"`
	Result   any
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

func writeRDS(w http.ResponseWriter, op string, result any) {
	writeXML(w, http.StatusOK, rdsResponse{XMLName: xml.Name{Local: op + "Response"}, Xmlns: rdsXMLNS, Result: result, Metadata: metadata()})
}

func (x rdsService) serve(w http.ResponseWriter, r *request) {
	// Query services answer credentials signed for a region the account
	// has not enabled with InvalidClientTokenId, which is not retried.
	if !x.s.regionEnabled(r.Region) {
		x.writeError(w, r, http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
		return
	}
	if v := r.Form.Get("Version"); v != rdsVersion {
		x.writeError(w, r, http.StatusBadRequest, "InvalidAction", fmt.Sprintf("Could not find operation %s for version %s", r.Op, v))
		return
	}
	for name := range r.Form {
		if name != "Action" && name != "Version" && !slices.Contains(rdsOps[r.Op], name) {
			x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("the emulator does not implement parameter %s of %s", name, r.Op))
			return
		}
	}
	switch r.Op {
	case "DescribeDBInstances":
		x.describeDBInstances(w, r)
	case "DescribeDBSnapshots":
		x.describeDBSnapshots(w, r)
	case "DescribeDBSnapshotAttributes":
		x.describeDBSnapshotAttributes(w, r)
	case "DescribeDBClusters":
		x.describeDBClusters(w, r)
	case "DescribeDBClusterSnapshots":
		x.describeDBClusterSnapshots(w, r)
	case "DescribeDBClusterSnapshotAttributes":
		x.describeDBClusterSnapshotAttributes(w, r)
	}
}

// rdsPage pages items by Marker within RDS's MaxRecords bounds.
// snapshotsOfType keeps the snapshots the request's SnapshotType asks
// for, as DescribeDBSnapshots and DescribeDBClusterSnapshots both filter.
func snapshotsOfType[T any](x rdsService, w http.ResponseWriter, r *request, snaps []T, automated func(T) bool) ([]T, bool) {
	var out []T
	for _, s := range snaps {
		switch r.Form.Get("SnapshotType") {
		case "":
			out = append(out, s)
		case "manual":
			if !automated(s) {
				out = append(out, s)
			}
		case "automated":
			if automated(s) {
				out = append(out, s)
			}
		case "shared", "public", "awsbackup":
			// The account description has none of these.
		default:
			x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("Invalid value for SnapshotType: %s", r.Form.Get("SnapshotType")))
			return nil, false
		}
	}
	return out, true
}

func rdsPage[T any](x rdsService, w http.ResponseWriter, r *request, items []T) ([]T, string, bool) {
	n := rdsMaxRecords
	if v := r.Form.Get("MaxRecords"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < rdsMinRecords || n > rdsMaxRecords {
			x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue",
				fmt.Sprintf("Invalid value %s for MaxRecords. Must be between %d and %d", v, rdsMinRecords, rdsMaxRecords))
			return nil, "", false
		}
	}
	out, next, err := page(x.s, items, r.Form.Get("Marker"), n)
	if err != nil {
		x.writeError(w, r, http.StatusBadRequest, "InvalidParameterValue", "Invalid marker: "+err.Error())
		return nil, "", false
	}
	return out, next, true
}

func rdsTags(t inventory.Tags) []tagXML {
	out := make([]tagXML, 0, len(t))
	for _, tag := range t {
		out = append(out, tagXML{Key: tag.Key, Value: tag.Value})
	}
	return out
}

type rdsSecurityGroupXML struct {
	ID     string `xml:"VpcSecurityGroupId"`
	Status string `xml:"Status"`
}

type rdsInstanceXML struct {
	ID                 string `xml:"DBInstanceIdentifier"`
	Class              string `xml:"DBInstanceClass"`
	Engine             string `xml:"Engine"`
	EngineVersion      string `xml:"EngineVersion"`
	Status             string `xml:"DBInstanceStatus"`
	ARN                string `xml:"DBInstanceArn"`
	ResourceID         string `xml:"DbiResourceId"`
	CreateTime         string `xml:"InstanceCreateTime"`
	StorageEncrypted   bool   `xml:"StorageEncrypted"`
	KMSKeyID           string `xml:"KmsKeyId,omitempty"`
	AutoMinorUpgrade   bool   `xml:"AutoMinorVersionUpgrade"`
	PubliclyAccessible bool   `xml:"PubliclyAccessible"`
	BackupRetention    int32  `xml:"BackupRetentionPeriod"`
	DeletionProtection bool   `xml:"DeletionProtection"`
	MultiAZ            bool   `xml:"MultiAZ"`
	ClusterID          string `xml:"DBClusterIdentifier,omitempty"`
	ReplicaOf          string `xml:"ReadReplicaSourceDBInstanceIdentifier,omitempty"`
	Endpoint           struct {
		Address string `xml:"Address"`
		Port    int    `xml:"Port"`
	} `xml:"Endpoint"`
	SecurityGroups []rdsSecurityGroupXML `xml:"VpcSecurityGroups>VpcSecurityGroupMembership"`
	SubnetGroup    *struct {
		Name   string `xml:"DBSubnetGroupName"`
		VpcID  string `xml:"VpcId"`
		Status string `xml:"SubnetGroupStatus"`
	} `xml:"DBSubnetGroup"`
	Tags []tagXML `xml:"TagList>Tag"`
}

// rdsEnginePorts are the engines' default ports, for endpoints.
var rdsEnginePorts = map[string]int{"postgres": 5432, "aurora-postgresql": 5432, "sqlserver-se": 1433, "sqlserver-ex": 1433,
	"sqlserver-ee": 1433, "sqlserver-web": 1433, "oracle-ee": 1521, "oracle-se2": 1521, "db2-se": 50000}

func (x rdsService) describeDBInstances(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.RDS.Instances, r.Region, func(d *inventory.DBInstance) string { return d.Region })
	items, next, ok := rdsPage(x, w, r, all)
	if !ok {
		return
	}
	type result struct {
		XMLName   xml.Name         `xml:"DescribeDBInstancesResult"`
		Instances []rdsInstanceXML `xml:"DBInstances>DBInstance"`
		Marker    string           `xml:"Marker,omitempty"`
	}
	out := result{Marker: next, Instances: []rdsInstanceXML{}}
	for _, d := range items {
		e := rdsInstanceXML{
			ID: d.ID, Class: d.Class, Engine: d.Engine, EngineVersion: d.EngineVersion, Status: d.Status, ARN: d.ARN,
			ResourceID: "db-" + strings.ToUpper(strings.ReplaceAll(d.ID, "-", "")), CreateTime: isoTime(d.CreateTime),
			StorageEncrypted: d.StorageEncrypted, KMSKeyID: d.KMSKeyID, AutoMinorUpgrade: d.AutoMinorVersionUpgrade,
			PubliclyAccessible: d.PubliclyAccessible, BackupRetention: d.BackupRetentionPeriod,
			DeletionProtection: d.DeletionProtection, MultiAZ: d.MultiAZ, ClusterID: d.ClusterID, ReplicaOf: d.ReplicaOf,
			Tags: rdsTags(d.Tags),
		}
		e.Endpoint.Address = fmt.Sprintf("%s.c0ffee000000.%s.rds.amazonaws.com", d.ID, d.Region)
		e.Endpoint.Port = 3306
		if p, ok := rdsEnginePorts[d.Engine]; ok {
			e.Endpoint.Port = p
		}
		for _, id := range d.SecurityGroupIDs {
			e.SecurityGroups = append(e.SecurityGroups, rdsSecurityGroupXML{ID: id, Status: "active"})
		}
		if d.VPCID != "" {
			e.SubnetGroup = &struct {
				Name   string `xml:"DBSubnetGroupName"`
				VpcID  string `xml:"VpcId"`
				Status string `xml:"SubnetGroupStatus"`
			}{Name: "default-" + d.VPCID, VpcID: d.VPCID, Status: "Complete"}
		}
		out.Instances = append(out.Instances, e)
	}
	writeRDS(w, r.Op, out)
}

// rdsSnapshot is a snapshot as DescribeDBSnapshots lists it: the account's
// manual snapshots, and the automated ones RDS takes daily of every
// instance that keeps backups. The latter stand for what a collector that
// forgets SnapshotType=manual would wrongly collect.
type rdsSnapshot struct {
	snap      *inventory.DBSnapshot
	automated bool
}

func (x rdsService) snapshots(region string) []rdsSnapshot {
	var out []rdsSnapshot
	for _, d := range inRegion(x.s.acct.RDS.Instances, region, func(d *inventory.DBInstance) string { return d.Region }) {
		// Aurora's automated backups are cluster snapshots, listed elsewhere.
		if d.BackupRetentionPeriod == 0 || d.ClusterID != "" {
			continue
		}
		id := "rds:" + d.ID + "-" + d.CreateTime.UTC().Format("2006-01-02-15-04")
		out = append(out, rdsSnapshot{automated: true, snap: &inventory.DBSnapshot{
			Resource: inventory.Resource{ARN: inventory.RDSARN(x.s.acct.Partition, region, x.s.acct.AccountID, "snapshot", id), Region: region},
			ID:       id, InstanceID: d.ID, Engine: d.Engine, CreateTime: d.CreateTime, Encrypted: d.StorageEncrypted, KMSKeyID: d.KMSKeyID,
		}})
	}
	for _, s := range inRegion(x.s.acct.RDS.Snapshots, region, func(s *inventory.DBSnapshot) string { return s.Region }) {
		out = append(out, rdsSnapshot{snap: s})
	}
	return out
}

func (x rdsService) describeDBSnapshots(w http.ResponseWriter, r *request) {
	all, ok := snapshotsOfType(x, w, r, x.snapshots(r.Region), func(s rdsSnapshot) bool { return s.automated })
	if !ok {
		return
	}
	items, next, ok := rdsPage(x, w, r, all)
	if !ok {
		return
	}
	type snapshot struct {
		ID         string   `xml:"DBSnapshotIdentifier"`
		InstanceID string   `xml:"DBInstanceIdentifier"`
		CreateTime string   `xml:"SnapshotCreateTime"`
		Engine     string   `xml:"Engine"`
		Status     string   `xml:"Status"`
		Type       string   `xml:"SnapshotType"`
		Encrypted  bool     `xml:"Encrypted"`
		KMSKeyID   string   `xml:"KmsKeyId,omitempty"`
		ARN        string   `xml:"DBSnapshotArn"`
		Tags       []tagXML `xml:"TagList>Tag"`
	}
	type result struct {
		XMLName   xml.Name   `xml:"DescribeDBSnapshotsResult"`
		Snapshots []snapshot `xml:"DBSnapshots>DBSnapshot"`
		Marker    string     `xml:"Marker,omitempty"`
	}
	out := result{Marker: next, Snapshots: []snapshot{}}
	for _, o := range items {
		s, typ := o.snap, "manual"
		if o.automated {
			typ = "automated"
		}
		out.Snapshots = append(out.Snapshots, snapshot{ID: s.ID, InstanceID: s.InstanceID, CreateTime: isoTime(s.CreateTime),
			Engine: s.Engine, Status: "available", Type: typ, Encrypted: s.Encrypted, KMSKeyID: s.KMSKeyID, ARN: s.ARN, Tags: rdsTags(s.Tags)})
	}
	writeRDS(w, r.Op, out)
}

// describeDBSnapshotAttributes answers with the restore attribute, the
// only one RDS has: "all" when the snapshot is public, and the accounts it
// is shared with.
func (x rdsService) describeDBSnapshotAttributes(w http.ResponseWriter, r *request) {
	id := r.Form.Get("DBSnapshotIdentifier")
	var snap *rdsSnapshot
	for _, s := range x.snapshots(r.Region) {
		if s.snap.ID == id {
			snap = &s
			break
		}
	}
	if snap == nil {
		x.writeError(w, r, http.StatusNotFound, "DBSnapshotNotFound", fmt.Sprintf("DBSnapshot %s not found.", id))
		return
	}
	values := []string{}
	if snap.snap.Public {
		values = append(values, "all")
	}
	values = append(values, snap.snap.SharedWith...)
	type attribute struct {
		Name   string   `xml:"AttributeName"`
		Values []string `xml:"AttributeValues>AttributeValue"`
	}
	type result struct {
		XMLName    xml.Name `xml:"DescribeDBSnapshotAttributesResult"`
		Attributes struct {
			ID         string      `xml:"DBSnapshotIdentifier"`
			Attributes []attribute `xml:"DBSnapshotAttributes>DBSnapshotAttribute"`
		} `xml:"DBSnapshotAttributesResult"`
	}
	var out result
	out.Attributes.ID = id
	out.Attributes.Attributes = []attribute{{Name: "restore", Values: values}}
	writeRDS(w, r.Op, out)
}
