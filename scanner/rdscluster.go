package scanner

import (
	"cmp"
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/srmscan/srmscan/inventory"
)

// collectDBClusters lists the region's DB clusters: Aurora, Multi-AZ DB
// clusters, and the Neptune and DocumentDB clusters the same API lists.
func (s *scan) collectDBClusters(ctx context.Context, c *rds.Client, region string) {
	var out []inventory.DBCluster
	p := rds.NewDescribeDBClustersPaginator(c, &rds.DescribeDBClustersInput{MaxRecords: aws.Int32(rdsMaxRecords)})
	allPages(ctx, s, "rds", region, "DescribeDBClusters", p, func(page *rds.DescribeDBClustersOutput) {
		for _, d := range page.DBClusters {
			out = append(out, s.dbCluster(region, d))
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.RDS.Clusters = append(inv.RDS.Clusters, out...) })
}

func (s *scan) dbCluster(region string, d types.DBCluster) inventory.DBCluster {
	id := aws.ToString(d.DBClusterIdentifier)
	x := inventory.DBCluster{
		Resource: inventory.Resource{
			ARN:       cmp.Or(aws.ToString(d.DBClusterArn), inventory.RDSARN(s.partition(), region, s.account(), "cluster", id)),
			AccountID: s.account(),
			Region:    region,
		},
		ID:                        id,
		Engine:                    aws.ToString(d.Engine),
		EngineVersion:             aws.ToString(d.EngineVersion),
		EngineMode:                aws.ToString(d.EngineMode),
		Status:                    aws.ToString(d.Status),
		CreateTime:                utc(d.ClusterCreateTime),
		StorageEncrypted:          aws.ToBool(d.StorageEncrypted),
		KMSKeyID:                  aws.ToString(d.KmsKeyId),
		BackupRetentionPeriod:     aws.ToInt32(d.BackupRetentionPeriod),
		DeletionProtection:        aws.ToBool(d.DeletionProtection),
		IAMDatabaseAuthentication: aws.ToBool(d.IAMDatabaseAuthenticationEnabled),
		// Absent stays nil: older Aurora answers carry no cluster-level
		// setting, and false would read as "turned off".
		AutoMinorVersionUpgrade: d.AutoMinorVersionUpgrade,
		MultiAZ:                 aws.ToBool(d.MultiAZ),
		Tags:                    tagsOf(d.TagList, rdsTag),
	}
	for _, m := range d.DBClusterMembers {
		x.Members = append(x.Members, aws.ToString(m.DBInstanceIdentifier))
	}
	slices.Sort(x.Members)
	return x
}

// collectDBClusterSnapshots lists the account's manual cluster snapshots
// and reads each one's sharing in a job of its own. Automated ones are
// left out, as for DB snapshots: RDS cannot share them, they have their
// cluster's encryption (which rds-cluster-unencrypted judges), and the
// listing would repeat them for every day of every cluster's retention.
func (s *scan) collectDBClusterSnapshots(ctx context.Context, c *rds.Client, region string) {
	p := rds.NewDescribeDBClusterSnapshotsPaginator(c, &rds.DescribeDBClusterSnapshotsInput{
		SnapshotType: aws.String("manual"),
		MaxRecords:   aws.Int32(rdsMaxRecords),
	})
	allPages(ctx, s, "rds", region, "DescribeDBClusterSnapshots", p, func(page *rds.DescribeDBClusterSnapshotsOutput) {
		for _, sn := range page.DBClusterSnapshots {
			id := aws.ToString(sn.DBClusterSnapshotIdentifier)
			snap := inventory.DBClusterSnapshot{
				Resource: inventory.Resource{
					ARN:       cmp.Or(aws.ToString(sn.DBClusterSnapshotArn), inventory.RDSARN(s.partition(), region, s.account(), "cluster-snapshot", id)),
					AccountID: s.account(),
					Region:    region,
				},
				ID:         id,
				ClusterID:  aws.ToString(sn.DBClusterIdentifier),
				Engine:     aws.ToString(sn.Engine),
				CreateTime: utc(sn.SnapshotCreateTime),
				Encrypted:  aws.ToBool(sn.StorageEncrypted),
				KMSKeyID:   aws.ToString(sn.KmsKeyId),
				Tags:       tagsOf(sn.TagList, rdsTag),
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectDBClusterSnapshotSharing(ctx, c, snap) })
		}
	})
}

// collectDBClusterSnapshotSharing reads who may restore a cluster
// snapshot, as collectDBSnapshotSharing does for DB snapshots.
func (s *scan) collectDBClusterSnapshotSharing(ctx context.Context, c *rds.Client, snap inventory.DBClusterSnapshot) {
	out, err := c.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: aws.String(snap.ID)})
	if err != nil {
		s.fail("rds", snap.Region, "DescribeDBClusterSnapshotAttributes", snap.ARN, err)
	} else if res := out.DBClusterSnapshotAttributesResult; res != nil {
		snap.Public, snap.SharedWith = restoreSharing(res.DBClusterSnapshotAttributes, func(a types.DBClusterSnapshotAttribute) (*string, []string) {
			return a.AttributeName, a.AttributeValues
		})
	}
	s.add(func(inv *inventory.Inventory) { inv.RDS.ClusterSnapshots = append(inv.RDS.ClusterSnapshots, snap) })
}
