package checks

import (
	"testing"

	"github.com/srmscan/srmscan/inventory"
)

// dynTable adds table name in us-east-1 after set has configured it.
func dynTable(name string, set func(t *inventory.Table)) func(inv *inventory.Inventory) {
	return func(inv *inventory.Inventory) {
		t := inventory.Table{Resource: inventory.Resource{Region: "us-east-1"}, Name: name, Status: "ACTIVE"}
		if set != nil {
			set(&t)
		}
		inv.DynamoDB.Tables = append(inv.DynamoDB.Tables, t)
	}
}

const ordersARN = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"

func TestDynamoPITR(t *testing.T) {
	runCases(t, dynamoPITR, []statusCase{
		{"on", dynTable("orders", func(t *inventory.Table) { t.PointInTimeRecovery, t.RecoveryPeriodDays = true, 35 }), map[string]Status{"table/orders": Pass}},
		{"off", dynTable("orders", nil), map[string]Status{"table/orders": Fail}},
		{"unreadable", both(dynTable("orders", nil), denied("dynamodb", "us-east-1", "DescribeContinuousBackups", ordersARN)), map[string]Status{"table/orders": Unknown}},
		{"listing denied", denied("dynamodb", "us-east-1", "ListTables", ""), map[string]Status{":dynamodb:us-east-1:111122223333:*": Unknown}},
	})
}

func TestDynamoSensitiveCMK(t *testing.T) {
	tagged := func(class, keyARN string) func(t *inventory.Table) {
		return func(t *inventory.Table) {
			t.Tags = inventory.TagsOf("DataClassification", class)
			if keyARN != "" {
				t.SSEType, t.SSEStatus, t.KMSKeyARN = "KMS", "ENABLED", keyARN
			}
		}
	}
	awsKey := key("aws-dynamodb", func(k *inventory.Key) { k.Manager, k.Aliases, k.Policy = "AWS", []string{"alias/aws/dynamodb"}, "" })
	awsARN := "arn:aws:kms:us-east-1:111122223333:key/aws-dynamodb"
	runCases(t, dynamoSensitiveCMK, []statusCase{
		{"not classified", dynTable("orders", nil), map[string]Status{"table/orders": Pass}},
		{"internal, AWS owned key", dynTable("orders", tagged("internal", "")), map[string]Status{"table/orders": Pass}},
		{"confidential, AWS owned key", dynTable("orders", tagged("Confidential", "")), map[string]Status{"table/orders": Fail}},
		{"restricted, AWS managed key", both(awsKey, dynTable("orders", tagged("restricted", awsARN))), map[string]Status{"table/orders": Fail}},
		{"sensitive, customer managed key", both(key("k1", nil), dynTable("orders", tagged("sensitive", k1ARN))), map[string]Status{"table/orders": Pass}},
		{"sensitive, another account's key", dynTable("orders", tagged("sensitive", "arn:aws:kms:us-east-1:444455556666:key/x")), map[string]Status{"table/orders": Pass}},
		{"sensitive, key's metadata unreadable", both(key("k1", func(k *inventory.Key) { *k = inventory.Key{Resource: k.Resource, ID: k.ID} }),
			dynTable("orders", tagged("sensitive", k1ARN)), denied("kms", "us-east-1", "DescribeKey", k1ARN)), map[string]Status{"table/orders": Unknown}},
		{"sensitive, key not found", dynTable("orders", tagged("sensitive", k1ARN)), map[string]Status{"table/orders": Unknown}},
		{"keys listing denied", both(dynTable("orders", tagged("sensitive", k1ARN)), denied("kms", "us-east-1", "ListKeys", "")),
			map[string]Status{"table/orders": Unknown, ":kms:us-east-1:111122223333:*": Unknown}},
		{"tags unreadable", both(dynTable("orders", nil), denied("dynamodb", "us-east-1", "ListTagsOfResource", ordersARN)), map[string]Status{"table/orders": Unknown}},
	})
	cfg := DefaultConfig()
	cfg.DataClassificationTag, cfg.SensitiveClassifications = "class", []string{"pii"}
	fs := Run(account(both(dynTable("a", func(t *inventory.Table) { t.Tags = inventory.TagsOf("class", "PII") }),
		dynTable("b", tagged("confidential", "")))), []Check{dynamoSensitiveCMK}, cfg)
	if len(fs) != 2 || fs[0].Status != Fail || fs[1].Status != Pass {
		t.Errorf("the classification tag and values come from the config: %+v", fs)
	}
}
