package emulator

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

type rdsClusterMemberXML struct {
	ID              string `xml:"DBInstanceIdentifier"`
	IsWriter        bool   `xml:"IsClusterWriter"`
	ParameterStatus string `xml:"DBClusterParameterGroupStatus"`
	PromotionTier   int    `xml:"PromotionTier"`
}

type rdsClusterXML struct {
	ID                 string                `xml:"DBClusterIdentifier"`
	ARN                string                `xml:"DBClusterArn"`
	ResourceID         string                `xml:"DbClusterResourceId"`
	Engine             string                `xml:"Engine"`
	EngineVersion      string                `xml:"EngineVersion"`
	EngineMode         string                `xml:"EngineMode,omitempty"`
	Status             string                `xml:"Status"`
	CreateTime         string                `xml:"ClusterCreateTime"`
	Endpoint           string                `xml:"Endpoint"`
	ReaderEndpoint     string                `xml:"ReaderEndpoint"`
	Port               int                   `xml:"Port"`
	StorageEncrypted   bool                  `xml:"StorageEncrypted"`
	KMSKeyID           string                `xml:"KmsKeyId,omitempty"`
	BackupRetention    int32                 `xml:"BackupRetentionPeriod"`
	DeletionProtection bool                  `xml:"DeletionProtection"`
	IAMAuth            bool                  `xml:"IAMDatabaseAuthenticationEnabled"`
	AutoMinorUpgrade   *bool                 `xml:"AutoMinorVersionUpgrade,omitempty"`
	MultiAZ            bool                  `xml:"MultiAZ"`
	Members            []rdsClusterMemberXML `xml:"DBClusterMembers>DBClusterMember"`
	Tags               []tagXML              `xml:"TagList>Tag"`
}

// describeDBClusters lists the region's clusters. The first member is the
// writer, as RDS lists a cluster's members in no promised order but
// always marks one.
func (x rdsService) describeDBClusters(w http.ResponseWriter, r *request) {
	all := inRegion(x.s.acct.RDS.Clusters, r.Region, func(c *inventory.DBCluster) string { return c.Region })
	items, next, ok := rdsPage(x, w, r, all)
	if !ok {
		return
	}
	type result struct {
		XMLName  xml.Name        `xml:"DescribeDBClustersResult"`
		Clusters []rdsClusterXML `xml:"DBClusters>DBCluster"`
		Marker   string          `xml:"Marker,omitempty"`
	}
	out := result{Marker: next, Clusters: []rdsClusterXML{}}
	for _, c := range items {
		e := rdsClusterXML{
			ID: c.ID, ARN: c.ARN, ResourceID: "cluster-" + strings.ToUpper(strings.ReplaceAll(c.ID, "-", "")),
			Engine: c.Engine, EngineVersion: c.EngineVersion, EngineMode: c.EngineMode, Status: c.Status, CreateTime: isoTime(c.CreateTime),
			Endpoint:       fmt.Sprintf("%s.cluster-c0ffee000000.%s.rds.amazonaws.com", c.ID, c.Region),
			ReaderEndpoint: fmt.Sprintf("%s.cluster-ro-c0ffee000000.%s.rds.amazonaws.com", c.ID, c.Region),
			Port:           3306, StorageEncrypted: c.StorageEncrypted, KMSKeyID: c.KMSKeyID, BackupRetention: c.BackupRetentionPeriod,
			DeletionProtection: c.DeletionProtection, IAMAuth: c.IAMDatabaseAuthentication, AutoMinorUpgrade: c.AutoMinorVersionUpgrade,
			MultiAZ: c.MultiAZ, Tags: rdsTags(c.Tags),
		}
		if p, ok := rdsEnginePorts[c.Engine]; ok {
			e.Port = p
		}
		for i, id := range c.Members {
			e.Members = append(e.Members, rdsClusterMemberXML{ID: id, IsWriter: i == 0, ParameterStatus: "in-sync", PromotionTier: 1})
		}
		out.Clusters = append(out.Clusters, e)
	}
	writeRDS(w, r.Op, out)
}

// rdsClusterSnapshot is a cluster snapshot as DescribeDBClusterSnapshots
// lists it: the account's manual ones, and an automated one of every
// cluster, which stands for what a collector that forgets
// SnapshotType=manual would wrongly collect.
type rdsClusterSnapshot struct {
	snap      *inventory.DBClusterSnapshot
	automated bool
}

