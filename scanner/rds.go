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

// rdsMaxRecords is the largest page RDS's listings accept (20 to 100).
const rdsMaxRecords = 100

// collectRDS inventories one region's DB instances, DB clusters and their
// manual snapshots, each listing a job of its own.
func (s *scan) collectRDS(ctx context.Context, region string) {
	c := s.clients.RDS(region)
	s.spawn(ctx, func(ctx context.Context) { s.collectDBInstances(ctx, c, region) })
	s.spawn(ctx, func(ctx context.Context) { s.collectDBSnapshots(ctx, c, region) })
	s.spawn(ctx, func(ctx context.Context) { s.collectDBClusters(ctx, c, region) })
	s.spawn(ctx, func(ctx context.Context) { s.collectDBClusterSnapshots(ctx, c, region) })
}

func (s *scan) collectDBInstances(ctx context.Context, c *rds.Client, region string) {
	var out []inventory.DBInstance
	p := rds.NewDescribeDBInstancesPaginator(c, &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(rdsMaxRecords)})
	allPages(ctx, s, "rds", region, "DescribeDBInstances", p, func(page *rds.DescribeDBInstancesOutput) {
		for _, d := range page.DBInstances {
			out = append(out, s.dbInstance(region, d))
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.RDS.Instances = append(inv.RDS.Instances, out...) })
}

func (s *scan) dbInstance(region string, d types.DBInstance) inventory.DBInstance {
	id := aws.ToString(d.DBInstanceIdentifier)
	x := inventory.DBInstance{
		Resource: inventory.Resource{
			ARN:       cmp.Or(aws.ToString(d.DBInstanceArn), inventory.RDSARN(s.partition(), region, s.account(), "db", id)),
			AccountID: s.account(),
			Region:    region,
		},
		ID:                      id,
		Engine:                  aws.ToString(d.Engine),
		EngineVersion:           aws.ToString(d.EngineVersion),
		Class:                   aws.ToString(d.DBInstanceClass),
		Status:                  aws.ToString(d.DBInstanceStatus),
		CreateTime:              utc(d.InstanceCreateTime),
		ClusterID:               aws.ToString(d.DBClusterIdentifier),
		ReplicaOf:               aws.ToString(d.ReadReplicaSourceDBInstanceIdentifier),
		StorageEncrypted:        aws.ToBool(d.StorageEncrypted),
		KMSKeyID:                aws.ToString(d.KmsKeyId),
		AutoMinorVersionUpgrade: aws.ToBool(d.AutoMinorVersionUpgrade),
		PubliclyAccessible:      aws.ToBool(d.PubliclyAccessible),
		BackupRetentionPeriod:   aws.ToInt32(d.BackupRetentionPeriod),
		DeletionProtection:      aws.ToBool(d.DeletionProtection),
		MultiAZ:                 aws.ToBool(d.MultiAZ),
		Tags:                    tagsOf(d.TagList, rdsTag),
	}
	if d.DBSubnetGroup != nil {
		x.VPCID = aws.ToString(d.DBSubnetGroup.VpcId)
	}
	for _, g := range d.VpcSecurityGroups {
		x.SecurityGroupIDs = append(x.SecurityGroupIDs, aws.ToString(g.VpcSecurityGroupId))
	}
	slices.Sort(x.SecurityGroupIDs)
	return x
}

// collectDBSnapshots lists the account's manual snapshots and reads each
// one's sharing in a job of its own. Automated snapshots are left out:
// RDS cannot share them, and without the filter the listing would also
// repeat, for every instance, a snapshot a day of its retention period.
func (s *scan) collectDBSnapshots(ctx context.Context, c *rds.Client, region string) {
	p := rds.NewDescribeDBSnapshotsPaginator(c, &rds.DescribeDBSnapshotsInput{
		SnapshotType: aws.String("manual"),
		MaxRecords:   aws.Int32(rdsMaxRecords),
	})
	allPages(ctx, s, "rds", region, "DescribeDBSnapshots", p, func(page *rds.DescribeDBSnapshotsOutput) {
		for _, sn := range page.DBSnapshots {
			id := aws.ToString(sn.DBSnapshotIdentifier)
			snap := inventory.DBSnapshot{
				Resource: inventory.Resource{
					ARN:       cmp.Or(aws.ToString(sn.DBSnapshotArn), inventory.RDSARN(s.partition(), region, s.account(), "snapshot", id)),
					AccountID: s.account(),
					Region:    region,
				},
				ID:         id,
				InstanceID: aws.ToString(sn.DBInstanceIdentifier),
				Engine:     aws.ToString(sn.Engine),
				CreateTime: utc(sn.SnapshotCreateTime),
				Encrypted:  aws.ToBool(sn.Encrypted),
				KMSKeyID:   aws.ToString(sn.KmsKeyId),
				Tags:       tagsOf(sn.TagList, rdsTag),
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectDBSnapshotSharing(ctx, c, snap) })
		}
	})
}

// collectDBSnapshotSharing reads who may restore a snapshot. A snapshot
// whose sharing cannot be read is kept, with the failure naming it: its
// encryption is still known.
func (s *scan) collectDBSnapshotSharing(ctx context.Context, c *rds.Client, snap inventory.DBSnapshot) {
	out, err := c.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: aws.String(snap.ID)})
	if err != nil {
		s.fail("rds", snap.Region, "DescribeDBSnapshotAttributes", snap.ARN, err)
	} else if res := out.DBSnapshotAttributesResult; res != nil {
		snap.Public, snap.SharedWith = restoreSharing(res.DBSnapshotAttributes, func(a types.DBSnapshotAttribute) (*string, []string) {
			return a.AttributeName, a.AttributeValues
		})
	}
	s.add(func(inv *inventory.Inventory) { inv.RDS.Snapshots = append(inv.RDS.Snapshots, snap) })
}

// sortDatabases is sortInventory's part for RDS and EFS.
func sortDatabases(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.RDS.Instances, func(a, b inventory.DBInstance) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.RDS.Snapshots, func(a, b inventory.DBSnapshot) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.RDS.Clusters, func(a, b inventory.DBCluster) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.RDS.ClusterSnapshots, func(a, b inventory.DBClusterSnapshot) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.EFS.FileSystems, func(a, b inventory.FileSystem) int { return byARN(a.Resource, b.Resource) })
}

// rdsTag is an RDS tag's key and value, for tagsOf.
func rdsTag(t types.Tag) (key, value *string) { return t.Key, t.Value }

// restoreSharing reads who may restore an RDS snapshot, DB or cluster,
// from its "restore" attribute: "all" makes it public, any other value is
// an account it is shared with. "restore" is the only attribute RDS has;
// the name is checked for the day it gets another.
func restoreSharing[A any](attrs []A, get func(A) (name *string, values []string)) (public bool, with []string) {
	for _, a := range attrs {
		name, values := get(a)
		if aws.ToString(name) != "restore" {
			continue
		}
		for _, v := range values {
			if v == "all" {
				public = true
			} else {
				with = append(with, v)
			}
		}
	}
	slices.Sort(with)
	return public, with
}
