package inventory

import (
	"fmt"
	"time"
)

// SQS holds the SQS queues of every scanned region.
type SQS struct {
	Queues []Queue `json:"queues"`
}

// Queue is an SQS queue. Its attributes come from GetQueueAttributes;
// when that failed only its name, URL and ARN are known.
type Queue struct {
	Resource
	Name string `json:"name"`
	URL  string `json:"url"`
	FIFO bool   `json:"fifo,omitempty"`
	// Policy is the queue's access policy as JSON, empty when it has none
	// (only the owning account may then use it).
	Policy string `json:"policy,omitempty"`
	// SQSManagedSSE is encryption with keys SQS owns (SSE-SQS); KMSKeyID
	// is set instead when a KMS key encrypts the queue (SSE-KMS). Neither
	// means messages are stored unencrypted.
	SQSManagedSSE bool      `json:"sqs_managed_sse"`
	KMSKeyID      string    `json:"kms_key_id,omitempty"`
	CreatedAt     time.Time `json:"created_at,omitzero"`
}

// SNS holds the SNS topics of every scanned region.
type SNS struct {
	Topics []Topic `json:"topics"`
}

// Topic is an SNS topic. Its attributes come from GetTopicAttributes;
// when that failed only its name and ARN are known.
type Topic struct {
	Resource
	Name        string `json:"name"`
	DisplayName string `json:"display_name,omitempty"`
	FIFO        bool   `json:"fifo,omitempty"`
	// Policy is the topic's access policy as JSON. SNS gives every topic
	// one, so empty means it was not read.
	Policy string `json:"policy,omitempty"`
	// KMSKeyID is the KMS key that encrypts messages at rest, empty when
	// the topic has none: SNS has no encryption of its own besides KMS.
	KMSKeyID string `json:"kms_key_id,omitempty"`
}

// QueueARN builds an SQS queue's ARN.
func QueueARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", orAWS(partition), region, account, name)
}

// QueueURL builds an SQS queue's URL as AWS gives it out. Requests may
// reach the queue by any endpoint; the URL names it.
func QueueURL(region, account, name string) string {
	return fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", region, account, name)
}

// TopicARN builds an SNS topic's ARN.
func TopicARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:sns:%s:%s:%s", orAWS(partition), region, account, name)
}

// normalizeMessaging fills the ARNs, URLs and accounts of SQS and SNS
// resources, as Normalize does for the others.
func (inv *Inventory) normalizeMessaging(fill func(r *Resource, arn string)) {
	p, acct := inv.Partition, inv.AccountID
	for i := range inv.SQS.Queues {
		x := &inv.SQS.Queues[i]
		fill(&x.Resource, QueueARN(p, x.Region, acct, x.Name))
		if x.URL == "" {
			x.URL = QueueURL(x.Region, x.AccountID, x.Name)
		}
	}
	for i := range inv.SNS.Topics {
		x := &inv.SNS.Topics[i]
		fill(&x.Resource, TopicARN(p, x.Region, acct, x.Name))
	}
}
