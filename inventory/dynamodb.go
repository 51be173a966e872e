package inventory

import (
	"fmt"
	"time"
)

// DynamoDB holds the DynamoDB tables of every scanned region.
type DynamoDB struct {
	Tables []Table `json:"tables"`
}

// Table is a DynamoDB table. When DescribeTable failed, only its name and
// ARN are known.
type Table struct {
	Resource
	Name         string    `json:"name"`
	Status       string    `json:"status,omitempty"`
	CreationDate time.Time `json:"creation_date,omitzero"`
	// SSEType is "KMS" when the table is encrypted with a KMS key in the
	// account (AWS managed or customer managed, as KMSKeyARN's key says);
	// empty when DynamoDB uses its default AWS owned key, which the
	// account can neither see nor control.
	SSEType   string `json:"sse_type,omitempty"`
	SSEStatus string `json:"sse_status,omitempty"`
	KMSKeyARN string `json:"kms_key_arn,omitempty"`
	// PointInTimeRecovery is whether continuous backups let the table be
	// restored to any second of its recovery period.
	PointInTimeRecovery bool  `json:"point_in_time_recovery"`
	RecoveryPeriodDays  int32 `json:"recovery_period_days,omitempty"`
	DeletionProtection  bool  `json:"deletion_protection"`
	Tags                Tags  `json:"tags,omitempty"`
}

// TableARN builds a DynamoDB table's ARN.
func TableARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", orAWS(partition), region, account, name)
}
