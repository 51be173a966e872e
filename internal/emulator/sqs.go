package emulator

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/inventory"
)

// sqsMaxResults is ListQueues' largest page.
const sqsMaxResults = 1000

// sqsService serves SQS (JSON 1.0 since 2023, target AmazonSQS) from the
// account's queues: a region answers with its own.
type sqsService struct{ s *Server }

func newSQS(s *Server) jsonService {
	x := sqsService{s}
	return jsonService{
		s: s, target: "AmazonSQS", version: "1.0",
		typePrefix: "com.amazonaws.sqs#", internal: "InternalError",
		ops: map[string]jsonOp{
			"ListQueues":         {serve: x.listQueues},
			"GetQueueAttributes": {serve: x.getQueueAttributes, resource: "QueueUrl"},
		},
	}
}

// queues returns the region's queues in name order, ListQueues' order.
func (x sqsService) queues(region string) []*inventory.Queue {
	qs := inRegion(x.s.acct.SQS.Queues, region, func(q *inventory.Queue) string { return q.Region })
	slices.SortFunc(qs, func(a, b *inventory.Queue) int { return cmp.Compare(a.Name, b.Name) })
	return qs
}

// listQueues answers as SQS does: without MaxResults it lists the first
// 1000 queues and no NextToken, so a collector that does not ask for
// pages silently misses the rest of a large region.
func (x sqsService) listQueues(c *jsonCall) (any, *jsonError) {
	var in struct {
		MaxResults *int    `json:"MaxResults"`
		NextToken  *string `json:"NextToken"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := jsonLimit(in.MaxResults, "maxResults", 1, sqsMaxResults); err != nil {
		return nil, err
	}
	var urls []string
	for _, q := range x.queues(c.Region) {
		urls = append(urls, q.URL)
	}
	if in.MaxResults == nil {
		if len(urls) > sqsMaxResults {
			urls = urls[:sqsMaxResults]
		}
		return map[string]any{"QueueUrls": orEmptyOf(urls)}, nil
	}
	page, next, err := jsonPage(c, urls, in.NextToken, in.MaxResults, "InvalidParameterValue")
	if err != nil {
		return nil, err
	}
	return map[string]any{"QueueUrls": orEmptyOf(page), "NextToken": optString(next)}, nil
}

// getQueueAttributes serves AttributeNames ["All"] only: a collector
// naming attributes one by one would miss those added later.
func (x sqsService) getQueueAttributes(c *jsonCall) (any, *jsonError) {
	var in struct {
		QueueURL       string   `json:"QueueUrl"`
		AttributeNames []string `json:"AttributeNames"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if !slices.Contains(in.AttributeNames, "All") {
		return nil, badRequest("InvalidAttributeName", "the emulator serves AttributeNames [All] only, not %v", in.AttributeNames)
	}
	// A queue URL names the account and queue in its path; the host is
	// whichever endpoint handed it out.
	var q *inventory.Queue
	for _, cand := range x.queues(c.Region) {
		if in.QueueURL == cand.URL || strings.HasSuffix(in.QueueURL, "/"+cand.AccountID+"/"+cand.Name) {
			q = cand
			break
		}
	}
	if q == nil {
		return nil, badRequest("QueueDoesNotExist", "The specified queue does not exist.")
	}
	attrs := map[string]string{
		"QueueArn":                      q.ARN,
		"ApproximateNumberOfMessages":   "0",
		"VisibilityTimeout":             "30",
		"MaximumMessageSize":            "262144",
		"MessageRetentionPeriod":        "345600",
		"DelaySeconds":                  "0",
		"ReceiveMessageWaitTimeSeconds": "0",
		"SqsManagedSseEnabled":          strconv.FormatBool(q.SQSManagedSSE),
	}
	if !q.CreatedAt.IsZero() {
		ts := strconv.FormatInt(q.CreatedAt.Unix(), 10)
		attrs["CreatedTimestamp"], attrs["LastModifiedTimestamp"] = ts, ts
	}
	if q.Policy != "" {
		attrs["Policy"] = q.Policy
	}
	if q.KMSKeyID != "" {
		attrs["KmsMasterKeyId"] = q.KMSKeyID
		attrs["KmsDataKeyReusePeriodSeconds"] = "300"
	}
	if q.FIFO {
		attrs["FifoQueue"] = "true"
		attrs["ContentBasedDeduplication"] = "false"
	}
	return map[string]any{"Attributes": attrs}, nil
}
