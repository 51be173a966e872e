package scanner

import (
	"cmp"
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/efs/types"
	"github.com/srmscan/srmscan/inventory"
)

// efsMaxItems is the most file systems EFS returns on a page, whatever a
// request asks for.
const efsMaxItems = 100

// collectEFS inventories one region's EFS file systems.
func (s *scan) collectEFS(ctx context.Context, region string) {
	var out []inventory.FileSystem
	p := efs.NewDescribeFileSystemsPaginator(s.clients.EFS(region), &efs.DescribeFileSystemsInput{MaxItems: aws.Int32(efsMaxItems)})
	allPages(ctx, s, "elasticfilesystem", region, "DescribeFileSystems", p, func(page *efs.DescribeFileSystemsOutput) {
		for _, f := range page.FileSystems {
			id := aws.ToString(f.FileSystemId)
			out = append(out, inventory.FileSystem{
				Resource: inventory.Resource{
					ARN:       cmp.Or(aws.ToString(f.FileSystemArn), inventory.FileSystemARN(s.partition(), region, s.account(), id)),
					AccountID: s.account(),
					Region:    region,
				},
				ID:             id,
				Name:           aws.ToString(f.Name),
				CreationTime:   utc(f.CreationTime),
				LifeCycleState: string(f.LifeCycleState),
				Encrypted:      aws.ToBool(f.Encrypted),
				KMSKeyID:       aws.ToString(f.KmsKeyId),
				Tags:           tagsOf(f.Tags, efsTag),
			})
		}
	})
	s.add(func(inv *inventory.Inventory) { inv.EFS.FileSystems = append(inv.EFS.FileSystems, out...) })
}

// efsTag is an EFS tag's key and value, for tagsOf.
func efsTag(t types.Tag) (key, value *string) { return t.Key, t.Value }
