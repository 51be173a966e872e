package scanner

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/srmscan/srmscan/inventory"
)

// dynamoMaxTables is the largest page ListTables accepts.
const dynamoMaxTables = 100

// collectDynamoDB lists a region's tables and reads each in a job of its
// own.
func (s *scan) collectDynamoDB(ctx context.Context, region string) {
	c := s.clients.DynamoDB(region)
	p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{Limit: aws.Int32(dynamoMaxTables)})
	allPages(ctx, s, "dynamodb", region, "ListTables", p, func(page *dynamodb.ListTablesOutput) {
		for _, name := range page.TableNames {
			t := inventory.Table{
				Resource: inventory.Resource{ARN: inventory.TableARN(s.partition(), region, s.account(), name), AccountID: s.account(), Region: region},
				Name:     name,
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectTable(ctx, c, t) })
		}
	})
}

// collectTable reads a table's encryption, backups and tags. Each read
// that fails is recorded against the table and the others still made.
func (s *scan) collectTable(ctx context.Context, c *dynamodb.Client, t inventory.Table) {
	fail := func(op string, err error) { s.fail("dynamodb", t.Region, op, t.ARN, err) }
	name := aws.String(t.Name)

	if out, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: name}); err != nil {
		fail("DescribeTable", err)
	} else if d := out.Table; d != nil {
		t.Status = string(d.TableStatus)
		t.CreationDate = utc(d.CreationDateTime)
		t.DeletionProtection = aws.ToBool(d.DeletionProtectionEnabled)
		if sse := d.SSEDescription; sse != nil {
			t.SSEType = string(sse.SSEType)
			t.SSEStatus = string(sse.Status)
			t.KMSKeyARN = aws.ToString(sse.KMSMasterKeyArn)
		}
	}

	if out, err := c.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: name}); err != nil {
		fail("DescribeContinuousBackups", err)
	} else if cb := out.ContinuousBackupsDescription; cb != nil {
		if p := cb.PointInTimeRecoveryDescription; p != nil {
			t.PointInTimeRecovery = p.PointInTimeRecoveryStatus == types.PointInTimeRecoveryStatusEnabled
			t.RecoveryPeriodDays = aws.ToInt32(p.RecoveryPeriodInDays)
		}
	}

	if tags, err := tableTags(ctx, c, t.ARN); err != nil {
		fail("ListTagsOfResource", err)
	} else {
		t.Tags = tags
	}

	s.add(func(inv *inventory.Inventory) { inv.DynamoDB.Tables = append(inv.DynamoDB.Tables, t) })
}

// tableTags follows ListTagsOfResource to its end; the SDK has no
// paginator for it. A NextToken already followed means the listing would
// never end, which is malformed.
func tableTags(ctx context.Context, c *dynamodb.Client, arn string) (inventory.Tags, error) {
	var tags inventory.Tags
	seen := map[string]bool{}
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)}
	for {
		out, err := c.ListTagsOfResource(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, tag := range out.Tags {
			if tags == nil {
				tags = inventory.Tags{}
			}
			tags.Set(aws.ToString(tag.Key), aws.ToString(tag.Value))
		}
		next := aws.ToString(out.NextToken)
		if next == "" {
			return tags, nil
		}
		if seen[next] {
			return nil, &smithy.DeserializationError{Err: fmt.Errorf("NextToken %q was already followed", next)}
		}
		seen[next] = true
		in.NextToken = aws.String(next)
	}
}
