package scanner

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/srmscan/srmscan/inventory"
)

// sqsMaxResults is ListQueues' largest page. It must be set: without it
// SQS lists the first 1000 queues and hands out no token for the rest.
const sqsMaxResults = 1000

// collectSQS lists a region's queues and reads each in a job of its own.
func (s *scan) collectSQS(ctx context.Context, region string) {
	c := s.clients.SQS(region)
	p := sqs.NewListQueuesPaginator(c, &sqs.ListQueuesInput{MaxResults: aws.Int32(sqsMaxResults)})
	allPages(ctx, s, "sqs", region, "ListQueues", p, func(page *sqs.ListQueuesOutput) {
		for _, url := range page.QueueUrls {
			// A queue URL ends in the account and the queue's name.
			name := url[strings.LastIndex(url, "/")+1:]
			q := inventory.Queue{
				Resource: inventory.Resource{ARN: inventory.QueueARN(s.partition(), region, s.account(), name), AccountID: s.account(), Region: region},
				Name:     name,
				URL:      url,
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectQueue(ctx, c, q) })
		}
	})
}

// collectQueue reads every attribute of a queue at once: asking for "All"
// costs one call and keeps attributes SQS adds later within reach.
func (s *scan) collectQueue(ctx context.Context, c *sqs.Client, q inventory.Queue) {
	defer s.add(func(inv *inventory.Inventory) { inv.SQS.Queues = append(inv.SQS.Queues, q) })
	out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(q.URL), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	if err != nil {
		s.fail("sqs", q.Region, "GetQueueAttributes", q.ARN, err)
		return
	}
	a := out.Attributes
	if arn := a["QueueArn"]; arn != "" {
		q.ARN = arn
	}
	q.Policy = a["Policy"]
	q.SQSManagedSSE = a["SqsManagedSseEnabled"] == "true"
	q.KMSKeyID = a["KmsMasterKeyId"]
	q.FIFO = a["FifoQueue"] == "true"
	if sec, err := strconv.ParseInt(a["CreatedTimestamp"], 10, 64); err == nil {
		q.CreatedAt = time.Unix(sec, 0).UTC()
	}
}

// collectSNS lists a region's topics and reads each in a job of its own.
// ListTopics pages by a fixed 100 topics.
func (s *scan) collectSNS(ctx context.Context, region string) {
	c := s.clients.SNS(region)
	p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{})
	allPages(ctx, s, "sns", region, "ListTopics", p, func(page *sns.ListTopicsOutput) {
		for _, t := range page.Topics {
			arn := aws.ToString(t.TopicArn)
			topic := inventory.Topic{
				Resource: inventory.Resource{ARN: arn, AccountID: s.account(), Region: region},
				Name:     arn[strings.LastIndex(arn, ":")+1:],
			}
			s.spawn(ctx, func(ctx context.Context) { s.collectTopic(ctx, c, topic) })
		}
	})
}

func (s *scan) collectTopic(ctx context.Context, c *sns.Client, t inventory.Topic) {
	defer s.add(func(inv *inventory.Inventory) { inv.SNS.Topics = append(inv.SNS.Topics, t) })
	out, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(t.ARN)})
	if err != nil {
		s.fail("sns", t.Region, "GetTopicAttributes", t.ARN, err)
		return
	}
	a := out.Attributes
	t.DisplayName = a["DisplayName"]
	t.Policy = a["Policy"]
	t.KMSKeyID = a["KmsMasterKeyId"]
	t.FIFO = a["FifoTopic"] == "true"
}

// sortMessaging orders the SQS and SNS lists as sortInventory does the
// rest.
func sortMessaging(inv *inventory.Inventory, byARN func(a, b inventory.Resource) int) {
	slices.SortFunc(inv.SQS.Queues, func(a, b inventory.Queue) int { return byARN(a.Resource, b.Resource) })
	slices.SortFunc(inv.SNS.Topics, func(a, b inventory.Topic) int { return byARN(a.Resource, b.Resource) })
}