func (x rdsService) clusterSnapshots(region string) []rdsClusterSnapshot {
	var out []rdsClusterSnapshot
	for _, c := range inRegion(x.s.acct.RDS.Clusters, region, func(c *inventory.DBCluster) string { return c.Region }) {
		id := "rds:" + c.ID + "-" + c.CreateTime.UTC().Format("2006-01-02-15-04")
		out = append(out, rdsClusterSnapshot{automated: true, snap: &inventory.DBClusterSnapshot{
			Resource: inventory.Resource{ARN: inventory.RDSARN(x.s.acct.Partition, region, x.s.acct.AccountID, "cluster-snapshot", id), Region: region},
			ID:       id, ClusterID: c.ID, Engine: c.Engine, CreateTime: c.CreateTime, Encrypted: c.StorageEncrypted, KMSKeyID: c.KMSKeyID,
		}})
	}
	for _, s := range inRegion(x.s.acct.RDS.ClusterSnapshots, region, func(s *inventory.DBClusterSnapshot) string { return s.Region }) {
		out = append(out, rdsClusterSnapshot{snap: s})
	}
	return out
}

func (x rdsService) describeDBClusterSnapshots(w http.ResponseWriter, r *request) {
	all, ok := snapshotsOfType(x, w, r, x.clusterSnapshots(r.Region), func(s rdsClusterSnapshot) bool { return s.automated })
	if !ok {
		return
	}
	items, next, ok := rdsPage(x, w, r, all)
	if !ok {
		return
	}
	type snapshot struct {
		ID         string   `xml:"DBClusterSnapshotIdentifier"`
		ClusterID  string   `xml:"DBClusterIdentifier"`
		CreateTime string   `xml:"SnapshotCreateTime"`
		Engine     string   `xml:"Engine"`
		Status     string   `xml:"Status"`
		Type       string   `xml:"SnapshotType"`
		Encrypted  bool     `xml:"StorageEncrypted"`
		KMSKeyID   string   `xml:"KmsKeyId,omitempty"`
		ARN        string   `xml:"DBClusterSnapshotArn"`
		Tags       []tagXML `xml:"TagList>Tag"`
	}
	type result struct {
		XMLName   xml.Name   `xml:"DescribeDBClusterSnapshotsResult"`
		Snapshots []snapshot `xml:"DBClusterSnapshots>DBClusterSnapshot"`
		Marker    string     `xml:"Marker,omitempty"`
	}
	out := result{Marker: next, Snapshots: []snapshot{}}
	for _, o := range items {
		s, typ := o.snap, "manual"
		if o.automated {
			typ = "automated"
		}
		out.Snapshots = append(out.Snapshots, snapshot{ID: s.ID, ClusterID: s.ClusterID, CreateTime: isoTime(s.CreateTime),
			Engine: s.Engine, Status: "available", Type: typ, Encrypted: s.Encrypted, KMSKeyID: s.KMSKeyID, ARN: s.ARN, Tags: rdsTags(s.Tags)})
	}
	writeRDS(w, r.Op, out)
}

// describeDBClusterSnapshotAttributes answers with the restore attribute,
// as describeDBSnapshotAttributes does for DB snapshots.
func (x rdsService) describeDBClusterSnapshotAttributes(w http.ResponseWriter, r *request) {
	id := r.Form.Get("DBClusterSnapshotIdentifier")
	var snap *inventory.DBClusterSnapshot
	for _, s := range x.clusterSnapshots(r.Region) {
		if s.snap.ID == id {
			snap = s.snap
			break
		}
	}
	if snap == nil {
		x.writeError(w, r, http.StatusNotFound, "DBClusterSnapshotNotFoundFault", fmt.Sprintf("DBClusterSnapshot %s not found.", id))
		return
	}
	values := []string{}
	if snap.Public {
		values = append(values, "all")
	}
	values = append(values, snap.SharedWith...)
	type attribute struct {
		Name   string   `xml:"AttributeName"`
		Values []string `xml:"AttributeValues>AttributeValue"`
	}
	type result struct {
		XMLName    xml.Name `xml:"DescribeDBClusterSnapshotAttributesResult"`
		Attributes struct {
			ID         string      `xml:"DBClusterSnapshotIdentifier"`
			Attributes []attribute `xml:"DBClusterSnapshotAttributes>DBClusterSnapshotAttribute"`
		} `xml:"DBClusterSnapshotAttributesResult"`
	}
	var out result
	out.Attributes.ID = id
	out.Attributes.Attributes = []attribute{{Name: "restore", Values: values}}
	writeRDS(w, r.Op, out)
}
